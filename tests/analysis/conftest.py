"""Fixtures of the analysis tests: small scenarios, and a temporary run store for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from .toys import PRODUCT, TOY


@pytest.fixture(autouse=True)
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary run store (``GIGAWATT_STORE``): tests never write to the user's data folder."""
    path = tmp_path / "store" / "runs.duckdb"
    monkeypatch.setenv("GIGAWATT_STORE", str(path))
    return path


@pytest.fixture
def product_file(tmp_path: Path) -> Path:
    """A scenario whose revenue is a product of three independent uniform inputs."""
    path = tmp_path / "product.yaml"
    path.write_text(PRODUCT, encoding="utf-8")
    return path


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    """A small scenario with a funding gap, a revenue ramp and three uncertain inputs."""
    path = tmp_path / "toy.yaml"
    path.write_text(TOY, encoding="utf-8")
    return path
