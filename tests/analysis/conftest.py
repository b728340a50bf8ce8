"""Fixtures of the analysis tests: small scenarios, and a temporary run store for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from .toys import PRODUCT


@pytest.fixture
def store_path(_temporary_run_store: Path) -> Path:
    """The temporary run store (``GIGAWATT_STORE``) that every test records into (tests/conftest.py)."""
    return _temporary_run_store


@pytest.fixture
def product_file(tmp_path: Path) -> Path:
    """A scenario whose revenue is a product of three independent uniform inputs."""
    path = tmp_path / "product.yaml"
    path.write_text(PRODUCT, encoding="utf-8")
    return path


@pytest.fixture
def toy(toy_file: Path) -> Path:
    """A small scenario with a funding gap, a revenue ramp and three uncertain inputs (the shared toy)."""
    return toy_file
