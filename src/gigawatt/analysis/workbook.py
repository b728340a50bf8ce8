"""The Excel export: one sheet per group of outputs, numbers formatted by unit, units in the headers.

Sheets ``revenue``, ``costs``, ``cash`` and ``compute`` hold one column per
series (header ``name (unit)``) and one row per year and statistic; ``scalars``
holds one row per scalar (and per event, its probability); ``income statement``,
``cash flows`` and ``balance sheet`` hold the three statements of the median future
(:mod:`gigawatt.analysis.statements`), years across; ``run`` says which scenario, seed
and samples produced the numbers. Cells hold the exact values in
canonical units; only their display is formatted (dollars shown in billions).
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np

from gigawatt.analysis.export import EXPORT_STATS, GROUPS, _stats, group_of
from gigawatt.engine.result import Result

FORMATS = {
    "USD": '"$"#,##0.00,,,"B";-"$"#,##0.00,,,"B"',
    "GW": "#,##0.000",
    "fraction": "0.0%",
    "probability": "0.0%",
    "year": "0",
}
COUNT_FORMAT = "#,##0"
COUNT_UNITS = {"users", "devices", "tokens", "seats", "count"}


def number_format(unit: str) -> str:
    """The Excel display format of a unit (dollars in billions, shares as percentages)."""
    if unit in FORMATS:
        return FORMATS[unit]
    if unit in COUNT_UNITS:
        return COUNT_FORMAT
    return "General"


def _value(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def write_workbook(result: Result, path: Path) -> None:
    """Write the workbook atomically (built in memory, then renamed into place)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from gigawatt.io import atomic_write_bytes

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    years = [int(y) for y in result.years]
    groups: dict[str, list[str]] = {g: [] for g in GROUPS if g != "scalars"}
    for name in result.series:
        groups[group_of(name, result.units[name])].append(name)
    for group, names in groups.items():
        sheet = workbook.create_sheet(group)
        headers = ["year", "statistic", *(f"{n} ({result.units[n]})" for n in names)]
        sheet.append(headers)
        tables = [_stats(result.series[n], EXPORT_STATS) for n in names]  # each (stats, Y)
        for j, year in enumerate(years):
            for i, stat in enumerate(EXPORT_STATS):
                sheet.append([year, stat, *(_value(t[i, j]) for t in tables)])
        for col, name in enumerate(names, start=3):
            fmt = number_format(result.units[name])
            for row in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                row[0].number_format = fmt
        _finish(sheet, headers, bold, "C2")
    sheet = workbook.create_sheet("scalars")
    headers = ["metric", "unit", *(s.upper() if s != "mean" else "mean" for s in EXPORT_STATS)]
    sheet.append(headers)
    for name, values in result.scalars.items():
        table = _stats(values[:, None], EXPORT_STATS)[:, 0]
        sheet.append([name, result.units[name], *(_value(v) for v in table)])
        _format_row(sheet, number_format(result.units[name]))
    for name, share in result.probabilities.items():
        sheet.append([name, "probability", *([None] * (len(EXPORT_STATS) - 1)), share])
        _format_row(sheet, FORMATS["probability"])
    _finish(sheet, headers, bold, "B2")
    chosen = write_statements(workbook, result, bold)
    about = workbook.create_sheet("run")
    for key, value in (("scenario", result.scenario.name), ("content hash", result.scenario.content_hash),
                       ("samples", result.samples), ("seed", result.seed), ("version", result.version),
                       ("years", f"{years[0]}-{years[-1]}"),
                       ("statements", f"sample {chosen}: the median future (cumulative free cash flow nearest "
                                      "the median)"),
                       ("note", "values in canonical units; USD cells are displayed in billions")):
        about.append([key, value])
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())


def write_statements(workbook: object, result: Result, bold: object) -> int:
    """One sheet per statement (income statement, cash flows, balance sheet) of the median future, years across.

    Returns the sample shown (see :func:`gigawatt.analysis.statements.median_future`).
    """
    from gigawatt.analysis.statements import statements

    tables = statements(result)
    for table in tables:
        sheet = workbook.create_sheet(table.title)  # type: ignore[attr-defined]
        headers = ["line (USD)", *(str(y) for y in table.years)]
        sheet.append(headers)
        for _, label, values in table.rows:
            sheet.append([label, *(_value(v) for v in values)])
            row = sheet.max_row
            for cell in sheet[row][1:]:
                cell.number_format = FORMATS["USD"]
        _finish(sheet, headers, bold, "B2")
        sheet.column_dimensions["A"].width = 2 + max(len(label) for _, label, _ in table.rows)
    return tables[0].sample if tables else 0


def _format_row(sheet: object, fmt: str) -> None:
    row = sheet.max_row  # type: ignore[attr-defined]
    for cell in sheet[row][2:]:  # type: ignore[index]
        cell.number_format = fmt


def _finish(sheet: object, headers: list[str], bold: object, freeze: str) -> None:
    """Bold, frozen header row and column widths that fit the headers."""
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:  # type: ignore[index]
        cell.font = bold
    sheet.freeze_panes = freeze  # type: ignore[attr-defined]
    widths = np.maximum([len(h) + 2 for h in headers], 12)
    if headers and headers[0] == "metric":
        widths[0] = max(int(widths[0]), 2 + max((len(str(c.value)) for c in sheet["A"]), default=10))  # type: ignore[index]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = int(width)  # type: ignore[attr-defined]
