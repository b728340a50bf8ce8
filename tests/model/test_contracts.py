"""Contracts as signed and delivered: the signed value, the backlog it leaves, GW by counterparty."""

from __future__ import annotations

from .helpers import close, row, run, scalar

B = 1e9


def test_signed_value_and_a_delivery_schedule_stated_together() -> None:
    result = run("""
name: signed
horizon: {start: 2025, end: 2029}
contracts:
  - {name: big, counterparty: Oracle, capacity_gw: {2025: 0, 2026: 1, 2028: 3}, price_per_gw_year: $10B,
     signed_value: $200B, signed_gw: 10 GW, committed_share: 100%}
  - {name: small, counterparty: Oracle, capacity_gw: {2025: 1, 2027: 1, 2028: 0}, price_per_gw_year: $5B}
""")
    # big: 0, 1, 2, 3, 3 GW at $10B delivered $0, 10, 30, 60, 90B by year end: backlog $200B less that
    # small: 1, 1, 1, 0, 0 GW at $5B: signed for its schedule ($15B), performed by 2027
    close(scalar(result, "contract_signed_value"), 215 * B)
    close(scalar(result, "contract_signed_gw"), 11)
    close(row(result, "contract_backlog"), [200 * B + 10 * B, 190 * B + 5 * B, 170 * B, 140 * B, 110 * B])
    close(row(result, "delivered_gw_oracle"), [1, 2, 3, 3, 3])
    # take-or-pay on what is delivered
    close(row(result, "contract_cost"), [5 * B, 15 * B, 25 * B, 30 * B, 30 * B])


def test_prices_by_delivery_year_stay_with_each_gw() -> None:
    text = """
name: vintage_price
horizon: {start: 2025, end: 2028}
contracts:
  - {name: c, counterparty: X, capacity_gw: {2025: 1, 2026: 2, 2028: 2}, price_per_gw_year: {2025: $10B, 2026: $6B}
     PRICE_BY}
sites:
  - {name: s, country: US, capacity_gw: {2025: 1, 2026: 1, 2027: 0.5}, lease_price_per_gw_year: {2025: $10B, 2026: $4B}
     SITE_BY}
"""
    by_year = run(text.replace("PRICE_BY", "").replace("SITE_BY", ""))
    by_delivery = run(text.replace("PRICE_BY", ", price_by: delivery").replace("SITE_BY", ", price_by: delivery"))
    # by year: every GW at the year's price; by delivery: the 2025 GW keep $10B, the 2026 GW pay $6B
    close(row(by_year, "contract_cost"), [10 * B, 12 * B, 12 * B, 12 * B])
    close(row(by_delivery, "contract_cost"), [10 * B, 16 * B, 16 * B, 16 * B])
    # the site's 1 GW of 2025 keeps its $10B; half of it retires in 2027 and stops paying
    close(row(by_year, "lease_cost"), [10 * B, 4 * B, 2 * B, 2 * B])
    close(row(by_delivery, "lease_cost"), [10 * B, 10 * B, 5 * B, 5 * B])


SIGNED = """
name: signed_price
horizon: {start: 2025, end: 2028}
sites:
  - {name: s, country: US, capacity_gw: {2025: 1, 2026: 1, 2027: 2}, slip_years: 1,
     lease_price_per_gw_year: {2025: $10B, 2026: $8B, 2027: $6B, 2028: $4B} BY}
"""


def test_prices_by_signing_year_stay_with_each_gw_through_a_slip() -> None:
    def lease(by: str) -> list[float]:
        return list(row(run(SIGNED.replace("BY", by)), "lease_cost"))

    # the second GW, due in 2027, slips to 2028; the GW online in 2025 stays and pays $10B
    close(row(run(SIGNED.replace("BY", "")), "site_capacity_gw_s"), [1, 1, 1, 2])
    close(lease(""), [10 * B, 8 * B, 6 * B, 8 * B])                          # every GW at the year's price
    close(lease(", price_by: delivery"), [10 * B, 10 * B, 10 * B, 14 * B])   # the late GW at 2028's $4B
    # signed in the year it was due (2027, $6B), or a year before it (2026, $8B): the slip does not change it
    close(lease(", price_by: signing"), [10 * B, 10 * B, 10 * B, 16 * B])
    close(lease(", price_by: signing, signing_lead_years: 1"), [10 * B, 10 * B, 10 * B, 18 * B])


def test_a_contract_priced_by_signing_pays_the_signing_price_for_its_term() -> None:
    result = run("""
name: signed_contract
horizon: {start: 2025, end: 2029}
contracts:
  - {name: c, counterparty: X, capacity_gw: {2025: 0, 2026: 1, 2027: 3}, price_by: signing, signing_lead_years: 2,
     price_per_gw_year: {2025: $12B, 2026: $10B, 2027: $8B, 2029: $8B}}
""")
    # the 1 GW of 2026 and the 2 GW of 2027 were signed in 2024 and 2025: both at 2025's $12B (the first price)
    close(row(result, "contract_cost"), [0, 12 * B, 36 * B, 36 * B, 36 * B])
    close(row(result, "contract_commitments"), [0, 12 * B, 36 * B, 36 * B, 36 * B])
