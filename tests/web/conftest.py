"""Fixtures of the web tests: an application with small limits, a TestClient, a live server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gigawatt.web.app import create_app
from gigawatt.web.limits import Limits

SMALL = Limits(max_samples=2_000, max_body_bytes=200_000, timeout_s=60.0, threads=2, max_evaluations=50_000,
               isolation="thread")
"""Limits for tests: few samples, a small body, so every request is quick; work in threads, so that a test can
patch the process (worker processes are tested by test_web_deadline, test_web_schema, test_web_load)."""


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A run store that does not exist yet."""
    return tmp_path / "runs.duckdb"


@pytest.fixture
def client(store_path: Path) -> Iterator[TestClient]:
    """A TestClient of the application with :data:`SMALL` limits and an empty run store."""
    with TestClient(create_app(SMALL, warm=False, store=store_path)) as test_client:
        yield test_client
