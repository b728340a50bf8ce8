"""Running costs of compute: power, leases and contracts (docs/model.md, section 6)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import HOURS_PER_YEAR
from gigawatt.model.supply import contract_gw
from gigawatt.scenario.schema import Scenario

MWH_PER_GW_HOUR = 1000.0


def compute_costs(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """Power, lease and contract costs, contract commitments and ``compute_spend``, in USD per year.

    - ``power_cost``: for owned and joint-venture sites, the whole site's power,
      ``GW online x utilisation x pue x 8760 h x 1000 MWh/GWh x power_price``;
      leased sites' power is in their lease price.
    - ``lease_cost``: ``leased GW x lease_price_per_gw_year``, plus the partners'
      share ``(1 - equity_share)`` of joint-venture GW at the site's lease price.
    - ``contract_cost``: for contracts that are not ``inside_sites``,
      ``GW x price_per_gw_year x (committed_share + (1 - committed_share) x
      served / capacity)`` (the use ratio is 1 where there is no capacity).
    - ``contract_commitments``: ``GW x price_per_gw_year`` of every contract, the
      ``inside_sites`` ones included -- what the contracts are worth if fully taken.
    - ``compute_spend = capex + lease_cost + contract_cost + power_cost``.
    """
    power = x.zeros()
    lease = x.zeros()
    for site in scenario.sites:
        gw = x(site.capacity_gw)
        if site.ownership == "leased":
            lease = lease + gw * x(site.lease_price_per_gw_year)
            continue
        energy_mwh = gw * x(site.utilisation) * x(site.pue) * HOURS_PER_YEAR * MWH_PER_GW_HOUR
        power = power + energy_mwh * x(site.power_price)
        if site.ownership == "joint_venture":
            lease = lease + (1.0 - x(site.equity_share)) * gw * x(site.lease_price_per_gw_year)

    capacity = s["compute_capacity_gw"]
    use = np.ones(capacity.shape)
    np.divide(s["served_gw"], capacity, out=use, where=capacity > 0)
    contracts = x.zeros()
    commitments = x.zeros()
    for contract in scenario.contracts:
        value = contract_gw(x, contract) * x(contract.price_per_gw_year)
        commitments = commitments + value
        if contract.inside_sites:
            continue
        committed = x(contract.committed_share)
        contracts = contracts + value * (committed + (1.0 - committed) * use)

    return {
        "power_cost": Out(power, "USD"),
        "lease_cost": Out(lease, "USD"),
        "contract_cost": Out(contracts, "USD"),
        "contract_commitments": Out(commitments, "USD"),
        "compute_spend": Out(s["capex"] + lease + contracts + power, "USD"),
    }
