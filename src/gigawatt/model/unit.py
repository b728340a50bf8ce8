"""Unit economics: what serving costs, split between cost of revenue and research (docs/model.md section 7)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model import jit
from gigawatt.model.common import SECONDS_PER_YEAR, cells, declared, ratio
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
    if jit.enabled():
        out, per_gw = unit_compiled(scenario, x, s, direct)
    else:
        out, per_gw = unit_numpy(scenario, x, s, direct)
    for stream in scenario.streams:
        served = s.get(f"served_gw_{stream.name}", np.zeros((1, 1)))  # a stream without tokens needs no compute
        out[f"cost_to_serve_{stream.name}"] = per_gw * served
    return declared(out)


def unit_numpy(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray],
               direct: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The outputs of :func:`unit_economics` but ``cost_to_serve_<stream>``, and the cost per GW ``c``, in numpy
    (the reference of :func:`unit_kernel`)."""
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
    return out, per_gw


def unit_compiled(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray],
                  direct: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """:func:`unit_numpy` through :func:`unit_kernel`: the same numbers."""
    flop = x(scenario.compute.flop_per_token)
    flop = flop[:, :1] if flop.shape[1] > 1 and flop.strides[1] == 0 else flop  # the same numbers, once a sample
    names = ("compute_capacity_gw", "lease_cost", "contract_cost", "power_cost", "depreciation", "served_gw",
             "compute_demand_gw", "served_gw_training", "resale_gw", "revenue_total", "tokens_total",
             "fleet_flops_per_watt")
    ins = [s[name] for name in names] + [direct, 1e6 * flop / SECONDS_PER_YEAR / 1e9]
    flat = [cells(a, x.shape).reshape(-1) for a in ins]
    made = {name: np.empty(x.shape) for name in ("compute_cost", "serving_compute_cost", "research_compute_cost",
                                                 "cost_of_revenue", "gross_margin", "cost_per_million_tokens",
                                                 "revenue_per_gw", "per_gw")}
    unit_kernel(*flat, *(a.reshape(-1) for a in made.values()))
    per_gw = made.pop("per_gw")
    return made, per_gw


@jit.kernel
def unit_kernel(capacity: np.ndarray, lease: np.ndarray, contracts: np.ndarray, power: np.ndarray,
                depreciation: np.ndarray, served: np.ndarray, demand: np.ndarray, training: np.ndarray,
                resale: np.ndarray, revenue: np.ndarray, tokens: np.ndarray, flops_per_watt: np.ndarray,
                direct: np.ndarray, token_gw_years: np.ndarray, compute_cost: np.ndarray, serving: np.ndarray,
                research: np.ndarray, cost: np.ndarray, margin: np.ndarray, per_million: np.ndarray,
                per_capacity: np.ndarray, per_gw: np.ndarray) -> None:  # pragma: no cover - compiled
    """:func:`unit_numpy` cell by cell, every array the flat cells of ``(n, Y)``: GW (``capacity``, ``served``,
    ``demand``, ``training`` served, ``resale``), USD (``lease``, ``contracts``, ``power``, ``depreciation``,
    ``revenue``, ``direct``), tokens, FLOP/s per W and ``token_gw_years`` (``1e6 x flop_per_token / seconds a year /
    1e9``). Writes ``compute_cost``, ``serving`` and ``research`` compute cost, ``cost`` of revenue (USD), the gross
    ``margin`` (a fraction), USD ``per_million`` tokens, revenue ``per_capacity`` and the cost ``per_gw`` (USD per
    GW-year). The operations of the reference in its order, so the same numbers."""
    for j in range(capacity.shape[0]):
        cap = capacity[j] if capacity[j] > 1e-9 else 0.0
        total = lease[j] + contracts[j]
        total = total + power[j]
        total = total + depreciation[j]
        compute_cost[j] = total
        c = total / cap if cap > 0.0 else 0.0
        per_gw[j] = c
        wanted = demand[j]
        share = served[j] / wanted if wanted > 0.0 else 0.0
        inference = c * (served[j] - training[j])
        inference = inference + c * resale[j]
        serving[j] = inference
        spent = inference + direct[j]
        cost[j] = spent
        watts = flops_per_watt[j]
        gw_years = token_gw_years[j] / watts if watts > 0.0 else 0.0
        per_million[j] = c * gw_years if (tokens[j] > 0 and share > 0) else 0.0
        earned = revenue[j]
        margin[j] = (earned - spent) / earned if earned >= 1.0 else 0.0
        research[j] = total - inference
        per_capacity[j] = earned / cap if cap > 0.0 else 0.0
