"""Goal seek: reading targets, finding fields, reaching targets, saying plainly when they cannot be reached."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import gigawatt
from gigawatt.analysis import find_field, parse_target, solve
from gigawatt.analysis.goalseek import Field, Target, target_value
from gigawatt.cli import app

from .toys import STARTUP

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


def test_a_percentage_target_only_for_a_share_or_a_probability() -> None:
    assert target_value("50%", "event") == pytest.approx(0.5)
    assert target_value("5%", "probability") == pytest.approx(0.05)
    assert target_value("0.5", "USD") == 0.5  # a bare number is in the metric's unit
    with pytest.raises(ValueError, match="'5%' is a percentage, but the metric is in USD"):
        target_value("5%", "USD")
    with pytest.raises(ValueError, match="percentage, but the metric is in GW"):
        target_value("5 percent", "GW")


def test_cli_solve_refuses_a_percentage_for_dollars(toy: Path) -> None:
    result = runner.invoke(app, ["solve", str(toy), "--vary", "consumer.paying_share.2030",
                                 "--target", "revenue_total@2030 p50 = 5%", "-n", "50"])
    assert result.exit_code == 2, result.output
    assert "is a percentage, but the metric is in USD" in result.output


def test_default_range_matches_the_docs(toy: Path) -> None:
    assert Field("x", 5.0, None, None, None).default_range() == (0.0, 20.0)  # 0 to four times the value
    assert Field("x", 5.0, None, 1.0, None).default_range() == (1.0, 20.0)  # the lower bound if it has one
    assert Field("x", -5.0, None, None, None).default_range() == (-20.0, 10.0)
    assert Field("x", 0.3, "fraction", 0.0, 1.0).default_range() == (0.0, 1.0)
    assert Field("m", 2027.0, "year", None, None).default_range((2025, 2030)) == (2015.0, 2040.0)
    scenario = gigawatt.load(toy)
    mid = find_field(scenario, "consumer.users.midpoint_year")
    assert mid.unit == "year" and mid.default_range((2025, 2030)) == (2015.0, 2040.0)
    price = find_field(scenario, "consumer.tiers.plus.price")
    assert price.default_range() == (0.0, 960.0)


@pytest.fixture
def startup(tmp_path: Path) -> Path:
    path = tmp_path / "startup.yaml"
    path.write_text(STARTUP, encoding="utf-8")
    return path


def test_solve_reports_a_jump_across_the_target(startup: Path) -> None:
    # the S-curve is flat with its midpoint at or before 2025 and rises right after: revenue leaps $3.11B -> $5.95B
    out = solve(startup, "consumer.users.midpoint_year", "revenue_total@2030 p50 = $3.2B", samples=200)
    assert (out.lo, out.hi) == (2015.0, 2040.0)
    assert not out.reached and out.value is None and out.jump is not None
    at, before, after = out.jump
    assert at == pytest.approx(2025, abs=1e-3)
    assert before == pytest.approx(3.114e9, rel=1e-3) and after == pytest.approx(5.948e9, rel=1e-3)
    assert out.to_dict()["jump"] == {"at": at, "from": before, "to": after}


def test_solve_passes_a_jump_to_reach_a_true_root(startup: Path) -> None:
    # $3.6B is jumped across at 2025, and crossed smoothly near 2035: the smooth crossing is the answer
    out = solve(startup, "consumer.users.midpoint_year", "revenue_total@2030 p50 = $3.6B", samples=200)
    assert out.reached and out.value is not None and out.jump is None
    assert out.achieved == pytest.approx(3.6e9, rel=1e-6)
    assert 2033 < out.value < 2037


def test_cli_solve_jump_exits_1(startup: Path) -> None:
    result = runner.invoke(app, ["solve", str(startup), "--vary", "consumer.users.midpoint_year",
                                 "--target", "revenue_total@2030 p50 = $3.2B", "-n", "200"])
    assert result.exit_code == 1, result.output
    assert "not reached" in result.output and "jumps across the target" in result.output
    assert "$3.11B to $5.95B" in result.output


def test_a_steep_s_curve_raises_no_numpy_warning() -> None:
    # pytest turns warnings into errors: exp(-k (y - mid)) overflows before a midpoint just after start_year
    text = STARTUP.replace("midpoint_year: 2027", "start_year: 2027, midpoint_year: 2027.0001")
    result = gigawatt.simulate(gigawatt.loads(text), samples=20)
    users = result.series["users_consumer"]
    assert np.all(np.isfinite(users)) and np.all(users[:, :2] < 1)  # before the curve starts: its limit, 0


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
    whole = find_field(scenario, "consumer.paying_share")  # a whole path: a multiplier on every anchor
    assert (whole.scale, whole.current, whole.default_range()) == (True, 1.0, (0.25, 4.0))
    with pytest.raises(KeyError, match="whole number"):
        find_field(scenario, "horizon.start")


def test_solve_scales_a_whole_path_and_set_reproduces_it(toy: Path) -> None:
    """Revenue is proportional to the paying share in this toy (one tier, no shortage): the multiplier that
    takes the P50 of 2030 revenue from its base value to 1.5 times it is 1.5."""
    base = gigawatt.simulate(toy, samples=500, seed=1)
    p50 = float(np.percentile(base.series["revenue_total"][:, -1], 50))
    out = solve(toy, "consumer.paying_share", f"revenue_total@2030 p50 = {1.5 * p50:.6e}", samples=500)
    assert out.reached and out.value == pytest.approx(1.5, rel=1e-6)
    again = gigawatt.simulate(gigawatt.load(toy, {"consumer.paying_share": f"x{out.value}"}), samples=500, seed=1)
    assert float(np.percentile(again.series["revenue_total"][:, -1], 50)) == pytest.approx(1.5 * p50, rel=1e-6)


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
    assert "iterations" in result.output and "$40.0B" in result.output
    data = json.loads(out.read_text())
    assert f"consumer.paying_share.2030 = {data['value'] * 100:.3g}%" in result.output  # in the field's unit
    assert {"parameter", "value", "achieved", "target"} <= set(data)
    assert data["parameter"] == "consumer.paying_share.2030" and data["target"] == 40e9
    assert data["range"] == [pytest.approx(0.05), pytest.approx(0.30)]


def test_cli_solve_unreachable_exits_1(toy: Path) -> None:
    result = runner.invoke(app, ["solve", str(toy), "--vary", "consumer.paying_share.2030",
                                 "--target", "revenue_total@2030 p50 = $5000B", "-n", "200"])
    assert result.exit_code == 1
    assert "cannot reach" in result.output and "at 0%" in result.output and "at 100%" in result.output


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


def test_a_sweep_scales_a_whole_path(toy: Path) -> None:
    from gigawatt.analysis.sweep import parse_grid, sweep

    out = sweep(str(toy), parse_grid(["consumer.paying_share=x1,x2"]), metrics=["paying_share_of_users@2030"],
                samples=300)
    once, twice = (row["metrics"]["paying_share_of_users@2030"]["p50"] for row in out.rows)
    assert twice == pytest.approx(2 * once, rel=1e-2)  # streamed quantiles (sketches) are approximate
