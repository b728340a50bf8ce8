"""The dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Load the page, move a slider and see the headline change, type an invalid value and see the inline
error, break the YAML and see the located problem; no console error and no request off 127.0.0.1.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import ARGS, CHROMIUM

from gigawatt.scenario.loader import bundled_names
from gigawatt.web.app import create_app
from gigawatt.web.background import running
from gigawatt.web.limits import Limits

pytestmark = pytest.mark.browser

SCENARIO = "openai-2025"


def wait_until(page: Any, expression: str, timeout: float = 60.0) -> Any:
    """Poll a JavaScript expression until it is truthy (``page.wait_for_function`` needs eval, which the
    dashboard's Content-Security-Policy forbids)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:g} s: {expression}")
        page.wait_for_timeout(100)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    if SCENARIO not in bundled_names():
        pytest.skip(f"the bundled {SCENARIO} scenario is not installed")
    with running(create_app(Limits(max_samples=20_000, timeout_s=120), warm=False)) as url:
        yield url


def test_dashboard_end_to_end(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda r: requests.append(r.url))

            page.goto(f"{server}/#scenario={SCENARIO}&samples=1000&seed=1")
            first_card = page.locator(".card .value").first
            first_card.wait_for(timeout=60_000)
            wait_until(page, "document.querySelectorAll('#charts .js-plotly-plot').length >= 4")
            wait_until(page, "!document.querySelector('#status').classList.contains('busy')")
            cards = "Array.from(document.querySelectorAll('.card .value')).map(n => n.textContent).join('|')"
            before = page.evaluate(cards)
            assert first_card.inner_text().startswith("$")
            page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

            # move the paying-share slider to its top: more payers, less new money needed
            paying = page.locator(".control[data-path^='consumer.paying_share.'] input[type=range]")
            paying.focus()
            paying.press("End")
            wait_until(page, f"{cards} !== {before!r}")
            assert page.evaluate(cards) != before
            assert "v=consumer.paying_share" in page.url  # the state lives in the URL

            # an invalid value: an inline error under the control, no request
            number = page.locator(".control[data-path^='consumer.paying_share.'] input[type=number]")
            number.fill("150")
            error = page.locator(".control[data-path^='consumer.paying_share.'] .control-error")
            error.wait_for(timeout=10_000)
            assert "must be between 0 and 100 %" in error.inner_text()
            assert number.get_attribute("aria-invalid") == "true"
            number.fill("12")
            expect(error).to_have_text("", timeout=10_000)
            expect(number).to_have_attribute("aria-invalid", "false")

            # downloads: the workbook and the report of what is on screen
            with page.expect_download(timeout=120_000) as workbook:
                page.click("#download-xlsx")
            assert workbook.value.suggested_filename == f"{SCENARIO}.xlsx"
            assert Path(workbook.value.path()).read_bytes()[:2] == b"PK"
            with page.expect_download(timeout=120_000) as report:
                page.click("#download-report")
            assert report.value.suggested_filename == f"{SCENARIO}-report.html"
            assert "<html" in Path(report.value.path()).read_text(encoding="utf-8")[:1000].lower()

            # a broken scenario in the editor: the line is marked and the problem explained
            page.click("#tab-editor")
            wait_until(page, "document.querySelector('#yaml').value.length > 100")
            editor = page.locator("#yaml")
            editor.focus()
            page.keyboard.press("Control+Home")
            # a typo on a new first line, in one input event (typed key by key under load, the check of a
            # half-typed line could be the first problem shown)
            page.keyboard.insert_text("horizn: {}\n")
            problem = page.locator("#problems li").first
            problem.wait_for(timeout=60_000)
            assert "line 1" in problem.inner_text() and "did you mean 'horizon'" in problem.inner_text()
            assert page.locator("#gutter .err").first.inner_text() == "1"
            assert page.locator("#marks div").count() == 1
            assert page.is_disabled("#editor-apply")
            page.screenshot(path=str(tmp_path / "editor.png"))
        finally:
            browser.close()

    assert not [e for e in errors if "favicon" not in e], errors
    outside = [u for u in requests if not u.startswith((server, "data:", "blob:"))]
    assert not outside, outside


def test_api_docs_work_offline(server: str, tmp_path: Path) -> None:
    """/docs draws Swagger UI with every request kept on this server (a CDN is refused, as when offline)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            outside: list[str] = []

            def only_here(route: Any) -> None:
                if route.request.url.startswith(server):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", only_here)
            page.goto(f"{server}/docs")
            wait_until(page, "document.querySelector('.swagger-ui .info .title') !== null")
            assert "gigawatt" in page.locator(".swagger-ui .info .title").inner_text()
            wait_until(page, "document.querySelectorAll('.opblock').length > 5")
            page.screenshot(path=str(tmp_path / "docs.png"))
            assert outside == []
        finally:
            browser.close()


PHONE_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const node of document.body.querySelectorAll('*')) {
    const box = node.getBoundingClientRect();
    if (box.width === 0 || box.right <= 0 || (box.right <= width + 1 && box.left >= -1)) continue;
    let held = false;
    for (let up = node.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { held = true; break; }
    }
    if (!held) wide.push(node.tagName + '.' + (node.getAttribute('class') || node.id || '') + ' '
                         + Math.round(box.right));
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""


def test_dashboard_on_a_phone_and_the_range_note_follows_the_slider(server: str, tmp_path: Path) -> None:
    """At 390 px nothing scrolls sideways (screenshot checked); moving an uncertain input moves the
    "uncertain: 90% between ..." note with it, as the override sent keeps the spread around the new median."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{server}/#scenario={SCENARIO}&samples=500&seed=1")
            page.locator(".card .value").first.wait_for(timeout=60_000)
            wait_until(page, "document.querySelectorAll('#charts .js-plotly-plot').length >= 4")
            wait_until(page, "!document.querySelector('#status').classList.contains('busy')")
            page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
            found = page.evaluate(PHONE_OVERFLOW)
            assert found["scroll"] <= found["width"] and found["wide"] == [], found

            control = ".control[data-path='consumer.paying_share.2035']"
            note = page.locator(f"{control} .control-note")
            before = note.inner_text()
            assert before.startswith("uncertain: 90% between")
            slider = page.locator(f"{control} input[type=range]")
            slider.focus()
            slider.press("End")
            wait_until(page, f"document.querySelector(\"{control} .control-note\").textContent !== {before!r}")
            after = note.inner_text()
            low, high = (float(x) for x in re.findall(r"between ([\d.]+) and ([\d.]+)", after)[0])
            top = float(page.locator(f"{control} input[type=number]").input_value())
            assert low < top <= high or high == top  # the range sits around the new value
        finally:
            browser.close()
