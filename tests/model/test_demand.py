"""Demand: users, payers, tiers, devices (Bass diffusion) -- against numbers worked out by hand."""

from __future__ import annotations

import math

import pytest

from .helpers import close, row, run


def test_one_tier_subscription() -> None:
    result = run("""
name: one-tier
horizon: {start: 2025, end: 2027}
consumer:
  users: 100M
  paying_share: 5%
  tiers: [{name: plus, share_of_payers: 100%, price: 20 USD/month}]
streams:
  - {name: chat, type: subscription}
""")
    close(row(result, "users_consumer"), [100e6] * 3)
    close(row(result, "payers"), [5e6] * 3)
    close(row(result, "arpu_paid"), [240.0] * 3)
    close(row(result, "revenue_chat"), [100e6 * 0.05 * 240] * 3)  # 1.2e9
    close(row(result, "revenue_total"), [1.2e9] * 3)
    close(row(result, "paying_share_of_users"), [0.05] * 3)
    close(row(result, "revenue_share_from_payers"), [1.0] * 3)
    close(row(result, "tokens_total"), [0.0] * 3)


def test_logistic_users_follow_the_closed_form() -> None:
    result = run("""
name: s-curve
horizon: {start: 2025, end: 2031}
consumer:
  users: {logistic: {start: 100M, ceiling: 1B, midpoint_year: 2028}}
""")
    # U(y) = 1e9 / (1 + exp(-k (y - 2028))), with U(2025) = 1e8: exp(3k) = 1e9/1e8 - 1 = 9.
    k = math.log(9) / 3
    expected = [1e9 / (1 + math.exp(-k * (year - 2028))) for year in range(2025, 2032)]
    close(row(result, "users_consumer"), expected)
    assert row(result, "users_consumer")[0] == pytest.approx(1e8)  # passes through the start
    assert row(result, "users_consumer")[3] == pytest.approx(5e8)  # half the ceiling at the midpoint


def test_tiers_store_fees_and_payer_tokens() -> None:
    result = run("""
name: tiers
horizon: {start: 2025, end: 2026}
consumer:
  users: 100M
  paying_share: 5%
  tiers:
    - {name: plus, share_of_payers: 80%, price: 20 USD/month}
    - {name: pro, share_of_payers: 20%, price: 200 USD/month}
streams:
  - name: chat
    type: subscription
    store_fee_share: 25%
    store_fee: 30%
    tokens_per_user_per_day: 1000
    payer_token_multiple: 3
compute: {shortage_revenue_elasticity: 0}  # no sites: nothing is served, but no revenue is lost
""")
    arpu = 0.8 * 240 + 0.2 * 2400  # 672 USD a year
    close(row(result, "arpu_paid"), [arpu] * 2)
    gross = 5e6 * arpu
    close(row(result, "revenue_chat"), [gross * (1 - 0.25 * 0.3)] * 2)
    close(row(result, "app_store_fees"), [gross * 0.25 * 0.3] * 2)
    # app-store fees are netted out of revenue, not charged again as cost of revenue
    close(row(result, "cost_of_revenue"), [0.0] * 2)
    # 95M free users at 1000 tokens a day, 5M payers at 3000
    close(row(result, "tokens_total"), [365 * 1000 * (95e6 + 5e6 * 3)] * 2)


DEVICE = """
name: device
horizon: {start: 2025, end: 2030}
consumer:
  users: 100M
  paying_share: 5%
  tiers: [{name: plus, share_of_payers: 100%, price: 240}]
streams:
  - {name: chat, type: subscription}
  - name: pin
    type: device
    launch_year: 2026
    market_potential: 1000
    innovation: 0.1
    imitation: 0.5
    price: 100
    gross_margin: 40%
    replacement_years: 2
    tokens_per_device_per_day: 10
    attach_uplift: 50%
compute: {shortage_revenue_elasticity: 0}  # no sites: nothing is served, but no revenue is lost
"""


def test_bass_diffusion_by_hand() -> None:
    result = run(DEVICE)
    # n_t = (p + q N/m)(m - N) from the launch year; N = 0 before.
    n26 = 0.1 * 1000
    n27 = (0.1 + 0.5 * 100 / 1000) * (1000 - 100)  # 135
    n28 = (0.1 + 0.5 * 235 / 1000) * (1000 - 235)  # 166.3875
    base28 = 235 + n28
    n29 = (0.1 + 0.5 * base28 / 1000) * (1000 - base28)
    base29 = base28 + n29
    n30 = (0.1 + 0.5 * base29 / 1000) * (1000 - base29)
    base = [0, 100, 235, base28, base29, base29 + n30]
    close(row(result, "device_installed_base"), base)
    # replacements every 2 years: units(t) = n_t + n_{t-2} + n_{t-4}
    units = [0, n26, n27, n28 + n26, n29 + n27, n30 + n28 + n26]
    close(row(result, "device_units"), units)
    close(row(result, "revenue_pin"), [u * 100 for u in units])
    close(row(result, "device_cogs"), [u * 100 * 0.6 for u in units])
    close(row(result, "cost_of_revenue"), [u * 100 * 0.6 for u in units])
    close(row(result, "tokens_total"), [365 * 10 * b for b in base])
    # half of the device owners who were not paying start paying
    payers = [5e6 + 0.5 * b * 0.95 for b in base]
    close(row(result, "payers"), payers)
    close(row(result, "revenue_chat"), [p * 240 for p in payers])
    # device revenue does not come from paying consumers
    revenue = [p * 240 + u * 100 for p, u in zip(payers, units, strict=True)]
    close(row(result, "revenue_share_from_payers"), [p * 240 / r for p, r in zip(payers, revenue, strict=True)])


def test_no_devices_gives_zero_device_series() -> None:
    result = run("name: empty\nhorizon: {start: 2025, end: 2027}\n")
    close(row(result, "device_units"), [0.0] * 3)
    close(row(result, "device_installed_base"), [0.0] * 3)
    close(row(result, "paying_share_of_users"), [0.0] * 3)  # no users: 0, not nan
    close(row(result, "revenue_share_from_payers"), [0.0] * 3)


def test_intermediates_are_not_outputs() -> None:
    result = run(DEVICE)
    assert not [name for name in result.names() if name.startswith("_")]
