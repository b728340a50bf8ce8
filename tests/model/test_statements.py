"""The three statements computed by hand: revolver, amortising debt, tax after interest, vendor financing,
valuation and IRR, sustained break-even, a horizon that starts mid-year."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gigawatt.model.valuation import irr, irr_exists

from .helpers import close, row, run, scalar

B = 1e9


def test_a_revolver_year_charges_interest_that_compounds() -> None:
    result = run("""
name: revolver
horizon: {start: 2025, end: 2027}
opex: {general_admin: {2025: $10B, 2026: 0}}
finance: {revolver: {rate: 10%}}
""")
    # 2025: -$10B drawn at year end; 2026: 10% of 10 = 1 added to the hole; 2027: 10% of 11 = 1.1
    close(row(result, "interest_expense"), [0, 1 * B, 1.1 * B])
    close(row(result, "revolver_balance"), [10 * B, 11 * B, 12.1 * B])
    close(row(result, "cash_balance"), [0, 0, 0])
    close(row(result, "net_income"), [-10 * B, -1 * B, -1.1 * B])
    close(row(result, "cash_from_financing"), [10 * B, 1 * B, 1.1 * B])
    close(scalar(result, "funding_gap"), 10 * B)  # before any financing: no interest
    close(scalar(result, "funding_gap_after_financing"), 12.1 * B)
    close(scalar(result, "funding_gap_after_financing_by_2027"), 12.1 * B)


def test_cash_above_the_minimum_earns_and_repays_the_revolver() -> None:
    result = run("""
name: earns
horizon: {start: 2025, end: 2027}
streams: [{name: deal, type: fixed, amount: {2025: 0, 2026: $20B}}]
opex: {general_admin: {2025: $10B, 2026: 0}}
finance: {starting_cash: $4B, min_cash: $2B, cash_rate: 5%, revolver: {rate: 10%}}
""")
    # 2025: 5% of 4 earned; 4 + 0.2 - 10 = -5.8 -> the revolver carries 7.8 to keep $2B
    # 2026: earns 5% of 2 = 0.1, pays 10% of 7.8 = 0.78; 2 + 20 + 0.1 - 0.78 = 21.32, repays 7.8 -> 13.52
    # 2027: earns 5% of 13.52 = 0.676, no revolver left
    close(row(result, "interest_income"), [0.2 * B, 0.1 * B, 0.676 * B])
    close(row(result, "interest_expense"), [0, 0.78 * B, 0])
    close(row(result, "revolver_balance"), [7.8 * B, 0, 0])
    close(row(result, "cash_balance"), [2 * B, 13.52 * B, 34.196 * B])


def test_an_amortising_term_loan_and_opening_debt() -> None:
    result = run("""
name: term
horizon: {start: 2025, end: 2031}
finance:
  opening_debt: [{name: notes, balance: $3B, rate: 5%, maturity_year: 2028, amortisation: linear}]
  financing: [{name: term, type: debt, year: 2026, amount: $4B, rate: 10%, tenor_years: 4, amortisation: linear}]
""")
    # notes: 1 repaid in each of 2026-2028; term loan: 1 repaid in each of 2027-2030
    close(row(result, "debt_balance"), np.array([3, 2 + 4, 1 + 3, 0 + 2, 1, 0, 0]) * B)
    interest = np.array([0.15, 0.1 + 0.4, 0.05 + 0.3, 0.2, 0.1, 0, 0]) * B
    close(row(result, "interest_expense"), interest)
    close(row(result, "cash_from_financing"), np.array([0, -1 + 4, -1 - 1, -1 - 1, -1, -1, 0]) * B)
    close(row(result, "equity_balance"), -3 * B - np.cumsum(interest))  # opening equity: no assets, $3B owed


def test_a_bullet_bond_is_repaid_at_once() -> None:
    result = run("""
name: bond
horizon: {start: 2025, end: 2029}
finance:
  financing: [{name: bond, type: debt, year: 2025, amount: $2B, rate: 6%, tenor_years: 3}]
""")
    close(row(result, "debt_balance"), [2 * B, 2 * B, 2 * B, 0, 0])
    close(row(result, "cash_from_financing"), [2 * B, 0, 0, -2 * B, 0])
    close(row(result, "interest_expense"), [0.12 * B, 0.12 * B, 0.12 * B, 0, 0])


def test_tax_after_interest_with_losses_carried_forward() -> None:
    result = run("""
name: tax
horizon: {start: 2025, end: 2027}
streams: [{name: deal, type: fixed, amount: $10B}]
opex: {general_admin: $4B}
finance:
  tax_rate: 25%
  opening_tax_losses: $5B
  financing: [{name: loan, type: debt, year: 2025, amount: $20B, rate: 10%, tenor_years: 10}]
