"""The HTML report: self-contained, complete, escaped, written atomically."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from markupsafe import escape
from plotly.offline import get_plotlyjs

from gigawatt.engine.result import Result
from gigawatt.report import render_report, write_report
from gigawatt.report.html import CONTENT_SECURITY_POLICY, default_command


@pytest.fixture(scope="module")
def page(hand_result: Result) -> str:
    return render_report(hand_result, command="gigawatt report toy.yaml --samples 400 --seed 7 -o r.html",
                         generated=dt.date(2025, 11, 1), local_drivers=True)


def test_plotlyjs_embedded_once_and_nothing_loaded(page: str) -> None:
    assert page.count(get_plotlyjs()) == 1
    assert page.count("<script") == page.count("</script>")
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=\"(?!data:)", page)  # only the data: favicon
    assert "@import" not in page and "MathJax" not in page.replace(get_plotlyjs(), "")
    assert f'content="{escape(CONTENT_SECURITY_POLICY)}"' in page
    assert "connect-src 'none'" in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY


def test_every_chart_once(page: str) -> None:
    ids = re.findall(r'<div id="(chart-[a-z_]+)" class="plotly-graph-div"', page)
    assert len(ids) == len(set(ids)) == 15
    assert ids.index("chart-revenue_vs_compute") < ids.index("chart-revenue_streams")
    assert "chart-tornado" in ids and "chart-fan_revenue_share_from_payers" in ids


def test_words_numbers_and_reproduction(page: str, hand_result: Result) -> None:
    assert "In half of 400 simulated futures, toy-report needs more than $" in page
    assert "gigawatt report toy.yaml --samples 400 --seed 7 -o r.html" in page
    assert hand_result.scenario.content_hash in page
    assert "2025-11-01" in page and ">test<" in page  # the date and the version of the result
    assert "conditional medians" in page  # the method of the tornado is documented
    assert "toy source: a guess" in page and "vendor estimates" in page  # source comments
    assert "Oracle, Crusoe" in page and "joint venture (40% equity)" in page
    assert "Microsoft" in page


def test_user_text_is_escaped(page: str) -> None:
    assert "<b>with markup</b>" not in page
    assert "&lt;b&gt;with markup&lt;/b&gt;" in page


def test_default_command(hand_result: Result) -> None:
    assert default_command(hand_result) == "gigawatt report toy-report --samples 400 --seed 7"


def test_write_report_is_atomic(hand_result: Result, tmp_path: Path) -> None:
    target = tmp_path / "deep" / "report.html"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    assert write_report(hand_result, target, local_drivers=True) == target
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]  # no temporary file left


def test_report_of_a_result_without_outputs(hand_result: Result) -> None:
    bare = Result(scenario=hand_result.scenario, years=hand_result.years, seed=1)
    page = render_report(bare)
    assert "has no <code>funding_gap</code>" in page
    assert 'class="plotly-graph-div"' not in page
