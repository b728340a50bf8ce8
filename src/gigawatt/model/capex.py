"""The fleet by vintage, capital spending on sites and its depreciation (docs/model.md section 3).

The ``fleet`` block runs before compute demand: the FLOP/s each watt of the
fleet delivers depends on when its IT was installed, and the capacity paths do
not depend on demand.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import chain

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model import jit
from gigawatt.model.common import declared, full, trailing_sum
from gigawatt.model.delivery import contract_online_gw, site_gw
from gigawatt.model.hosting import Hosting, hosting
from gigawatt.model.spending import capital_lines
from gigawatt.model.vintages import (
    PURCHASE_KEPT,
    PURCHASE_REFRESHED,
    SITE_IT,
    Cohorts,
    Sum,
    aged_and_delivered,
    cohorts,
    every,
    life_values,
    refreshed_every,
    rows_of,
    take,
    walk,
    written_off,
)
from gigawatt.scenario.components.sites import Site
from gigawatt.scenario.schema import Scenario


def company_share(x: Inputs, site: Site) -> np.ndarray | None:
    """The company's share of an owned or joint-venture site's capital: ``None`` (all) or ``equity_share``."""
    return x(site.equity_share) if site.ownership == "joint_venture" else None


def spread_back(flow: np.ndarray, years: int) -> np.ndarray:
    """Spend ``flow[:, y]`` evenly over the ``years`` years before ``y`` (``y - years .. y - 1``).

    Spending that would fall before the first column was spent before it: it is
    dropped (in the horizon, it is in the starting cash already).
    """
    out = np.zeros(flow.shape)
    width = flow.shape[1]
    part = flow / years
    for back in range(1, min(years, width - 1) + 1):  # a loop over build years, not samples
        out[:, : width - back] += part[:, back:]
    return out


def spread_ahead(flow: np.ndarray, years: int, before: int) -> np.ndarray:
    """``spread_back(flow, years)[:, before:]``: only the columns from ``before`` on, the same numbers
    (each column adds the same parts in the same order), as a new array."""
    width = flow.shape[1]
    out = np.zeros((flow.shape[0], width - before))
    part = flow[:, before + 1:] / years
    for back in range(1, min(years, width - 1) + 1):  # a loop over build years, not samples
        # column y (from before) takes part[y + back]; part starts at column before + 1
        lo = back - 1
        if lo >= part.shape[1]:
            break
        out[:, : part.shape[1] - lo] += part[:, lo:]
    return out


def years_before(scenario: Scenario) -> int:
    """Extended years ahead of the horizon: the age of the oldest vintage online at the start."""
    start = scenario.horizon.start
    first = [year for site in scenario.sites for year in site.opening_vintages]
    first += [year for contract in scenario.contracts for year in contract.opening_vintages]
    return max([start - year for year in first] + [0])


def opening_shares(opening: Mapping[int, float], start: int, before: int) -> np.ndarray:
    """Shares of the capacity online at the start by build year, ``before + 1`` columns ending at ``start``."""
    shares = np.zeros(before + 1)
    if not opening:
        shares[before] = 1.0  # built in the first year, as if just built
    for year, share in opening.items():
        shares[before - (start - year)] += share
    return shares


def extend(values: np.ndarray, before: int) -> np.ndarray:
    """``values`` with its first column repeated ``before`` times ahead of it (prices before the horizon)."""
    if before == 0:
        return values
    return np.concatenate([np.repeat(values[:, :1], before, axis=1), values], axis=1)


class Linear:
    """Flows summed by life before one write-off each, for the sources where nothing retires early.

    Write-offs and the fleet's sums are linear in what is installed when no GW
    retire early, so those sources share one trailing sum per life; a source
    whose path falls is handled on its own (:mod:`gigawatt.model.vintages`).
    """

    def __init__(self, shape: tuple[int, int]) -> None:
        self.shape = shape
        self.groups: dict[int, Sum] = {}

    def add(self, life: int, flow: np.ndarray, rows: np.ndarray | None) -> None:
        self.groups.setdefault(life, Sum(self.shape)).add(flow, rows)

    def flows(self) -> Iterator[tuple[int, np.ndarray]]:
        """Each life with the sum of its flows."""
        for life, flow in self.groups.items():
            yield life, flow.value

    def written_off(self) -> np.ndarray:
        """Straight-line write-off of every group over its life."""
        return sum((trailing_sum(flow, life) / life for life, flow in self.flows()), np.zeros((1, 1)))

    def aged(self) -> np.ndarray:
        """Years since install x flow, summed over each group's life."""
        total = np.zeros((1, 1))
        for life, flow in self.flows():
            here = np.arange(flow.shape[1]).reshape(1, -1)
            total = total + here * trailing_sum(flow, life) - trailing_sum(flow * here, life)
        return total


