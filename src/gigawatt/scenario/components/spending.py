"""Capital spending given in dollars: an industry's data-centre capex, when no GW schedule is published."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from gigawatt.scenario.components.base import Named, ReadBy
from gigawatt.scenario.fields import NumSpec, UsdPerYear
from gigawatt.scenario.values import Value

CapexShare = Annotated[Value, NumSpec("fraction", lo=0.001, hi=1)]
"""A share of revenue that capital spending may take: at least 0.1% (it divides), at most 100%."""


class CapitalSpending(Named):
    """Capital spending per year given in dollars (hardware, buildings), not built up from the GW of sites."""

    read_by = ReadBy("fleet")

    amount: UsdPerYear = Field(..., description="Capital spent in the year; it counts in `capex` and `capex_gross`.")
    life_years: int = Field(5, ge=1, le=40, description="Years over which each year's spending is written off, "
                            "straight line (`depreciation`).")
