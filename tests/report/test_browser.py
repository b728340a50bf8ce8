"""The report in a real browser: Debian's Chromium driven by Playwright, offline, every chart drawn."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import NEEDS_CHROMIUM, launched

import gigawatt
from gigawatt.engine.result import Result
from gigawatt.report import write_report
from gigawatt.report.drivers import drivers
from gigawatt.report.html import chart_figures

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the tests of this module."""
    yield from launched()


def open_report(browser: Any, path: Path, screenshot: Path) -> dict[str, Any]:
    """Open ``path`` in a new page; return console errors, requests, the count of drawn charts and the seconds."""
    errors: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        started = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")  # no eval: the page's CSP forbids it
        seconds = time.perf_counter() - started
        drawn = page.evaluate(
            "[...document.querySelectorAll('.js-plotly-plot')].filter(e => e.querySelector('svg')).length")
        page.screenshot(path=str(screenshot), full_page=True)
    finally:
        page.close()
    return {"errors": [e for e in errors if "favicon" not in e], "requests": requests, "drawn": drawn,
            "seconds": seconds}


def check(browser: Any, path: Path, tmp_path: Path, expected_charts: int) -> dict[str, Any]:
    shot = tmp_path / "report.png"
    seen = open_report(browser, path, shot)
    assert seen["errors"] == []
    assert seen["requests"] == [path.as_uri()]  # the file itself and nothing else
    assert seen["drawn"] == expected_charts
    assert shot.stat().st_size > 50_000
    return seen


def test_toy_report_opens_offline(browser: Any, hand_result: Result, tmp_path: Path) -> None:
    path = write_report(hand_result, tmp_path / "toy.html", local_drivers=True)
    check(browser, path, tmp_path, len(chart_figures(hand_result, drivers(hand_result, local=True))))


def test_model_report_with_the_analysis_tornado(browser: Any, model_result: Result, tmp_path: Path) -> None:
    path = write_report(model_result, tmp_path / "model.html")
    assert "Method used in this report: <strong>gigawatt.analysis.tornado</strong>" in path.read_text("utf-8")
    check(browser, path, tmp_path, 15)


def test_default_scenario_report(browser: Any, tmp_path: Path) -> None:
    result = gigawatt.simulate(gigawatt.load("openai-2025"), samples=2_000, seed=1)
    path = write_report(result, tmp_path / "openai-2025.html", local_drivers=True)
    check(browser, path, tmp_path, 15)
