"""Sellers of compute and of systems: `capacity` and `equipment` streams (docs/model.md sections 2, 4, 7)."""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.scenario.errors import ScenarioError

from .helpers import close, row, run, run_linked

B = 1e9

CLOUD = """
name: cloud
horizon: {start: 2025, end: 2029}
streams:
  - {name: lab, type: capacity, gw: {2025: 1, 2027: 3}, price_per_gw_year: $10B, signed_value: $100B}
compute: {training_gw: 0.5}
sites:
  - {name: dc, country: US, ownership: leased, capacity_gw: 2, lease_price_per_gw_year: $5B}
"""


def test_capacity_sold_is_served_first_and_earns_what_is_served() -> None:
    result = run(CLOUD)
    close(row(result, "sold_gw_lab"), [1, 2, 3, 3, 3])
    close(row(result, "compute_demand_gw"), [1.5, 2.5, 3.5, 3.5, 3.5])  # training's 0.5 GW on top
    # 2 GW of capacity: the customer's GW first, training gets what is left
    close(row(result, "served_gw_lab"), [1, 2, 2, 2, 2])
    close(row(result, "unserved_gw_lab"), [0, 0, 1, 1, 1])
    close(row(result, "served_gw_training"), [0.5, 0, 0, 0, 0])
    # 1, 2, then 2 of 3 GW served at $10B a GW-year
    close(row(result, "revenue_lab"), [10 * B, 20 * B, 20 * B, 20 * B, 20 * B])
    # $100B signed runs down with the revenue earned
    close(row(result, "sales_backlog"), [90 * B, 70 * B, 50 * B, 30 * B, 10 * B])
    # the GW served to the customer are cost of revenue: $5B a GW-year of lease over the 2 GW
    close(row(result, "serving_compute_cost"), [5 * B, 10 * B, 10 * B, 10 * B, 10 * B])
    close(row(result, "cost_to_serve_lab"), [5 * B, 10 * B, 10 * B, 10 * B, 10 * B])


def test_the_backlog_without_a_signed_value_is_the_schedule_over_the_horizon() -> None:
    result = run(CLOUD.replace(", signed_value: $100B", ""))
    # potential 10 + 20 + 30 + 30 + 30 = $120B; earned 10, 30, 50, 70, 90
    close(row(result, "sales_backlog"), [110 * B, 90 * B, 70 * B, 50 * B, 30 * B])


def test_a_buyer_feeds_a_capacity_stream_its_gw_and_what_it_pays() -> None:
    gw = np.tile([1.0, 1.0, 0.5, 0.5, 0.5], (4, 1))
    usd = np.tile([12.0, 12.0, 6.0, 6.0, 6.0], (4, 1)) * B
    result, _ = run_linked(CLOUD, {"feed_gw:lab": gw, "feed_usd:lab": usd})
    close(row(result, "sold_gw_lab"), gw[0])
    close(row(result, "revenue_lab"), usd[0])  # the buyer's payment, whatever the stream's own price
    close(row(result, "served_gw_training"), [0.5, 0.5, 0.5, 0.5, 0.5])
    with pytest.raises(KeyError, match="feed_gw and feed_usd"):
        run_linked(CLOUD, {"feed_gw:lab": gw})


CHIPS = """
name: chips
horizon: {start: 2025, end: 2029}
streams:
  - {name: gpus, type: equipment, gw: {2025: 1, 2026: 3, 2027: 6, 2029: 10}, price_per_gw: $30B,
     gross_margin: 75%}
"""


def test_equipment_earns_the_gw_shipped_times_the_price_less_cost_of_goods() -> None:
    result = run(CHIPS)
    close(row(result, "shipped_gw_gpus"), [1, 2, 3, 2, 2])  # 2028 interpolated: 8 GW shipped in all
    close(row(result, "revenue_gpus"), [30 * B, 60 * B, 90 * B, 60 * B, 60 * B])
    close(row(result, "equipment_cogs"), [7.5 * B, 15 * B, 22.5 * B, 15 * B, 15 * B])
    close(row(result, "direct_costs"), row(result, "equipment_cogs"))
    close(row(result, "gross_profit"), [22.5 * B, 45 * B, 67.5 * B, 45 * B, 45 * B])
    close(row(result, "gross_margin"), [0.75] * 5)
    close(row(result, "compute_demand_gw"), [0] * 5)  # systems sold use none of the seller's compute


def test_a_buyer_feeds_an_equipment_stream() -> None:
    gw = np.tile([0.0, 1.0, 0.5, 0.5, 0.0], (4, 1))
    usd = gw * 20 * B
    result, _ = run_linked(CHIPS, {"feed_gw:gpus": gw, "feed_usd:gpus": usd})
    close(row(result, "shipped_gw_gpus"), gw[0])
    close(row(result, "revenue_gpus"), usd[0])
    close(row(result, "equipment_cogs"), 0.25 * usd[0])


NEOCLOUD = """
name: neocloud
horizon: {start: 2025, end: 2028}
streams:
  - {name: lab, type: capacity, gw: {2025: 0, 2026: 1, 2027: 2}, price_per_gw_year: $15B}
purchases:
  - {name: gpus, counterparty: Nvidia, capacity_gw: {2025: 0, 2026: 1, 2027: 2}, price_per_gw: $30B,
     it_life_years: 5, shell_price_per_gw_year: $2B}
finance:
  financing:
    - {name: spv, type: gpu_backed, year: 2026, advance_rate: 80%, rate: 10%, tenor_years: 5}
"""


def test_a_neocloud_sells_contracted_gw_on_gpus_it_buys_into_leased_shells_with_gpu_backed_debt() -> None:
    result = run(NEOCLOUD)
    close(row(result, "leased_shell_gw"), [0, 1, 2, 2])
    close(row(result, "revenue_lab"), [0, 15 * B, 30 * B, 30 * B])
    close(row(result, "capex"), [0, 30 * B, 30 * B, 0])
    close(row(result, "lease_cost"), [0, 2 * B, 4 * B, 4 * B])
    close(row(result, "depreciation"), [0, 6 * B, 12 * B, 12 * B])
    # 80% of each year's capex lent, repaid over 5 years from the year after: 24, 24 + 24 - 4.8, ... - 4.8 - 4.8
    close(row(result, "debt_balance"), [0, 24 * B, 43.2 * B, 33.6 * B])
    close(row(result, "interest_expense"), [0, 2.4 * B, 4.32 * B, 3.36 * B])
    # every GW is sold: all of the running cost and depreciation is cost of revenue
    close(row(result, "cost_of_revenue"), [0, 8 * B, 16 * B, 16 * B])


def test_a_capacity_stream_is_not_in_the_serve_order() -> None:
    with pytest.raises(ScenarioError, match="served before every other use"):
        gigawatt.loads(CLOUD.replace("compute: {training_gw: 0.5}",
                                     "compute: {training_gw: 0.5, serve_order: [lab, training]}"))


def test_training_alone_under_a_shortage_keeps_what_there_is() -> None:
    # no other use to share with: training gets the whole of the 1 GW (this once failed to stack no uses)
    result = run("""
name: lab
horizon: {start: 2025, end: 2026}
compute: {training_gw: 2}
sites: [{name: s, country: US, ownership: leased, capacity_gw: 1}]
""")
    close(row(result, "served_gw_training"), [1, 1])
    close(row(result, "unserved_gw_training"), [1, 1])
