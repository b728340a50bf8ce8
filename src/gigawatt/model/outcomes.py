"""What a plan comes to: funding gaps, breakeven, NPV, and diagnostic ratios (docs/model.md, section 9)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model import jit
from gigawatt.model.common import cells, declared, ratio, year_of
from gigawatt.model.valuation import enterprise_value, gordon_value, irr, irr_exists, present_value
from gigawatt.scenario.schema import Scenario


def funding_gap(cash: np.ndarray, min_cash: np.ndarray) -> np.ndarray:
    """New money needed to keep ``cash`` at or above ``min_cash`` in every year: ``max(0, max_y(min_cash - cash))``.

    Parameters
    ----------
    cash
        Year-end cash, USD, shape ``(n, Y')``.
    min_cash
        Cash to keep, USD, broadcastable to ``cash``.

    Returns
    -------
    numpy.ndarray
        USD, shape ``(n,)``.
    """
    return np.maximum(np.max(min_cash - cash, axis=1), 0.0)


def gap_year(scenario: Scenario) -> int:
    """Year of ``funding_gap_by_<year>``: ``finance.funding_gap_year`` or 5 years after the start, in the horizon."""
    start, end = scenario.horizon.start, scenario.horizon.end
    year = scenario.finance.funding_gap_year
    return int(np.clip(year if year is not None else start + 5, start, end))


def first_breakeven(free_cash_flow: np.ndarray, x: Inputs) -> np.ndarray:
    """First year with ``free_cash_flow >= 0``; ``inf`` in a sample where there is none. Shape ``(n,)``."""
    positive = free_cash_flow >= 0
    first = np.argmax(positive, axis=1)
    return np.where(positive.any(axis=1), year_of(x, first), np.inf)


def breakeven(free_cash_flow: np.ndarray, x: Inputs) -> np.ndarray:
    """Sustained break-even: the first year from which ``free_cash_flow >= 0`` in every year to the end of the
    horizon; ``inf`` where the last year is negative. Shape ``(n,)``."""
    negative = free_cash_flow < 0
    years = free_cash_flow.shape[1]
    last_negative = years - 1 - np.argmax(negative[:, ::-1], axis=1)
    start = np.where(negative.any(axis=1), last_negative + 1, 0)
    return np.where(start < years, year_of(x, np.minimum(start, years - 1)), np.inf)


def borrowing_need(cash: np.ndarray, revolver: np.ndarray, min_cash: np.ndarray) -> np.ndarray:
    """What the company must borrow at each year end: ``revolver + max(0, min_cash - cash)``. USD, ``(n, Y)``."""
    return revolver + np.maximum(min_cash - cash, 0.0)


def default_year(need: np.ndarray, limit: np.ndarray, x: Inputs) -> np.ndarray:
    """First year with ``need > limit``; ``inf`` in a sample where there is none. Shape ``(n,)``."""
    over = np.broadcast_to(need > limit, need.shape)
    return np.where(over.any(axis=1), year_of(x, np.argmax(over, axis=1)), np.inf)


def npv(free_cash_flow: np.ndarray, rate: float) -> np.ndarray:
    """Net present value at ``rate``; the first year is undiscounted. USD, shape ``(n,)``."""
    return present_value(free_cash_flow, rate)


def terminal_value(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> np.ndarray:
    """Value at the last year of the years after the horizon, as ``finance.valuation`` declares. USD, ``(n,)``."""
    spec = scenario.finance.valuation
    if spec.terminal == "none":
        return np.zeros(x.n)
    if spec.terminal == "gordon":
        return gordon_value(s["unlevered_free_cash_flow"][:, -1], scenario.horizon.discount_rate, spec.growth)
    base = s["revenue_total"] if spec.multiple_of == "revenue" else s["ebitda"]
    return np.asarray(x(spec.multiple)[:, -1] * base[:, -1])


def outcomes(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """Per-sample scalars, yes/no events and ratios.

    Scalars (shape ``(n,)``): ``funding_gap`` (see :func:`funding_gap`, over
    ``cash_before_financing``), ``funding_gap_by_<year>`` (the same over the years
    up to :func:`gap_year`), ``funding_gap_after_financing`` and
    ``funding_gap_after_financing_by_<year>`` (over ``cash_balance - revolver_balance``),
    ``breakeven_year`` (sustained, :func:`breakeven`), ``first_breakeven_year``,
    ``npv`` (of ``free_cash_flow`` at ``horizon.discount_rate``), ``peak_funding_need_year``
    (the year of the lowest ``cash_before_financing``), ``enterprise_value`` (unlevered
    DCF with :func:`terminal_value`), ``irr`` (of the unlevered flows and the terminal
    value), ``implied_ev_to_revenue`` (over the first year's revenue).
    Events: ``breakeven_by_<year>`` for every year. With ``finance.borrowing_limit``:
    ``borrowing_need`` (USD per year end, :func:`borrowing_need`), ``default_year``
    (:func:`default_year`, ``inf`` when never) and the event ``in_default`` (a default within the horizon).
    Ratios (fractions, per year):
    ``compute_cost_to_revenue = compute_spend / max(revenue_total, 1)``,
    ``paying_share_of_users = payers / users_consumer`` (0 without users),
    ``revenue_share_from_payers`` = revenue of the ``payer_revenue`` streams over
    ``revenue_total`` (0 without revenue).

    The per-sample scalars that reduce over the years (funding gaps, break-even years, the year of the lowest cash,
    whether the flows change sign) come from :func:`scalars_kernel` when kernels are on: the same numbers.
    """
    cash_before = s["cash_before_financing"]
    min_cash = x(scenario.finance.min_cash)
    by = gap_year(scenario)
    upto = x.year_index(by) + 1
    fcf = s["free_cash_flow"]
    rate = scenario.horizon.discount_rate
    unlevered = s["unlevered_free_cash_flow"]
    terminal = terminal_value(scenario, x, s)
    value = enterprise_value(unlevered, terminal, rate)
    first_revenue = s["revenue_total"][:, 0]  # below 1 USD counts as none: no ratio of billions to a rounding error
    with_terminal = unlevered.copy()
    with_terminal[:, -1] += terminal
    if jit.enabled():
        found = np.empty((9, x.n))  # the per-sample scalars, one row each (see scalars_kernel)
        scalars_kernel(*(cells(a, x.shape) for a in (
            cash_before, min_cash, s["cash_balance"], s["revolver_balance"], fcf, with_terminal)),
            upto, np.asarray(x.years, dtype=float), found)
        gaps, first_positive, first_breakeven_year, peak = list(found[:4]), found[4], found[5], found[6]
        changes, total = found[7] > 0.0, found[8]
    else:
        net_cash = s["cash_balance"] - s["revolver_balance"]
        gaps = [funding_gap(cash_before, min_cash), funding_gap(cash_before[:, :upto], min_cash[:, :upto]),
                funding_gap(net_cash, min_cash), funding_gap(net_cash[:, :upto], min_cash[:, :upto])]
        first_positive, first_breakeven_year = breakeven(fcf, x), first_breakeven(fcf, x)
        peak = year_of(x, np.argmin(cash_before, axis=1))
        changes, total = None, None
    exists = irr_exists(with_terminal, changes)
    out: dict[str, Out] = declared({
        "funding_gap": gaps[0],
        f"funding_gap_by_{by}": gaps[1],
        "funding_gap_after_financing": gaps[2],
        f"funding_gap_after_financing_by_{by}": gaps[3],
        "breakeven_year": first_positive,
        "first_breakeven_year": first_breakeven_year,
        "npv": npv(fcf, rate),
        "peak_funding_need_year": peak,
        "terminal_value": terminal,
        "enterprise_value": value,
        "irr": irr(with_terminal, exists=exists, total=total),
        "irr_exists": exists,
        "implied_ev_to_revenue": ratio(value, np.where(first_revenue >= 1.0, first_revenue, 0.0)),
    })
    for year in x.years:
        out |= declared({f"breakeven_by_{int(year)}": first_positive <= year})
    limit = scenario.finance.borrowing_limit
    if limit is not None:
        need = borrowing_need(s["cash_balance"], s["revolver_balance"], min_cash)
        defaults = default_year(need, x(limit), x)
        out |= declared({"borrowing_need": need, "default_year": defaults, "in_default": np.isfinite(defaults)})

    revenue = s["revenue_total"]
    from_payers = x.zeros()
    for stream in scenario.streams:
        if stream.payer_revenue:
            from_payers = from_payers + s[f"revenue_{stream.name}"]
    out.update(declared({
        "compute_cost_to_revenue": s["compute_spend"] / np.maximum(revenue, 1.0),
        "paying_share_of_users": ratio(s["payers"], s["users_consumer"]),
        "revenue_share_from_payers": ratio(from_payers, revenue),
    }))
    return out


@jit.kernel
def scalars_kernel(cash_before: np.ndarray, min_cash: np.ndarray, cash: np.ndarray, revolver: np.ndarray,
                   fcf: np.ndarray, flows: np.ndarray, upto: int, years: np.ndarray,
                   found: np.ndarray) -> None:  # pragma: no cover - compiled
    """The per-sample reductions of :func:`outcomes` in one pass over each sample's years, all inputs ``(n, Y)`` in
    USD: ``found`` rows 0-3 the funding gaps (USD) over ``cash_before`` and over ``cash - revolver``, over every year
    then over the first ``upto``, :func:`funding_gap`; row 4 :func:`breakeven`, row 5 :func:`first_breakeven` and row
    6 the year of the lowest ``cash_before`` (``np.argmin``'s: the first lowest, the first NaN), as calendar years
    from ``years``; row 7 1.0 where ``flows`` change sign (their least below 0, their most above, as in
    :func:`~gigawatt.model.valuation.irr_exists`), row 8 the sum of ``flows`` (numpy's pairwise sum of a row).

    The same numbers as the numpy functions (a maximum, a minimum and a first index do not depend on the order
    they are taken in; NaN propagates as in ``np.max``)."""
    n, count = cash_before.shape
    for i in range(n):
        gap, gap_by, net, net_by = 0.0, 0.0, 0.0, 0.0
        first, last_negative, low, peak = -1, -1, 0.0, 0
        least, most = 0.0, 0.0
        for t in range(count):
            need = min_cash[i, t] - cash_before[i, t]
            short = min_cash[i, t] - (cash[i, t] - revolver[i, t])
            if t == 0:
                gap, net = need, short
            else:  # np.max: NaN wins
                gap = gap if (gap >= need or gap != gap) else need
                net = net if (net >= short or net != net) else short
            if t < upto:
                gap_by, net_by = gap, net
            flow = fcf[i, t]
            if flow < 0.0:
                last_negative = t
            if first < 0 and flow >= 0.0:
                first = t
            c = cash_before[i, t]
            if t == 0:
                low = c
            elif low == low and (c < low or c != c):  # the first lowest, or the first NaN
                low, peak = c, t
            f = flows[i, t]
            if t == 0:
                least, most = f, f
            else:  # np.min and np.max: NaN wins
                least = least if (least <= f or least != least) else f
                most = most if (most >= f or most != most) else f
        found[0, i] = gap if (gap >= 0.0 or gap != gap) else 0.0  # np.maximum(gap, 0): NaN kept
        found[1, i] = gap_by if (gap_by >= 0.0 or gap_by != gap_by) else 0.0
        found[2, i] = net if (net >= 0.0 or net != net) else 0.0
        found[3, i] = net_by if (net_by >= 0.0 or net_by != net_by) else 0.0
        start = last_negative + 1
        found[4, i] = years[start] if start < count else np.inf
        found[5, i] = years[first] if first >= 0 else np.inf
        found[6, i] = years[peak]
        found[7, i] = 1.0 if (least < 0.0 and most > 0.0) else 0.0
        if count < 8:  # numpy's sum of a contiguous row: in turn below 8 values, else 8 running sums, then the rest
            total = 0.0
            for t in range(count):
                total += flows[i, t]
        else:
            r0, r1, r2, r3 = flows[i, 0], flows[i, 1], flows[i, 2], flows[i, 3]
            r4, r5, r6, r7 = flows[i, 4], flows[i, 5], flows[i, 6], flows[i, 7]
            t = 8
            while t < count - count % 8:
                r0 += flows[i, t]
                r1 += flows[i, t + 1]
                r2 += flows[i, t + 2]
                r3 += flows[i, t + 3]
                r4 += flows[i, t + 4]
                r5 += flows[i, t + 5]
                r6 += flows[i, t + 6]
                r7 += flows[i, t + 7]
                t += 8
            total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while t < count:
                total += flows[i, t]
                t += 1
        found[8, i] = total
