"""The `gigawatt` command line: a thin Typer layer over the Python API.

Each command lives in its own module and registers itself on :data:`app` when imported here.
"""

from __future__ import annotations

from gigawatt.cli import report, run  # noqa: F401  (register their commands)
from gigawatt.cli.app import app, main

__all__ = ["app", "main"]
