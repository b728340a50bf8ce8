"""The Typer application, shared options and the error boundary of the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from gigawatt.cli.safe_console import SafeConsole
from gigawatt.scenario.errors import ScenarioError

app = typer.Typer(
    name="gigawatt",
    help="Can the revenue catch up with the compute? Monte Carlo planning for AI compute buildouts.\n\n"
    "Start with `gigawatt run` (the bundled openai-2025 scenario), `gigawatt scenarios` to list the "
    "bundled scenarios, and `gigawatt validate FILE` to check your own.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

console = SafeConsole()
errors = SafeConsole(stderr=True)

EXIT_BAD_INPUT = 2

# Help panels: commands grouped by what a user is doing
SIMULATE, ANALYSE, PLAN, SERVE = "Simulate", "Analyse", "Plan", "Serve"

ScenarioArg = Annotated[
    str, typer.Argument(help="A bundled scenario name (see `gigawatt scenarios`) or a YAML file.")
]
MAX_SAMPLES = 100_000_000
"""Most samples a command runs on this machine (`gigawatt run` streams them: about half an hour on one process)."""
MAX_CLUSTER_SAMPLES = 1_000_000_000
"""Most samples `gigawatt run --cluster` takes; beyond, the Python API (docs/scale.md)."""
SamplesOpt = Annotated[int, typer.Option("--samples", "-n", min=1, max=MAX_SAMPLES, help="Monte Carlo samples.")]
RunSamplesOpt = Annotated[int, typer.Option(
    "--samples", "-n", min=1,
    help=f"Monte Carlo samples (at most {MAX_SAMPLES:,}; {MAX_CLUSTER_SAMPLES:,} with --cluster).")]
"""`gigawatt run` checks its own maximum, which depends on --cluster (cli/scale.py)."""
SeedOpt = Annotated[int, typer.Option("--seed", "-s", min=0, max=2**63 - 1,
                                      help="Seed (0 to 2^63 - 1): the same seed gives the same numbers.")]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a field: PATH=VALUE, same syntax as the file, e.g. "
                 "`--set consumer.paying_share.2030=12%`. Repeatable."),
]
JsonOpt = Annotated[
    Path | None, typer.Option("--json", help="Write the result as JSON to FILE (`-` for standard output).")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No tables, no progress bar.")]


def version_callback(value: bool) -> None:
    if value:
        from gigawatt import __version__

        console.print(f"gigawatt {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Can the revenue catch up with the compute?"""


def overrides_from(items: list[str] | None) -> dict[str, Any]:
    """``["a.b=1", ...]`` -> ``{"a.b": 1, ...}`` with the scenario file's value syntax."""
    from gigawatt.scenario.loader import parse_override

    return dict(parse_override(item) for item in items or [])


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a bad scenario or option into a clear message and exit code 2, never a traceback."""
    try:
        yield
    except ScenarioError as exc:
        for problem in exc.problems:
            errors.print(f"[bold red]error[/]: {escape(str(problem))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except OSError as exc:  # an output that cannot be written (inputs are read by the loader, which says more)
        where = f" {exc.filename}" if exc.filename else ""
        errors.print(f"[bold red]error[/]: cannot write{escape(str(where))}: {escape(exc.strerror or str(exc))}",
                     highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except (KeyError, ValueError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        errors.print(f"[bold red]error[/]: {escape(str(message))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def write_json(data: Any, target: Path) -> None:
    """Write JSON to a file atomically, or to standard output for ``-``."""
    text = json.dumps(data, indent=2, allow_nan=False)
    if str(target) == "-":
        sys.stdout.write(text + "\n")
        return
    from gigawatt.io import atomic_write_text

    atomic_write_text(target, text + "\n")


def main() -> None:
    """Entry point of the `gigawatt` console script."""
    app()