""")
    # EBIT 6, interest 2: taxable 4 a year; the $5B of losses cover 2025 and 1 of 2026
    close(row(result, "pre_tax_income"), [4 * B, 4 * B, 4 * B])
    close(row(result, "taxes"), [0, 0.25 * 3 * B, 0.25 * 4 * B])
    close(row(result, "net_income"), [4 * B, 3.25 * B, 3 * B])
    # before financing, no interest: EBIT 6 against the same losses
    close(row(result, "unlevered_free_cash_flow"), [6 * B - 0.25 * B, 6 * B - 1.5 * B, 6 * B - 1.5 * B])


def test_a_delayed_draw_facility_then_the_revolver() -> None:
    result = run("""
name: ddtl
horizon: {start: 2025, end: 2028}
opex: {general_admin: {2025: $10B, 2026: 0}}
finance:
  revolver: {rate: 20%}
  financing:
    - {name: ddtl, type: delayed_draw, year: 2025, amount: $6B, rate: 10%, commitment_fee: 1%,
       availability_years: 2, tenor_years: 3}
""")
    # 2025: fee 1% of 6 undrawn; the shortfall 10.06 draws all 6, the revolver 4.06
    # 2026: 0.6 + 20% of 4.06; 2027: 0.6 + 20% of 5.472; 2028: the $6B is repaid, 20% of 7.1664
    close(row(result, "interest_expense"), [0.06 * B, 1.412 * B, 1.6944 * B, 1.43328 * B])
    close(row(result, "debt_balance"), [6 * B, 6 * B, 6 * B, 0])
    close(row(result, "revolver_balance"), [4.06 * B, 5.472 * B, 7.1664 * B, 14.59968 * B])


def test_a_vendor_financing_loop_warrants_and_a_stock_acquisition() -> None:
    result = run("""
name: vendor
horizon: {start: 2025, end: 2028}
sites: [{name: campus, country: US, ownership: owned, build_years: 1, power_price: 0,
         capacity_gw: {2025: 0, 2026: 1, 2027: 2}}]
finance:
  financing:
    - {name: chips, type: vendor_equity, year: 2025, per_gw: $10B, limit: $15B, valuation_post: $100B,
       deployed_gw: {2025: 0, 2026: 1, 2027: 2}}
    - {name: amd, type: warrant, year: 2025, value_per_gw: $3B, limit: $5B, deployed_gw: {2026: 0, 2027: 1, 2028: 3}}
    - {name: io, type: acquisition, year: 2026, amount: $6.5B, share_paid: 1, valuation_post: $300B}
""")
    # capex: $50B a year before each GW comes online; the vendor invests $10B with the first GW, $5B (its limit)
    # with the second: the loop's net cash is -50, -50 + 10, 0 + 5
    close(row(result, "capex"), [50 * B, 50 * B, 0, 0])
    close(row(result, "cash_from_financing"), [0, 10 * B, 5 * B, 0])
    close(row(result, "cash_balance"), [-50 * B, -90 * B, -85 * B, -85 * B])
    # warrants vest $3B, then $2B (the limit): non-cash income and an asset
    close(row(result, "other_income"), [0, 0, 3 * B, 2 * B])
    close(row(result, "other_assets"), [0, 6.5 * B, 9.5 * B, 11.5 * B])
    close(row(result, "existing_holders_ownership"),
          [1, 0.9 * (1 - 6.5 / 300), 0.9 * (1 - 6.5 / 300) * 0.95, 0.9 * (1 - 6.5 / 300) * 0.95])
    close(row(result, "total_assets"), row(result, "total_liabilities") + row(result, "equity_balance"))


def test_gpu_backed_debt_follows_the_capex_of_its_sites() -> None:
    result = run("""
name: spv
horizon: {start: 2025, end: 2028}
sites:
  - {name: a, country: US, ownership: owned, build_years: 1, power_price: 0, capacity_gw: {2025: 0, 2026: 1}}
  - {name: b, country: US, ownership: owned, build_years: 1, power_price: 0, capacity_gw: {2025: 0, 2027: 2}}
finance:
  financing: [{name: spv, type: gpu_backed, year: 2025, sites: [a], advance_rate: 0.8, rate: 10%, tenor_years: 2}]
""")
    # site a spends $50B in 2025: $40B lent, repaid 20 + 20 in 2026-2027
    close(row(result, "debt_balance"), [40 * B, 20 * B, 0, 0])
    close(row(result, "interest_expense"), [4 * B, 2 * B, 0, 0])


def test_dcf_with_a_terminal_value_against_the_closed_form() -> None:
    text = """
