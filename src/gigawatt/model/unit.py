"""Unit economics: what serving costs, split between cost of revenue and research (docs/model.md section 7)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import SECONDS_PER_YEAR, declared, ratio
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
    compute_cost = s["lease_cost"] + s["contract_cost"]
    compute_cost += s["power_cost"]
    compute_cost += s["depreciation"]
    per_gw = ratio(compute_cost, capacity)
    served_share = ratio(s["served_gw"], s["compute_demand_gw"])
    inference_served = s["served_gw"] - s["served_gw_training"]
    # serving = c x inference served GW, plus c x resale GW: each product made once, the next written into it
    inference_cost = np.multiply(per_gw, inference_served, out=inference_served)
    inference_cost += per_gw * s["resale_gw"]
    cost = inference_cost + direct
    revenue = s["revenue_total"]
    tokens = s["tokens_total"]
    # per token served: c x GW-years a token takes (1e6 tokens x FLOP each / FLOP/s per W / seconds a year / 1e9 W)
    flop = x(scenario.compute.flop_per_token)
    flop = flop[:, :1] if flop.shape[1] > 1 and flop.strides[1] == 0 else flop  # the same numbers, once a sample
    gw_years = ratio(1e6 * flop / SECONDS_PER_YEAR / 1e9, s["fleet_flops_per_watt"])
    served_tokens = tokens > 0
    served_tokens &= served_share > 0
    per_million = np.multiply(per_gw, gw_years, out=gw_years)
    np.copyto(per_million, 0.0, where=~served_tokens)  # np.where(tokens served, c x GW-years, 0)
    margin = revenue - cost
    # each array below is new, of full shape: the outputs as they are, without a copy
    out: dict[str, np.ndarray] = {
        "compute_cost": compute_cost,
        "serving_compute_cost": inference_cost,
        "research_compute_cost": compute_cost - inference_cost,
        "cost_of_revenue": cost,
        "gross_margin": ratio(margin, np.where(revenue >= 1.0, revenue, 0.0)),
        "cost_per_million_tokens": per_million,
        "revenue_per_gw": ratio(revenue, capacity),
    }
    for stream in scenario.streams:
        served = s.get(f"served_gw_{stream.name}", np.zeros((1, 1)))  # a stream without tokens needs no compute
        out[f"cost_to_serve_{stream.name}"] = per_gw * served
    return declared(out)
