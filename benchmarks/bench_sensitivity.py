"""Sobol sensitivity of the default scenario's funding gap (SALib through gigawatt.analysis): wall time.

Sobol (Saltelli) runs the model ``N (D + 2)`` times for ``D`` uncertain inputs
(105 in openai-2025), so its time is dominated by the engine's throughput. Each row also splits
the analysis into its steps, timed one after another in the same way ``gigawatt.analysis.sobol``
runs them: the probe (a one-sample run that checks the metric), the design (Saltelli rows), the
inputs' values (inverse CDFs of every row), the model runs (``evaluate_rows``: simulations with
every input pinned) and SALib's analysis (with its bootstrap). The first row is the numpy toy
of the peers benchmark, measured in the same run (``numpy / this``: how many times more time a
model run takes than a sample of the toy).
"""

from __future__ import annotations

import functools
import time
from typing import Any

from benchmarks.registry import Rows, Skip, register

SIZES = {"smoke": [8], "full": [64, 256]}
"""Base samples N (powers of two)."""
TOY_SAMPLES = {"smoke": 10_000, "full": 1_000_000}


def _rows(values: dict[str, Any], start: int, stop: int) -> dict[str, Any]:
    return {k: v[start:stop] for k, v in values.items()}


@register("sensitivity", "Sobol indices of funding_gap (openai-2025)")
def run(size: str) -> Rows:
    """One row per base size N: model runs, seconds (in all and per step), model runs per second."""
    try:
        from gigawatt.analysis import sobol
    except ImportError as exc:
        raise Skip(f"gigawatt.analysis.sobol is not available: {exc}") from exc
    import gigawatt
    from benchmarks.bench_peers import numpy_gap
    from gigawatt.analysis.common import evaluate_rows, probe
    from gigawatt.analysis.salib import Design, salib_problem
    from gigawatt.scenario.paths import uncertain_inputs

    numpy_gap(1000, 1)
    toy = TOY_SAMPLES[size]
    _, toy_seconds = numpy_gap(toy, 1)
    rows: Rows = [{"case": "hand-written numpy (toy, 10 years)", "model runs": toy, "seconds": toy_seconds,
                   "runs/s": toy / toy_seconds, "numpy / this": 1.0}]
    scenario = gigawatt.load("openai-2025")
    inputs = uncertain_inputs(scenario)
    sobol(scenario, "funding_gap", samples=SIZES[size][0], seed=2)  # warm: imports, inverse tables
    for n in SIZES[size]:
        started = time.perf_counter()
        out = sobol(scenario, "funding_gap", samples=n, seed=1)
        seconds = time.perf_counter() - started
        steps: dict[str, float] = {}
        clock = time.perf_counter()
        metric = probe(scenario, "funding_gap")
        steps["probe s"] = time.perf_counter() - clock
        clock = time.perf_counter()
        design = Design.sobol(salib_problem(scenario), n, 1)
        steps["design s"] = time.perf_counter() - clock
        clock = time.perf_counter()
        values = design.values(inputs)
        steps["inverse CDFs s"] = time.perf_counter() - clock
        clock = time.perf_counter()
        y = evaluate_rows(scenario, design.rows, functools.partial(_rows, values), metric)
        steps["model runs s"] = time.perf_counter() - clock
        clock = time.perf_counter()
        design.analyse(y)
        steps["SALib analysis s"] = time.perf_counter() - clock
        runs = design.rows
        top = out.rows[0]["parameter"] if out.rows else "–"
        rows.append({"case": f"sobol N={n}", "inputs": len(inputs), "model runs": runs, "seconds": seconds,
                     **steps, "runs/s": runs / seconds, "numpy / this": (toy / toy_seconds) / (runs / seconds),
                     "under 1 s": seconds < 1.0, "note": f"largest ST: {top}"})
    return rows
