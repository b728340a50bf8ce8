"""``python -m benchmarks [--smoke] [--json FILE] [NAME ...]``: run benchmarks and print a Rich table each."""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.registry import Rows, Skip, discover


def fmt(value: Any) -> str:
    """A readable cell: integers with separators, floats to 3-4 significant figures."""
    if isinstance(value, bool) or value is None:
        return "–" if value is None else ("yes" if value else "no")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.4g}"
    return str(value)


def table(title: str, rows: Rows) -> Table:
    """Rows (dicts) as a Rich table, columns in first-seen order."""
    out = Table(title=title, title_justify="left", header_style="bold")
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    for c in columns:
        out.add_column(c, justify="left" if c in ("benchmark", "case", "implementation", "note", "where") else "right")
    for row in rows:
        out.add_row(*(fmt(row.get(c)) for c in columns))
    return out


def machine() -> dict[str, Any]:
    """What ran the benchmarks."""
    return {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "")}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; exit 1 if one fails (a skip is not a failure)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: check that every benchmark still works")
    parser.add_argument("--json", metavar="FILE", help="also write every row as JSON")
    args = parser.parse_args(argv)
    registry = discover()
    unknown = [n for n in args.names if n not in registry]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(registry)}")
    size = "smoke" if args.smoke else "full"
    console = Console()
    if not console.is_terminal:
        console.width = max(console.width, 160)  # tables of many columns, written to a file or a pipe
    results: dict[str, Any] = {"size": size, "machine": machine(), "benchmarks": {}}
    failed = False
    for name, bench in registry.items():
        if args.names and name not in args.names:
            continue
        started = time.perf_counter()
        try:
            rows = bench.run(size)
        except Skip as why:
            console.print(f"[yellow]skipped[/] {name}: {why}")
            results["benchmarks"][name] = {"skipped": str(why)}
            continue
        except Exception as exc:  # report every failing benchmark, then exit 1
            console.print(f"[bold red]failed[/] {name}: {type(exc).__name__}: {exc}")
            results["benchmarks"][name] = {"failed": f"{type(exc).__name__}: {exc}"}
            failed = True
            continue
        elapsed = time.perf_counter() - started
        console.print(table(f"{bench.title} [{size}, {elapsed:.1f} s]", rows))
        results["benchmarks"][name] = {"rows": rows, "seconds": elapsed}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2, default=str)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
