"""The Excel export: one sheet per group of outputs, years across, statistics down, native charts.

Each group of series of the output catalogue (``demand``, ``revenue``, ``compute``, ``costs``,
``cash``, ``ratios``) gets a sheet: one block of rows per output (P5, P25, P50, P75, P95 and
mean), the years across the top, the label, name and unit on the left. ``outcomes`` holds the
scalars (statistics across), ``probabilities`` the events (their probability in a column of its
own), ``income statement``, ``cash flows`` and ``balance sheet`` the three statements of the
median future (:mod:`gigawatt.analysis.statements`), years across, ``charts`` the medians behind
two native Excel line charts (revenue against compute spending; cash before and after
financing), ``network`` the links, flows, defaults and exposure of a network run
(:func:`network_sheet`), and ``run`` the scenario, seed, samples, ``--set`` overrides and the scenario's full
text. Cells hold exact values in canonical units; only their display follows the catalogue's
number format (dollars per year in billions, per-user dollars as dollars, shares as
percentages, GW, counts).
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import numpy as np

from gigawatt import outputs
from gigawatt.analysis.export import EXPORT_STATS, _stats
from gigawatt.analysis.network import NetworkSummary
from gigawatt.engine.result import Result
from gigawatt.outputs import CASH_BALANCE, CASH_BEFORE_FINANCING, COMPUTE_SPEND, REVENUE_TOTAL

SERIES_GROUPS = ("demand", "revenue", "compute", "costs", "cash", "ratios")
STAT_LABELS = {"mean": "mean", **{s: s.upper() for s in EXPORT_STATS if s != "mean"}}


def _value(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def write_workbook(result: Result, path: Path) -> None:
    """Write the workbook atomically (built in memory, then renamed into place)."""
    from gigawatt.atomic import atomic_write_bytes

    buffer = io.BytesIO()
    build_workbook(result).save(buffer)
    atomic_write_bytes(path, buffer.getvalue())


def build_workbook(result: Result) -> Any:
    """The :class:`openpyxl.Workbook` of a result (of every sample)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    years = [int(y) for y in result.years]
    for group in SERIES_GROUPS:
        names = outputs.ordered(result.series, group)
        if names:
            _series_sheet(workbook.create_sheet(group), result, names, years, bold)
    scalars = outputs.ordered(result.scalars)
    sheet = workbook.create_sheet("outcomes")
    sheet.append(["output", "name", "unit", *(STAT_LABELS[s] for s in EXPORT_STATS)])
    for name in scalars:
        table = _stats(result.scalars[name][:, None], EXPORT_STATS)[:, 0]
        sheet.append([outputs.label(name), name, outputs.short_unit(name) or result.units[name],
                      *(_value(v) for v in table)])
        for cell in sheet[sheet.max_row][3:]:
            cell.number_format = outputs.excel_format(name)
    _finish(sheet, bold, "D2")
    sheet = workbook.create_sheet("probabilities")
    sheet.append(["event", "name", "probability"])
    for name, share in result.probabilities.items():
        sheet.append([outputs.label(name), name, share])
        sheet.cell(sheet.max_row, 3).number_format = outputs.excel_format(name)
    _finish(sheet, bold, "C2")
    if result.scenario.is_network:  # no statements of the network as a whole: its links and defaults instead
        from gigawatt.analysis.network import network_summary

        chosen = None
        network_sheet(workbook, network_summary(result))
    else:
        chosen = _statement_sheets(workbook, result, bold)
    _charts_sheet(workbook, result, years, bold)
    _run_sheet(workbook.create_sheet("run"), result, years, bold, chosen)
    return workbook


def _series_sheet(sheet: Any, result: Result, names: list[str], years: list[int], bold: Any) -> None:
    sheet.append(["output", "name", "unit", "statistic", *years])
    for name in names:
        table = _stats(result.series[name], EXPORT_STATS)  # (stats, years)
        fmt = outputs.excel_format(name)
        for i, stat in enumerate(EXPORT_STATS):
            sheet.append([outputs.label(name), name, outputs.short_unit(name) or result.units[name],
                          STAT_LABELS[stat], *(_value(v) for v in table[i])])
            for cell in sheet[sheet.max_row][4:]:
                cell.number_format = fmt
    _finish(sheet, bold, "E2")


def _statement_sheets(workbook: Any, result: Result, bold: Any) -> int:
    """One sheet per statement (income statement, cash flows, balance sheet) of the median future, years across.

    Returns the sample shown (see :func:`gigawatt.analysis.statements.median_future`).
    """
    from gigawatt.analysis.statements import statements

    tables = statements(result)
    for table in tables:
        sheet = workbook.create_sheet(table.title)
        sheet.append(["line (USD)", *(str(y) for y in table.years)])
        for name, label, values in table.rows:
            sheet.append([label, *(_value(v) for v in values)])
            for cell in sheet[sheet.max_row][1:]:
                cell.number_format = outputs.excel_format(name)
        _finish(sheet, bold, "B2")
        sheet.column_dimensions["A"].width = 2 + max(len(label) for _, label, _ in table.rows)
    return tables[0].sample if tables else 0


