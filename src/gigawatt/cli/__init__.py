"""The `gigawatt` command line: a thin Typer layer over the Python API.

Each command lives in its own module and registers itself on :data:`app` when imported here.
"""

from __future__ import annotations

from gigawatt.cli import analysis, network, plan, report, run, runs, serve, sweep  # noqa: F401  (register commands)
from gigawatt.cli.app import ANALYSE, PLAN, SERVE, SIMULATE, app, main

_PANELS = [SIMULATE, ANALYSE, PLAN, SERVE]
# --help lists panels and commands in the order they were registered: Simulate first, `run` at its top
app.registered_commands.sort(key=lambda command: (_PANELS.index(str(command.rich_help_panel)),
                                                  getattr(command.callback, "__name__", "") != "run"))
app.registered_groups.sort(key=lambda group: _PANELS.index(str(group.rich_help_panel)))

__all__ = ["app", "main"]
