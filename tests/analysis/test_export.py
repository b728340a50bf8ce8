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
from gigawatt.analysis.export import EXPORT_STATS, group_of
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
    assert book.sheetnames[:5] == ["revenue", "costs", "cash", "compute", "scalars"]
    for name in ("revenue", "costs", "cash", "compute"):
        sheet = book[name]
        assert sheet.freeze_panes == "C2"
        headers = [c.value for c in sheet[1]]
        assert headers[:2] == ["year", "statistic"] and all("(" in h for h in headers[2:])
        assert sheet.column_dimensions["C"].width >= len(headers[2])
    revenue = book["revenue"]
    headers = [c.value for c in revenue[1]]
    col = headers.index("revenue_total (USD)") + 1
    years = [int(y) for y in result.years]
    row = 2 + years.index(2030) * len(EXPORT_STATS) + EXPORT_STATS.index("p50")
    assert revenue.cell(row, 1).value == 2030 and revenue.cell(row, 2).value == "p50"
    assert revenue.cell(row, col).value == pytest.approx(expected(result, "revenue_total", "p50", 2030))
    assert '"B"' in revenue.cell(row, col).number_format
    cash = book["cash"]
    assert "free_cash_flow (USD)" in [c.value for c in cash[1]]
    compute = book["compute"]
    assert "compute_capacity_gw (GW)" in [c.value for c in compute[1]]
    scalars = book["scalars"]
    assert scalars.freeze_panes == "B2"
    rows = {r[0].value: r for r in scalars.iter_rows(min_row=2)}
    assert rows["funding_gap"][4].value == pytest.approx(expected(result, "funding_gap", "p50", None))
    assert rows["breakeven_by_2027"][7].value == result.probabilities["breakeven_by_2027"]
    assert rows["breakeven_by_2027"][7].number_format == "0.0%"


def test_groups() -> None:
    assert [group_of(n, u) for n, u in [("revenue_subs", "USD"), ("capex", "USD"), ("cash_balance", "USD"),
                                        ("site_capacity_gw_abilene", "GW"), ("payers", "users")]] == \
        ["revenue", "costs", "cash", "compute", "revenue"]


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
