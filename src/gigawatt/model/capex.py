"""Capital spending on sites and its depreciation (MODEL.md section 3)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import shift, trailing_sum
from gigawatt.scenario.components.sites import Site
from gigawatt.scenario.schema import Scenario


def company_share(x: Inputs, site: Site) -> np.ndarray:
    """The company's share of a site's capital (and of its depreciation): 1 owned, equity share JV, 0 leased."""
    if site.ownership == "owned":
        return np.ones((1, len(x.years)))
    if site.ownership == "joint_venture":
        return x(site.equity_share)
    return np.zeros((1, len(x.years)))


def spread_back(flow: np.ndarray, years: int) -> np.ndarray:
    """Spend ``flow[:, y]`` evenly over the ``years`` years before ``y`` (``y - years .. y - 1``).

    Spending that would fall before the first simulated year falls in the first year.
    """
    out = np.zeros(flow.shape)
    width = flow.shape[1]
    part = flow / years
    for back in range(1, years + 1):
        if back < width:
            out[:, : width - back] += part[:, back:]
        out[:, 0] += part[:, : min(back, width)].sum(axis=1)
    return out


def site_capex(x: Inputs, site: Site) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cash capex (company share), gross capex (all partners) and depreciation of one site, USD per year.

    New GW in year ``y`` are ``max(0, cap(y) - cap(y-1))``. GW online in the first
    year were built before the horizon: their capex is no cash flow here, but they
    are depreciated (and their IT refreshed) from the first year as if just built.
    Capex for GW online in ``y`` is ``new GW x capex_per_gw(y)``, spent evenly over
    the ``build_years`` years before ``y``. The IT part (``it_share_of_capex``) of
    GW online in ``y`` is bought again in ``y + L``, ``y + 2L``, ... (``L =
    it_life_years``) at that year's price, paid in that year. Depreciation is
    straight line from the year the GW come online: IT (and each refresh) over
    ``L`` years, the facility over ``facility_life_years``.

    Returns
    -------
    tuple of numpy.ndarray
        ``(capex, capex_gross, depreciation)``, each of shape ``(rows, Y)``.
    """
    capacity = x(site.capacity_gw)
    new = np.maximum(capacity - shift(capacity, 1), 0.0)  # column 0: the capacity already online
    built = new.copy()
    built[:, 0] = 0.0  # pre-existing capacity: spent before the horizon
    price = x(site.capex_per_gw)
    it_share = x(site.it_share_of_capex)
    share = company_share(x, site)
    life = site.it_life_years
    refreshed = np.zeros(new.shape)
    for lag in range(life, len(x.years), life):
        refreshed = refreshed + shift(new, lag)
    refresh_cost = refreshed * price * it_share
    online_cost = built * price
    capex = spread_back(online_cost * share, site.build_years) + refresh_cost * share
    gross = spread_back(online_cost, site.build_years) + refresh_cost
    it_bought = (new * price * it_share + refresh_cost) * share
    facility_bought = new * price * (1.0 - it_share) * share
    depreciation = (
        trailing_sum(it_bought, life) / life
        + trailing_sum(facility_bought, site.facility_life_years) / site.facility_life_years
    )
    return capex, gross, depreciation


def capex(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """``capex`` (the company's cash share), ``capex_gross`` (all partners) and ``depreciation``, in USD.

    Company shares: 1 for owned sites, ``equity_share`` for joint ventures, 0 for
    leased sites; ``capex_gross`` takes 1 for every site. See :func:`site_capex`.
    """
    cash = x.zeros()
    gross = x.zeros()
    depreciation = x.zeros()
    for site in scenario.sites:
        site_cash, site_gross, site_depreciation = site_capex(x, site)
        cash = cash + site_cash
        gross = gross + site_gross
        depreciation = depreciation + site_depreciation
    return {
        "capex": Out(cash, "USD"),
        "capex_gross": Out(gross, "USD"),
        "depreciation": Out(depreciation, "USD"),
    }