@dataclass
class Fleet:
    """Sums over the fleet's sources, in extended years: FLOP/s per W x GW and GW x IT age.

    (The GW online are the sources' capacity paths themselves: every cohort is counted
    once, in the window of its latest install.)
    """

    frontier: np.ndarray
    flops: Sum
    age: Sum
    installed: Linear

    def add(self, source: Cohorts, rows: np.ndarray | None, life: int) -> None:
        if source.keep is None:
            self.installed.add(life, source.installed, rows)
            return
        age, flops = aged_and_delivered(source, take(self.frontier, rows), life)  # type: ignore[arg-type]
        self.age.add(age, rows)
        self.flops.add(flops, rows)

    def totals(self) -> tuple[np.ndarray, np.ndarray]:
        """FLOP/s per W x GW and GW x years since install, every source included."""
        groups = list(self.installed.flows())
        flops = self.flops.value + sum((trailing_sum(flow * self.frontier, life) for life, flow in groups),
                                       np.zeros((1, 1)))
        return flops, self.age.value + self.installed.aged()


Part = tuple[int, Cohorts, "np.ndarray | None"]


def by_life(x: Inputs, parts: list[tuple[Cohorts, np.ndarray | None]], life: object) -> Iterator[Part]:
    """The cohorts of a source for each whole IT life among the samples: ``(life, cohorts, rows)``.

    ``parts`` are the source's cohorts as built (:func:`~gigawatt.model.vintages.cohorts`);
    ``rows`` are the samples a part covers (None: all). An uncertain life splits
    each part into the samples of each life, so every sample is worked on once.
    """
    for years, mask in life_values(x.scalar(life).ravel()):  # type: ignore[arg-type]
        if mask is None:
            for base, rows in parts:
                yield years, refreshed_every(base, years), rows
            continue
        chosen = np.flatnonzero(mask)
        for base, rows in parts:
            if rows is None:
                picked, within = chosen, chosen
            else:
                keep = np.isin(rows, chosen)
                picked, within = rows[keep], np.flatnonzero(keep)
            if len(picked):
                yield years, refreshed_every(rows_of(base, within), years), picked


@dataclass
class Paths:
    """GW online after any slip: by site, by contract, and purchased IT where it sits."""

    sites: dict[str, np.ndarray]
    contracts: dict[str, np.ndarray]
    placed: Hosting


@dataclass
class Tally:
    """The fleet's sums over its sources, in extended years, each ``(1 or n, W)``.

    Attributes
    ----------
    flops, age
        FLOP/s per W x GW delivered, GW x years since install.
    refresh_cash, refresh_gross, bought_cash, paid, written
        IT bought again (the company's share; everyone's), the company's purchases (written off from
        the year each comes online), payments for purchased IT delivered, depreciation (USD).
    cash_builds, gross_builds
        Site builds by ``build_years`` (the company's share; everyone's), USD.
    site_builds, site_refresh
        Each paying site's builds (with the site) and refreshes, the company's share, USD.
    purchases
        Each purchase's GW shipped and payments (GW, USD).
    """

    flops: np.ndarray
    age: np.ndarray
    refresh_cash: np.ndarray
    refresh_gross: np.ndarray
    bought_cash: np.ndarray
    paid: np.ndarray
    written: np.ndarray
    cash_builds: dict[int, np.ndarray]
    gross_builds: dict[int, np.ndarray]
    site_builds: dict[str, tuple[Site, np.ndarray]]
    site_refresh: dict[str, np.ndarray]
    purchases: dict[str, tuple[np.ndarray, np.ndarray]]


