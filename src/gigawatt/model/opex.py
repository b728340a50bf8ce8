"""Cost of revenue besides compute, and operating expenses (docs/model.md, section 7)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import declared
from gigawatt.model.unit import unit_economics
from gigawatt.scenario.components.streams import Equipment
from gigawatt.scenario.schema import Scenario


def cost_of_revenue(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """App-store fees, device cost of goods, partner revenue shares and unit economics, in USD per year.

    Each is taken on realised revenue (after any compute shortage):

    - ``app_store_fees = payers x arpu_paid x store_fee_share x store_fee`` of each
      subscription. Subscription revenue is already net of them, so they are
      reported here but are not part of ``cost_of_revenue``.
    - ``device_cogs = (1 - gross_margin) x device revenue``; ``equipment_cogs`` the same of
      equipment streams (only when there are some).
    - ``revenue_share_cost``: for each ``opex.revenue_shares`` item, ``share x``
      the realised revenue of the streams it covers (every stream when none are
      named; resale is never covered), in the years up to ``until_year``.
    - ``direct_costs = device_cogs + equipment_cogs + revenue_share_cost``;
    - ``cost_of_revenue = direct_costs +`` the compute that serves revenue, and the
      other unit economics: see :func:`gigawatt.model.unit.unit_economics`.
    """
    fees = x.zeros()
    cogs = x.zeros()
    equipment = x.zeros()
    for stream in scenario.streams:
        factor = s[f"_factor_{stream.name}"]
        if f"_store_fees_{stream.name}" in s:
            fees += s[f"_store_fees_{stream.name}"] * factor
        if f"_cogs_{stream.name}" in s:
            if isinstance(stream, Equipment):
                equipment += s[f"_cogs_{stream.name}"] * factor
            else:
                cogs += s[f"_cogs_{stream.name}"] * factor
    shares = x.zeros()
    for item in scenario.opex.revenue_shares:
        names = item.streams if item.streams is not None else [stream.name for stream in scenario.streams]
        covered = x.zeros()
        for name in names:  # 0 + each stream's revenue in turn, in place
            covered += s[f"revenue_{name}"]
        covered *= x(item.share)  # share x covered x live
        if item.until_year is not None:
            covered *= (x.years <= item.until_year).astype(float).reshape(1, -1)
        shares += covered
    sells = any(isinstance(stream, Equipment) for stream in scenario.streams)
    direct = cogs + shares
    if sells:
        direct += equipment
    return {
        **declared({"app_store_fees": fees, "device_cogs": cogs, "revenue_share_cost": shares,
                    "direct_costs": direct}),
        **(declared({"equipment_cogs": equipment}) if sells else {}),
        **unit_economics(scenario, x, s, direct),
    }


def opex(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """Operating expenses, in USD per year.

    ``staff_cost = headcount x cost_per_head``; ``sales_marketing =
    sales_marketing_share x revenue_total``; ``general_admin`` as given;
    ``other_opex`` sums the cash ``opex.lines``; ``stock_compensation`` is
    ``opex.stock_compensation`` plus the non-cash lines (it lowers operating
    income, not cash). ``opex_cash = staff_cost + sales_marketing +
    general_admin + other_opex``.
    """
    spec = scenario.opex
    staff = x(spec.headcount) * x(spec.cost_per_head)
    sales = x(spec.sales_marketing_share) * s["revenue_total"]
    admin = x(spec.general_admin)
    other = x.zeros()
    non_cash = x(spec.stock_compensation)
    for line in spec.lines:
        if line.cash:
            other += x(line.amount)
        else:
            non_cash = non_cash + x(line.amount)
    cash = staff + sales
    cash += admin
    cash += other
    return declared({
        "staff_cost": staff,
        "sales_marketing": sales,
        "general_admin": admin,
        "other_opex": other,
        "stock_compensation": non_cash,
        "opex_cash": cash,
    })
