"""The default scenario at growing sample counts: samples per second and peak memory.

Each case runs in a fresh Python process (``benchmarks.measure``) so that its peak
resident memory is its own. The first row is a yardstick measured in the same run: the peers'
toy model in hand-written numpy (``numpy / this``: how many times faster per sample it is, which
stays steadier than seconds on a shared machine). ``simulate`` keeps every sample in a Result; ``stream``
is ``gigawatt.summarize`` (summaries only, memory bounded by the chunk size);
``dask`` is the streaming path on a local Dask cluster of 2 worker processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.registry import Rows, register

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "openai-2025"

CASES = {
    "smoke": [{"samples": 10_000, "mode": "numpy"}, {"samples": 2_000, "mode": "stream"}],
    "full": [
        {"samples": 1_000_000, "mode": "numpy"},
        {"samples": 10_000, "mode": "simulate"},
        {"samples": 10_000, "mode": "stream"},
        {"samples": 100_000, "mode": "simulate"},
        {"samples": 100_000, "mode": "stream"},
        {"samples": 1_000_000, "mode": "stream"},
        {"samples": 1_000_000, "mode": "dask", "workers": 2},
        {"samples": 10_000_000, "mode": "dask", "workers": 2},
    ],
}
"""Sizes per run. 1M samples through ``simulate`` would hold ~6.5 GB of arrays: streamed instead."""


def measure(spec: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
    """Run one case in a fresh process and return its figures."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "benchmarks.measure", json.dumps(spec)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"case {spec} failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@register("engine", "Default scenario (openai-2025): throughput and peak memory")
def run(size: str) -> Rows:
    """One row per case: samples, mode, seconds, samples per second, peak memory."""
    rows: Rows = []
    yardstick = None
    for spec in CASES[size]:
        got = measure({"scenario": SCENARIO, **spec})
        rate = got["samples"] / got["seconds"]
        if spec["mode"] == "numpy":
            yardstick = rate
        name = {"numpy": "hand-written numpy (toy, 10 years)", "simulate": "simulate + summary"}.get(spec["mode"],
                                                                                                   spec["mode"])
        row: dict[str, Any] = {
            "case": name + (f" ({spec['workers']} workers)" if "workers" in spec else ""),
            "samples": got["samples"],
            "seconds": got["seconds"],
            "samples/s": rate,
            "numpy / this": None if yardstick is None else yardstick / rate,
            "simulate s": got.get("simulate_seconds"),
            "peak MB": got["peak_mb"],
        }
        if "worker_peak_mb" in got:
            row["worker peak MB"] = got["worker_peak_mb"]
        rows.append(row)
    return rows


TARGET_SIZES = {"smoke": (10_000, 2_000, 1), "full": (1_000_000, 100_000, 2)}
"""(numpy yardstick samples, openai-2025 samples, rounds) of the ``throughput`` benchmark."""
TARGET_RATE = 200_000
"""Samples a second of simulate + summary asked of the full model (issue: speed)."""


