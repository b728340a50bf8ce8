"""Debian's Chromium for the browser tests (driven by Playwright): where it is, how it starts, where screenshots go."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

NEEDS_CHROMIUM = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                       reason=f"{CHROMIUM} is missing: `apt-get install -y chromium` (or `make system-deps`)"),
]
"""The marks of a module whose tests open pages in Chromium."""


def launched() -> Iterator[Any]:
    """One headless Chromium, closed afterwards (the body of a ``browser`` fixture)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def screenshot_folder(tmp_path: Path) -> Path:
    """``$GIGAWATT_SCREENSHOTS`` when it is set (a folder a person opens afterwards), else ``tmp_path``."""
    folder = Path(os.environ.get("GIGAWATT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
