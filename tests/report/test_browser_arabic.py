"""The Arabic report in Debian's Chromium: right to left, nothing wider than the window, no console error.

Screenshots go to ``$GIGAWATT_SCREENSHOTS`` when it is set (a folder), else to the test's temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import NEEDS_CHROMIUM, launched, screenshot_folder

from gigawatt.engine.result import Result
from gigawatt.report import write_report

pytestmark = NEEDS_CHROMIUM

OVERFLOW = """() => {
  // elements reaching past the window's edges, unless a scrolling box (a wide table) holds them
  const width = document.documentElement.clientWidth, out = [];
  for (const node of document.querySelectorAll('body *')) {
    const box = node.getBoundingClientRect();
    if (!box.width || node.closest('#js-plotly-tester') || (box.right <= width + 1 && box.left >= -1)) continue;
    let up = node.parentElement, held = false;
    for (; up; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') { held = true; break; }
    const name = `${node.tagName}.${node.getAttribute('class') || ''}`;
    if (!held) out.push(`${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 12)};
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the tests of this module."""
    yield from launched()


def check_page(browser: Any, url: str, width: int, shot: Path) -> dict[str, Any]:
    """Open ``url`` at ``width`` px; the direction, the overflow, the console errors and the requests."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url, wait_until="load")
        page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
        page.wait_for_timeout(300)
        seen = {"dir": page.get_attribute("html", "dir"), "lang": page.get_attribute("html", "lang"),
                "overflow": page.evaluate(OVERFLOW), "h1": page.inner_text("h1"),
                "ticks": page.evaluate("[...document.querySelectorAll('[id^=chart-fan] .xtick text')].slice(0, 3)"
                                       ".map(t => t.textContent)")}
        page.screenshot(path=str(shot), full_page=True)
    finally:
        page.close()
    return {**seen, "errors": [e for e in errors if "favicon" not in e], "requests": requests}


@pytest.mark.parametrize("digits", ["latn", "arab"])
@pytest.mark.parametrize("width", [1400, 390])
def test_arabic_report_in_chromium(browser: Any, hand_result: Result, tmp_path: Path, width: int,
                                   digits: str) -> None:
    path = write_report(hand_result, tmp_path / f"report-ar-{digits}.html", local_drivers=True, lang="ar",
                        digits=digits)
    shot = screenshot_folder(tmp_path) / f"report-ar-{digits}-{width}.png"
    seen = check_page(browser, path.as_uri(), width, shot)
    assert (seen["lang"], seen["dir"]) == ("ar", "rtl")
    assert seen["h1"] == "هل تلحق الإيرادات بتكاليف الحوسبة؟"
    assert seen["errors"] == []
    assert seen["requests"] == [path.as_uri()]  # offline: the file and nothing else
    assert seen["overflow"]["out"] == [] and seen["overflow"]["scroll"] <= width, seen["overflow"]
    assert seen["ticks"] and all(t.isdigit() for t in seen["ticks"])  # years as years
    assert all(t[0] in ("٢" if digits == "arab" else "2") for t in seen["ticks"])
    assert shot.stat().st_size > 30_000


def test_english_report_fits_a_phone(browser: Any, hand_result: Result, tmp_path: Path) -> None:
    path = write_report(hand_result, tmp_path / "report-en.html", local_drivers=True)
    seen = check_page(browser, path.as_uri(), 390, screenshot_folder(tmp_path) / "report-en-390.png")
    assert (seen["lang"], seen["dir"]) == ("en", "ltr")
    assert seen["overflow"]["out"] == [] and seen["errors"] == []
