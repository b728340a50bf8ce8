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

RAMP = """
name: ramp
horizon: {start: 2025, end: 2030}
streams: [{name: deal, type: fixed, amount: {2025: $1B, 2026: $2B, 2027: $3B, 2028: $4B, 2029: $5B, 2030: $6B}}]
opex: {general_admin: $2.5B}
"""
"""Revenue $1B, $2B, ..., $6B in 2025-2030 and $2.5B of general admin a year, no tax, no interest: free cash flow
is -1.5, -0.5, 0.5, 1.5, 2.5, 3.5 ($B), a toy whose window metrics are known by hand."""


PAYING = '  paying_share: {2025: 5%, 2030: "8% to 12%"}'
"""The toy's paying share as written: what a formula test replaces."""


def with_paying_share(formula: str) -> str:
    """The toy with its paying share written as ``formula``."""
    assert PAYING in TOY
    return TOY.replace(PAYING, f'  paying_share: "{formula}"')
