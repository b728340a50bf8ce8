"""Unit economics: inference compute as cost of revenue, training and idle GW as research, the cost of a token."""

from __future__ import annotations

import pytest

from .helpers import close, row, run

B = 1e9
SECONDS = 365.25 * 86400.0
TOKENS = 1e8 * SECONDS  # x 1e12 FLOP / (seconds a year x 1e11 FLOP/s/W) = 1 GW of inference


def toy(capacity_gw: float) -> str:
    return f"""
name: unit
horizon: {{start: 2025, end: 2026}}
streams:
  - {{name: api, type: usage, tokens: {TOKENS}, price_per_million_tokens: $5}}
  - {{name: ads, type: fixed, amount: $1B}}
compute:
  flop_per_token: 1e12 FLOP
  flops_per_watt_effective: 1e11 FLOP/s/W
  training_to_inference: 0.5
  shortage_revenue_elasticity: 0
sites:
  - {{name: s, country: US, capacity_gw: {capacity_gw}, lease_price_per_gw_year: $10B}}
opex:
  revenue_shares: [{{name: partner, share: 10%}}]
"""


def test_a_surplus_charges_inference_to_revenue_and_training_and_idle_gw_to_research() -> None:
    result = run(toy(2.0))
    revenue = TOKENS / 1e6 * 5 + 1 * B  # $15.78B of API and $1B of ads
    # 2 GW at $10B: 1 GW of inference ($10B) is cost of revenue; 0.5 GW of training and 0.5 GW idle are research
    close(row(result, "compute_cost"), [20 * B] * 2)
    close(row(result, "serving_compute_cost"), [10 * B] * 2)
    close(row(result, "research_compute_cost"), [10 * B] * 2)
    close(row(result, "cost_of_revenue"), [10 * B + 0.1 * revenue] * 2)
    close(row(result, "gross_margin"), [(revenue - 10 * B - 0.1 * revenue) / revenue] * 2)
    close(row(result, "revenue_per_gw"), [revenue / 2] * 2)
    # $10B over 3.16e9 million tokens
    close(row(result, "cost_per_million_tokens"), [10 * B / (TOKENS / 1e6)] * 2)
    close(row(result, "cost_to_serve_api"), [10 * B] * 2)
    close(row(result, "cost_to_serve_ads"), [0, 0])


def test_under_a_shortage_only_the_served_inference_is_cost_of_revenue() -> None:
    result = run(toy(1.0))
    # demand 1.5 GW, capacity 1 GW: training keeps its share (2/3 of its 0.5 GW), the API gets the other 2/3 GW
    close(row(result, "served_gw_api"), [2 / 3] * 2)
    close(row(result, "serving_compute_cost"), [10 * B * 2 / 3] * 2)
    close(row(result, "research_compute_cost"), [10 * B / 3] * 2)
    # the API first, then training: the whole $10B serves revenue
    after = run(toy(1.0).replace("  shortage_revenue_elasticity: 0\n", "  shortage_revenue_elasticity: 0\n"
                                 "  serve_order: [api, training]\n"))
    close(row(after, "serving_compute_cost"), [10 * B] * 2)
    close(row(after, "research_compute_cost"), [0] * 2)
    # training first instead: 0.5 GW of research, the API gets the other half
    first = run(toy(1.0).replace("  shortage_revenue_elasticity: 0\n", "  shortage_revenue_elasticity: 0\n"
                                 "  serve_order: [training]\n"))
    close(row(first, "serving_compute_cost"), [5 * B] * 2)
    close(row(first, "research_compute_cost"), [5 * B] * 2)
    # the cost of a token does not depend on how many are served: $10B per GW-year x GW-years per token
    assert row(result, "cost_per_million_tokens")[0] == pytest.approx(10 * B / (TOKENS / 1e6))
