"""Leases on the balance sheet (finance.leases), computed by hand; off it by default, nothing else moves."""

from __future__ import annotations

import numpy as np
import pytest

from .helpers import close, row, run

B = 1e9
# one leased site of 1 GW at $1B per GW-year, its power in the lease: $1B of lease payments a year
LEASED = """
name: leased
horizon: {{start: 2025, end: 2027}}
sites: [{{name: dc, country: US, ownership: leased, capacity_gw: 1, lease_price_per_gw_year: $1B}}]
finance: {{starting_cash: $10B{leases}}}
"""


def test_the_lease_liability_is_the_present_value_of_the_payments_and_unwinds() -> None:
    result = run(LEASED.format(leases=", leases: {rate: 10%}"))
    close(row(result, "lease_cost"), [1 * B, 1 * B, 1 * B])
    # at the start: 1/1.1 + 1/1.1^2 + 1/1.1^3 = 2.486852; each year it earns 10% and pays 1
    opening = (1 / 1.1 + 1 / 1.1**2 + 1 / 1.1**3) * B
    close(row(result, "lease_liabilities"), [opening * 1.1 - B, (opening * 1.1 - B) * 1.1 - B, 0.0])
    close(row(result, "lease_liabilities"), [(1 / 1.1 + 1 / 1.1**2) * B, B / 1.1, 0.0])
    close(row(result, "lease_interest"), [0.1 * opening, 0.1 * (1 / 1.1 + 1 / 1.1**2) * B, 0.1 * B / 1.1])
    close(row(result, "right_of_use_assets"), row(result, "lease_liabilities"))
    off = run(LEASED.format(leases=""))
    for name in ("net_income", "cash_balance", "free_cash_flow", "equity_balance", "ebitda", "taxes"):
        close(row(result, name), row(off, name))  # the lease cost stays the payment: income and cash as before
    close(row(result, "total_assets"), row(off, "total_assets") + row(result, "right_of_use_assets"))
    close(row(result, "total_liabilities"), row(off, "total_liabilities") + row(result, "lease_liabilities"))
    close(row(result, "total_assets"), row(result, "total_liabilities") + row(result, "equity_balance"))
    assert "lease_liabilities" not in off.series and "right_of_use_assets" not in off.series


def test_committed_years_roll_forward() -> None:
    result = run(LEASED.format(leases=", leases: {rate: 10%, committed_years: 1}"))
    # one year of payments committed at each year end: $1B / 1.1, none after the last year
    close(row(result, "lease_liabilities"), [B / 1.1, B / 1.1, 0.0])
    # 2026: the 2025 balance earns 10% (0.0909), the 2026 payment of $1B is paid, the 2027 one committed
    close(row(result, "lease_interest"), [0.1 * B / 1.1, 0.1 * B / 1.1, 0.1 * B / 1.1])


def test_a_part_year_start_accrues_for_the_part() -> None:
    result = run(LEASED.format(leases=", leases: {rate: 10%}, first_year_fraction: 0.5"))
    # 2025 is half a year: $0.5B paid at its end after 5% of interest, then $1B a year at 10%
    d = np.array([1.05, 1.05 * 1.1, 1.05 * 1.1**2])
    pay = np.array([0.5, 1.0, 1.0]) * B
    opening = float((pay / d).sum())
    close(row(result, "lease_interest")[0], 0.05 * opening)
    close(row(result, "lease_liabilities"), [opening * 1.05 - pay[0], B / 1.1, 0.0])


def test_leases_need_a_rate() -> None:
    from gigawatt.scenario.errors import ScenarioError

    with pytest.raises(ScenarioError, match="rate"):
        run(LEASED.format(leases=", leases: {committed_years: 3}"))


def test_the_balance_sheet_shows_the_leases_only_when_on_it() -> None:
    from gigawatt.analysis.statements import statements

    def balance_lines(result: object) -> list[str]:
        sheet = next(s for s in statements(result) if s.title == "balance sheet")  # type: ignore[arg-type]
        return [name for name, _, _ in sheet.rows]

    on = balance_lines(run(LEASED.format(leases=", leases: {rate: 10%}")))
    assert on.index("right_of_use_assets") < on.index("total_assets") < on.index("lease_liabilities") \
        < on.index("total_liabilities")
    off = balance_lines(run(LEASED.format(leases="")))
    assert "right_of_use_assets" not in off and "lease_liabilities" not in off