def tallied(scenario: Scenario, x: Inputs, frontier: np.ndarray, before: int, paths: Paths) -> Tally:
    """The fleet's sums by the numpy reference (:mod:`gigawatt.model.vintages`: cohorts as arrays)."""
    start = scenario.horizon.start
    shape = (x.n, before + len(x.years))
    at_sites, contracted, placed = paths.sites, paths.contracts, paths.placed
    shape = (x.n, before + len(x.years))
    sums = Fleet(frontier, Sum(shape), Sum(shape), Linear(shape))
    cash_builds: dict[int, Sum] = {}
    gross_builds: dict[int, Sum] = {}
    refresh_cash, refresh_gross, depreciation = Sum(shape), Sum(shape), Sum(shape)
    it_written, facility_written = Linear(shape), Linear(shape)
    bought_cash = Sum(shape)  # the company's purchases, written off from the year each comes online
    site_builds_of: dict[str, tuple[Site, np.ndarray]] = {}
    site_refresh_of: dict[str, np.ndarray] = {}

    def write_off(source: Cohorts, rows: np.ndarray | None, bought: np.ndarray, life: int, linear: Linear) -> None:
        if source.keep is None:
            linear.add(life, bought, rows)
        else:
            depreciation.add(written_off(source, bought, life), rows)

    for site in scenario.sites:
        capacity = at_sites[site.name]
        opening = opening_shares(site.opening_vintages, start, before)
        price = extend(x(site.capex_per_gw), before)
        # a shell holds purchased IT: its whole price is building and power, and its GW deliver nothing by themselves
        it_share = np.zeros((1, 1)) if site.shell_only else extend(x(site.it_share_of_capex), before)
        share = company_share(x, site)
        pays = site.ownership != "leased"  # a leased site's capital is the landlord's: in capex_gross only
        cash_share = 1.0 if share is None else extend(share, before)
        facility_life = site.facility_life_years
        parts = cohorts(capacity, opening, before)
        it_price = price * it_share
        site_refresh, site_builds = Sum(shape), Sum(shape)
        for life, source, rows in by_life(x, [] if site.shell_only else parts, site.it_life_years):
            sums.add(source, rows, life)
            it_unit = take(it_price, rows)
            refresh = source.refreshed * it_unit
            refresh_gross.add(refresh, rows)
            if pays:
                cash = take(cash_share, rows)
                refresh_cash.add(refresh * cash, rows)
                site_refresh.add(refresh * cash, rows)
                bought = source.installed * it_unit * cash
                write_off(source, rows, bought, life, it_written)
                bought_cash.add(bought, rows)
        # builds and facilities do not depend on the IT life (the cohorts' `born` and `keep` do not)
        facility_price = price - it_price
        for source, rows in parts:
            facility_unit = take(facility_price, rows)
            rebuilt = every(source, facility_life)
            builds = source.born * take(price, rows)
            if not isinstance(rebuilt, float):  # facilities rebuilt within the years simulated
                builds += rebuilt * facility_unit
            builds[:, : before + 1] = 0.0  # capacity online at the start was paid for before the horizon
            gross_builds.setdefault(site.build_years, Sum(shape)).add(builds, rows)
            if pays:
                cash = take(cash_share, rows)
                cash_builds.setdefault(site.build_years, Sum(shape)).add(builds * cash, rows)
                site_builds.add(builds * cash, rows)
                bought = (source.born if isinstance(rebuilt, float) else source.born + rebuilt) * facility_unit * cash
                write_off(source, rows, bought, facility_life, facility_written)
                bought_cash.add(bought, rows)
        if pays:  # the site's own capex: what GPU-backed debt on it is secured on
            site_builds_of[site.name] = (site, site_builds.value)
            site_refresh_of[site.name] = site_refresh.value
    no_opening = opening_shares({}, start, before)
    never = before + len(x.years)  # a life past the horizon: no refresh in sight
    purchase_cash = Sum(shape)
    purchases: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for purchase in scenario.purchases:
        # what the GW online deliver: refreshed like a site's IT, or the frontier of their delivery year for good
        online = cohorts(placed.online[purchase.name], no_opening, before)
        if purchase.refresh:
            for life, source, rows in by_life(x, online, purchase.it_life_years):
                sums.add(source, rows, life)
        else:
            for source, rows in online:
                sums.add(source, rows, never)
        price = extend(x(purchase.price_per_gw), before)
        deliveries = cohorts(placed.delivered[purchase.name], no_opening, before)
        new_gw, payment = Sum(shape), Sum(shape)  # what the seller ships and is paid, for a network to read
        for base, rows in deliveries:
            born = base.born.copy()
            born[:, : before + 1] = 0.0  # delivered before the horizon: paid before it
            paid = born * take(price, rows)
            purchase_cash.add(paid, rows)
            new_gw.add(born, rows)
            payment.add(paid, rows)
        for life, source, rows in by_life(x, deliveries, purchase.it_life_years):
            unit = take(price, rows)
            if purchase.refresh:  # the GW still delivered are bought again at the price of the year
                refresh = source.refreshed * unit
                refresh_cash.add(refresh, rows)
                refresh_gross.add(refresh, rows)
                payment.add(refresh, rows)
                bought = source.installed * unit
            else:
                bought = source.born * unit
            # written off over its life on the GW still delivered; bought by the first year: in the opening plant
            write_off(source, rows, bought, life, it_written)
            bought_cash.add(bought, rows)
        purchases[purchase.name] = (new_gw.value, payment.value)
    for contract in scenario.contracts:
        if contract.inside_sites:
            continue
        opening = opening_shares(contract.opening_vintages, start, before)
        parts = cohorts(contracted[contract.name], opening, before)
        for life, source, rows in by_life(x, parts, contract.it_life_years):
            sums.add(source, rows, life)

    flops, age = sums.totals()
    return Tally(flops, age, refresh_cash.value, refresh_gross.value, bought_cash.value, purchase_cash.value,
                 depreciation.value + it_written.written_off() + facility_written.written_off(),
                 {years: flow.value for years, flow in cash_builds.items()},
                 {years: flow.value for years, flow in gross_builds.items()},
                 site_builds_of, site_refresh_of, purchases)