@register("throughput", "openai-2025 at 100,000 samples: simulate + summary and streaming, against numpy")
def throughput(size: str) -> Rows:
    """The throughput target alone: simulate + summary, and streaming, on one thread and on one thread per
    processor, each the best of interleaved rounds in a fresh process, beside the numpy toy measured in the
    same run (``numpy / this``: how many times slower per sample the full model is than the toy, a figure
    that stays steadier under load than seconds)."""
    toy, samples, rounds = TARGET_SIZES[size]
    many = max(2, os.cpu_count() or 1)
    cases = [("numpy", toy, None), ("simulate", samples, 1), ("simulate", samples, many), ("stream", samples, 1),
             ("stream", samples, many)]
    best: dict[tuple[str, int | None], dict[str, Any]] = {}
    for _ in range(rounds):  # interleaved, so that a burst of load hits every case alike
        for mode, n, threads in cases:
            spec: dict[str, Any] = {"scenario": SCENARIO, "samples": n, "mode": mode}
            if threads is not None:
                spec["threads"] = threads
            got = measure(spec)
            if (mode, threads) not in best or got["seconds"] < best[mode, threads]["seconds"]:
                best[mode, threads] = got
    yardstick = best["numpy", None]["samples"] / best["numpy", None]["seconds"]
    simulate_rate = max(best["simulate", t]["samples"] / best["simulate", t]["seconds"] for t in (1, many))
    rows: Rows = []
    names = {"numpy": "hand-written numpy (toy, 10 years)", "simulate": "simulate + summary",
             "stream": "stream (summarize)"}
    for mode, _, threads in cases:
        got = best[mode, threads]
        rate = got["samples"] / got["seconds"]
        rows.append({"case": names[mode], "threads": threads, "samples": got["samples"], "seconds": got["seconds"],
                     "simulate s": got.get("simulate_seconds"), "samples/s": rate, "numpy / this": yardstick / rate,
                     "per-sample time / simulate": None if mode == "numpy" else simulate_rate / rate,
                     "target samples/s": TARGET_RATE if mode == "simulate" else None,
                     "met": rate >= TARGET_RATE if mode == "simulate" else (
                         rate >= simulate_rate if mode == "stream" else None),
                     "peak MB": got["peak_mb"]})
    return rows


SKETCH_SIZES = {"smoke": 2_000, "full": 100_000}


@register("sketch", "Streaming quantiles vs exact np.percentile (openai-2025): worst relative error")
def sketch_error(size: str) -> Rows:
    """The worst relative error of the streamed P5/P50/P95 over every output and year, against the exact ones.

    Values within 1e-6 of zero (in the output's unit) are left out of the relative figure: there
    the sketch's error is absolute (below 1e-12).
    """
    import numpy as np

    import gigawatt

    scenario = gigawatt.load(SCENARIO)
    samples = SKETCH_SIZES[size]
    exact = gigawatt.simulate(scenario, samples, 1).summary()
    streamed = gigawatt.summarize(scenario, samples, 1).summary()
    rows: Rows = []
    for stat in ("p5", "p50", "p95", "mean"):
        worst, where, compared = 0.0, "", 0
        for kind in ("series", "scalars"):
            for name, entry in exact[kind].items():
                a = np.array(entry[stat], dtype=float).ravel()
                b = np.array(streamed[kind][name][stat], dtype=float).ravel()
                ok = np.isfinite(a) & np.isfinite(b) & (np.abs(a) > 1e-6)
                if not ok.any():
                    continue
                compared += int(ok.sum())
                rel = np.abs(b[ok] - a[ok]) / np.abs(a[ok])
                if rel.max() > worst:
                    worst, where = float(rel.max()), name
        rows.append({"case": stat, "samples": samples, "values compared": compared,
                     "worst relative error": worst, "where": where, "within 0.5%": worst <= 0.005})
    return rows


SUMMARY_SIZES = {"smoke": (2_000,), "full": (20_000, 100_000)}


@register("summary", "Result.summary() of openai-2025: compiled selection, numpy partition, np.percentile (one run)")
def summary(size: str) -> Rows:
    """``Result.summary()`` (P5, P50, P95 and mean of every output) after one simulation in this process, three
    ways, each the best of 3 interleaved rounds: as it runs (the compiled selection, threads from 50,000
    samples), with the numpy reference (``ndarray.partition``), and the yardstick of plain
    ``np.percentile(axis=0)`` plus ``mean(axis=0)`` per output, whose numbers the summary gives. ``same JSON``
    checks the first two agree byte for byte. CPU counts every thread."""
    return [row for samples in SUMMARY_SIZES[size] for row in _summary_rows(samples)]


