"""CPU time of the engine's own work inside ``gigawatt.simulate`` of one scenario, in this (fresh) process.

``python -m benchmarks.engine_parts '{"scenario": "openai-2025", "samples": 20000, "reps": 7}'``

Figures (milliseconds of CPU, ``time.process_time``, each the least over ``reps`` runs after a
warm-up): ``draws`` (every uncertain input drawn: ``engine.sampling.draw_inputs``), ``anchors``
(every path through anchors evaluated: ``scenario.evaluate._anchors``), ``check`` (the overflow
check of every output: ``engine.finite.check_outputs``) and ``simulate`` (the whole simulation).
The cache of random blocks is emptied before each run, so that every run draws its inputs.
``threads`` (optional) is passed to ``simulate`` as ``threads=``, when this version takes it.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any


def case(spec: dict[str, Any]) -> dict[str, Any]:
    """Time ``reps`` simulations with each engine part timed on its own."""
    import gigawatt
    from gigawatt.engine import runner, sampling
    from gigawatt.scenario import evaluate

    spent: Counter[str] = Counter()

    def timed(module: Any, name: str, label: str) -> None:
        function: Callable[..., Any] = getattr(module, name)

        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - started

        setattr(module, name, run)

    timed(evaluate, "_anchors", "anchors")
    timed(runner, "draw_inputs", "draws")
    timed(runner, "check_outputs", "check")
    scenario = gigawatt.load(spec.get("scenario", "openai-2025"))
    samples, reps, seed = int(spec["samples"]), int(spec.get("reps", 5)), int(spec.get("seed", 1))
    extra = {"threads": int(spec["threads"])} if "threads" in spec else {}
    gigawatt.simulate(scenario, samples, seed, **extra)  # warm-up: imports and kernels are not measured
    best: dict[str, float] = {}
    for _ in range(reps):
        spent.clear()
        sampling._blocks._items.clear()  # every run draws its inputs (the cache would keep some)
        started = time.process_time()
        gigawatt.simulate(scenario, samples, seed, **extra)
        spent["simulate"] = time.process_time() - started
        for label, seconds in spent.items():
            best[label] = min(best.get(label, seconds), seconds)
    return {"samples": samples, **{f"{label} ms": round(1e3 * s, 1) for label, s in best.items()},
            "model": getattr(gigawatt, "__file__", "")}


if __name__ == "__main__":
    print(json.dumps(case(json.loads(sys.argv[1]))))
