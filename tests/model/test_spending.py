"""Capital spending given in dollars and the revenue a buildout requires (docs/model.md sections 5 and 10)."""

from __future__ import annotations

import pytest

import gigawatt
from gigawatt.scenario.errors import ScenarioError

from .helpers import close, row, run

B = 1e9

TOY = """
name: industry
horizon: {start: 2025, end: 2028}
capital_spending:
  - {name: hardware, amount: {2025: $10B, 2026: $20B, 2027: $20B, 2028: 0}, life_years: 2}
  - {name: buildings, amount: $4B, life_years: 4}
streams:
  - {name: cash_flows, type: fixed, amount: $30B}
finance:
  sustainable_capex_share: 25%
"""


def test_capital_spending_counts_in_capex_and_is_written_off_straight_line() -> None:
    result = run(TOY)
    close(row(result, "capex"), [14 * B, 24 * B, 24 * B, 4 * B])
    close(row(result, "capex_gross"), [14 * B, 24 * B, 24 * B, 4 * B])
    # hardware over 2 years: 5, 5 + 10, 10 + 10, 10 + 0; buildings over 4 years: 1, 2, 3, 4
    close(row(result, "depreciation"), [6 * B, 17 * B, 23 * B, 14 * B])
    close(row(result, "compute_spend"), [14 * B, 24 * B, 24 * B, 4 * B])
    close(row(result, "compute_capacity_gw"), [0, 0, 0, 0])
    # no cost but capex: free cash flow = 30 - capex, and the gap is the deepest cumulative hole
    close(row(result, "free_cash_flow"), [16 * B, 6 * B, 6 * B, 26 * B])


def test_revenue_required_is_capex_over_the_sustainable_share() -> None:
    result = run(TOY)
    close(row(result, "revenue_required"), [56 * B, 96 * B, 96 * B, 16 * B])
    close(row(result, "revenue_shortfall"), [26 * B, 66 * B, 66 * B, -14 * B])


def test_without_the_share_there_is_no_required_revenue() -> None:
    result = run(TOY.replace("  sustainable_capex_share: 25%\n", "  min_cash: 0\n"))
    assert "revenue_required" not in result.names() and "revenue_shortfall" not in result.names()


def test_a_share_that_would_divide_by_zero_is_a_located_error() -> None:
    with pytest.raises(ScenarioError, match="sustainable_capex_share"):
        gigawatt.loads(TOY.replace("sustainable_capex_share: 25%", "sustainable_capex_share: 0"))
