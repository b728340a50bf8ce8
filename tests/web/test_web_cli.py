"""`gigawatt serve`: its help, and a clear error when the [web] extra is missing."""

from __future__ import annotations

import importlib.util

import pytest
from typer.testing import CliRunner

from gigawatt.cli import app


def test_serve_help() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "--max-samples" in result.output


def test_missing_web_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: object, **kwargs: object) -> object:
        return None if name == "fastapi" else real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    result = CliRunner().invoke(app, ["serve", "--port", "1"])
    assert result.exit_code == 1
    assert "the web dashboard needs fastapi, which is not installed" in result.output
    assert "pip install 'gigawatt[web]'" in result.output
