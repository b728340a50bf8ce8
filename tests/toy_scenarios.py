"""Small scenarios shared by the tests, as YAML text."""

from __future__ import annotations

TOY = """\
name: toy
description: A small scenario for tests.
horizon: {start: 2025, end: 2030}
consumer:
  users: {logistic: {start: 800M, ceiling: "2B to 3B", midpoint_year: 2028}}  # toy source
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
