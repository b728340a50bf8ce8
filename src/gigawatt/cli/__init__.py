"""The `gigawatt` command line: a thin Typer layer over the Python API.

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

from gigawatt.cli import run as _run  # noqa: F401  (registers commands)
from gigawatt.cli.app import app, main

__all__ = ["app", "main"]
