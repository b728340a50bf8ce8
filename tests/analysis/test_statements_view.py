"""The three statements of the median future, and their sheets in the workbook."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest

import gigawatt
from gigawatt.analysis import export
from gigawatt.analysis.statements import median_future, statements

from .toys import TOY


@pytest.fixture(scope="module")
def result() -> gigawatt.Result:
    return gigawatt.simulate(gigawatt.loads(TOY), samples=101, seed=2)


def test_the_median_future_is_the_median_of_cumulative_free_cash_flow(result: gigawatt.Result) -> None:
    total = result["free_cash_flow"].sum(axis=1)
    chosen = median_future(result)
    # 101 samples: the median is a sample, with 50 below and 50 above it
    assert (total < total[chosen]).sum() == 50 and (total > total[chosen]).sum() == 50


def test_the_statements_of_one_future_balance(result: gigawatt.Result) -> None:
    income, flows, balance = statements(result)
    assert [s.title for s in (income, flows, balance)] == ["income statement", "cash flows", "balance sheet"]
    lines = {name: np.asarray(values) for name, _, values in balance.rows}
    np.testing.assert_allclose(lines["total_assets"], lines["total_liabilities"] + lines["equity_balance"],
                               rtol=1e-9)
    sample = income.sample
    values = {name: v for name, _, v in income.rows}
    np.testing.assert_allclose(values["net_income"], result["net_income"][sample])
    np.testing.assert_allclose(values["revenue_total"], result["revenue_total"][sample])  # a whole first year


def test_a_mid_year_start_scales_the_full_year_lines() -> None:
    result = gigawatt.simulate(gigawatt.loads("""
name: half
horizon: {start: 2025, end: 2026}
streams: [{name: deal, type: fixed, amount: $10B}]
finance: {first_year_fraction: 0.5}
"""), samples=2, seed=1)
    income = statements(result)[0]
    values = {name: v for name, _, v in income.rows}
    assert values["revenue_total"] == [5e9, 10e9]
    assert values["gross_profit"] == [5e9, 10e9]


def test_the_workbook_has_a_sheet_per_statement(result: gigawatt.Result, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(export(result, tmp_path / "r.xlsx"))
    for title in ("income statement", "cash flows", "balance sheet"):
        assert title in book.sheetnames
    sheet = book["balance sheet"]
    assert [c.value for c in sheet[1]] == ["line (USD)", *(str(int(y)) for y in result.years)]
    rows = {r[0].value: [c.value for c in r[1:]] for r in sheet.iter_rows(min_row=2)}
    np.testing.assert_allclose(rows["Total assets"], result["total_assets"][median_future(result)])
    run = {r[0].value: r[1].value for r in book["run"].iter_rows()}
    assert run["statements"].startswith(f"sample {median_future(result)}:")


def test_each_statement_line_is_labelled_as_the_catalogue_declares(result: gigawatt.Result) -> None:
    from gigawatt import outputs

    rows = [row for table in statements(result) for row in table.rows]
    assert {label for name, label, _ in rows if name == "cost_of_revenue_total"} == {
        "Cost of revenue (with inference compute)"}
    assert all(label == outputs.label(name) for name, label, _ in rows)
