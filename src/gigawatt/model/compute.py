"""Compute demand: tokens become inference power, plus training (docs/model.md, section 3)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import SECONDS_PER_YEAR, declared, ratio
from gigawatt.scenario.components.streams import Capacity
from gigawatt.scenario.schema import Scenario


def compute(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """Inference, training and total compute demand in GW of IT load.

    ``inference_gw = tokens_total x flop_per_token / (365.25 x 86400 x
    fleet_flops_per_watt) / 1e9``: FLOP per year over seconds per year is
    FLOP/s; over the FLOP/s per watt the fleet delivers (``fleet_flops_per_watt``,
    the frontier where there is no capacity) it is watts. ``training_gw`` is the
    ``compute.training_gw`` path when given, else ``inference_gw x
    training_to_inference``, else 0. ``compute_demand_gw`` is their sum, plus the GW
    that ``capacity`` streams sell (a use of the seller's capacity of their own).
    """
    spec = scenario.compute
    flop_per_second = s["tokens_total"] * x(spec.flop_per_token) / SECONDS_PER_YEAR
    inference = ratio(flop_per_second, s["fleet_flops_per_watt"]) / 1e9
    if spec.training_gw is not None:
        training = x(spec.training_gw)
    elif spec.training_to_inference is not None:
        training = inference * x(spec.training_to_inference)
    else:
        training = np.zeros_like(inference)
    demand = inference + training
    for stream in scenario.streams:
        if isinstance(stream, Capacity):
            demand = demand + s[f"_gw_{stream.name}"]
    return declared({
        "inference_gw": inference,
        "training_gw": training,
        "compute_demand_gw": demand,
    })
