"""The toy scenario of the report tests, and a Result of it built by hand (no model)."""

from __future__ import annotations

import numpy as np

import gigawatt
from gigawatt.engine.result import EVENT, Result
from gigawatt.engine.sampling import draw_inputs
from gigawatt.scenario.paths import uncertain_inputs

REPORT_TOY = """\
name: toy-report
description: A small scenario for the report tests <b>with markup</b>.
horizon: {start: 2025, end: 2030}
consumer:
  users: {logistic: {start: 800M, ceiling: "2B to 3B", midpoint_year: 2028}}  # toy source: a guess
  paying_share: {2025: 5%, 2030: "8% to 12%"}
  tiers:
    - {name: plus, share_of_payers: 100%, price: 20 USD/month}
streams:
  - {name: subs, type: subscription, tokens_per_user_per_day: 2000}
  - {name: ads, type: market_share, market: $100B, share: "1% to 5%"}
sites:
  - name: abilene
    country: US
    partners: [Oracle, Crusoe]
    ownership: joint_venture
    equity_share: 40%
    capacity_gw: {2025: 0.2, 2026: 1.2}
    capex_per_gw: "$40B/GW to $60B/GW"  # vendor estimates
  - name: stargate_uae
    country: UAE
    partners: [G42]
    sovereign: true
    capacity_gw: {2026: 0, 2027: 1}
contracts:
  - {name: cloud, counterparty: Microsoft, capacity_gw: {2025: 1, 2030: 2}, price_per_gw_year: $12B}
finance:
  starting_cash: $20B
  financing:
    - {name: round, type: equity, year: 2026, amount: $40B}
"""

YEARS = np.arange(2025, 2031)
UAE_GW = np.array([0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
ABILENE_GW = np.array([0.2, 1.2, 1.2, 1.2, 1.2, 1.2])
CONTRACT_GW = np.linspace(1.0, 2.0, 6)


def build_result(scenario: gigawatt.Scenario, n: int = 400, seed: int = 7) -> Result:
    """A Result made by hand (no model): simple closed forms of the toy scenario's drawn inputs.

    Revenue grows on a ramp; compute spending follows ``capex_per_gw``; cash and the funding gap
    follow from them as in MODEL.md. Capacity: the sites' paths and a contract from 1 to 2 GW.
    """
    inputs = draw_inputs(uncertain_inputs(scenario), scenario.correlations, seed, 0, n)
    col = lambda v: np.asarray(v, dtype=float).reshape(-1, 1)  # noqa: E731
    ramp = np.linspace(0.4, 1.0, len(YEARS)).reshape(1, -1)
    subs = col(inputs["consumer.users.ceiling"]) * col(inputs["consumer.paying_share.2030"]) * 240.0 * ramp
    ads = 100e9 * col(inputs["streams.ads.share"]) * ramp
    total = subs + ads
    spend = col(inputs["sites.abilene.capex_per_gw"]) * np.linspace(0.5, 1.5, len(YEARS)).reshape(1, -1)
    fcf = total - spend - 10e9
    cash = 20e9 + np.cumsum(fcf, axis=1)
    balance = cash + 40e9 * (YEARS >= 2026)
    gap = np.maximum(0.0, -cash.min(axis=1))
    positive = fcf >= 0
    breakeven = np.where(positive.any(axis=1), YEARS[np.argmax(positive, axis=1)], np.inf)
    demand = col(inputs["consumer.users.ceiling"]) / 1e9 * np.linspace(0.3, 3.0, len(YEARS)).reshape(1, -1)
    capacity = np.broadcast_to(ABILENE_GW + UAE_GW + CONTRACT_GW, demand.shape)
    full = lambda v: np.ascontiguousarray(np.broadcast_to(v, demand.shape), dtype=float)  # noqa: E731
    series = {
        "revenue_subs": subs, "revenue_ads": ads, "revenue_compute_resale": full(0.0), "revenue_total": total,
        "compute_spend": spend, "free_cash_flow": fcf, "cash_before_financing": cash, "cash_balance": balance,
        "revenue_share_from_payers": subs / total,
        "compute_demand_gw": demand, "compute_capacity_gw": full(capacity),
        "compute_shortage_gw": np.maximum(demand - capacity, 0), "compute_surplus_gw": np.maximum(capacity - demand, 0),
        "site_capacity_gw_abilene": full(ABILENE_GW), "site_capacity_gw_stargate_uae": full(UAE_GW),
        "compute_capacity_gw_us": full(ABILENE_GW + CONTRACT_GW), "compute_capacity_gw_uae": full(UAE_GW),
    }
    scalars = {
        "funding_gap": gap, "funding_gap_by_2030": gap, "funding_gap_after_financing": np.maximum(0, -balance.min(1)),
        "breakeven_year": breakeven, "npv": fcf.sum(axis=1),
        "peak_funding_need_year": YEARS[np.argmin(cash, axis=1)].astype(float),
    }
    events = {f"breakeven_by_{y}": breakeven <= y for y in YEARS}
    units = {name: "GW" if "_gw" in name else "USD" for name in series}
    units["revenue_share_from_payers"] = "fraction"
    units.update({name: "USD" for name in scalars})
    units.update(breakeven_year="year", peak_funding_need_year="year")
    units.update({name: EVENT for name in events})
    return Result(scenario=scenario, years=YEARS.copy(), seed=seed, series=series, scalars=scalars, events=events,
                  units=units, inputs=inputs, version="test")
