"""Sweeps: grid parsing, every combination, one row per variant with known shifts (common random numbers)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gigawatt
from gigawatt.analysis.sweep import parse_grid, split_values, sweep, variants
from gigawatt.cli import app

runner = CliRunner()


def test_split_values_respects_brackets_and_quotes() -> None:
    assert split_values("8%,10%, 12%") == ["8%", "10%", "12%"]
    assert split_values("{2025: 5%, 2030: 9%},'a, b',[1, 2]") == ["{2025: 5%, 2030: 9%}", "'a, b'", "[1, 2]"]


def test_parse_grid_and_variants() -> None:
    grid = parse_grid(["finance.min_cash=$0B,$5B", "consumer.paying_share.2030=8% to 10%,11% to 13%,0.2"])
    assert grid == {"finance.min_cash": ["$0B", "$5B"],
                    "consumer.paying_share.2030": ["8% to 10%", "11% to 13%", 0.2]}
    combos = variants(grid)
    assert len(combos) == 6
    assert combos[1] == {"finance.min_cash": "$0B", "consumer.paying_share.2030": "11% to 13%"}


@pytest.mark.parametrize(("items", "match"), [
    ([], "at least one"),
    (["finance.min_cash"], "PATH=V1,V2"),
    (["finance.min_cash=1,,2"], "empty value"),
    (["a.b=1", "a.b=2"], "twice"),
])
def test_bad_grids(items: list[str], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        parse_grid(items)


def test_min_cash_shifts_the_gap_exactly(toy_text: str) -> None:
    """The toy always needs money, so raising min_cash by $5B raises every sample's gap by $5B."""
    scenario = gigawatt.loads(toy_text)
    out = sweep(scenario, {"finance.min_cash": ["$0B", "$5B"]}, metrics=["funding_gap", "payers@2030",
                                                                        "breakeven_by_2026"], samples=3000)
    low, high = (row["metrics"] for row in out.rows)
    assert [row["variant"] for row in out.rows] == [{"finance.min_cash": "$0B"}, {"finance.min_cash": "$5B"}]
    assert high["funding_gap"]["mean"] - low["funding_gap"]["mean"] == pytest.approx(5e9, rel=1e-6)
    assert high["funding_gap"]["p50"] == pytest.approx(low["funding_gap"]["p50"] + 5e9, rel=0.01)
    assert high["payers@2030"] == low["payers@2030"]  # same draws: demand does not see min_cash
    assert low["payers@2030"]["unit"] == "users"
    assert low["breakeven_by_2026"] == {"unit": "probability", "probability": 1.0}
    lines = list(csv.reader(io.StringIO(out.to_csv())))
    assert lines[0] == ["finance.min_cash", "funding_gap_p5", "funding_gap_p50", "funding_gap_p95", "payers@2030_p5",
                        "payers@2030_p50", "payers@2030_p95", "breakeven_by_2026_probability"]
    assert len(lines) == 3 and lines[2][0] == "$5B"


def test_unknown_metric_fails_before_the_sweep(toy_text: str) -> None:
    with pytest.raises(KeyError, match="did you mean 'funding_gap'"):
        sweep(gigawatt.loads(toy_text), {"finance.min_cash": [0, 1]}, metrics=["funding_gapp"], samples=10)
    with pytest.raises(KeyError, match="outside the horizon"):
        sweep(gigawatt.loads(toy_text), {"finance.min_cash": [0]}, metrics=["payers@2040"], samples=10)


def test_cli_sweep_json_csv_and_table(toy_file: Path, tmp_path: Path) -> None:
    out_csv = tmp_path / "sweep.csv"
    result = runner.invoke(app, ["sweep", str(toy_file), "--grid", "finance.min_cash=$0B,$5B", "-m", "funding_gap",
                                 "-n", "2000", "--json", "-", "--csv", str(out_csv)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["grid"] == ["finance.min_cash"] and len(data["rows"]) == 2
    assert data["samples"] == 2000 and data["quantiles"].startswith("sketch")
    assert out_csv.read_text().startswith("finance.min_cash,funding_gap_p5,")
    shown = runner.invoke(app, ["sweep", str(toy_file), "-g", "finance.min_cash=$0B,$5B", "-n", "500"])
    assert shown.exit_code == 0, shown.output
    assert "Sweep of toy" in shown.output and "$5B" in shown.output


def test_cli_sweep_bad_input_exit_2(toy_file: Path) -> None:
    result = runner.invoke(app, ["sweep", str(toy_file), "--grid", "finance.min_cash"])
    assert result.exit_code == 2
    assert "PATH=V1,V2" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["sweep", str(toy_file), "--grid", "finance.nope=1,2"])
    assert result.exit_code == 2, result.output
