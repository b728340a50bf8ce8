"""Priority under a shortage: the most valuable use is served first; advertising follows free users."""

from __future__ import annotations

import pytest

import gigawatt
from gigawatt.scenario.errors import ScenarioError

from .helpers import close, row, run

ONE_GW_OF_TOKENS = 365.25 * 86400 * 1e11 * 1e9 / 2e12  # tokens a year that keep 1 GW busy at the defaults


def test_a_shortage_spares_the_most_valuable_use() -> None:
    result = run(f"""
name: priority
horizon: {{start: 2025, end: 2025}}
compute: {{shortage_revenue_elasticity: 1}}
streams:
  - {{name: cheap, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: $1}}
  - {{name: premium, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: $10}}
sites: [{{name: s, country: US, capacity_gw: 1.5}}]
""")
    # 2 GW demanded, 1.5 GW to share: premium ($10 a million tokens) first, cheap gets the other 0.5 GW
    close(row(result, "served_gw_premium"), [1.0])
    close(row(result, "served_gw_cheap"), [0.5])
    close(row(result, "unserved_gw_cheap"), [0.5])
    close(row(result, "revenue_premium"), [ONE_GW_OF_TOKENS / 1e6 * 10])
    close(row(result, "revenue_cheap"), [ONE_GW_OF_TOKENS / 1e6 * 0.5])


def test_training_keeps_its_share_and_the_streams_share_the_rest_by_value() -> None:
    # 1 GW of cheap tokens, 1 GW of premium, training 0.5 x inference = 1 GW: 3 GW demanded, 1.5 GW to share
    result = run(f"""
name: research
horizon: {{start: 2025, end: 2025}}
compute: {{training_to_inference: 0.5, shortage_revenue_elasticity: 1}}
streams:
  - {{name: cheap, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: $1}}
  - {{name: premium, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: $10}}
sites: [{{name: s, country: US, capacity_gw: 1.5}}]
""")
    # capacity is half of demand: training gets half of its 1 GW; premium the next 1 GW of the 1.5 left, cheap 0
    close(row(result, "served_gw_training"), [0.5])
    close(row(result, "unserved_gw_training"), [0.5])
    close(row(result, "served_gw_premium"), [1.0])
    close(row(result, "served_gw_cheap"), [0.0])
    close(row(result, "revenue_premium"), [ONE_GW_OF_TOKENS / 1e6 * 10])
    close(row(result, "revenue_cheap"), [0.0])


def test_training_named_in_the_order_takes_its_place() -> None:
    text = f"""
name: research
horizon: {{start: 2025, end: 2025}}
compute: {{training_to_inference: 0.5, shortage_revenue_elasticity: 1, serve_order: ORDER}}
streams:
  - {{name: cheap, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: $1}}
  - {{name: premium, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: $10}}
sites: [{{name: s, country: US, capacity_gw: 1.5}}]
"""
    first = run(text.replace("ORDER", "[training]"))  # training's 1 GW first, premium the 0.5 GW left
    close(row(first, "served_gw_training"), [1.0])
    close(row(first, "served_gw_premium"), [0.5])
    close(row(first, "served_gw_cheap"), [0.0])
    last = run(text.replace("ORDER", "[premium, cheap, training]"))  # training after every stream: nothing left
    close(row(last, "served_gw_premium"), [1.0])
    close(row(last, "served_gw_cheap"), [0.5])
    close(row(last, "served_gw_training"), [0.0])


def test_advertising_follows_the_free_users_who_are_served_last() -> None:
    # 1000 users, 100 pay; a user draws 1e6 tokens a day, a payer twice that: 900 + 200 = 1100 user-units
    tokens = 365 * 1e6 * 1100
    gw = tokens * 2e12 / (365.25 * 86400 * 1e11) / 1e9
    result = run(f"""
name: ads
horizon: {{start: 2025, end: 2025}}
compute: {{shortage_revenue_elasticity: 1}}
consumer: {{users: 1000, paying_share: 10%, tiers: [{{name: plus, share_of_payers: 100%, price: 20 USD/month}}]}}
streams:
  - {{name: chat, type: subscription, tokens_per_user_per_day: 1e6, payer_token_multiple: 2}}
  - {{name: ads, type: fixed, amount: $1M, follows: free_users}}
sites: [{{name: s, country: US, capacity_gw: {gw * 0.5}}}]
""")
    paid, free = gw * 200 / 1100, gw * 900 / 1100
    # half the GW: payers (their subscription) are served in full, free users get what is left
    close(row(result, "served_gw_chat"), [paid])
    close(row(result, "served_gw_free_users"), [gw * 0.5 - paid])
    close(row(result, "revenue_chat"), [100 * 240])
    # advertising loses the free users' unserved share
    close(row(result, "revenue_ads"), [1e6 * (gw * 0.5 - paid) / free])


def test_a_serve_order_must_name_uses() -> None:
    with pytest.raises(ScenarioError, match="'trainnig' is not a stream"):
        gigawatt.loads("name: bad\ncompute: {serve_order: [trainnig]}\n")
