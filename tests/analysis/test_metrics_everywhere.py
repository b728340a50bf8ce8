"""One metric grammar (gigawatt.metrics) in every interface, each against a toy computed by hand.

The ramp: revenue $1B, $2B, ..., $6B in 2025-2030 and $2.5B of general admin a year, no tax,
no interest, so free cash flow is -1.5, -0.5, 0.5, 1.5, 2.5, 3.5 ($B): over 2026-2029 it sums to
$4B (mean $1B, min -$0.5B, max $2.5B); contract-free, revenue over 2025-2030 sums to $21B.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from toy_scenarios import RAMP
from typer.testing import CliRunner

import gigawatt
from gigawatt import outputs
from gigawatt.analysis import tornado
from gigawatt.analysis.goalseek import Target, parse_target
from gigawatt.analysis.sweep import sweep
from gigawatt.cli import app
from gigawatt.metrics import MetricError, MetricSpec, split_stat
from gigawatt.scenario.distributions import quantile
from gigawatt.scenario.paths import uncertain_inputs

B = 1e9
FCF = "free_cash_flow@2026..2029 sum"
runner = CliRunner()


@pytest.fixture
def ramp(tmp_path: Path) -> Path:
    path = tmp_path / "ramp.yaml"
    path.write_text(RAMP, encoding="utf-8")
    return path


def test_the_grammar_and_its_errors() -> None:
    assert MetricSpec.parse("contract_cost@2025..2030 sum") == MetricSpec("contract_cost", 2025, 2030, "sum")
    assert MetricSpec.parse("revenue_total@2030").label == "revenue_total@2030"
    assert split_stat("free_cash_flow@2026..2029 sum p50") == (MetricSpec("free_cash_flow", 2026, 2029, "sum"), "p50")
    assert split_stat("free_cash_flow@2026..2029 mean") == (MetricSpec("free_cash_flow", 2026, 2029, "mean"), None)
    assert split_stat("revenue_total@2030 mean") == (MetricSpec("revenue_total", 2030), "mean")
    with pytest.raises(MetricError, match="unknown reducer 'median'; expected one of sum, mean, min, max"):
        MetricSpec.parse("revenue_total@2026..2029 median")
    with pytest.raises(MetricError, match="needs one of sum, mean, min, max"):
        MetricSpec.parse("revenue_total@2026..2029")
    scenario = gigawatt.loads(RAMP)
    with pytest.raises(MetricError, match="outside the horizon; expected years from 2025 to 2030"):
        gigawatt.simulate(scenario, samples=2, metrics=["revenue_total@2024..2030 sum"])
    with pytest.raises(MetricError, match="a sum over years of gross_margin .*has no meaning"):
        gigawatt.simulate(scenario, samples=2, metrics=["gross_margin@2026..2029 sum"])
    with pytest.raises(MetricError, match="single number per sample"):
        gigawatt.simulate(scenario, samples=2, metrics=["funding_gap@2030"])
    with pytest.raises((KeyError, MetricError), match="did you mean .revenue_total."):
        gigawatt.simulate(scenario, samples=2, metrics=["revenue_totl@2030"])


def test_units_and_labels_come_from_the_catalogue() -> None:
    assert outputs.unit(FCF) == "USD" and outputs.label(FCF) == "Free cash flow, 2026–2029 sum"
    assert outputs.header(FCF) == "Free cash flow, 2026–2029 sum ($B)"
    assert outputs.unit("gross_margin@2026..2029 mean") == "fraction"  # a mean of a share stays a share
    assert outputs.text(0.25, "gross_margin@2026..2029 mean") == "25.0%"
    assert outputs.label("revenue_total@2030") == "Revenue in 2030"
    assert not outputs.is_declared("gross_margin@2026..2029 sum")


def test_the_api_computes_each_reducer_by_hand() -> None:
    expected = {FCF: 4.0, "free_cash_flow@2026..2029 mean": 1.0, "free_cash_flow@2026..2029 min": -0.5,
                "free_cash_flow@2026..2029 max": 2.5, "revenue_total@2025..2030 sum": 21.0,
                "revenue_total@2030": 6.0}
    result = gigawatt.simulate(gigawatt.loads(RAMP), samples=3, metrics=list(expected))
    for name, value in expected.items():
        np.testing.assert_allclose(result[name], value * B)
        assert result.kind(name) == "scalar" and result.units[name] == "USD"
    streamed = gigawatt.summarize(gigawatt.loads(RAMP), 3, metrics=[FCF]).summary()
    assert streamed["scalars"][FCF]["p50"] == pytest.approx(4.0 * B, rel=5e-3)
    assert streamed["scalars"][FCF]["mean"] == pytest.approx(4.0 * B)


def test_run_prints_records_and_exports_a_window(ramp: Path, tmp_path: Path) -> None:
    out_json, out_csv, out_xlsx = tmp_path / "run.json", tmp_path / "run.csv", tmp_path / "run.xlsx"
    args = ["run", str(ramp), "-n", "4", "-m", FCF, "-m", "revenue_total@2030", "--no-store"]
    shown = runner.invoke(app, [*args, "--json", str(out_json), "--export", str(out_csv)], env={"COLUMNS": "120"})
    assert shown.exit_code == 0, shown.output
    assert "Metrics" in shown.output and "Free cash flow, 2026–2029 sum" in shown.output and "$4.0B" in shown.output
    assert json.loads(out_json.read_text())["scalars"][FCF]["p50"] == pytest.approx(4.0 * B)
    with out_csv.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["metric"] == FCF and r["statistic"] == "p50"]
    assert rows and float(rows[0]["value"]) == pytest.approx(4.0 * B) and rows[0]["unit"] == "USD"
    assert runner.invoke(app, [*args, "--export", str(out_xlsx)]).exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out_xlsx)["outcomes"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == FCF)
    assert row[0] == "Free cash flow, 2026–2029 sum" and row[2] == "$B"
    bad = runner.invoke(app, ["run", str(ramp), "-n", "4", "-m", "free_cash_flow@2026..2031 sum", "--no-store"])
    assert bad.exit_code != 0 and "outside the horizon" in bad.output and "Traceback" not in bad.output


def test_runs_diff_of_a_window(ramp: Path, tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    cheaper = tmp_path / "cheaper.yaml"
    cheaper.write_text(RAMP.replace("$2.5B", "$1.5B"), encoding="utf-8")
    assert runner.invoke(app, ["run", str(ramp), "-n", "4", "-q", "--store", str(store), "-m", FCF]).exit_code == 0
    assert runner.invoke(app, ["run", str(cheaper), "-n", "4", "-q", "--store", str(store)]).exit_code == 0
    out = tmp_path / "diff.json"
    done = runner.invoke(app, ["runs", "diff", "1", "2", "--store", str(store), "-m", FCF, "--json", str(out)])
    assert done.exit_code == 0, done.output
    row = json.loads(out.read_text())["rows"][0]
    # run 2 was recorded without the window: its text and seed are run again, (5 - 1.5) * 4 - ... = 14 - 4 x 1.5
    assert row["metric"] == FCF and row["a"] == pytest.approx(4.0 * B) and row["b"] == pytest.approx(8.0 * B)


def test_sweep_of_a_window() -> None:
    out = sweep(gigawatt.loads(RAMP), {"opex.general_admin": ["$1.5B", "$2.5B"]}, metrics=[FCF, "npv"], samples=4)
    values = [row["metrics"][FCF]["p50"] for row in out.rows]
    assert values == pytest.approx([8.0 * B, 4.0 * B], rel=5e-3)  # 14 - 4 g, quantiles from the sketch
    assert out.rows[0]["metrics"][FCF]["unit"] == "USD"


def test_solve_target_reads_the_grammar() -> None:
    assert parse_target(f"{FCF} p50 = $10B") == Target(FCF, None, "p50", "$10B")
    assert parse_target("free_cash_flow@2026..2029 mean = 0") == Target("free_cash_flow@2026..2029 mean", None,
                                                                        "p50", "0")
    with pytest.raises(ValueError, match="unknown reducer"):
        parse_target("free_cash_flow@2026..2029 median p50 = 0")


def test_tornado_of_a_window() -> None:
    scenario = gigawatt.loads(RAMP.replace("$2.5B", '"$2B to $3B"'))
    out = tornado(scenario, FCF, samples=50)
    row = out.rows[0]
    assert row["parameter"] == "opex.general_admin" and out.metric.label == FCF
    spread = uncertain_inputs(scenario)["opex.general_admin"]
    low, high = quantile(spread, 0.1), quantile(spread, 0.9)
    assert (row["input_low"], row["input_high"]) == pytest.approx((low, high))
    assert (row["low"], row["high"]) == pytest.approx((14 * B - 4 * low, 14 * B - 4 * high))  # FCF = 14 - 4 g
    assert out.to_dict()["label"] == FCF and out.to_dict()["unit"] == "USD"


def test_a_window_is_not_recomputed_under_another_version() -> None:
    from gigawatt.analysis.compare import with_recorded_windows

    result = gigawatt.simulate(gigawatt.loads(RAMP), samples=3)
    summary = {**result.summary(), "version": "0.0.1"}
    with pytest.raises(ValueError, match="recorded by gigawatt '0.0.1'.*record the run again with --metric"):
        with_recorded_windows(summary, result.scenario.text, [FCF])
    again = with_recorded_windows(result.summary(), result.scenario.text, [FCF])
    assert again["scalars"][FCF]["p50"] == pytest.approx(4.0 * B)
    assert with_recorded_windows(again, "not: read", [FCF]) is again  # nothing missing: nothing run again
