"""The model: pure numpy blocks, run in order over arrays of shape (samples, years).

Each block takes the scenario, the sampled inputs and the series computed by
the blocks before it, and returns new named outputs (see docs/model.md).
"""

from __future__ import annotations

from gigawatt.engine.runner import Block
from gigawatt.model.capex import fleet
from gigawatt.model.compute import compute
from gigawatt.model.costs import compute_costs
from gigawatt.model.demand import demand
from gigawatt.model.finance import finance
from gigawatt.model.opex import cost_of_revenue, opex
from gigawatt.model.outcomes import outcomes
from gigawatt.model.revenue import revenue_potential
from gigawatt.model.spending import requirement
from gigawatt.model.supply import supply
from gigawatt.scenario.schema import Scenario

BLOCKS: list[Block] = [
    demand,
    revenue_potential,
    fleet,
    compute,
    supply,
    compute_costs,
    cost_of_revenue,
    opex,
    finance,
    outcomes,
    requirement,
]
"""Every model block of a company, in run order."""


def blocks_for(scenario: Scenario) -> list[Block]:
    """The blocks that simulate ``scenario``: the network block for a network of entities (it runs each
    entity's company blocks, :mod:`gigawatt.model.network`), every company block otherwise."""
    if scenario.is_network:
        from gigawatt.model.network import network

        return [network]
    return list(BLOCKS)


__all__ = ["BLOCKS", "blocks_for"]
