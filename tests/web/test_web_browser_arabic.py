"""The dashboard in Arabic, in Debian's Chromium: right to left, every chart drawn, nothing wider than the
window at 1,400 and 390 px, no console error, a language switch that keeps the view.

Screenshots go to ``$GIGAWATT_SCREENSHOTS`` when it is set (a folder), else to the test's temporary folder.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import CHROMIUM, launched, screenshot_folder
from test_web_browser import SCENARIO, wait_until

from gigawatt.scenario.loader import bundled_names
from gigawatt.web.app import create_app
from gigawatt.web.background import running
from gigawatt.web.limits import Limits

pytestmark = pytest.mark.browser

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const node of document.querySelectorAll('body *')) {
    const box = node.getBoundingClientRect();
    if (!box.width || node.closest('#js-plotly-tester') || (box.right <= width + 1 && box.left >= -1)) continue;
    let up = node.parentElement, held = false;
    for (; up; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') { held = true; break; }
    if (!held) out.push(`${node.tagName}#${node.id} ${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 12)};
}"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    if shutil.which(CHROMIUM) is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    if SCENARIO not in bundled_names():
        pytest.skip(f"the bundled {SCENARIO} scenario is not installed")
    with running(create_app(Limits(max_samples=20_000, timeout_s=120), warm=False)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the tests of this module."""
    yield from launched()


def open_dashboard(browser: Any, url: str, width: int) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.locator(".card .value").first.wait_for(timeout=60_000)
    wait_until(page, "document.querySelectorAll('#charts .js-plotly-plot .main-svg').length >= 4")
    wait_until(page, "!document.querySelector('#status').classList.contains('busy')")
    page.wait_for_timeout(300)
    return page, errors


@pytest.mark.parametrize("digits", ["latn", "arab"])
@pytest.mark.parametrize("width", [1400, 390])
def test_dashboard_in_arabic(server: str, browser: Any, tmp_path: Path, width: int, digits: str) -> None:
    view = f"#scenario={SCENARIO}&samples=1000&seed=1"
    page, errors = open_dashboard(browser, f"{server}/?lang=ar&digits={digits}{view}", width)
    try:
        assert (page.get_attribute("html", "lang"), page.get_attribute("html", "dir")) == ("ar", "rtl")
        assert page.inner_text(".tagline") == "هل تلحق الإيرادات بتكاليف الحوسبة؟"
        assert "مليار $" in page.inner_text(".card .value >> nth=0")
        first = page.inner_text("#sentences p >> nth=0")
        assert first.startswith("في نصف ") and not re.search(r"[A-Za-z]", first.replace(SCENARIO, ""))
        assert page.inner_text(".controls-panel h2") == "المحرّكات الرئيسية"
        status = page.inner_text("#status")
        assert ("١٬٠٠٠" if digits == "arab" else "1,000") in status
        ticks = page.evaluate("[...document.querySelectorAll('#chart-revenue_vs_compute .xtick text')]"
                              ".map(t => t.textContent)")
        assert ticks and all(len(t) == 4 and t[0] == ("٢" if digits == "arab" else "2") for t in ticks)
        overflow = page.evaluate(OVERFLOW)
        assert overflow["out"] == [] and overflow["scroll"] <= width, overflow
        # chart titles are headings that wrap inside their card (drawn by Plotly, a long one was cut off)
        titles = page.evaluate("[...document.querySelectorAll('#charts .chart-title')].map(h => [h.textContent, "
                               "h.scrollWidth <= h.clientWidth + 1])")
        assert len(titles) >= 4 and all(re.search("[\u0600-\u06ff]", text) and fits for text, fits in titles), titles
        assert page.evaluate("[...document.querySelectorAll('#charts .gtitle')].every(t => !t.textContent)")
        english = page.get_attribute(".languages a[data-lang=en]", "href")
        assert english == f"?lang=en{view}"  # the switch keeps the view
        page.screenshot(path=str(screenshot_folder(tmp_path) / f"dashboard-ar-{digits}-{width}.png"), full_page=True)
    finally:
        page.close()
    assert not [e for e in errors if "favicon" not in e], errors


def test_dashboard_errors_in_arabic(server: str, browser: Any) -> None:
    page, errors = open_dashboard(browser, f"{server}/?lang=ar#scenario={SCENARIO}&samples=1000&seed=1", 1400)
    try:
        number = page.locator(".control[data-path^='consumer.paying_share.'] input[type=number]")
        number.fill("150")
        error = page.locator(".control[data-path^='consumer.paying_share.'] .control-error")
        error.wait_for(timeout=10_000)
        assert "يجب أن يكون بين 0 و100 %" in error.inner_text()
        page.click(".languages a[data-lang=en]")
        page.wait_for_selector("html[lang=en][dir=ltr]")
        page.locator(".card .value").first.wait_for(timeout=60_000)
        assert page.inner_text(".tagline") == "Can the revenue catch up with the compute?"
    finally:
        page.close()
    assert not [e for e in errors if "favicon" not in e], errors


def test_unknown_language_is_refused(server: str) -> None:
    import httpx

    answer = httpx.get(f"{server}/?lang=fr")
    assert answer.status_code == 400
    assert "language: expected one of en, ar; got &#39;fr&#39;" in answer.text