def lives_of(x: Inputs, life: object) -> np.ndarray:
    """Whole IT lives by sample (rounded, at least 1), as :func:`~gigawatt.model.vintages.life_values` reads them:
    shape ``(1 or n,)``."""
    draws = x.scalar(life).ravel()  # type: ignore[arg-type]
    return np.ascontiguousarray(np.maximum(np.rint(draws), 1).astype(np.int64))


def signature(rows: int, *parts: object) -> tuple[object, ...] | None:
    """A key that is equal for equal parts (numbers, and arrays the same in every sample); ``None`` when some
    part is an array of ``rows`` samples (then the source is walked on its own)."""
    key: list[object] = []
    for part in parts:
        if isinstance(part, np.ndarray):
            if rows > 1 and part.ndim and part.shape[0] == rows:
                return None
            key.append((part.shape, part.dtype.str, part.tobytes()))
        else:
            key.append(part)
    return tuple(key)


class Groups:
    """Sources walked together (:func:`~gigawatt.model.vintages.walk`): those whose arguments are all equal
    but their paths.

    Every sum of the fleet is linear in the GW of sources that share their opening vintages, lives and
    prices as long as none retires early, so the kernel walks them as one in each sample where none
    falls, and a source that falls on its own.
    """

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.groups: dict[object, tuple[list[np.ndarray], tuple[object, ...]]] = {}

    def add(self, path: np.ndarray, key: tuple[object, ...] | None, arguments: tuple[object, ...]) -> None:
        """Walk ``path`` with ``arguments`` (after ``capacity``), with the other paths of the same ``key``
        (``None``: on its own)."""
        group = self.groups.setdefault(len(self.groups) if key is None else key, ([], arguments))
        group[0].append(np.asarray(path, dtype=float))

    def walk(self) -> None:
        for group, arguments in self.groups.values():
            if len(group) == 1:
                capacity = np.ascontiguousarray(group[0])[np.newaxis]
            else:
                rows = max(path.shape[0] for path in group)
                capacity = np.stack([np.broadcast_to(path, (rows, path.shape[1])) for path in group])
            walk(self.rows, capacity, *arguments)


