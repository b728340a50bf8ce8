"""Compare: two scenarios side by side with the same seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gigawatt
from gigawatt.analysis import compare, compare_summaries
from gigawatt.cli import app

runner = CliRunner()


def test_a_scenario_against_itself_differs_by_nothing(toy: Path) -> None:
    scenario = gigawatt.load(toy)
    out = compare(scenario, scenario, samples=300)
    assert out.rows and all(r["diff"] in (0, None) for r in out.rows)
    names = {r["metric"] for r in out.rows}
    assert {"revenue_total", "free_cash_flow", "funding_gap", "npv", "breakeven_by_2030"} <= names


def test_compare_a_variant_with_known_answers(toy: Path) -> None:
    a = gigawatt.load(toy)
    b = gigawatt.load(toy, {"consumer.tiers.plus.price": "40 USD/month"})
    out = compare(a, b, metrics=["revenue_total@2030", "revenue_total@2025", "funding_gap"], samples=400, seed=2)
    rows = {(r["metric"], r["year"]): r for r in out.rows}
    ra = gigawatt.simulate(a, 400, 2)
    # no compute shortage in the toy: doubling the price doubles subscription revenue, sample by sample
    assert rows["revenue_total", 2030]["a"] == pytest.approx(ra.stat("revenue_total", "p50", 2030))
    assert rows["revenue_total", 2030]["rel_diff"] == pytest.approx(1.0, abs=1e-9)
    assert rows["revenue_total", 2025]["diff"] == pytest.approx(rows["revenue_total", 2025]["a"])
    assert rows["funding_gap", None]["diff"] <= 0


def test_compare_summaries_handles_missing_and_unknown_names(toy: Path) -> None:
    summary = gigawatt.simulate(gigawatt.load(toy), 100).summary()
    longer = gigawatt.simulate(gigawatt.load(toy, {"horizon.end": 2032}), 100).summary()
    rows = compare_summaries(summary, longer, ["revenue_total@2032"])  # a year only B has: A's value is missing
    assert rows[0]["a"] is None and rows[0]["b"] is not None and rows[0]["diff"] is None
    with pytest.raises(KeyError, match="year 1999 of revenue_total@1999 is outside the horizon 2025-2030"):
        compare_summaries(summary, summary, ["revenue_total@1999"])
    with pytest.raises(KeyError, match="not a series"):
        compare_summaries(summary, summary, ["npv@2030"])
    with pytest.raises(KeyError, match="did you mean 'funding_gap'"):
        compare_summaries(summary, summary, ["fundng_gap"])
    with pytest.raises(ValueError, match="summary statistics"):
        compare_summaries(summary, summary, stat="p25")


def test_cli_compare_with_set_b(toy: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    result = runner.invoke(app, ["compare", str(toy), "--set-b", "consumer.paying_share.2030=15%", "-n", "300",
                                 "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "B - A" in result.output
    data = json.loads(out.read_text())
    assert data["changes"] == ["consumer.paying_share.2030=15%"]
    row = next(r for r in data["rows"] if r["metric"] == "revenue_total" and r["year"] == 2030)
    assert row["b"] > row["a"] and row["rel_diff"] == pytest.approx(row["diff"] / row["a"])


def test_cli_compare_two_files(toy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(toy.read_text().replace("name: toy", "name: other").replace("20 USD/month", "25 USD/month"))
    result = runner.invoke(app, ["compare", str(toy), str(other), "-n", "200", "-m", "revenue_total@2030",
                                 "--stat", "mean", "--json", "-"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["a"], data["b"], data["stat"]) == ("toy", "other", "mean")
    assert data["rows"][0]["rel_diff"] == pytest.approx(0.25, abs=1e-9)


@pytest.mark.parametrize(("args", "message"), [
    ([], "give scenario B"),
    (["--set-b", "consumer.payin_share=5%"], "payin_share"),
    (["--set-b", "consumer.paying_share.2030=5%", "-m", "revenu_total"], "did you mean 'revenue_total'"),
    (["--set-b", "consumer.paying_share.2030=5%", "-m", "revenue_total@1999"], "outside the horizon"),
])
def test_cli_compare_errors(toy: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["compare", str(toy), "-n", "50", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_compare_checks_metrics_before_the_full_runs(toy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("a full simulation ran before the metrics were checked")

    monkeypatch.setattr(gigawatt, "simulate", full_run)
    scenario = gigawatt.load(toy)
    with pytest.raises(KeyError, match="outside the horizon"):
        compare(scenario, scenario, metrics=["revenue_total@1999"], samples=100)
    with pytest.raises(KeyError, match="did you mean 'npv'"):
        compare(scenario, scenario, metrics=["npvv"], samples=100)


def test_cli_runs_diff_refuses_a_bad_year(toy: Path) -> None:
    for _ in range(2):
        assert runner.invoke(app, ["run", str(toy), "-n", "50", "--quiet"]).exit_code == 0
    result = runner.invoke(app, ["runs", "diff", "1", "2", "-m", "revenue_total@1999"])
    assert result.exit_code == 2, result.output
    assert "outside the horizon 2025-2030" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["runs", "diff", "1", "2", "-m", "revenue_totl@2030"])
    assert result.exit_code == 2 and "did you mean 'revenue_total'" in result.output


def test_rows_carry_the_catalogue_label(toy: Path) -> None:
    summary = gigawatt.simulate(gigawatt.load(toy), 100).summary()
    rows = compare_summaries(summary, summary, ["revenue_total@2030", "funding_gap", "breakeven_by_2030"])
    assert [r["label"] for r in rows] == ["Revenue", "Funding gap", "Break-even by 2030"]
    printed = runner.invoke(app, ["compare", str(toy), "--set-b", "consumer.paying_share.2030=15%", "-n", "200",
                                  "-m", "arpu_paid@2030"], env={"COLUMNS": "100"})
    assert printed.exit_code == 0, printed.output
    assert "Revenue per paying user" in printed.output and "arpu_paid" not in printed.output
