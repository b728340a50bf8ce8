"""The report's table of the fleet and unit economics: medians of the outputs, in the first, middle, last year."""

from __future__ import annotations

import numpy as np

from gigawatt.engine.result import Result
from gigawatt.report.assumptions import fleet_rows
from gigawatt.report.format import percent
from gigawatt.report.html import render_report


def test_the_table_gives_the_median_gross_margin(model_result: Result) -> None:
    header, rows = fleet_rows(model_result)
    years = [int(y) for y in model_result.years]
    assert header == [str(years[0]), str(years[len(years) // 2]), str(years[-1])]
    margin = next(row for row in rows if row[0] == "Gross margin")
    assert margin[1] == percent(float(np.percentile(model_result["gross_margin"][:, 0], 50)))


def test_the_report_shows_the_table(model_result: Result) -> None:
    page = render_report(model_result)
    assert "Fleet and unit economics" in page and "Fleet efficiency" in page
