"""uncertain_inputs: the walk kept per frozen scenario gives what a fresh walk gives."""

from __future__ import annotations

import gc

import gigawatt
from gigawatt.scenario import paths
from gigawatt.scenario.paths import every_value, uncertain_inputs
from gigawatt.scenario.values import Dist


def test_kept_walk_equals_a_fresh_walk_and_is_not_shared() -> None:
    scenario = gigawatt.load("openai-2025")
    walked = {item.path: item.value for item in every_value(scenario) if isinstance(item.value, Dist)}
    first = uncertain_inputs(scenario)
    assert list(first) == list(walked) and all(first[p] is walked[p] for p in walked)
    first.clear()  # a caller's dict is its own
    again = uncertain_inputs(scenario)
    assert list(again) == list(walked)


def test_kept_walk_goes_with_its_scenario() -> None:
    scenario = gigawatt.load("openai-2025")
    uncertain_inputs(scenario)
    key = id(scenario)
    assert key in paths._INPUTS
    del scenario
    gc.collect()
    assert key not in paths._INPUTS
