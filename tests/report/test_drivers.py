"""The drivers of the funding gap: the local conditional medians and the choice of method."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import gigawatt
from gigawatt.engine.result import Result
from gigawatt.report.drivers import conditional_medians, drivers


def gap_result(scenario: gigawatt.Scenario) -> Result:
    """funding_gap = $10B x a, with a uniform on [0, 1] and b an irrelevant input."""
    rng = np.random.default_rng(3)
    a, b = rng.random(100_001), rng.random(100_001)
    return Result(scenario=scenario, years=np.array([2025]), seed=1, scalars={"funding_gap": 10e9 * a},
                  units={"funding_gap": "USD"}, inputs={"b": b, "a": a})


def test_conditional_medians_known_answer(toy_scenario: gigawatt.Scenario) -> None:
    rows = conditional_medians(gap_result(toy_scenario))
    assert [r["parameter"] for r in rows] == ["a", "b"]
    a, b = rows
    # below the median, a ~ U(0, 0.5): median gap $2.5B; above, $7.5B
    assert a["low"] == pytest.approx(2.5e9, rel=0.01)
    assert a["high"] == pytest.approx(7.5e9, rel=0.01)
    assert a["swing"] == pytest.approx(a["high"] - a["low"])
    assert abs(b["swing"]) < 0.02 * a["swing"]


def test_conditional_medians_sign_follows_the_input(hand_result: Result) -> None:
    rows = {r["parameter"]: r for r in conditional_medians(hand_result)}
    assert set(rows) == set(hand_result.inputs)
    # more capex per GW -> more spending -> a larger gap; a larger ad share -> a smaller gap
    assert rows["sites.abilene.capex_per_gw"]["swing"] > 0
    assert rows["streams.ads.share"]["swing"] < 0


def test_conditional_medians_reject_a_series(hand_result: Result) -> None:
    with pytest.raises(ValueError, match="series"):
        conditional_medians(hand_result, "revenue_total")


def test_pinned_input_has_no_row(toy_scenario: gigawatt.Scenario) -> None:
    result = gap_result(toy_scenario)
    result.inputs["pinned"] = np.full(100_001, 3.0)
    assert "pinned" not in {r["parameter"] for r in conditional_medians(result)}


def test_local_when_asked(hand_result: Result) -> None:
    found = drivers(hand_result, local=True)
    assert found.source == "conditional medians"
    assert found.base == pytest.approx(np.median(hand_result.scalars["funding_gap"]))
    assert "without re-simulating" in found.method


def test_local_when_analysis_is_missing(hand_result: Result, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gigawatt.analysis", None)  # import fails
    assert drivers(hand_result).source == "conditional medians"


def test_local_when_analysis_fails(hand_result: Result, monkeypatch: pytest.MonkeyPatch) -> None:
    import gigawatt.analysis

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(gigawatt.analysis, "tornado", broken)
    found = drivers(hand_result)
    assert found.source == "conditional medians"
    assert any("boom" in note for note in found.notes)


def test_analysis_tornado_when_importable(model_result: Result) -> None:
    found = drivers(model_result)
    assert found.source == "gigawatt.analysis.tornado"
    assert {r["parameter"] for r in found.rows} <= set(model_result.inputs)
    swings = [abs(r["swing"]) for r in found.rows]
    assert swings == sorted(swings, reverse=True)
    assert "P10" in found.method


def npv_result(scenario: gigawatt.Scenario) -> Result:
    """npv = $10B x a, with a uniform on [0, 1]."""
    a = np.random.default_rng(4).random(10_001)
    return Result(scenario=scenario, years=np.array([2025]), seed=1, scalars={"npv": 10e9 * a},
                  units={"npv": "USD"}, inputs={"a": a})


def test_method_names_the_output_analysed(toy_scenario: gigawatt.Scenario, model_result: Result) -> None:
    local = drivers(npv_result(toy_scenario), "npv", local=True)
    assert "the median npv of the futures" in local.method and "funding gap" not in local.method
    assert "median funding gap" in drivers(gap_result(toy_scenario), local=True).method
    found = drivers(model_result, "revenue_total")
    assert found.source == "gigawatt.analysis.tornado"
    assert f"median revenue total in {int(model_result.years[-1])} of each run" in found.method
    assert "funding gap" not in found.method
