"""The `gigawatt` command line: a thin Typer layer over the Python API.

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

from gigawatt.cli import analysis as _analysis  # noqa: F401  (sensitivity, solve, compare)
from gigawatt.cli import plan as _plan  # noqa: F401  (registers `plan`)
from gigawatt.cli import report as _report  # noqa: F401  (registers `report`)
from gigawatt.cli import run as _run  # noqa: F401  (registers commands)
from gigawatt.cli import runs as _runs  # noqa: F401  (registers `runs list|show|diff`)
from gigawatt.cli import serve as _serve  # noqa: F401  (registers `serve`)
from gigawatt.cli import sweep as _sweep  # noqa: F401  (registers `sweep`)
from gigawatt.cli.app import app, main

__all__ = ["app", "main"]