name: dcf
horizon: {start: 2025, end: 2029, discount_rate: 10%}
streams: [{name: deal, type: fixed, amount: $10B}]
finance: {valuation: {terminal: gordon, growth: 2%}}
"""
    result = run(text)
    annuity_due = 10 * B * (1 - 1.1**-5) / (1 - 1 / 1.1)
    terminal = 10 * B * 1.02 / (0.10 - 0.02)
    close(scalar(result, "terminal_value"), terminal)
    close(scalar(result, "enterprise_value"), annuity_due + terminal / 1.1**4)
    close(scalar(result, "implied_ev_to_revenue"), (annuity_due + terminal / 1.1**4) / (10 * B))
    exit = run(text.replace("{terminal: gordon, growth: 2%}", "{terminal: exit_multiple, multiple: 5, "
                                                              "multiple_of: revenue}"))
    close(scalar(exit, "enterprise_value"), annuity_due + 50 * B / 1.1**4)


def test_irr_against_known_series() -> None:
    flows = np.array([[-100.0, 110.0, 0.0], [-100.0, 39.0, 59.0], [-1.0, -2.0, -3.0], [1.0, 1.0, 1.0]])
    rates = irr(flows)
    close(rates[0], 0.10)
    # -100 + 39 v + 59 v^2 = 0 -> v = (-39 + sqrt(39^2 + 4 * 59 * 100)) / (2 * 59)
    v = (-39 + math.sqrt(39**2 + 4 * 59 * 100)) / (2 * 59)
    close(rates[1], 1 / v - 1)
    # no sign change: no rate of return; the end of the range the flows point to
    assert rates[2] == -0.99 and rates[3] == 10.0
    assert irr_exists(flows).tolist() == [True, True, False, False]
    # numpy-financial's documented example: irr([-100, 39, 59, 55, 20]) = 0.28095
    assert irr(np.array([[-100.0, 39, 59, 55, 20]]))[0] == pytest.approx(0.28095, abs=1e-5)


def test_irr_of_a_buildout_through_the_model() -> None:
    result = run("""
name: build
horizon: {start: 2025, end: 2026}
streams: [{name: deal, type: fixed, amount: {2025: 0, 2026: $55B}}]
sites: [{name: s, country: US, ownership: owned, build_years: 1, power_price: 0, capacity_gw: {2025: 0, 2026: 1}}]
finance: {valuation: {terminal: none}}
""")
    # -50 in 2025, +55 in 2026: 10% a year
    close(scalar(result, "irr"), 0.10)


def test_breakeven_is_sustained_and_the_first_crossing_is_kept() -> None:
    result = run("""
name: crossing
horizon: {start: 2025, end: 2029}
streams: [{name: deal, type: fixed, amount: {2025: 0, 2026: $2B, 2027: 0, 2028: $2B}}]
opex: {general_admin: $1B}
""")
    close(row(result, "free_cash_flow"), [-1 * B, 1 * B, -1 * B, 1 * B, 1 * B])
    assert scalar(result, "first_breakeven_year") == 2026
    assert scalar(result, "breakeven_year") == 2028
    assert result.probabilities["breakeven_by_2026"] == 0.0
    assert result.probabilities["breakeven_by_2028"] == 1.0


def test_a_horizon_that_starts_mid_year() -> None:
    result = run("""
name: half
horizon: {start: 2025, end: 2027}
streams: [{name: deal, type: fixed, amount: $10B}]
opex: {general_admin: $4B}
finance:
  first_year_fraction: 0.5
  financing: [{name: loan, type: debt, year: 2025, amount: $10B, rate: 10%, tenor_years: 5}]
""")
    close(row(result, "revenue_total"), [10 * B] * 3)  # a full-year rate
    close(row(result, "ebitda"), [3 * B, 6 * B, 6 * B])  # the second half of 2025, then whole years
    close(row(result, "interest_expense"), [0.5 * B, 1 * B, 1 * B])
    close(row(result, "cash_balance"), [12.5 * B, 17.5 * B, 22.5 * B])


def test_ownership_is_only_shown_when_every_issue_has_a_valuation() -> None:
    result = run("""
name: rounds
horizon: {start: 2025, end: 2026}
finance:
  financing:
    - {name: a, type: equity, year: 2025, amount: $40B, valuation_post: $300B}
    - {name: b, type: equity, year: 2026, amount: $100B, valuation_post: $800B}
""")
    close(row(result, "existing_holders_ownership"), [1 - 40 / 300, (1 - 40 / 300) * (1 - 100 / 800)])
    unknown = run("""
name: rounds
horizon: {start: 2025, end: 2026}
finance: {financing: [{name: a, type: equity, year: 2025, amount: $40B}]}
""")
    assert "existing_holders_ownership" not in unknown.series


def test_the_opening_plant_is_the_book_value_of_the_vintages() -> None:
    result = run("""
name: plant
horizon: {start: 2025, end: 2027}
sites:
  - {name: site, country: US, ownership: owned, it_life_years: 4, capex_per_gw: $50B/GW, it_share_of_capex: 0.7,
     facility_life_years: 20, opening_vintages: {2022: 0.5, 2024: 0.5}, capacity_gw: 1}
""")
    # IT $17.5B and facility $7.5B per vintage; at the start 2022's IT has 1 of 4 years left, 2024's 3 of 4;
    # the facilities 17 and 19 of 20: 4.375 + 13.125 + 6.375 + 7.125 = 31
    close(row(result, "depreciation"), [9.5 * B] * 3)
    close(row(result, "pp_e_net"), [31 * B - 9.5 * B, 31 * B - 19 * B + 17.5 * B, 31 * B - 28.5 * B + 17.5 * B])
    close(row(result, "equity_balance")[0], 31 * B + row(result, "net_income")[0])
