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
"""Every model block, in run order."""

__all__ = ["BLOCKS"]
