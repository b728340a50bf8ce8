"""The seven stream types, start years, and compute demand from tokens."""

from __future__ import annotations

from .helpers import close, row, run

STREAMS = """
name: streams
horizon: {start: 2025, end: 2028}
compute: {shortage_revenue_elasticity: 0}
streams:
  - {name: teams, type: seats, seats: 1M, seat_price: 30 USD/month, tokens_per_seat_per_day: 5000}
  - {name: api, type: usage, tokens: 1e15, price_per_million_tokens: 2 USD}
  - {name: ads, type: market_share, market: $100B, share: 2%, tokens_per_dollar: 1000}
  - {name: shopping, type: take_rate, gmv: $50B, take_rate: 2%}
  - {name: deal, type: fixed, amount: $500M, start_year: 2027}
"""


def test_each_stream_type() -> None:
    result = run(STREAMS)
    close(row(result, "revenue_teams"), [1e6 * 360] * 4)  # 3.6e8
    close(row(result, "revenue_api"), [1e15 * 2 / 1e6] * 4)  # 2e9
    close(row(result, "revenue_ads"), [100e9 * 0.02] * 4)  # 2e9
    close(row(result, "revenue_shopping"), [50e9 * 0.02] * 4)  # 1e9
    close(row(result, "revenue_deal"), [0, 0, 5e8, 5e8])  # nothing before its start year
    close(row(result, "revenue_compute_resale"), [0.0] * 4)
    close(row(result, "revenue_total"), [3.6e8 + 2e9 + 2e9 + 1e9 + d for d in (0, 0, 5e8, 5e8)])
    seats_tokens = 365 * 5000 * 1e6
    ads_tokens = 2e9 * 1000
    close(row(result, "tokens_total"), [seats_tokens + 1e15 + ads_tokens] * 4)
    close(row(result, "revenue_share_from_payers"), [0.0] * 4)


def test_start_year_holds_back_revenue_and_tokens() -> None:
    result = run("""
name: late
horizon: {start: 2025, end: 2027}
compute: {shortage_revenue_elasticity: 0}
streams:
  - {name: api, type: usage, tokens: 1e15, price_per_million_tokens: 2, start_year: 2026}
""")
    close(row(result, "revenue_api"), [0, 2e9, 2e9])
    close(row(result, "tokens_total"), [0, 1e15, 1e15])


ONE_GW_OF_TOKENS = 365.25 * 86400 * 1e11 * 1e9 / 2e12  # tokens a year that keep 1 GW busy at the defaults


def test_inference_and_training_gw() -> None:
    result = run(f"""
name: gw
horizon: {{start: 2025, end: 2026}}
compute:
  flop_per_token: 2e12 FLOP
  flops_per_watt_effective: {{2025: 1e11, 2026: 2e11}}
  training_to_inference: 0.5
streams:
  - {{name: api, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: 2}}
""")
    # tokens x FLOP/token / seconds a year = FLOP/s; / (FLOP/s/W) = W; / 1e9 = GW
    close(row(result, "inference_gw"), [1.0, 0.5])  # hardware twice as efficient in 2026
    close(row(result, "training_gw"), [0.5, 0.25])
    close(row(result, "compute_demand_gw"), [1.5, 0.75])


def test_training_path_overrides_the_ratio() -> None:
    result = run(f"""
name: gw
horizon: {{start: 2025, end: 2026}}
compute: {{training_gw: {{2025: 2 GW, 2026: 3 GW}}, training_to_inference: 9}}
streams:
  - {{name: api, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: 2}}
""")
    close(row(result, "training_gw"), [2.0, 3.0])
    close(row(result, "compute_demand_gw"), [3.0, 4.0])


def test_no_training_given_means_none() -> None:
    result = run(f"""
name: gw
horizon: {{start: 2025, end: 2025}}
streams:
  - {{name: api, type: usage, tokens: {ONE_GW_OF_TOKENS}, price_per_million_tokens: 2}}
""")
    close(row(result, "training_gw"), [0.0])
    close(row(result, "compute_demand_gw"), [1.0])