def network_sheet(workbook: Any, summary: NetworkSummary) -> Any:
    """The sheet ``network`` of a network run: every link (kind, payer, payee, mean USD paid over the horizon,
    expected loss), the mean USD paid along each link each year, every entity's default probability and median
    first default year, the chance of a cascade, and the exposure (payer, payee, USD still due per year end)."""
    from openpyxl.styles import Font

    bold = Font(bold=True)
    sheet = workbook.create_sheet("network")
    money_format, share_format = "#,##0", "0.0%"

    def heading(*cells: Any) -> None:
        sheet.append(list(cells))
        for cell in sheet[sheet.max_row]:
            cell.font = bold

    def numbers(start: int, fmt: str) -> None:
        for cell in sheet[sheet.max_row][start:]:
            cell.number_format = fmt

    heading("link", "kind", "payer", "payee", "paid over the horizon (USD, mean)", "expected loss (USD, mean)")
    for info in summary.links:
        sheet.append([info.name, info.kind, info.payer, info.payee,
                      _value(summary.total_flows.get(info.name, math.nan)),
                      _value(summary.expected_loss.get(info.name, math.nan))])
        numbers(4, money_format)
    sheet.append([])
    heading("paid along the link (USD per year, mean)", "", "", "", *summary.years)
    for info in summary.links:
        sheet.append([info.name, "", info.payer, info.payee, *(_value(v) for v in summary.flows.get(info.name, []))])
        numbers(4, money_format)
    sheet.append([])
    heading("entity", "default probability", "first default year (median among defaults)")
    for entity in summary.entities:
        year = summary.first_default_year.get(entity)
        sheet.append([entity, _value(summary.default_probability.get(entity, math.nan)),
                      None if year is None else _value(year)])
        sheet.cell(sheet.max_row, 2).number_format = share_format
    sheet.append(["chance of a cascade", _value(summary.cascade_probability)])
    sheet.cell(sheet.max_row, 1).font = bold
    sheet.cell(sheet.max_row, 2).number_format = share_format
    sheet.append([])
    heading("exposure: still due at year end (USD, mean)", "", "payer", "payee", *summary.years)
    for payer, row in summary.exposure.items():
        for payee, values in row.items():
            sheet.append(["", "", payer, payee, *(_value(v) for v in values)])
            numbers(4, money_format)
    sheet.column_dimensions["A"].width = 40
    for column in "BCD":
        sheet.column_dimensions[column].width = 16
    sheet.freeze_panes = "A2"
    return sheet


def _charts_sheet(workbook: Any, result: Result, years: list[int], bold: Any) -> None:
    """Medians of the headline series and two native line charts drawn from them."""
    from openpyxl.chart import LineChart, Reference

    wanted = [n for n in (REVENUE_TOTAL, COMPUTE_SPEND, CASH_BEFORE_FINANCING, CASH_BALANCE) if n in result.series]
    if not wanted:
        return
    sheet = workbook.create_sheet("charts")
    sheet.append(["year", *(f"{outputs.label(n)} P50 ($B)" for n in wanted)])
    medians = {n: np.median(result.series[n], axis=0) / 1e9 for n in wanted}
    for j, year in enumerate(years):
        sheet.append([year, *(_value(float(medians[n][j])) for n in wanted)])
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = "#,##0.0"
    _finish(sheet, bold, "B2")
    column = {n: i + 2 for i, n in enumerate(wanted)}
    last = len(years) + 1
    anchor = "G2"
    for title, names in (("Revenue against compute spending (P50, $B)", [REVENUE_TOTAL, COMPUTE_SPEND]),
                         ("Cash before and after financing (P50, $B)", [CASH_BEFORE_FINANCING, CASH_BALANCE])):
        present = [n for n in names if n in column]
        if not present:
            continue
        chart = LineChart()
        chart.title = title
        chart.y_axis.title = "US$ billions"
        chart.x_axis.title = "year"
        chart.height, chart.width = 8, 16
        for name in present:
            chart.add_data(Reference(sheet, min_col=column[name], min_row=1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
        sheet.add_chart(chart, anchor)
        anchor = "G20"


def _run_sheet(sheet: Any, result: Result, years: list[int], bold: Any, chosen: int | None) -> None:
    scenario = result.scenario
    overrides = scenario.overrides
    rows: list[tuple[str, Any]] = [
        ("scenario", scenario.name), ("content hash", scenario.content_hash), ("samples", result.samples),
        ("seed", result.seed), ("version", result.version), ("years", f"{years[0]}-{years[-1]}"),
        ("overrides (--set)", "; ".join(f"{k}={v}" for k, v in overrides.items()) or "none"),
        ("statements", "none: a network (see the network sheet)" if chosen is None else
         f"sample {chosen}: the median future (cumulative free cash flow nearest the median)"),
        ("note", "values in canonical units; each cell's display follows docs/outputs.md"),
    ]
    for key, value in rows:
        sheet.append([key, value])
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.append([])
    sheet.append(["scenario text", "(after extends and overrides; loading it gives this scenario)"])
    sheet.cell(sheet.max_row, 1).font = bold
    for line in scenario.text.splitlines():
        sheet.append(["", line])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90


def _finish(sheet: Any, bold: Any, freeze: str) -> None:
    """Bold, frozen header row; columns as wide as their text."""
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = freeze
    for i, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        width = max((len(str(v)) for v in column if isinstance(v, str)), default=8)
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 48)
