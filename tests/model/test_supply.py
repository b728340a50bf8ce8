"""Capacity, the balance with demand, shortages, resale, contracts."""

from __future__ import annotations

from .helpers import close, row, run

ONE_GW_OF_TOKENS = 365.25 * 86400 * 1e11 * 1e9 / 2e12  # tokens a year that keep 1 GW busy at the defaults
API_REVENUE = ONE_GW_OF_TOKENS * 2 / 1e6  # at 2 USD per million tokens


def test_shortage_cuts_compute_driven_revenue_by_elasticity() -> None:
    text = f"""
name: short
horizon: {{start: 2025, end: 2026}}
compute: {{training_to_inference: 0.5, shortage_revenue_elasticity: 0.5, serve_order: [training]}}
streams:
  - {{name: api, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: 2}}
  - {{name: deal, type: fixed, amount: $1B}}
sites:
  - {{name: rented, country: US, ownership: leased, capacity_gw: {{2025: 1.2, 2026: 3}}}}
"""
    result = run(text)
    close(row(result, "compute_demand_gw"), [1.5, 1.5])
    close(row(result, "compute_capacity_gw"), [1.2, 3.0])
    close(row(result, "served_gw"), [1.2, 1.5])
    close(row(result, "compute_shortage_gw"), [0.3, 0.0])
    close(row(result, "compute_surplus_gw"), [0.0, 1.5])
    # 2025: training is served first (0.5 GW); the API gets 0.7 of its 1 GW: 30% unserved, half of it lost
    close(row(result, "served_gw_training"), [0.5, 0.5])
    close(row(result, "unserved_gw_api"), [0.3, 0.0])
    close(row(result, "revenue_api"), [API_REVENUE * (1 - 0.5 * 0.3), API_REVENUE])
    close(row(result, "revenue_deal"), [1e9, 1e9])  # no tokens: not compute-driven
    close(row(result, "revenue_total"), [API_REVENUE * 0.85 + 1e9, API_REVENUE + 1e9])
    # by default training keeps its share of the shortage: 1.2 of 1.5 GW is 80%, so 0.4 of its 0.5 GW; the API
    # gets the other 0.8 GW, 20% of its 1 GW unserved, half of that lost
    default = run(text.replace(", serve_order: [training]", ""))
    close(row(default, "served_gw_training"), [0.4, 0.5])
    close(row(default, "unserved_gw_training"), [0.1, 0.0])
    close(row(default, "unserved_gw_api"), [0.2, 0.0])
    close(row(default, "revenue_api"), [API_REVENUE * (1 - 0.5 * 0.2), API_REVENUE])


def test_full_elasticity_loses_everything_unserved() -> None:
    result = run(f"""
name: short
horizon: {{start: 2025, end: 2025}}
compute: {{shortage_revenue_elasticity: 1}}
streams:
  - {{name: api, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: 2}}
sites:
  - {{name: rented, country: US, ownership: leased, capacity_gw: 0.25}}
""")
    close(row(result, "revenue_api"), [API_REVENUE * 0.25])


def test_resale_is_capped_by_the_market() -> None:
    result = run(f"""
name: resale
horizon: {{start: 2025, end: 2026}}
compute:
  training_to_inference: 0.5
  resale: {{share: 60%, market_cap_gw: {{2025: 0.5 GW, 2026: 2 GW}}, price_per_gw_year: $10B}}
streams:
  - {{name: api, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: 2}}
sites:
  - {{name: rented, country: US, ownership: leased, capacity_gw: 3}}
""")
    close(row(result, "compute_surplus_gw"), [1.5, 1.5])
    # 60% of 1.5 GW = 0.9 GW could be sold; the market takes 0.5 GW in 2025
    close(row(result, "resale_gw"), [0.5, 0.9])
    close(row(result, "revenue_compute_resale"), [5e9, 9e9])
    close(row(result, "revenue_total"), [API_REVENUE + 5e9, API_REVENUE + 9e9])


CONTRACTS = """
name: contracts
horizon: {start: 2025, end: 2030}
streams:
  - {name: api, type: usage, tokens: TOKENS, price_per_million_tokens: 2}
sites:
  - {name: abilene, country: US, ownership: leased, capacity_gw: 1, lease_price_per_gw_year: $8B}
contracts:
  - name: cloud
    counterparty: Oracle
    country: UAE
    total_value: $30B
    start_year: 2026
    years: 3
    price_per_gw_year: $10B
    committed_share: 50%
  - name: chips
    counterparty: Nvidia
    capacity_gw: 1
    price_per_gw_year: $5B
    inside_sites: true
"""


def test_contract_by_total_value_and_country_capacity() -> None:
    result = run(CONTRACTS.replace("TOKENS", str(ONE_GW_OF_TOKENS / 2)))  # 0.5 GW of demand
    cloud_gw = [0, 1, 1, 1, 0, 0]  # $30B / 3 years / $10B per GW-year, 2026-2028
    close(row(result, "compute_capacity_gw_uae"), cloud_gw)
    close(row(result, "compute_capacity_gw_us"), [1.0] * 6)  # the chips inside the sites add nothing
    close(row(result, "site_capacity_gw_abilene"), [1.0] * 6)
    close(row(result, "compute_capacity_gw"), [1 + g for g in cloud_gw])
    # half committed; the other half paid in proportion to use (0.5 GW served of 2 GW)
    close(row(result, "contract_cost"), [g * 10e9 * (0.5 + 0.5 * 0.5 / 2) for g in cloud_gw])
    # commitments count every contract at full take, the chips inside the sites too
    close(row(result, "contract_commitments"), [g * 10e9 + 5e9 for g in cloud_gw])
    close(row(result, "lease_cost"), [8e9] * 6)
    close(row(result, "compute_spend"), [8e9 + g * 10e9 * 0.625 for g in cloud_gw])
    revenue = ONE_GW_OF_TOKENS / 2 * 2 / 1e6
    close(row(result, "compute_cost_to_revenue"), [(8e9 + g * 10e9 * 0.625) / revenue for g in cloud_gw])
