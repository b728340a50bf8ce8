"""The three statements: income statement, cash-flow statement and balance sheet (docs/model.md section 8).

Each year, vectorised over samples: interest on the opening balances (cash earns,
the revolving facility and delayed-draw facilities cost), tax after interest with
losses carried forward, the year's flows, then draws on the facilities to keep
``min_cash`` (or repayments from cash above it). Everything else is computed on
whole arrays before and after that loop over years.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model import jit
from gigawatt.model.common import declared, full, ratio, running_product, running_total, year_change
from gigawatt.model.debt import Schedule, scheduled_debt
from gigawatt.model.links import financing_share, invested
from gigawatt.scenario.components.finance import Acquisition, DelayedDraw, Equity, VendorEquity, Warrant
from gigawatt.scenario.schema import Scenario


def taxes_after_losses(income: np.ndarray, rate: np.ndarray, losses: np.ndarray | float = 0.0) -> np.ndarray:
    """Tax on positive income after losses carried forward, USD per year.

    Each year ``tax = rate x max(0, income - losses)``; losses carried forward
    become ``max(0, losses - income)`` (a loss adds to them, a profit uses them up).

    Parameters
    ----------
    income
        Taxable income, USD per year, shape ``(n, Y)``.
    rate
        Tax rate (fraction), shape ``(n, Y)`` or ``(1, Y)``.
    losses
        Losses carried into the first year, USD, a number or shape ``(n, 1)``.
    """
    if not np.any(rate):
        return np.zeros(income.shape)
    if jit.enabled():
        taxes = np.empty(income.shape)
        taxes_kernel(np.broadcast_to(np.asarray(income, dtype=float), income.shape),
                     np.broadcast_to(np.asarray(rate, dtype=float), income.shape),
                     np.broadcast_to(np.asarray(losses, dtype=float).reshape(-1), (income.shape[0],)), taxes)
        return taxes
    # the numpy reference of taxes_kernel: year-major copies: the loop reads and writes each year's samples contiguously
    by_year = np.ascontiguousarray(income.T)
    rates = np.ascontiguousarray(np.asarray(rate).T)
    taxes = np.zeros(by_year.shape)
    carried = np.broadcast_to(np.asarray(losses, dtype=float).reshape(-1), (income.shape[0],)).copy()
    for t in range(income.shape[1]):  # the carry-forward runs over years, vectorised over samples
        taxes[t] = rates[t] * np.maximum(by_year[t] - carried, 0.0)
        carried = np.maximum(carried - by_year[t], 0.0)
    return np.ascontiguousarray(taxes.T)


@jit.kernel
def taxes_kernel(income: np.ndarray, rate: np.ndarray, losses: np.ndarray, taxes: np.ndarray) -> None:
    """:func:`taxes_after_losses` one sample at a time: ``income`` and ``rate`` ``(n, Y)`` (USD per year, a
    fraction), ``losses`` ``(n,)`` USD carried in; writes ``taxes`` ``(n, Y)``, USD per year. The reference's
    operations in its order (``np.maximum``'s NaN kept), so the same numbers."""
    n, years = income.shape
    for s in range(n):
        carried = losses[s]
        for t in range(years):
            taxable = income[s, t] - carried
            taxes[s, t] = rate[s, t] * (taxable if taxable >= 0.0 or taxable != taxable else 0.0)
            left = carried - income[s, t]
            carried = left if left >= 0.0 or left != left else 0.0


def period_weights(scenario: Scenario, years: int) -> np.ndarray:
    """Share of each year inside the horizon: ``first_year_fraction`` in the first, 1 after; shape ``(1, Y)``."""
    weights = np.ones((1, years))
    weights[0, 0] = scenario.finance.first_year_fraction
    return weights


def weighted(values: np.ndarray, w: np.ndarray, copy: bool = True) -> np.ndarray:
    """``values x w`` (``w`` from :func:`period_weights`: 1 after the first year), the same numbers: ``values`` (a
    copy unless ``copy`` is False: then it must not be written into) with its first column scaled, as a product by
    one is the number itself. A product by a ``(1, Y)`` row takes about three times a copy."""
    if values.ndim != 2 or w.shape != (1, values.shape[1]) or np.any(w[0, 1:] != 1.0):
        return values * w
    if w[0, 0] == 1.0:
        return np.array(values, dtype=float) if copy else values
    out = np.array(values, dtype=float)
    out[:, 0] *= w[0, 0]
    return out


def subtract_into(made: np.ndarray, other: np.ndarray) -> np.ndarray:
    """``made - other``, written into ``made`` (an array just made here) when the shapes allow."""
    if np.broadcast_shapes(made.shape, other.shape) == made.shape:
        return np.subtract(made, other, out=made)
    return made - other


def add_into(made: np.ndarray, other: np.ndarray) -> np.ndarray:
    """``made + other``, written into ``made`` (an array just made here) when the shapes allow."""
    if np.broadcast_shapes(made.shape, other.shape) == made.shape:
        return np.add(made, other, out=made)
    return made + other


def deployed(x: Inputs, item: VendorEquity | Warrant, per_gw: np.ndarray) -> np.ndarray:
    """``per_gw x`` the GW newly deployed each year from ``item.year`` on, capped in all at ``item.limit``. USD."""
    gw = x(item.deployed_gw)
    new = np.maximum(year_change(gw), 0.0) * (x.years >= item.year).astype(float).reshape(1, -1)
    total = running_total(per_gw * new)
    if item.limit is not None:
        total = np.minimum(total, x.scalar(item.limit))
    return year_change(total)


@dataclass
class Events:
    """Financing flows that do not depend on the year's cash, USD per year, each ``(n, Y)``."""

    equity: np.ndarray  # cash from equity rounds and vendor equity
    acquired_cash: np.ndarray  # price of acquisitions paid in cash
    acquired_shares: np.ndarray  # price of acquisitions paid in shares
    warrants: np.ndarray  # value of supplier warrants vesting (non-cash income)
    issued: list[tuple[np.ndarray, np.ndarray | None]]  # (value of shares issued, post-money valuation or None)
    amounts: dict[str, np.ndarray]  # cash in from each equity and vendor-equity item, by name


def events(scenario: Scenario, x: Inputs) -> Events:
    """Equity rounds, vendor equity, warrants and acquisitions, in the year each happens.

    In a network, an equity or vendor-equity item whose investor is another company brings in the share
    of it that the investor pays (``financing_share:<item>``)."""
    out = Events(x.zeros(), x.zeros(), x.zeros(), x.zeros(), [], {})
    for item in scenario.finance.financing:
        at = x.year_index(item.year)
        share = financing_share(x, item.name)
        if isinstance(item, Equity):
            amount = x.zeros()
            amount[:, at] = x.scalar(item.amount)[:, 0]
            if share is not None:
                amount = amount * share
            out.amounts[item.name] = amount
            out.equity += amount
            out.issued.append((amount, None if item.valuation_post is None else x.scalar(item.valuation_post)))
        elif isinstance(item, VendorEquity):
            amount = deployed(x, item, x(item.per_gw))
            if share is not None:
                amount = amount * share
            out.amounts[item.name] = amount
            out.equity += amount
            out.issued.append((amount, None if item.valuation_post is None else x.scalar(item.valuation_post)))
        elif isinstance(item, Warrant):
            out.warrants += deployed(x, item, x(item.value_per_gw))
        elif isinstance(item, Acquisition):
            price = x.zeros()
            price[:, at] = x.scalar(item.amount)[:, 0]
            in_shares = price * x(item.share_paid)
            out.acquired_cash += price - in_shares
            out.acquired_shares += in_shares
            if np.any(in_shares):
                out.issued.append((in_shares, None if item.valuation_post is None else x.scalar(item.valuation_post)))
    return out


def existing_holders_ownership(issued: list[tuple[np.ndarray, np.ndarray | None]]) -> np.ndarray | None:
    """Share of the company still held by its holders at the start: the product of ``1 - value / post-money``
    over every issue of shares so far. ``None`` when an issue has no valuation (dilution unknown)."""
    if not issued or any(post is None for _, post in issued):
        return None
    kept = np.ones_like(issued[0][0])
    for value, post in issued:
        assert post is not None
        kept = kept * (1.0 - ratio(value, post))
    return running_product(kept)


@dataclass
class LeaseBook:
    """Leases on the balance sheet (ASC 842 operating leases, the cost as paid), USD, each ``(n, Y)``."""

    liability: np.ndarray  # present value at year end of the lease payments committed after it
    opening: np.ndarray  # the same at the start of the first year, shape (n, 1)
    interest: np.ndarray  # the liability's interest in the year (inside the lease cost)


def lease_book(scenario: Scenario, x: Inputs, w: np.ndarray, payments: np.ndarray) -> LeaseBook | None:
    """The lease liability of the payments committed at each year end, or ``None`` off the balance sheet.

    With ``g_t = 1 + rate_t x w_t`` and ``D_t = g_0 ... g_t`` (a payment is made at the end of its year),
    the liability at the end of year t is ``sum over t < k <= t + N of payment_k x D_t / D_k`` (N: the
    committed years; every year after t when none), at the start ``sum over k < N of payment_k / D_k``.
    It accrues ``rate_t x w_t x`` its opening balance and falls by each payment; the payment of year
    ``t + N``, newly committed, adds to it. The right-of-use asset equals it: the lease cost stays the
    payment, so the asset is amortised by the payment less the interest.
    """
    spec = scenario.finance.leases
    if spec is None:
        return None
    n, years = x.shape
    growth = 1.0 + np.broadcast_to(x(spec.rate), x.shape) * w
    discount = np.cumprod(growth, axis=1)
    present = full(x, payments) / discount  # each payment in money of the start of the horizon
    from_year = np.concatenate([np.cumsum(present[:, ::-1], axis=1)[:, ::-1], np.zeros((n, 1))], axis=1)
    committed = years if spec.committed_years is None else spec.committed_years
    ends = np.minimum(np.arange(years) + 1 + committed, years)  # first payment beyond the committed ones
    liability = discount * (from_year[:, 1:] - from_year[:, ends])
    opening = (from_year[:, 0] - from_year[:, min(committed, years)]).reshape(-1, 1)
    before = np.concatenate([opening, liability[:, :-1]], axis=1)
    return LeaseBook(liability, opening, (growth - 1.0) * before)


@dataclass
class Settled:
    """What the year loop works out, USD per year, each ``(n, Y)``."""

    cash: np.ndarray
    revolver: np.ndarray
    facilities: np.ndarray  # delayed-draw balances
    interest_expense: np.ndarray
    interest_income: np.ndarray
    taxes: np.ndarray
    facility_flows: np.ndarray  # delayed-draw and revolver draws less repayments


def settle(scenario: Scenario, x: Inputs, w: np.ndarray, operating: np.ndarray, before_cash: np.ndarray,
           schedule: Schedule, opening_cash: np.ndarray) -> Settled:
    """The year loop: interest on opening balances, tax after interest, then the facilities keep ``min_cash``.

    ``operating`` is operating income plus non-cash gains (pre-tax income before interest);
    ``before_cash`` the year's cash flow before interest, tax and the facilities. The compiled
    :func:`settle_kernel` when kernels are on, else the numpy reference :func:`settle_numpy` (the same numbers).
    """
    if not jit.enabled():
        return settle_numpy(scenario, x, w, operating, before_cash, schedule, opening_cash)
    spec = scenario.finance
    n, years = x.shape
    shape = (n, years)

    def each(values: np.ndarray) -> np.ndarray:
        """``values`` as a read-only ``(n, Y)`` view (the kernel's one array type: no copy of a ``(1, Y)`` row)."""
        return np.broadcast_to(np.asarray(values, dtype=float), shape)

    def stacked(arrays: list[np.ndarray], tail: tuple[int, ...]) -> np.ndarray:
        """One value per facility stacked on a first axis, as a read-only ``(K,) + tail`` view."""
        if not arrays:
            return np.broadcast_to(np.zeros((1,) * (1 + len(tail))), (0, *tail))
        rows = max(np.shape(a)[0] for a in arrays)
        return np.broadcast_to(np.stack([np.broadcast_to(a, (rows, *tail[1:])) for a in arrays]), (len(arrays), *tail))

    facilities = [item for item in spec.financing if isinstance(item, DelayedDraw)]
    terms = np.broadcast_to(np.array(
        [[x.year_index(f.year) if f.year >= scenario.horizon.start else 0, f.tenor_years, f.availability_years]
         for f in facilities], dtype=np.int64).reshape(-1, 3), (len(facilities), 3))
    revolver = spec.revolver
    out = Settled(*(np.empty(shape) for _ in range(7)))
    settle_kernel(np.broadcast_to(np.asarray(w, dtype=float)[0], (years,)), each(operating), each(before_cash),
                  each(schedule.interest), each(x(spec.min_cash)), each(x(spec.cash_rate)), each(x(spec.tax_rate)),
                  each(x(None) if revolver is None else x(revolver.rate)), revolver is not None,
                  stacked([x.scalar(f.amount)[:, 0] for f in facilities], (n,)),
                  stacked([x(f.rate) for f in facilities], shape),
                  stacked([x(f.commitment_fee) for f in facilities], shape), terms,
                  np.broadcast_to(np.asarray(opening_cash, dtype=float)[:, 0], (n,)),
                  np.broadcast_to(x.scalar(spec.opening_tax_losses)[:, 0], (n,)),
                  out.cash, out.revolver, out.facilities, out.interest_expense, out.interest_income, out.taxes,
                  out.facility_flows)
    return out


@jit.kernel
def settle_kernel(w: np.ndarray, operating: np.ndarray, before_cash: np.ndarray, interest: np.ndarray,
                  min_cash: np.ndarray, cash_rate: np.ndarray, tax_rate: np.ndarray, revolver_rate: np.ndarray,
                  has_revolver: bool, limits: np.ndarray, rates: np.ndarray, fees: np.ndarray, terms: np.ndarray,
                  opening_cash: np.ndarray, opening_losses: np.ndarray, cash_out: np.ndarray,
                  revolver_out: np.ndarray, facilities_out: np.ndarray, expense_out: np.ndarray,
                  income_out: np.ndarray, taxes_out: np.ndarray, flows_out: np.ndarray) -> None:
    """:func:`settle_numpy`'s year loop, one sample at a time: USD (and USD per year) in, USD per year out.

    Per sample ``s`` and year ``t``, the same operations in the same order as the reference (so the same
    numbers, bit for bit): ``w`` ``(Y,)`` the year weights; ``operating``, ``before_cash``, ``interest``,
    ``min_cash``, ``cash_rate``, ``tax_rate``, ``revolver_rate`` ``(n, Y)``; per facility ``k``: ``limits``
    ``(K, n)``, ``rates`` and ``fees`` ``(K, n, Y)``, ``terms[k]`` = (year opened, tenor years, availability
    years); ``opening_cash`` and ``opening_losses`` ``(n,)``. Writes the seven ``(n, Y)`` outputs of
    :class:`Settled`. ``np.maximum``'s NaN is kept: ``a if a >= b or a != a else b``.
    """
    n, years = operating.shape
    facilities = terms.shape[0]
    drawn = np.zeros(facilities)
    balances = np.zeros(facilities)
    for s in range(n):
        cash = opening_cash[s]
        revolver = 0.0
        losses = opening_losses[s]
        drawn[:] = 0.0
        balances[:] = 0.0
        for t in range(years):
            flows = 0.0
            expense = interest[s, t]
            for k in range(facilities):
                if t == terms[k, 0] + terms[k, 1]:  # repaid at the start of its maturity year
                    flows -= balances[k]
                    balances[k] = 0.0
                expense += rates[k, s, t] * balances[k] * w[t]
                if terms[k, 0] <= t < terms[k, 0] + terms[k, 2]:
                    expense += fees[k, s, t] * (limits[k, s] - drawn[k]) * w[t]
            if has_revolver:
                expense += revolver_rate[s, t] * revolver * w[t]
            held = cash if cash >= 0.0 or cash != cash else 0.0
            income = cash_rate[s, t] * held * w[t]
            pre_tax = operating[s, t] + income - expense
            taxable = pre_tax - losses
            tax = tax_rate[s, t] * (taxable if taxable >= 0.0 or taxable != taxable else 0.0)
            left = losses - pre_tax
            losses = left if left >= 0.0 or left != left else 0.0
            cash = cash + before_cash[s, t] + income - expense - tax + flows
            short = min_cash[s, t] - cash
            short = short if short >= 0.0 or short != short else 0.0
            for k in range(facilities):
                if terms[k, 0] <= t < terms[k, 0] + terms[k, 2]:
                    room = limits[k, s] - drawn[k]
                    draw = short if short <= room or short != short else room
                    drawn[k] = drawn[k] + draw
                    balances[k] = balances[k] + draw
                    short = short - draw
                    flows += draw
                    cash = cash + draw
            if has_revolver:
                spare = cash - min_cash[s, t]
                spare = spare if spare >= 0.0 or spare != spare else 0.0
                repay = revolver if revolver <= spare or revolver != revolver else spare
                move = short - repay
                revolver = revolver + move
                flows += move
                cash = cash + move
            total = 0.0
            for k in range(facilities):
                total += balances[k]
            cash_out[s, t] = cash
            revolver_out[s, t] = revolver
            facilities_out[s, t] = total
            expense_out[s, t] = expense
            income_out[s, t] = income
            taxes_out[s, t] = tax
            flows_out[s, t] = flows


def settle_numpy(scenario: Scenario, x: Inputs, w: np.ndarray, operating: np.ndarray, before_cash: np.ndarray,
                 schedule: Schedule, opening_cash: np.ndarray) -> Settled:
    """The numpy reference of :func:`settle`: the year loop vectorised over samples."""
    spec = scenario.finance
    n, years = x.shape

    def by_year(values: np.ndarray) -> np.ndarray:
        """``values`` year by year, shape ``(Y, 1 or n)``: each year's samples contiguous, as the loop reads them."""
        return np.ascontiguousarray(np.asarray(values).T)

    min_cash = by_year(x(spec.min_cash))
    cash_rate = by_year(x(spec.cash_rate))
    tax_rate = by_year(x(spec.tax_rate))
    revolver_rate = None if spec.revolver is None else by_year(x(spec.revolver.rate))
    facilities = [item for item in spec.financing if isinstance(item, DelayedDraw)]
    limits = [np.broadcast_to(x.scalar(f.amount)[:, 0], (n,)) for f in facilities]
    rates = [by_year(x(f.rate)) for f in facilities]
    fees = [by_year(x(f.commitment_fee)) for f in facilities]
    opened = [x.year_index(f.year) if f.year >= scenario.horizon.start else 0 for f in facilities]
    drawn_total = [np.zeros(n) for _ in facilities]
    balances = [np.zeros(n) for _ in facilities]
    interest, operating_, before_cash_ = (by_year(np.broadcast_to(a, x.shape))
                                          for a in (schedule.interest, operating, before_cash))
    # the loop writes each year's samples: year-major buffers, turned to (n, Y) once at the end
    rows = Settled(*(np.zeros((years, n)) for _ in range(7)))
    cash = np.broadcast_to(opening_cash[:, 0], (n,)).astype(float).copy()
    revolver = np.zeros(n)
    losses = np.broadcast_to(x.scalar(spec.opening_tax_losses)[:, 0], (n,)).astype(float).copy()
    for t in range(years):  # balances carry from year to year; every step is vectorised over samples
        flows = np.zeros(n)
        expense = interest[t].copy()
        for k, facility in enumerate(facilities):
            if t == opened[k] + facility.tenor_years:  # repaid at the start of its maturity year
                flows -= balances[k]
                balances[k] = np.zeros(n)
            expense += rates[k][t] * balances[k] * w[0, t]
            if opened[k] <= t < opened[k] + facility.availability_years:
                expense += fees[k][t] * (limits[k] - drawn_total[k]) * w[0, t]
        if revolver_rate is not None:
            expense += revolver_rate[t] * revolver * w[0, t]
        income = cash_rate[t] * np.maximum(cash, 0.0) * w[0, t]
        pre_tax = operating_[t] + income - expense
        tax = tax_rate[t] * np.maximum(pre_tax - losses, 0.0)
        losses = np.maximum(losses - pre_tax, 0.0)
        cash = cash + before_cash_[t] + income - expense - tax + flows
        short = np.maximum(min_cash[t] - cash, 0.0)
        for k, facility in enumerate(facilities):
            if opened[k] <= t < opened[k] + facility.availability_years:
                draw = np.minimum(short, limits[k] - drawn_total[k])
                drawn_total[k] = drawn_total[k] + draw
                balances[k] = balances[k] + draw
                short = short - draw
                flows += draw
                cash = cash + draw
        if revolver_rate is not None:
            repay = np.minimum(revolver, np.maximum(cash - min_cash[t], 0.0))
            move = short - repay
            revolver = revolver + move
            flows += move
            cash = cash + move
        rows.cash[t] = cash
        rows.revolver[t] = revolver
        rows.facilities[t] = sum(balances, np.zeros(n))
        rows.interest_expense[t] = expense
        rows.interest_income[t] = income
        rows.taxes[t] = tax
        rows.facility_flows[t] = flows
    out = Settled(*(np.ascontiguousarray(getattr(rows, name).T) for name in Settled.__dataclass_fields__))
    return out


def finance(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """The income statement, cash-flow statement and balance sheet, USD per year (balances at year end).

    Flows in the first year are scaled by ``finance.first_year_fraction``; the blocks
    before this one give full-year rates. Every equation is in docs/model.md section 8.
    """
    spec = scenario.finance
    w = period_weights(scenario, len(x.years))
    # one split of the compute cost (running costs and depreciation) for the statements and the unit economics:
    # the served inference and resold GW are cost of revenue, training and idle GW research (docs/model.md 7-8)
    inference = weighted(s["serving_compute_cost"], w)
    training = weighted(s["research_compute_cost"], w)
    revenue = weighted(s["revenue_total"], w, copy=False)
    cost_of_revenue = weighted(s["cost_of_revenue"], w)
    gross_profit = revenue - cost_of_revenue
    research = add_into(weighted(s["staff_cost"], w), training)
    admin = weighted(s["general_admin"] + s["other_opex"], w, copy=False)  # a new array: not copied again
    depreciation = weighted(s["depreciation"], w, copy=False)
    stock = weighted(s["stock_compensation"], w, copy=False)
    capex = weighted(s["capex"], w, copy=False)
    # gross_profit - research - sales_marketing x w - admin - stock, in turn into one new array
    operating_income = np.subtract(gross_profit, research, out=np.empty(np.broadcast_shapes(gross_profit.shape,
                                                                                            research.shape)))
    operating_income = subtract_into(operating_income, weighted(s["sales_marketing"], w, copy=False))
    operating_income = subtract_into(operating_income, admin)
    operating_income = subtract_into(operating_income, stock)
    ebitda = operating_income + depreciation
    ebitda = add_into(ebitda, stock)

    flows = events(scenario, x)
    invest = invested(x)  # cash put into other companies of a network (an investing flow and an asset)
    investing = flows.acquired_cash if invest is None else flows.acquired_cash + invest
    schedule, opening_debt = scheduled_debt(scenario, x, s, w, capex)
    opening_cash = x.scalar(spec.starting_cash)
    # the plant at the start: what was paid before it, and, when the horizon starts within the first year, the
    # part of that year's capex and depreciation before the start
    before = (1.0 - w[0, 0]) * (s["capex"][:, :1] - s["depreciation"][:, :1])
    opening_ppe = np.asarray(s["_capex_before_horizon"]).reshape(-1, 1) + before
    opening_other = x.scalar(spec.opening_other_assets)
    # ebitda - capex - investing + equity + drawn - repaid, in turn into one new array
    before_cash = ebitda - capex
    for other, sign in ((investing, -1), (flows.equity, 1), (schedule.drawn, 1), (schedule.repaid, -1)):
        before_cash = add_into(before_cash, other) if sign > 0 else subtract_into(before_cash, other)
    operating = operating_income + flows.warrants  # pre-tax income before interest
    # settle reads these through (n, Y) views: no full copies
    settled = settle(scenario, x, w, operating, before_cash, schedule, opening_cash)

    pre_tax = subtract_into(add_into(operating, settled.interest_income), settled.interest_expense)
    net_income = pre_tax - settled.taxes
    from_operations = subtract_into(add_into(net_income + depreciation, stock), flows.warrants)
    from_investing = -capex - investing
    from_financing = add_into(subtract_into(flows.equity + schedule.drawn, schedule.repaid), settled.facility_flows)
    unlevered_taxes = taxes_after_losses(np.broadcast_to(operating_income, x.shape), x(spec.tax_rate),
                                         x.scalar(spec.opening_tax_losses))
    unlevered = subtract_into(ebitda - capex, unlevered_taxes)

    pp_e = opening_ppe + running_total(capex - depreciation)
    other_assets = opening_other + running_total(flows.warrants + flows.acquired_cash + flows.acquired_shares)
    leases = lease_book(scenario, x, w, weighted(s["lease_cost"], w, copy=False))  # right-of-use asset = liability
    on_books = x.zeros() if leases is None else leases.liability
    total_assets = add_into(add_into(settled.cash + pp_e, other_assets), on_books)
    held = None if invest is None else running_total(invest * np.ones(x.shape))  # investments at cost
    if held is not None:
        total_assets = total_assets + held
    debt = schedule.balance + settled.facilities
    total_liabilities = add_into(debt + settled.revolver, on_books)
    opening_equity = opening_cash + opening_ppe + opening_other - opening_debt
    equity = opening_equity + running_total(net_income + stock + flows.equity + flows.acquired_shares)

    out: dict[str, np.ndarray] = {
        "inference_compute_cost": inference,
        "training_compute_cost": training,
        "cost_of_revenue_total": cost_of_revenue,
        "gross_profit": gross_profit,
        "research_development": research,
        "admin_and_other": admin,
        "ebitda": ebitda,
        "operating_income": operating_income,
        "other_income": flows.warrants,
        "interest_expense": settled.interest_expense,
        "interest_income": settled.interest_income,
        "pre_tax_income": pre_tax,
        "taxes": settled.taxes,
        "net_income": net_income,
        "cash_from_operations": from_operations,
        "cash_from_investing": from_investing,
        "cash_from_financing": from_financing,
        "free_cash_flow": from_operations - capex,
        "unlevered_free_cash_flow": unlevered,
        "cash_before_financing": opening_cash + running_total(unlevered - investing),
        "cash_balance": settled.cash,
        "pp_e_net": pp_e,
        "other_assets": other_assets,
        "total_assets": total_assets,
        "debt_balance": debt,
        "revolver_balance": settled.revolver,
        "total_liabilities": total_liabilities,
        "equity_balance": equity,
    }
    if leases is not None:
        out["right_of_use_assets"] = leases.liability
        out["lease_liabilities"] = leases.liability
        out["lease_interest"] = leases.interest
    if held is not None:
        out["investments"] = held
    kept = existing_holders_ownership(flows.issued)
    if kept is not None:
        out["existing_holders_ownership"] = kept
    return {f"_financing_amount_{name}": Out(amount, "USD") for name, amount in flows.amounts.items()} | declared(out)