def _summary_rows(samples: int) -> Rows:
    import time
    from collections.abc import Callable

    import numpy as np

    import gigawatt
    from gigawatt.engine import jit

    result = gigawatt.simulate(SCENARIO, samples, 1)
    outputs = [*result.series.values(), *result.scalars.values()]

    def plain() -> None:
        with np.errstate(invalid="ignore"):
            for values in outputs:
                np.percentile(values, [5.0, 50.0, 95.0], axis=0)
                values.mean(axis=0)

    def reference() -> str:
        enabled = jit.enabled
        jit.enabled = lambda: False  # type: ignore[assignment]
        try:
            return json.dumps(result.summary())
        finally:
            jit.enabled = enabled  # type: ignore[assignment]

    ways: dict[str, Callable[[], Any]] = {"summary()": lambda: json.dumps(result.summary()),
                                          "summary(), numpy reference": reference,
                                          "np.percentile + mean per output": plain}
    texts: dict[str, str] = {}
    timed: dict[str, tuple[float, float]] = {}
    for _ in range(3):
        for name, way in ways.items():
            cpu, wall = time.process_time(), time.perf_counter()
            got = way()
            spent = (time.process_time() - cpu, time.perf_counter() - wall)
            best = timed.get(name, (float("inf"), float("inf")))
            timed[name] = (min(best[0], spent[0]), min(best[1], spent[1]))
            if isinstance(got, str):
                texts[name] = got
    yardstick = timed["np.percentile + mean per output"][0]
    return [{"case": name, "samples": samples, "outputs": len(outputs), "CPU s": cpu, "wall s": wall,
             "CPU / np.percentile": cpu / yardstick,
             "same JSON": None if name not in texts else texts[name] == texts["summary()"]}
            for name, (cpu, wall) in timed.items()]


PARTS_BEFORE = "b2df07e"
"""The engine before its draws and anchored paths were made cheaper (main on 2 December 2026, 14:45 UTC)."""

PARTS_SIZES = {"smoke": {"samples": 1_000, "reps": 1, "rounds": 1}, "full": {"samples": 20_000, "reps": 7, "rounds": 3}}


@register("engine-parts", "openai-2025: CPU of the engine's own work in simulate (draws, anchored paths, check)")
def engine_parts(size: str) -> Rows:
    """The engine's parts (``benchmarks.engine_parts``) now, now with the numpy references
    (``GIGAWATT_KERNELS=numpy``), and at :data:`PARTS_BEFORE`, in fresh processes with the engine's allocator
    settings, alternating; each figure the least over every run of its side."""
    import tempfile

    from benchmarks.bench_economics import allocator, checkout

    spec = {"scenario": SCENARIO, **PARTS_SIZES[size]}
    rounds = int(spec.pop("rounds"))
    with tempfile.TemporaryDirectory() as folder:
        sides = {"now": (ROOT / "src", {}), "now, numpy references": (ROOT / "src", {"GIGAWATT_KERNELS": "numpy"}),
                 f"before ({PARTS_BEFORE})": (checkout(PARTS_BEFORE, Path(folder)), {})}
        best: dict[str, dict[str, Any]] = {}
        for _ in range(rounds):
            for side, (source, extra) in sides.items():
                env = {**os.environ, **allocator(), **extra,
                       "PYTHONPATH": os.pathsep.join([str(source), str(ROOT)])}
                done = subprocess.run([sys.executable, "-m", "benchmarks.engine_parts", json.dumps(spec)], cwd=ROOT,
                                      env=env, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise RuntimeError(f"{side}: {done.stderr[-2000:]}")
                got = dict(json.loads(done.stdout.strip().splitlines()[-1]))
                if not str(got.pop("model")).startswith(str(source)):
                    raise RuntimeError(f"{side}: measured another gigawatt than the one under {source}")
                kept = best.setdefault(side, got)
                for key, value in got.items():
                    kept[key] = min(kept[key], value)
    rows: Rows = []
    for side, got in best.items():
        engine = got["draws ms"] + got["anchors ms"]
        rows.append({"case": side, **got, "draws + anchors ms": round(engine, 1)})
    return rows
