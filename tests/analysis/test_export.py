"""Exports read back with csv, duckdb and openpyxl, and checked against ``Result.stat``."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pytest
from typer.testing import CliRunner

import gigawatt
from gigawatt.analysis import export, tidy
from gigawatt.analysis.export import EXPORT_STATS
from gigawatt.cli import app

from .toys import TOY

runner = CliRunner()


@pytest.fixture(scope="module")
def result() -> gigawatt.Result:
    return gigawatt.simulate(gigawatt.loads(TOY), samples=400, seed=2)


def expected(result: gigawatt.Result, name: str, stat: str, year: int | None) -> float:
    return float(result.stat(name, stat, year))


def test_tidy_rows_match_result_stat(result: gigawatt.Result) -> None:
    rows = tidy(result)
    years = [int(y) for y in result.years]
    assert len(rows) == len(result.series) * len(years) * 6 + len(result.scalars) * 6 + len(result.events)
    table = {(m, y, s): v for m, _, y, s, v in rows}
    for stat in EXPORT_STATS:
        assert table["revenue_total", 2030, stat] == pytest.approx(expected(result, "revenue_total", stat, 2030))
        assert table["funding_gap", None, stat] == pytest.approx(expected(result, "funding_gap", stat, None))
    assert table["breakeven_by_2027", None, "probability"] == result.probabilities["breakeven_by_2027"]


def test_csv(result: gigawatt.Result, tmp_path: Path) -> None:
    path = export(result, tmp_path / "r.csv")
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["metric", "unit", "year", "statistic", "value"]
    row = next(r for r in rows if r["metric"] == "free_cash_flow" and r["year"] == "2028" and r["statistic"] == "p25")
    assert row["unit"] == "USD"
    assert float(row["value"]) == expected(result, "free_cash_flow", "p25", 2028)  # repr round-trips exactly


def test_parquet_with_samples(result: gigawatt.Result, tmp_path: Path) -> None:
    path = export(result, tmp_path / "r.parquet", samples_of=["revenue_total", "funding_gap", "breakeven_by_2026"])
    con = duckdb.connect()
    value = con.execute("SELECT value FROM read_parquet(?) WHERE metric = 'npv' AND statistic = 'p95'",
                        [str(path)]).fetchone()
    assert value is not None and value[0] == pytest.approx(expected(result, "npv", "p95", None))
    samples = con.execute("SELECT sample, value FROM read_parquet(?) WHERE metric = 'revenue_total' AND "
                          "statistic = 'sample' AND year = 2029 ORDER BY sample", [str(path)]).fetchall()
    np.testing.assert_array_equal([v for _, v in samples], result.series["revenue_total"][:, 4])
    assert [s for s, _ in samples] == list(range(400))
    gap = con.execute("SELECT count(*), count(year) FROM read_parquet(?) WHERE metric = 'funding_gap' AND "
                      "statistic = 'sample'", [str(path)]).fetchone()
    assert gap == (400, 0)
    columns = [c[0] for c in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()]
    assert columns == ["metric", "unit", "year", "statistic", "sample", "value"]


def test_csv_with_samples(result: gigawatt.Result, tmp_path: Path) -> None:
    never = gigawatt.simulate(gigawatt.loads(TOY.replace("20 USD/month", "0.01 USD/month")), samples=50)
    path = export(never, tmp_path / "s.csv", samples_of=["revenue_total", "breakeven_year", "breakeven_by_2026"])
    assert [p.name for p in tmp_path.iterdir()] == ["s.csv"]  # written through a temporary file, renamed
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["metric", "unit", "year", "statistic", "sample", "value"]
    stats = [r for r in rows if r["statistic"] != "sample"]
    assert len(stats) == len(tidy(never)) and all(r["sample"] == "" for r in stats)
    p50 = next(r for r in stats if r["metric"] == "revenue_total" and r["year"] == "2028" and r["statistic"] == "p50")
    assert float(p50["value"]) == expected(never, "revenue_total", "p50", 2028)
    revenue = [r for r in rows if r["metric"] == "revenue_total" and r["statistic"] == "sample" and r["year"] == "2029"]
    assert [int(r["sample"]) for r in revenue] == list(range(50))
    np.testing.assert_array_equal([float(r["value"]) for r in revenue], never.series["revenue_total"][:, 4])
    years = [r for r in rows if r["metric"] == "breakeven_year" and r["statistic"] == "sample"]
    assert len(years) == 50 and all(r["year"] == "" and r["value"] == "" for r in years)  # never: inf is empty
    event = [float(r["value"]) for r in rows if r["metric"] == "breakeven_by_2026" and r["statistic"] == "sample"]
    assert event == never.events["breakeven_by_2026"].astype(float).tolist()


def test_workbook(result: gigawatt.Result, tmp_path: Path) -> None:
    path = export(result, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["demand", "revenue", "compute", "costs", "cash", "ratios", "outcomes",
                               "probabilities", "income statement", "cash flows", "balance sheet", "charts", "run"]
    from gigawatt.analysis.statements import statements

    for table in statements(result):  # the median future's statements, years across, exact values
        sheet = book[table.title]
        assert [c.value for c in sheet[1]] == ["line (USD)", *(str(y) for y in table.years)]
        cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        assert [row[0] for row in cells] == [label for _, label, _ in table.rows]
        for row, (_, _, values) in zip(cells, table.rows, strict=True):  # Excel keeps 15 significant digits
            assert row[1:] == pytest.approx(values, rel=1e-14)
    years = [int(y) for y in result.years]
    for name in ("demand", "revenue", "compute", "costs", "cash", "ratios"):
        sheet = book[name]
        assert [c.value for c in sheet[1]] == ["output", "name", "unit", "statistic", *years]  # years across
        assert sheet.freeze_panes == "E2"

    def row_of(sheet: openpyxl.worksheet.worksheet.Worksheet, name: str, stat: str) -> tuple:
        return next(r for r in sheet.iter_rows(min_row=2) if r[1].value == name and r[3].value == stat)

    column = 5 + years.index(2030)
    revenue = row_of(book["revenue"], "revenue_total", "P50")
    assert revenue[0].value == "Revenue" and revenue[2].value == "$B"
    assert revenue[column - 1].value == pytest.approx(expected(result, "revenue_total", "p50", 2030))
    assert revenue[column - 1].number_format.startswith('"$"#,##0.0,,,"B"')  # dollars a year, in billions
    arpu = row_of(book["demand"], "arpu_paid", "P50")  # per-user dollars: not "$0.00B"
    assert arpu[2].value == "$/yr" and ",,," not in arpu[column - 1].number_format
    assert 100 < arpu[column - 1].value < 1000
    share = row_of(book["ratios"], "paying_share_of_users", "mean")
    assert share[2].value == "%" and share[column - 1].number_format == "0.0%"
    assert row_of(book["compute"], "compute_capacity_gw", "P95")[2].value == "GW"
    assert row_of(book["demand"], "users_consumer", "P5")[column - 1].number_format == "#,##0"
    outcomes = {r[1].value: r for r in book["outcomes"].iter_rows(min_row=2)}
    assert [c.value for c in book["outcomes"][1]][3:] == ["P5", "P25", "P50", "P75", "P95", "mean"]
    assert outcomes["funding_gap"][5].value == pytest.approx(expected(result, "funding_gap", "p50", None))
    assert outcomes["breakeven_year"][2].value == "year"
    probabilities = {r[1].value: r for r in book["probabilities"].iter_rows(min_row=2)}
    assert [c.value for c in book["probabilities"][1]] == ["event", "name", "probability"]  # a column of its own
    assert probabilities["breakeven_by_2027"][2].value == result.probabilities["breakeven_by_2027"]
    assert probabilities["breakeven_by_2027"][2].number_format == "0%"


def test_workbook_charts_and_run_sheet(tmp_path: Path) -> None:
    scenario = gigawatt.loads(TOY, {"consumer.paying_share.2030": "9%"})
    result = gigawatt.simulate(scenario, samples=300, seed=7)
    book = openpyxl.load_workbook(export(result, tmp_path / "r.xlsx"))
    charts = book["charts"]
    titles = [chart.title.tx.rich.p[0].r[0].t for chart in charts._charts]
    assert titles == ["Revenue against compute spending (P50, $B)", "Cash before and after financing (P50, $B)"]
    first = charts._charts[0]
    assert [s.tx.strRef.f for s in first.series] == ["'charts'!B1", "'charts'!C1"]  # revenue, compute spend
    headers = [c.value for c in charts[1]]
    assert headers[:3] == ["year", "Revenue P50 ($B)", "Compute spending P50 ($B)"]
    years = [int(y) for y in result.years]
    assert charts.cell(2 + years.index(2030), 2).value == pytest.approx(
        float(np.median(result.series["revenue_total"][:, years.index(2030)])) / 1e9)
    run = {r[0].value: r[1].value for r in book["run"].iter_rows() if r[0].value}
    assert run["seed"] == 7 and run["samples"] == 300
    assert run["overrides (--set)"] == "consumer.paying_share.2030=9%"
    text = [r[1].value for r in book["run"].iter_rows() if r[0].value in (None, "")]
    assert "\n".join(t for t in text if t) == result.scenario.text.rstrip("\n")


def test_non_finite_statistics_are_empty(tmp_path: Path) -> None:
    never = gigawatt.simulate(gigawatt.loads(TOY.replace("20 USD/month", "0.01 USD/month")), samples=50)
    assert not math.isfinite(never.stat("breakeven_year", "p50"))  # break-even never comes
    path = export(never, tmp_path / "never.parquet")
    value = duckdb.connect().execute("SELECT value FROM read_parquet(?) WHERE metric = 'breakeven_year' "
                                     "AND statistic = 'p50'", [str(path)]).fetchone()
    assert value == (None,)


def test_export_errors(result: gigawatt.Result, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.xlsx, \.csv, \.parquet"):
        export(result, tmp_path / "r.pdf")
    with pytest.raises(ValueError, match="not to a workbook"):
        export(result, tmp_path / "r.xlsx", samples_of=["npv"])
    with pytest.raises(KeyError, match="did you mean 'revenue_total'"):
        export(result, tmp_path / "r.parquet", samples_of=["revenue_totl"])
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_cli_run_export(toy: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.parquet"
    result = runner.invoke(app, ["run", str(toy), "-n", "100", "--no-store", "--export", str(out),
                                 "--samples-of", "funding_gap"])
    assert result.exit_code == 0, result.output
    assert "Exported to" in result.output
    count = duckdb.connect().execute("SELECT count(*) FROM read_parquet(?) WHERE statistic = 'sample'",
                                     [str(out)]).fetchone()
    assert count == (100,)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind


@pytest.mark.parametrize(("args", "message", "recorded"), [
    (["--export", "r.pdf"], "use a file ending in", 0),
    (["--export", "r.parquet", "--samples-of", "revenue_totl"], "did you mean 'revenue_total'", 1),
    (["--samples-of", "npv"], "needs --export", 1),
])
def test_cli_run_export_errors(toy: Path, tmp_path: Path, store_path: Path, args: list[str], message: str,
                               recorded: int) -> None:
    args = [str(tmp_path / a) if a.startswith("r.") else a for a in args]
    result = runner.invoke(app, ["run", str(toy), "-n", "50", "-q", *args])
    assert result.exit_code == 2
    assert message in result.output
    from gigawatt.store import RunStore

    assert RunStore(store_path).count() == recorded  # a bad export still records the run that was made
