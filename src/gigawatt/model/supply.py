"""Supply: capacity of sites and contracts, the balance with demand, its effect on revenue, resale (MODEL.md 2)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import ratio, slug
from gigawatt.scenario.components.contracts import Contract
from gigawatt.scenario.schema import Scenario


def contract_gw(x: Inputs, contract: Contract) -> np.ndarray:
    """GW a contract provides (or, for ``inside_sites``, represents) each year.

    A ``capacity_gw`` path as given; a ``total_value`` contract gives
    ``total_value / years / price_per_gw_year`` GW from ``start_year`` to
    ``start_year + years - 1`` and 0 outside (0 as well where the price is 0).
    """
    if contract.capacity_gw is not None:
        return x(contract.capacity_gw)
    assert contract.start_year is not None and contract.years is not None  # the schema guarantees both
    term = (x.years >= contract.start_year) & (x.years <= contract.start_year + contract.years - 1)
    per_year = x.scalar(contract.total_value) / contract.years
    return ratio(per_year, x(contract.price_per_gw_year)) * term.reshape(1, -1)


def supply(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """Capacity, the demand balance, realised revenue and resale.

    ``compute_capacity_gw`` sums the sites' ``capacity_gw`` paths (for a
    ``shell_only`` site, the purchased GW in it), the GW of contracts that are not
    ``inside_sites`` (those sit inside the sites and add nothing) and purchased GW
    in leased shells; it is also given per country
    (``compute_capacity_gw_<country slug>``) and per site (``site_capacity_gw_<name>``). ``served_gw = min(demand,
    capacity)``; ``compute_shortage_gw`` and ``compute_surplus_gw`` are the
    remainders.

    Under a shortage, every stream whose tokens are above 0 (compute-driven)
    earns ``potential x (1 - shortage_revenue_elasticity x shortage / demand)``;
    the others earn their potential. ``resale_gw = min(surplus x resale.share,
    resale.market_cap_gw)`` earns ``resale_gw x resale.price_per_gw_year``
    (``revenue_compute_resale``). ``revenue_total`` sums the realised streams and
    resale.

    Intermediates for later blocks: ``_factor_<name>``, the share of its potential
    that each stream realises.
    """
    out: dict[str, Out] = {}
    capacity = x.zeros()
    by_country: dict[str, np.ndarray] = {}
    for site in scenario.sites:
        # a shell counts only the purchased IT in it
        gw = s[f"_filled_gw_{site.name}"] if site.shell_only else x(site.capacity_gw)
        out[f"site_capacity_gw_{site.name}"] = Out(gw, "GW")
        key = slug(site.country)
        by_country[key] = by_country.get(key, 0.0) + gw
        capacity = capacity + gw
    for contract in scenario.contracts:
        if contract.inside_sites:
            continue
        gw = contract_gw(x, contract)
        key = slug(contract.country)
        by_country[key] = by_country.get(key, 0.0) + gw
        capacity = capacity + gw
    for purchase in scenario.purchases:
        gw = s[f"_shell_gw_{purchase.name}"]
        key = slug(purchase.country)
        by_country[key] = by_country.get(key, 0.0) + gw
        capacity = capacity + gw
    for key, gw in by_country.items():
        out[f"compute_capacity_gw_{key}"] = Out(gw, "GW")

    demand = s["compute_demand_gw"]
    served = np.minimum(demand, capacity)
    shortage = demand - served
    surplus = capacity - served
    unserved_share = ratio(shortage, demand)
    kept = 1.0 - x(scenario.compute.shortage_revenue_elasticity) * unserved_share

    total = x.zeros()
    for stream in scenario.streams:
        tokens = s[f"_tokens_{stream.name}"]
        factor = np.where(tokens > 0, kept, 1.0) if np.any(tokens) else np.ones((1, 1))
        realised = s[f"_potential_{stream.name}"] * factor
        out[f"_factor_{stream.name}"] = Out(factor, "fraction")
        out[f"revenue_{stream.name}"] = Out(realised, "USD")
        total = total + realised

    resale = scenario.compute.resale
    resale_gw = np.minimum(surplus * x(resale.share), x(resale.market_cap_gw))
    resale_revenue = resale_gw * x(resale.price_per_gw_year)
    out.update(
        compute_capacity_gw=Out(capacity, "GW"),
        served_gw=Out(served, "GW"),
        compute_shortage_gw=Out(shortage, "GW"),
        compute_surplus_gw=Out(surplus, "GW"),
        resale_gw=Out(resale_gw, "GW"),
        revenue_compute_resale=Out(resale_revenue, "USD"),
        revenue_total=Out(total + resale_revenue, "USD"),
    )
    return out
