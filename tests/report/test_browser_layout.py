"""The English report and the dashboard laid out in Chromium: no sideways scroll on a 390-px phone, no chart
text cut at its chart's edge; screenshots are taken of each and checked for overflow."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import NEEDS_CHROMIUM, launched

import gigawatt
from gigawatt.report import write_report

pytestmark = NEEDS_CHROMIUM

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const node of document.body.querySelectorAll('*')) {
    const box = node.getBoundingClientRect();
    // right <= 0: Plotly's hidden measuring box
    if (box.width === 0 || box.right <= 0 || (box.right <= width + 1 && box.left >= -1)) continue;
    let held = false;  // inside a box that scrolls on its own (a wide table) is fine
    for (let up = node.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { held = true; break; }
    }
    if (!held) wide.push(node.tagName + '.' + (node.getAttribute('class') || '') + ' ' + Math.round(box.right));
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""

CLIPPED = """() => {
  const out = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const frame = plot.getBoundingClientRect();
    for (const text of plot.querySelectorAll('.annotation-text, .legendtext, .gtitle, .xtick text, .ytick text,'
                                              + ' .g-xtitle text, .g-ytitle text')) {
      const box = text.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1
          || box.bottom > frame.bottom + 1) {
        out.push((plot.id || '?') + ': ' + text.textContent.slice(0, 40));
      }
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = gigawatt.simulate("openai-2025", samples=600, seed=3)
    path = tmp_path_factory.mktemp("report") / "openai-2025.html"
    write_report(result, path)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the tests of this module."""
    yield from launched()


@pytest.mark.parametrize("width", [390, 1280])
def test_report_has_no_sideways_scroll_and_no_cut_chart_text(browser: Any, report: Path, tmp_path: Path,
                                                             width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(report.as_uri(), wait_until="load")
        page.wait_for_selector("#chart-gap_histogram .main-svg", state="attached")
        page.wait_for_timeout(500)
        page.screenshot(path=str(tmp_path / f"report-{width}.png"), full_page=True)
        found = page.evaluate(OVERFLOW)
        assert found["scroll"] <= found["width"], found
        assert found["wide"] == [], found
        clipped = page.evaluate(CLIPPED)
        assert clipped == [], clipped
        titles = page.evaluate("[...document.querySelectorAll('#chart-revenue_vs_compute .legendtext')]"
                               ".map(n => n.textContent)")
        assert sorted(titles) == ["Compute spending", "Revenue"]  # one chart, both on its axes
        labels = page.evaluate("[...document.querySelectorAll('#chart-gap_histogram .annotation-text')]"
                               ".map(n => n.textContent)")
        assert [t.split()[0] for t in labels] == ["P5", "P50", "P95"]
    finally:
        page.close()


def test_the_screenshot_shows_the_page_at_phone_width(browser: Any, report: Path, tmp_path: Path) -> None:
    """The full-page screenshot at 390 px is 390 px wide: nothing stretched the page sideways."""
    from PIL import Image

    page = browser.new_page(viewport={"width": 390, "height": 800})
    try:
        page.goto(report.as_uri(), wait_until="load")
        page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
        shot = tmp_path / "phone.png"
        page.screenshot(path=str(shot), full_page=True)
    finally:
        page.close()
    with Image.open(shot) as image:
        assert image.width == 390 and image.height > 2000
