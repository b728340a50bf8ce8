"""The report shows the three statements of the median future and the valuation, in every language."""

from __future__ import annotations

import re

import numpy as np

from gigawatt.analysis.statements import median_future
from gigawatt.engine.result import Result
from gigawatt.report.format import money
from gigawatt.report.html import render_report, statement_tables, valuation_rows


def test_the_report_shows_the_statements_of_the_median_future(model_result: Result) -> None:
    html = render_report(model_result, local_drivers=False)
    section = html[html.index('id="statements"'):]
    section = section[: section.index("</section>")]
    for title in ("income statement", "cash flows", "balance sheet", "Valuation"):
        assert f"<h3>{title}</h3>" in section
    sample = median_future(model_result)
    assets = money(float(model_result["total_assets"][sample, -1]), billions=True)
    row = re.search(r"<tr><td>Total assets</td>(.*?)</tr>", section)
    assert row is not None and row.group(1).count("<td") == len(model_result.years)
    assert assets in row.group(1).split("</td>")[-2]


def test_the_valuation_rows_are_quantiles(model_result: Result) -> None:
    rows = {label: (p50, spread) for label, p50, spread in valuation_rows(model_result, _english())}
    value = np.percentile(model_result["enterprise_value"], 50)
    assert rows["Enterprise value"][0] == money(float(value))


def test_the_statements_in_arabic(model_result: Result) -> None:
    from gigawatt.i18n import language

    tables = statement_tables(model_result, language("ar"))
    assert [t[0] for t in tables] == ["قائمة الدخل", "التدفقات النقدية", "الميزانية العمومية"]


def _english():  # type: ignore[no-untyped-def]
    from gigawatt.i18n import language

    return language("en")