def walked(scenario: Scenario, x: Inputs, frontier: np.ndarray, before: int, paths: Paths) -> Tally:
    """The fleet's sums by the compiled kernel :func:`~gigawatt.model.vintages.walk`: one call per group of
    sources that share their arguments (:class:`Groups`).

    The same sums as :func:`tallied` within 1e-12 of their largest magnitude (``tests/model/test_walk.py``).
    """
    start = scenario.horizon.start
    width = before + len(x.years)
    shape = (x.n, width)

    def row(values: np.ndarray) -> np.ndarray:
        """An input in extended years as a contiguous ``(1 or n, 1 or W)`` array: one column when it is the
        same every year (a broadcast view of a per-sample value), else its first column repeated ahead."""
        values = np.asarray(values, dtype=float)
        if values.shape[1] == 1 or values.strides[1] == 0:
            return np.ascontiguousarray(values[:, :1])
        return np.ascontiguousarray(extend(values, before))

    def zeros() -> np.ndarray:
        return np.zeros(shape)

    flops, age, refresh_cash, refresh_gross, written, bought_cash, paid = (zeros() for _ in range(7))
    unused = np.zeros((1, width))  # a sum a source does not add to
    one = np.ones((1, 1))  # an input a source does not read, or a share of all
    never = np.full(1, width, dtype=np.int64)  # a life past the horizon: no refresh in sight
    frontier = np.ascontiguousarray(frontier)
    cash_builds: dict[int, np.ndarray] = {}
    gross_builds: dict[int, np.ndarray] = {}
    site_builds: dict[str, tuple[Site, np.ndarray]] = {}
    site_refresh: dict[str, np.ndarray] = {}
    purchases: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    groups = Groups(x.n)
    for site in scenario.sites:
        opening = opening_shares(site.opening_vintages, start, before)
        share = company_share(x, site)
        pays = site.ownership != "leased"
        gross = gross_builds.setdefault(site.build_years, zeros())
        cash = cash_builds.setdefault(site.build_years, zeros()) if pays else unused
        own_refresh, own_builds = (zeros(), zeros()) if pays else (unused, unused)
        lives = never if site.shell_only else lives_of(x, site.it_life_years)
        # a shell holds purchased IT: its whole price is building and power, and its GW deliver nothing by themselves
        it_share = np.zeros((1, 1)) if site.shell_only else row(x(site.it_share_of_capex))
        arguments = (opening, before, lives, frontier, row(x(site.capex_per_gw)), it_share,
                     one if share is None else row(share), site.facility_life_years, not site.shell_only,
                     0 if site.shell_only else SITE_IT, pays, True, False,
                     flops, age, refresh_gross, refresh_cash, own_refresh, written, bought_cash, gross, cash,
                     own_builds, unused, unused)
        # a paying site has sums of its own (what debt on it is secured on): it is walked alone
        key = None if pays else signature(x.n, "site", site.build_years, site.shell_only, *arguments[:3],
                                          *arguments[4:8])
        groups.add(paths.sites[site.name], key, arguments)
        if pays:
            site_builds[site.name] = (site, own_builds)
            site_refresh[site.name] = own_refresh
    no_opening = opening_shares({}, start, before)
    for purchase in scenario.purchases:
        lives = lives_of(x, purchase.it_life_years)
        online = lives if purchase.refresh else never
        groups.add(paths.placed.online[purchase.name], signature(x.n, "delivers", no_opening, online),
                   (no_opening, before, online, frontier, one, one, one, width, True, 0, False, False, False,
                    flops, age, unused, unused, unused, unused, unused, unused, unused, unused, unused, unused))
        new_gw, payment = zeros(), zeros()
        groups.add(paths.placed.delivered[purchase.name], None,
                   (no_opening, before, lives, one, row(x(purchase.price_per_gw)), one, one, width, False,
                    PURCHASE_REFRESHED if purchase.refresh else PURCHASE_KEPT, True, False, True,
                    unused, unused, refresh_gross, refresh_cash, payment, written, bought_cash, unused, unused, unused,
                    paid, new_gw))
        purchases[purchase.name] = (new_gw, payment)
    for contract in scenario.contracts:
        if contract.inside_sites:
            continue
        opening = opening_shares(contract.opening_vintages, start, before)
        lives = lives_of(x, contract.it_life_years)
        groups.add(paths.contracts[contract.name], signature(x.n, "delivers", opening, lives),
                   (opening, before, lives, frontier, one, one, one, width, True, 0, False, False, False,
                    flops, age, unused, unused, unused, unused, unused, unused, unused, unused, unused, unused))
    groups.walk()
    return Tally(flops, age, refresh_cash, refresh_gross, bought_cash, paid, written, cash_builds, gross_builds,
                 site_builds, site_refresh, purchases)


