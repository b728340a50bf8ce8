"""Run one engine case in this (fresh) process and print its time and peak memory as JSON.

``python -m benchmarks.measure '{"scenario": "openai-2025", "samples": 100000, "mode": "stream"}'``

Modes: ``simulate`` (all samples in a Result, then its ``summary()``: both timed, and the
simulation alone), ``stream`` (``gigawatt.summarize``), ``dask`` (``summarize`` on a local Dask
cluster of ``workers`` processes), ``numpy`` (the peers' toy model in hand-written numpy: the
yardstick that turns figures taken on a loaded machine into ratios). Peak memory is this
process's maximum resident set (``getrusage``), and for ``dask`` also the largest worker's.
A ``threads`` key (``simulate``, ``stream``) is passed on as ``threads=``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import Any


def peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def case(spec: dict[str, Any]) -> dict[str, Any]:
    """Time one run described by ``spec``; the scenario is loaded (and the model imported) beforehand."""
    samples, seed, mode = int(spec["samples"]), int(spec.get("seed", 1)), spec.get("mode", "stream")
    if mode == "numpy":  # the yardstick: the peers' toy model written directly in numpy
        from benchmarks.bench_peers import numpy_gap

        numpy_gap(1000, seed)
        _, seconds = numpy_gap(samples, seed)
        return {"samples": samples, "mode": mode, "seconds": seconds, "peak_mb": peak_mb(), "baseline_mb": 0.0}
    import gigawatt

    scenario = gigawatt.load(spec.get("scenario", "openai-2025"))
    # warm up (imports, inverse tables) with another seed, so that no block of the timed run's draws is cached
    gigawatt.summarize(scenario, 1, seed + 1)
    base = peak_mb()
    out: dict[str, Any] = {"samples": samples, "mode": mode}
    if mode == "dask":
        from gigawatt.engine.dask_backend import connect

        with connect(workers=int(spec.get("workers", 2))) as client:
            client.run(lambda: gigawatt.summarize(scenario, 1, seed + 1))  # warm the workers too
            started = time.perf_counter()
            gigawatt.summarize(scenario, samples, seed, client=client)
            out["seconds"] = time.perf_counter() - started
            worker_peaks = client.run(peak_mb)
        out["worker_peak_mb"] = max(worker_peaks.values())
    else:
        threads = {"threads": int(spec["threads"])} if "threads" in spec else {}
        started = time.perf_counter()
        if mode == "simulate":
            result = gigawatt.simulate(scenario, samples, seed, **threads)
            out["simulate_seconds"] = time.perf_counter() - started
            result.summary()
        else:
            gigawatt.summarize(scenario, samples, seed, **threads)
        out["seconds"] = time.perf_counter() - started
    out["peak_mb"] = peak_mb()
    out["baseline_mb"] = base
    return out


if __name__ == "__main__":
    print(json.dumps(case(json.loads(sys.argv[1]))))
