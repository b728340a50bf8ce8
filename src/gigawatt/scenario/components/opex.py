"""Operating expenses, and revenue shares owed to partners."""

from __future__ import annotations

from pydantic import Field

from gigawatt.scenario.components.base import Component, Named, ReadBy
from gigawatt.scenario.fields import Count, Fraction, UsdPerYear


class Line(Named):
    """A named operating cost per year (e.g. `research_data`, `legal`)."""

    amount: UsdPerYear = Field(..., description="Cost per year.")
    cash: bool = Field(True, description="False for a non-cash cost (it lowers operating income only).")


class RevenueShare(Named):
    """A share of revenue owed to a partner (cost of revenue)."""

    read_by = ReadBy("cost_of_revenue")

    share: Fraction = Field(..., description="Share of the covered revenue paid to the partner.")
    until_year: int | None = Field(None, description="Last year the share is paid (none: the whole horizon).")
    streams: list[str] | None = Field(None, description="Streams covered (names); none: all streams.")


class Opex(Component):
    """Operating expenses and partner revenue shares (docs/model.md, section 7)."""

    read_by = ReadBy("opex")

    headcount: Count = Field(0, description="Employees by year.")
    cost_per_head: UsdPerYear = Field("$400K", description="Fully loaded cash cost per employee.")
    sales_marketing_share: Fraction = Field(0, description="Sales and marketing as a share of revenue.")
    general_admin: UsdPerYear = Field(0, description="General and administrative costs.")
    stock_compensation: UsdPerYear = Field(0, description="Stock-based compensation (non-cash).")
    lines: list[Line] = Field(default_factory=list, description="Other named cost lines.")
    revenue_shares: list[RevenueShare] = Field(default_factory=list, description="Revenue shares owed to partners.")
