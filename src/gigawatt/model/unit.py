"""Unit economics: what serving costs, split between cost of revenue and research (docs/model.md section 7)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import SECONDS_PER_YEAR, declared, full, ratio
from gigawatt.scenario.schema import Scenario


def unit_economics(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray], direct: np.ndarray) -> dict[str, Out]:
    """Cost of revenue, research compute, gross margin and the cost of a token, in USD (per year).

    The fleet's running cost ``compute_cost = lease_cost + contract_cost +
    power_cost + depreciation`` is spread evenly over the GW of capacity
    (``c = compute_cost / compute_capacity_gw``). Inference GW served (with
    resold GW) are cost of revenue; training GW served and idle GW are research:

    - ``inference_served_gw = served_gw - served_gw_training`` (the uses are served in
      order of priority: :func:`gigawatt.model.supply.serve_in_order`);
    - ``serving_compute_cost = c x (inference_served_gw + resale_gw)``;
    - ``research_compute_cost = compute_cost - serving_compute_cost``;
    - ``cost_of_revenue = serving_compute_cost + direct`` (``direct``: device
      cost of goods and revenue shares);
    - ``gross_margin = (revenue_total - cost_of_revenue) / revenue_total`` (0
      below 1 USD of revenue);
    - ``cost_per_million_tokens = c x inference_served_gw / (tokens served / 1e6)``
      with ``tokens served = tokens_total x served_gw / compute_demand_gw``, that is
      ``c x 1e6 x flop_per_token / (365.25 x 86400 x fleet_flops_per_watt x 1e9)``
      (0 where no token is served);
    - ``revenue_per_gw = revenue_total / compute_capacity_gw`` (USD per GW-year; ratios
      over capacity are 0 below a watt of it);
    - ``cost_to_serve_<stream> = c x served_gw_<stream>`` (0 for a stream without
      tokens; a subscription's free users are the use ``free_users``).
    """
    # below a watt of capacity or a dollar of revenue a ratio means nothing (and may overflow): 0
    capacity = np.where(s["compute_capacity_gw"] > 1e-9, s["compute_capacity_gw"], 0.0)
    compute_cost = s["lease_cost"] + s["contract_cost"] + s["power_cost"] + s["depreciation"]
    per_gw = ratio(compute_cost, capacity)
    served_share = ratio(s["served_gw"], s["compute_demand_gw"])
    inference_served = s["served_gw"] - s["served_gw_training"]
    serving = per_gw * inference_served
    inference_cost = serving + per_gw * s["resale_gw"]
    cost = inference_cost + direct
    revenue = s["revenue_total"]
    tokens = s["tokens_total"]
    # per token served: c x GW-years a token takes (1e6 tokens x FLOP each / FLOP/s per W / seconds a year / 1e9 W)
    gw_years = ratio(1e6 * x(scenario.compute.flop_per_token) / SECONDS_PER_YEAR / 1e9, s["fleet_flops_per_watt"])
    per_million = np.where((tokens > 0) & (served_share > 0), per_gw * gw_years, 0.0)

    out: dict[str, np.ndarray] = {
        "compute_cost": full(x, compute_cost),
        "serving_compute_cost": full(x, inference_cost),
        "research_compute_cost": full(x, compute_cost - inference_cost),
        "cost_of_revenue": full(x, cost),
        "gross_margin": full(x, ratio(revenue - cost, np.where(revenue >= 1.0, revenue, 0.0))),
        "cost_per_million_tokens": full(x, per_million),
        "revenue_per_gw": full(x, ratio(revenue, capacity)),
    }
    for stream in scenario.streams:
        served = s.get(f"served_gw_{stream.name}", np.zeros((1, 1)))  # a stream without tokens needs no compute
        out[f"cost_to_serve_{stream.name}"] = full(x, per_gw * served)
    return declared(out)
