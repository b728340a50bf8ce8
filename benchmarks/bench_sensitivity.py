"""Sobol sensitivity of the default scenario's funding gap (SALib through gigawatt.analysis): wall time.

Sobol (Saltelli) runs the model ``N (D + 2)`` times for ``D`` uncertain inputs
(85 in openai-2025), so its time is dominated by the engine's throughput.
"""

from __future__ import annotations

import time

from benchmarks.registry import Rows, Skip, register

SIZES = {"smoke": [8], "full": [64, 256]}
"""Base samples N (powers of two)."""


@register("sensitivity", "Sobol indices of funding_gap (openai-2025)")
def run(size: str) -> Rows:
    """One row per base size N: model runs, seconds, model runs per second."""
    try:
        from gigawatt.analysis import sobol
    except ImportError as exc:
        raise Skip(f"gigawatt.analysis.sobol is not available: {exc}") from exc
    import gigawatt
    from gigawatt.scenario.paths import uncertain_inputs

    scenario = gigawatt.load("openai-2025")
    inputs = len(uncertain_inputs(scenario))
    rows: Rows = []
    for n in SIZES[size]:
        started = time.perf_counter()
        out = sobol(scenario, "funding_gap", samples=n, seed=1)
        seconds = time.perf_counter() - started
        runs = n * (inputs + 2)
        top = out.rows[0]["parameter"] if out.rows else "–"
        rows.append({"case": f"sobol N={n}", "inputs": inputs, "model runs": runs, "seconds": seconds,
                     "runs/s": runs / seconds, "note": f"largest ST: {top}"})
    return rows
