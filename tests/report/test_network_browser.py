"""The report of a network in Chromium, English and Arabic, on a phone and a desktop: the Sankey of money
between the entities is drawn (one band per paying link), with the default bars and the exposure heatmap; no
console error, no sideways scroll, no chart text cut. Screenshots go to ``$GIGAWATT_SCREENSHOTS``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import NEEDS_CHROMIUM, launched, screenshot_folder
from network_toys import TOY_NETWORK
from test_browser_layout import CLIPPED, OVERFLOW

import gigawatt
from gigawatt.report import write_report

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def result() -> gigawatt.Result:
    return gigawatt.simulate(gigawatt.loads(TOY_NETWORK), samples=400, seed=1)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched()


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_network_report_draws_its_sankey(browser: Any, result: gigawatt.Result, tmp_path: Path, lang: str,
                                             width: int) -> None:
    path = write_report(result, tmp_path / f"toy-network-{lang}.html", local_drivers=True, lang=lang)
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector("#chart-network_flows .sankey-link", state="attached")
        page.wait_for_timeout(500)
        page.screenshot(path=str(screenshot_folder(tmp_path) / f"network-report-{lang}-{width}.png"), full_page=True)
        assert page.locator("#chart-network_flows .sankey-link").count() == 2  # lab -> cloud, chips -> lab
        nodes = page.evaluate("[...document.querySelectorAll('#chart-network_flows .node-label')]"
                              ".map(n => n.textContent.replace(/[\\u2068\\u2069]/g, ''))")
        assert sorted(nodes) == ["chips", "cloud", "lab"]
        assert page.locator("#chart-network_defaults .point").count() == 3
        assert page.locator("#chart-network_exposure .hm, #chart-network_exposure image").count() >= 1
        assert page.locator("table.network-links tbody tr").count() == 2
        assert errors == []
        found = page.evaluate(OVERFLOW)
        assert found["scroll"] <= found["width"], found
        assert found["wide"] == [], found
        assert page.evaluate(CLIPPED) == []
    finally:
        page.close()
