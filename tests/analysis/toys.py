"""Small scenarios of the analysis tests, as YAML text."""

from __future__ import annotations

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

TOY = """\
name: toy
description: A small company that builds one campus and sells a subscription.
horizon: {start: 2025, end: 2030}
consumer:
  users: {logistic: {start: 800M, ceiling: "2B to 3B", midpoint_year: 2028}}
  paying_share: {2025: 5%, 2030: "8% to 12%"}
  tiers:
    - {name: plus, share_of_payers: 100%, price: 20 USD/month}
streams:
  - {name: subs, type: subscription, tokens_per_user_per_day: 2000}
sites:
  - name: abilene
    country: US
    ownership: owned
    capacity_gw: {2025: 0.2, 2026: 1.2}
    capex_per_gw: "$40B/GW to $60B/GW"
"""

PRODUCT_BOUNDS = {
    "consumer.users": (1e8, 1e9),
    "consumer.paying_share": (0.05, 0.10),
    "consumer.tiers.plus.price": (100.0, 400.0),
}
