"""Capital spending on sites and its depreciation (MODEL.md section 3)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import shift, trailing_sum
from gigawatt.scenario.components.sites import Site
from gigawatt.scenario.schema import Scenario


def company_share(x: Inputs, site: Site) -> np.ndarray | None:
    """The company's share of an owned or joint-venture site's capital: ``None`` (all) or ``equity_share``."""
    return x(site.equity_share) if site.ownership == "joint_venture" else None


def spread_back(flow: np.ndarray, years: int) -> np.ndarray:
    """Spend ``flow[:, y]`` evenly over the ``years`` years before ``y`` (``y - years .. y - 1``).

    Spending that would fall before the first simulated year was spent before the
    horizon: it is in the starting cash already, so it is not a cash flow here.
    """
    out = np.zeros(flow.shape)
    width = flow.shape[1]
    part = flow / years
    for back in range(1, min(years, width - 1) + 1):  # a loop over build years, not samples
        out[:, : width - back] += part[:, back:]
    return out


def new_gw(x: Inputs, site: Site) -> tuple[np.ndarray, np.ndarray]:
    """GW coming online each year, and GW whose IT is replaced each year.

    New GW in year ``y`` are ``max(0, cap(y) - cap(y-1))``; in the first year, the
    whole capacity then online (built before the horizon). The IT of GW online in
    ``y`` is replaced in ``y + L``, ``y + 2L``, ... (``L = it_life_years``).
    """
    capacity = x(site.capacity_gw)
    new = np.maximum(capacity - shift(capacity, 1), 0.0)
    refreshed = np.zeros(new.shape)
    for lag in range(site.it_life_years, len(x.years), site.it_life_years):
        refreshed += shift(new, lag)
    return new, refreshed


def _add(groups: dict[int, np.ndarray], key: int, values: np.ndarray) -> None:
    groups[key] = groups[key] + values if key in groups else values


def capex(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """``capex`` (the company's cash share), ``capex_gross`` (all partners) and ``depreciation``, in USD per year.

    For each site, GW online in year ``y`` cost ``new GW x capex_per_gw(y)``,
    spent evenly over the ``build_years`` years before ``y`` (spending that falls
    before the horizon is in the starting cash already). The IT part (``it_share_of_capex``) is bought
    again every ``it_life_years`` at that year's price, paid in that year.
    GW online in the first year were built before the horizon: their capex is no
    cash flow here, but they are depreciated (and refreshed) from the first year
    as if just built. Depreciation is straight line from the year GW come online:
    IT (and each refresh) over ``it_life_years``, the facility over
    ``facility_life_years``. The company's share is 1 for owned sites,
    ``equity_share`` for joint ventures and 0 for leased sites (in the year the GW
    come online, or are refreshed); ``capex_gross`` takes 1 for every site.

    Spreading and depreciation are linear, so purchases are summed over sites
    that share ``build_years`` (or a life) before being spread.
    """
    online_cash: dict[int, np.ndarray] = {}
    online_gross: dict[int, np.ndarray] = {}
    it_bought: dict[int, np.ndarray] = {}
    facility_bought: dict[int, np.ndarray] = {}
    refresh_cash = np.zeros((1, len(x.years)))
    refresh_gross = np.zeros((1, len(x.years)))
    per_site: dict[str, Out] = {}
    before_horizon = np.zeros((1, 1))
    for site in scenario.sites:
        new, refreshed = new_gw(x, site)
        price = x(site.capex_per_gw)
        it_share = x(site.it_share_of_capex)
        cost = new * price
        online = cost.copy()
        online[:, 0] = 0.0  # capacity online at the start was paid for before the horizon
        refresh = refreshed * price * it_share
        _add(online_gross, site.build_years, online)
        refresh_gross = refresh_gross + refresh
        if site.ownership == "leased":
            continue
        share = company_share(x, site)
        it_cost = cost * it_share
        facility_cost = cost - it_cost
        it_cost += refresh
        if share is not None:
            online, refresh, it_cost, facility_cost = online * share, refresh * share, it_cost * share, (
                facility_cost * share)
        _add(online_cash, site.build_years, online)
        refresh_cash = refresh_cash + refresh
        site_capex = spread_back(online, site.build_years) + refresh
        per_site[f"_capex_{site.name}"] = Out(site_capex, "USD")
        # the company's part of what was paid before the horizon: the GW then online, and the early part of
        # builds finishing inside it (opening plant, docs/model.md section 8)
        first = cost[:, :1] * (1.0 if share is None else share[:, :1])
        before_horizon = before_horizon + first + np.sum(online - site_capex + refresh, axis=1, keepdims=True)
        _add(it_bought, site.it_life_years, it_cost)
        _add(facility_bought, site.facility_life_years, facility_cost)

    def spread(groups: dict[int, np.ndarray]) -> np.ndarray:
        return sum((spread_back(flow, years) for years, flow in groups.items()), x.zeros())

    def written_off(groups: dict[int, np.ndarray]) -> np.ndarray:
        return sum((trailing_sum(bought, life) / life for life, bought in groups.items()), x.zeros())

    return {
        **per_site,
        "_capex_before_horizon": Out(before_horizon, "USD"),
        "capex": Out(spread(online_cash) + refresh_cash, "USD"),
        "capex_gross": Out(spread(online_gross) + refresh_gross, "USD"),
        "depreciation": Out(written_off(it_bought) + written_off(facility_bought), "USD"),
    }
