"""Shared fixtures: small scenarios written as YAML text."""

from __future__ import annotations

from pathlib import Path

import pytest
from toy_scenarios import TOY


@pytest.fixture
def toy_text() -> str:
    """YAML text of a small valid scenario."""
    return TOY


@pytest.fixture
def toy_file(tmp_path: Path) -> Path:
    """A small valid scenario file."""
    path = tmp_path / "toy.yaml"
    path.write_text(TOY, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _temporary_run_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test records its runs in a temporary run store, never in the user's data folder."""
    path = tmp_path_factory.mktemp("store") / "runs.duckdb"
    monkeypatch.setenv("GIGAWATT_STORE", str(path))
    return path
