"""The dashboard of a network in Chromium, English and Arabic, on a phone and a desktop: the YAML of a toy network
in the link, the Sankey of money between its entities drawn with the default bars and the exposure heatmap, the
network's cards and tables filled, each entity's drivers among the sliders; no console error, nothing wider than
the screen. Screenshots go to ``$GIGAWATT_SCREENSHOTS``."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import NEEDS_CHROMIUM, launched, screenshot_folder
from network_toys import TOY_NETWORK
from test_web_browser import wait_until

from gigawatt.web.app import create_app
from gigawatt.web.background import running
from gigawatt.web.limits import Limits

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running(create_app(Limits(max_samples=5_000, timeout_s=120), warm=False)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched()


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [390, 1400])
def test_the_dashboard_draws_a_network(server: str, browser: Any, tmp_path: Path, lang: str, width: int) -> None:
    text = base64.urlsafe_b64encode(TOY_NETWORK.encode("utf-8")).decode("ascii").rstrip("=")
    page = browser.new_page(viewport={"width": width, "height": 1000})
    errors: list[str] = []
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{server}/?lang={lang}#samples=1000&seed=1&yaml={text}")
        wait_until(page, "document.querySelectorAll('#chart-network_flows .sankey-link').length === 2")
        wait_until(page, "document.querySelectorAll('#network table tbody tr').length === 5")  # 2 links, 3 entities
        wait_until(page, "!document.querySelector('#status').classList.contains('busy')")
        page.wait_for_timeout(500)
        page.screenshot(path=str(screenshot_folder(tmp_path) / f"network-dashboard-{lang}-{width}.png"),
                        full_page=True)
        keys = page.evaluate("[...document.querySelectorAll('#charts [data-key]')].map(n => n.dataset.key)")
        assert keys == ["network_flows", "network_defaults", "network_exposure"]
        assert page.locator("#chart-network_defaults .point").count() == 3
        cards = page.evaluate("[...document.querySelectorAll('#cards .value')].map(n => n.textContent)")
        assert len(cards) == 3 and cards[0].endswith("%")
        paths = page.evaluate("[...document.querySelectorAll('.control')].map(n => n.dataset.path)")
        assert "entities.lab.finance.starting_cash" in paths
        heading = page.locator("#network h3").first.inner_text()
        assert heading == ("Expected loss per link" if lang == "en" else "الخسارة المتوقعة لكل رابط")
        assert errors == []
        scroll = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert scroll
    finally:
        page.close()
