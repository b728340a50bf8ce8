"""Taxes with losses carried forward, debt, funding gaps, breakeven, NPV."""

from __future__ import annotations

import math

from .helpers import close, row, run, scalar

B = 1e9

TAXED = """
name: taxed
horizon: {start: 2025, end: 2029, discount_rate: 0.1}
streams:
  - {name: deal, type: fixed, amount: {2025: $1B, 2026: $2B, 2027: $3.5B, 2028: $4B, 2029: $8B}}
opex: {general_admin: $3B}
finance: {starting_cash: $1B, min_cash: $500M, tax_rate: 25%, funding_gap_year: 2026}
"""


def test_taxes_after_losses_carried_forward() -> None:
    result = run(TAXED)
    close(row(result, "operating_income"), [-2 * B, -1 * B, 0.5 * B, 1 * B, 5 * B])
    # losses: 2 -> 3 -> 2.5 -> 1.5 carried; 2029: 25% of (5 - 1.5)
    close(row(result, "taxes"), [0, 0, 0, 0, 0.25 * 3.5 * B])
    close(row(result, "free_cash_flow"), [-2 * B, -1 * B, 0.5 * B, 1 * B, 4.125 * B])


def test_cash_funding_gap_breakeven_and_npv() -> None:
    result = run(TAXED)
    close(row(result, "cash_before_financing"), [-1 * B, -2 * B, -1.5 * B, -0.5 * B, 3.625 * B])
    close(row(result, "cash_balance"), row(result, "cash_before_financing"))  # no financing
    # keep $0.5B: the low point is -$2B in 2026
    close(scalar(result, "funding_gap"), 2.5 * B)
    close(scalar(result, "funding_gap_by_2026"), 2.5 * B)
    close(scalar(result, "funding_gap_after_financing"), 2.5 * B)
    assert scalar(result, "peak_funding_need_year") == 2026
    assert scalar(result, "breakeven_year") == 2027
    probabilities = result.probabilities
    assert probabilities["breakeven_by_2026"] == 0.0
    assert probabilities["breakeven_by_2027"] == 1.0
    assert probabilities["breakeven_by_2029"] == 1.0
    npv = -2 * B - 1 * B / 1.1 + 0.5 * B / 1.1**2 + 1 * B / 1.1**3 + 4.125 * B / 1.1**4
    close(scalar(result, "npv"), npv)
    assert result.units["funding_gap"] == "USD"
    assert result.units["breakeven_by_2027"] == "event"


def test_funding_gap_year_defaults_to_five_years_on_clamped_to_the_horizon() -> None:
    result = run(TAXED.replace(", funding_gap_year: 2026", ""))
    # start + 5 = 2030 lies past the horizon: clamped to 2029
    close(scalar(result, "funding_gap_by_2029"), 2.5 * B)
    early = run(TAXED.replace("funding_gap_year: 2026", "funding_gap_year: 2025"))
    close(scalar(early, "funding_gap_by_2025"), 1.5 * B)  # 0.5 - (-1)


def test_debt_interest_repayment_and_equity() -> None:
    result = run("""
name: debt
horizon: {start: 2025, end: 2030}
finance:
  financing:
    - {name: loan, type: debt, year: 2026, amount: $3B, rate: 10%, tenor_years: 3}
    - {name: round, type: equity, year: 2027, amount: $1B}
    - {name: late_loan, type: debt, year: 2029, amount: $2B, rate: 5%, tenor_years: 5}
""")
    # the loan pays interest 2026-2028 and is repaid in 2029; the late loan is not repaid within the horizon
    close(row(result, "interest_expense"), [0, 0.3 * B, 0.3 * B, 0.3 * B, 0.1 * B, 0.1 * B])
    close(row(result, "cash_from_financing"), [0, 3 * B, 1 * B, 0, -3 * B + 2 * B, 0])
    close(row(result, "free_cash_flow"), [0, -0.3 * B, -0.3 * B, -0.3 * B, -0.1 * B, -0.1 * B])
    close(row(result, "debt_balance"), [0, 3 * B, 3 * B, 3 * B, 2 * B, 2 * B])
    # before any financing there is no debt and so no interest: nothing to fund
    close(row(result, "cash_before_financing"), [0] * 6)
    close(row(result, "cash_balance"), [0, 2.7 * B, 3.4 * B, 3.1 * B, 2.0 * B, 1.9 * B])
    close(scalar(result, "funding_gap"), 0.0)
    close(scalar(result, "funding_gap_after_financing"), 0.0)
    assert scalar(result, "first_breakeven_year") == 2025  # 2025 has no flows at all: free cash flow 0 >= 0
    assert math.isinf(scalar(result, "breakeven_year"))  # but it is negative again from 2026 to the end


def test_never_breaking_even_is_infinite() -> None:
    result = run("name: loss\nhorizon: {start: 2025, end: 2027}\nopex: {general_admin: $1B}\n")
    assert math.isinf(scalar(result, "breakeven_year"))
    assert not any(result.probabilities.values())
    close(scalar(result, "funding_gap"), 3 * B)
    assert scalar(result, "peak_funding_need_year") == 2027
    summary = result.summary()
    assert summary["scalars"]["breakeven_year"]["p50"] is None  # inf is not JSON; the summary says none
