"""Cold commands: `gigawatt --help`, `gigawatt validate`, `gigawatt run` (default samples), wall and CPU seconds.

Each command runs in a fresh process, as a user types it. Compiled bytecode is what an
installed package has (pip compiles it): the first, untimed round writes it to a
temporary ``PYTHONPYCACHEPREFIX``, the timed rounds read it. The run store is a fresh
DuckDB file in a temporary folder (``GIGAWATT_STORE``). Two references run in the same
rounds: ``python -c pass`` (the interpreter alone) and ``python -c "import numpy"``, so
that figures taken on a loaded machine can be read as ratios. CPU is user + system
seconds of the child (steadier than wall time when other work shares the cores).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.registry import Rows, register

GIGAWATT = str(Path(sys.executable).with_name("gigawatt"))

COMMANDS: dict[str, list[str]] = {
    "python -c pass": [sys.executable, "-c", "pass"],
    'python -c "import numpy"': [sys.executable, "-c", "import numpy"],
    "gigawatt --help": [GIGAWATT, "--help"],
    "gigawatt validate openai-2025": [GIGAWATT, "validate", "openai-2025"],
    "gigawatt run --quiet": [GIGAWATT, "run", "--quiet"],
    "gigawatt run": [GIGAWATT, "run"],
}
TARGETS = {"gigawatt --help": 0.3, "gigawatt validate openai-2025": 1.0, "gigawatt run --quiet": 1.0,
           "gigawatt run": 1.0}
"""Seconds each command should take on a quiet machine (issue: speed)."""
ROUNDS = {"smoke": 1, "full": 5}


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, timeout=120)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@register("startup", "Cold commands: wall and CPU seconds (median of rounds), with interpreter references")
def run(size: str) -> Rows:
    """One row per command: median and best wall seconds, median CPU seconds, the target and whether it is met."""
    rounds = ROUNDS[size]
    commands = dict(COMMANDS)
    if size == "smoke":  # the smoke test checks that the benchmark runs, not the heavy commands
        commands = {k: v for k, v in commands.items() if k in ("python -c pass", "gigawatt --help")}
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"), GIGAWATT_STORE=str(Path(tmp) / "runs.duckdb"),
                   NO_COLOR="1", COLUMNS="120")
        for argv in commands.values():  # untimed: compile the bytecode, create the store
            _timed(argv, env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(rounds):  # interleaved, so that a burst of load hits every command alike
            for name, argv in commands.items():
                times[name].append(_timed(argv, env))
    reference = statistics.median(w for w, _ in times["python -c pass"])
    rows: Rows = []
    for name, got in times.items():
        walls, cpus = [w for w, _ in got], [c for _, c in got]
        row: dict[str, Any] = {"case": name, "rounds": rounds, "median wall s": statistics.median(walls),
                               "best wall s": min(walls), "median CPU s": statistics.median(cpus),
                               "wall / python": statistics.median(walls) / reference}
        target = TARGETS.get(name)
        row["target s"] = target
        row["best under target"] = None if target is None else min(walls) < target
        rows.append(row)
    return rows
