"""Goal seek: reading targets, finding fields, reaching targets, saying plainly when they cannot be reached."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import gigawatt
from gigawatt.analysis import find_field, parse_target, solve
from gigawatt.analysis.goalseek import Target, target_value
from gigawatt.cli import app

runner = CliRunner()


@pytest.mark.parametrize(("text", "expected"), [
    ("funding_gap_by_2030 p50 = 0", Target("funding_gap_by_2030", None, "p50", "0")),
    ("revenue_total@2030 mean = $60B", Target("revenue_total", 2030, "mean", "$60B")),
    ("revenue_total@2030=$60B", Target("revenue_total", 2030, "p50", "$60B")),
    ("breakeven_by_2030 = 50%", Target("breakeven_by_2030", None, "p50", "50%")),
    ("  npv p5 = -$10B ", Target("npv", None, "p5", "-$10B")),
])
def test_parse_target(text: str, expected: Target) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["funding_gap", "= 0", "funding_gap median = 0", "revenue@20 p50 = 1"])
def test_parse_target_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match="METRIC|statistic"):
        parse_target(text)


def test_target_values_use_the_scenario_syntax() -> None:
    assert target_value("$60B", "USD") == 60e9
    assert target_value("12%", "fraction") == pytest.approx(0.12)
    assert target_value("0", "USD") == 0
    assert target_value("2 GW", "GW") == 2
    with pytest.raises(ValueError, match="in GW, but the metric is in USD"):
        target_value("2 GW", "USD")


def test_find_field(toy: Path) -> None:
    scenario = gigawatt.load(toy)
    share = find_field(scenario, "consumer.paying_share.2030")
    assert (share.unit, share.lo, share.hi) == ("fraction", 0, 1)
    assert share.current == pytest.approx(0.098, abs=0.001)  # median of "8% to 12%" (lognormal)
    price = find_field(scenario, "consumer.tiers.plus.price")
    assert price.unit == "USD/year" and price.current == 240
    assert price.parse("$30/month") == pytest.approx(360)
    assert find_field(scenario, "horizon.discount_rate").current == 0.1
    with pytest.raises(KeyError, match="did you mean 'consumer.paying_share.2030'"):
        find_field(scenario, "consumer.payin_share.2030")
    with pytest.raises(KeyError, match="is a time path; vary one part"):
        find_field(scenario, "consumer.paying_share")
    with pytest.raises(KeyError, match="whole number"):
        find_field(scenario, "horizon.start")


def test_solve_reaches_the_target_and_set_reproduces_it(toy: Path) -> None:
    out = solve(toy, "consumer.paying_share.2030", "revenue_total@2030 p50 = $40B", samples=500)
    assert out.reached and out.value is not None
    assert out.achieved == pytest.approx(40e9, rel=1e-6)
    assert 0.08 < out.value < 0.14
    # running again with --set PATH=VALUE (the printed value) reproduces the target within 1%
    result = runner.invoke(app, ["run", str(toy), "-n", "500", "--json", "-", "--no-store",
                                 "--set", f"consumer.paying_share.2030={out.value:.10g}"])
    assert result.exit_code == 0, result.output
    p50 = json.loads(result.output)["series"]["revenue_total"]["p50"][-1]
    assert p50 == pytest.approx(40e9, rel=0.01)


def test_solve_finds_the_edge_of_a_plateau(toy: Path) -> None:
    # the funding gap is floored at 0: the answer is the lowest price that closes it
    out = solve(toy, "consumer.tiers.plus.price", "funding_gap_by_2030 p50 = 0", samples=300, hi="$200/month")
    assert out.reached and out.value is not None and out.achieved == 0
    closed = gigawatt.simulate(gigawatt.load(toy, {"consumer.tiers.plus.price": out.value}), 300)
    open_ = gigawatt.simulate(gigawatt.load(toy, {"consumer.tiers.plus.price": out.value * 0.99}), 300)
    assert closed.stat("funding_gap_by_2030", "p50") == 0
    assert open_.stat("funding_gap_by_2030", "p50") > 0


def test_solve_reports_an_unreachable_target(toy: Path) -> None:
    out = solve(toy, "consumer.paying_share.2030", "revenue_total@2030 p50 = $5000B", samples=200)
    assert not out.reached and out.value is None
    assert out.at_lo == 0 and 0 < out.at_hi < 5000e9
    assert out.to_dict()["at_range_ends"] == [out.at_lo, out.at_hi]


def test_cli_solve_prints_value_and_writes_json(toy: Path, tmp_path: Path) -> None:
    out = tmp_path / "solve.json"
    result = runner.invoke(app, ["solve", str(toy), "--vary", "consumer.paying_share.2030",
                                 "--target", "revenue_total@2030 p50 = $40B", "--range", "5%", "30%",
                                 "-n", "300", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "iterations" in result.output and "$40.00B" in result.output
    data = json.loads(out.read_text())
    assert {"parameter", "value", "achieved", "target"} <= set(data)
    assert data["parameter"] == "consumer.paying_share.2030" and data["target"] == 40e9
    assert data["range"] == [pytest.approx(0.05), pytest.approx(0.30)]


def test_cli_solve_unreachable_exits_1(toy: Path) -> None:
    result = runner.invoke(app, ["solve", str(toy), "--vary", "consumer.paying_share.2030",
                                 "--target", "revenue_total@2030 p50 = $5000B", "-n", "200"])
    assert result.exit_code == 1
    assert "cannot reach" in result.output and "at 0" in result.output and "at 1" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--vary", "consumer.payin_share.2030", "--target", "npv p50 = 0"], "did you mean 'consumer.paying_share.2030'"),
    (["--vary", "consumer.paying_share.2030", "--target", "npvv p50 = 0"], "did you mean 'npv'"),
    (["--vary", "consumer.paying_share.2030", "--target", "npv"], "METRIC@YEAR STAT = VALUE"),
    (["--vary", "consumer.paying_share.2030", "--target", "npv p50 = 0", "--range", "30%", "5%"], "low to high"),
    (["--vary", "consumer.paying_share.2030", "--target", "npv p50 = 0", "--range", "1 GW", "2 GW"], "expected"),
])
def test_cli_solve_errors(toy: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["solve", str(toy), "-n", "50", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_solve_pins_a_correlated_input(toy: Path, tmp_path: Path) -> None:
    # --set cannot turn a correlated input into a constant; goal seek pins it instead
    correlated = tmp_path / "correlated.yaml"
    correlated.write_text(toy.read_text() + "correlations:\n"
                          "  - {between: [consumer.users.ceiling, consumer.paying_share.2030], rank: 0.5}\n")
    out = solve(correlated, "consumer.paying_share.2030", "revenue_total@2030 mean = $40B", samples=300)
    assert out.reached and out.correlated and out.value is not None
    scenario = gigawatt.load(correlated)
    check = gigawatt.simulate(scenario, 300, pinned={"consumer.paying_share.2030": out.value})
    assert check.stat("revenue_total", "mean", 2030) == pytest.approx(40e9, rel=1e-6)


def test_pinning_equals_set_for_an_uncorrelated_input(toy: Path) -> None:
    pinned = gigawatt.simulate(gigawatt.load(toy), 300, pinned={"consumer.paying_share.2030": 0.11})
    overridden = gigawatt.simulate(gigawatt.load(toy, {"consumer.paying_share.2030": 0.11}), 300)
    np.testing.assert_array_equal(pinned.series["revenue_total"], overridden.series["revenue_total"])
