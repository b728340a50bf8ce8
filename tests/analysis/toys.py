"""Small scenarios of the analysis tests, as YAML text."""

from __future__ import annotations

from toy_scenarios import TOY  # noqa: F401  (the analysis tests use the shared toy)

PRODUCT = """\
name: product
description: revenue = users x paying share x price, three independent uniforms.
horizon: {start: 2025, end: 2026}
consumer:
  users: {uniform: {low: 100M, high: 1B}}
  paying_share: {uniform: {low: 5%, high: 10%}}
  tiers:
    - {name: plus, share_of_payers: 100%, price: {uniform: {low: 100 USD/year, high: 400 USD/year}}}
streams:
  - {name: subs, type: subscription}
"""


STARTUP = """\
name: startup
description: A small AI lab with one campus, a subscription and an API.
horizon: {start: 2025, end: 2030}
consumer:
  users: {logistic: {start: 50M, ceiling: "150M to 300M", midpoint_year: 2027}}
  paying_share: {2025: 4%, 2030: "5% to 9%"}
  tiers:
    - {name: plus, share_of_payers: 100%, price: 20 USD/month}
streams:
  - {name: subs, type: subscription, tokens_per_user_per_day: 3000}
  - name: api
    type: usage
    tokens: {start: 2e14, growth: "40% to 90%"}
    price_per_million_tokens: {2025: 5, 2030: "1 to 3"}
sites:
  - name: campus
    country: US
    ownership: owned
    capacity_gw: {2025: 0.05, 2027: 0.3}
    capex_per_gw: "$35B/GW to $55B/GW"
finance:
  starting_cash: $2B
"""
"""The scenario of docs/analysis.md (`startup.yaml`)."""

PRODUCT_BOUNDS = {
    "consumer.users": (1e8, 1e9),
    "consumer.paying_share": (0.05, 0.10),
    "consumer.tiers.plus.price": (100.0, 400.0),
}