def fleet(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """The fleet by vintage, ``capex`` (the company's cash share), ``capex_gross`` and ``depreciation``.

    Every site and every contract that is not ``inside_sites`` is a source of
    cohorts (:mod:`gigawatt.model.vintages`). Each GW delivers the frontier
    ``flops_per_watt_effective`` of the year its IT was installed (built or
    refreshed); capacity online at the start was built in its ``opening_vintages``
    years (default: the first year), where the frontier is
    ``frontier(start) / (1 + frontier_growth_before_start)^age``.

    Outputs: ``fleet_flops_per_watt`` (delivered FLOP/s per watt, GW-weighted;
    the frontier where there is no capacity), ``frontier_flops_per_watt``,
    ``fleet_age_years`` (GW-weighted years since the IT was installed; 0 without
    capacity), and for sites: GW coming online in year ``y`` cost
    ``new GW x capex_per_gw(y)``, spent evenly over the ``build_years`` years
    before ``y``; the IT part is bought again every ``it_life_years`` at that
    year's price while the GW are online; a facility that reaches
    ``facility_life_years`` is rebuilt (its part of the capex, spent like a
    build). Depreciation is straight line on the GW still online: IT over
    ``it_life_years``, the facility over ``facility_life_years``. The company's
    share is 1 for owned sites, ``equity_share`` for joint ventures and 0 for
    leased sites; ``capex_gross`` takes 1 for every site.
    """
    before = years_before(scenario)
    growth = x.scalar(scenario.compute.frontier_growth_before_start)
    frontier_now = x(scenario.compute.flops_per_watt_effective)
    frontier = extend(frontier_now, before)
    if before:
        back = np.arange(before, 0, -1, dtype=float).reshape(1, -1)
        frontier[:, :before] = frontier_now[:, :1] / (1.0 + growth) ** back
    # GW online after any slip, once for every later block (supply, costs)
    at_sites = {site.name: site_gw(scenario, x, site) for site in scenario.sites}
    contracted = {c.name: contract_online_gw(scenario, x, c) for c in scenario.contracts}
    placed = hosting(scenario, x, at_sites)
    paths = Paths(at_sites, contracted, placed)
    t = walked(scenario, x, frontier, before, paths) if jit.enabled() else tallied(scenario, x, frontier, before, paths)
    cash_builds, gross_builds = t.cash_builds, t.gross_builds
    refresh_cash, refresh_gross, bought_cash, purchase_cash = t.refresh_cash, t.refresh_gross, t.bought_cash, t.paid
    per_site = {f"_capex_{name}": Out(spread_ahead(builds, site.build_years, before)
                                      + t.site_refresh[name][:, before:], "USD")
                for name, (site, builds) in t.site_builds.items()}
    per_purchase: dict[str, Out] = {}
    for name, (new_gw, payment) in t.purchases.items():
        per_purchase[f"_purchase_new_gw_{name}"] = Out(np.asarray(new_gw)[:, before:], "GW")
        per_purchase[f"_purchase_payment_{name}"] = Out(np.asarray(payment)[:, before:], "USD")

    def horizon(values: np.ndarray) -> np.ndarray:
        """The horizon's columns of a sum in extended years (a view: not to be written to)."""
        return np.asarray(values)[:, before:]

    def total(parts: Iterator[np.ndarray]) -> np.ndarray:
        """``0 + part + part ...`` in a new full array, added in place in that order (the numbers of ``sum``)."""
        out = x.zeros()
        for part in parts:
            out += part
        return out

    # the horizon's part of each group's builds spread back (once: the capex and the opening plant read them)
    cash_spread = {years: spread_ahead(flow, years, before) for years, flow in cash_builds.items()}
    written = t.written
    # opening plant (docs/model.md section 8): bought up to the first year, less the first year's refresh (paid
    # in the horizon) and what was written off before it, plus spending before the horizon on later builds
    early = sum((flow.sum(axis=1, keepdims=True) - cash_spread[years].sum(axis=1, keepdims=True)
                 for years, flow in cash_builds.items()), np.zeros((1, 1)))
    plant = (bought_cash[:, : before + 1].sum(axis=1, keepdims=True) - refresh_cash[:, before:before + 1]
             - np.asarray(written * np.ones((1, 1)))[:, :before].sum(axis=1, keepdims=True) + early)
    flops, age = t.flops, t.age
    # the GW online: every source's path (sites that are not shells, contracts outside the sites, purchases online)
    gw = total(chain((at_sites[site.name] for site in scenario.sites if not site.shell_only),
                     (contracted[c.name] for c in scenario.contracts if not c.inside_sites), placed.online.values()))
    np.copyto(gw, 0.0, where=~(gw > 1e-9))  # below a watt is rounding left by retirements
    empty = ~(gw > 0)
    # ratio(flops, gw) where there is capacity, the frontier elsewhere; ratio(age, gw), 0 elsewhere: the same
    # operations without the copies
    fleet_fpw, fleet_age = np.empty(x.shape), np.empty(x.shape)
    with np.errstate(divide="ignore", invalid="ignore"):  # the cells divided by 0 are set below
        np.divide(horizon(flops), gw, out=fleet_fpw)
        np.divide(horizon(age), gw, out=fleet_age)
    np.copyto(fleet_fpw, np.broadcast_to(frontier_now, x.shape), where=empty)
    np.copyto(fleet_age, 0.0, where=empty)
    purchased = horizon(purchase_cash)
    lines, lines_written = capital_lines(scenario, x)  # capital spending given in dollars (model/spending.py)
    capex = total(iter(cash_spread.values()))
    capex += horizon(refresh_cash)
    capex += purchased
    capex += lines
    gross = total(spread_ahead(flow, years, before) for years, flow in gross_builds.items())
    gross += horizon(refresh_gross)
    gross += purchased
    gross += lines
    depreciation = full(x, horizon(written))
    depreciation += lines_written
    out = {
        **per_site,
        **per_purchase,
        "_capex_before_horizon": Out(plant, "USD"),
        **declared({
            "purchased_gw": total(iter(placed.delivered.values())),
            "leased_shell_gw": total(iter(placed.shells.values())),
            "host_shortfall_gw": placed.shortfall * np.ones(x.shape),
            "frontier_flops_per_watt": full(x, frontier_now),
            "fleet_flops_per_watt": fleet_fpw,
            "fleet_age_years": fleet_age,
            "capex": capex,
            "capex_gross": gross,
            "depreciation": depreciation,
        }),
    }
    for name, gw in at_sites.items():
        out[f"_site_gw_{name}"] = Out(gw, "GW")
    for name, gw in contracted.items():
        out[f"_contract_gw_{name}"] = Out(gw, "GW")
    for name, gw in placed.filled.items():
        out[f"_filled_gw_{name}"] = Out(gw, "GW")
    for name, gw in placed.shells.items():
        out[f"_shell_gw_{name}"] = Out(gw, "GW")
    return out
