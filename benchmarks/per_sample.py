"""Time ``gigawatt.simulate`` of one scenario in this (fresh) process; print the figures as JSON.

``python -m benchmarks.per_sample '{"scenario": "openai-2025", "samples": 20000, "reps": 5}'``

Whichever ``gigawatt`` is first on the path is measured (``benchmarks.bench_economics`` puts
an older checkout's ``src`` first). Figures: the fastest of ``reps`` runs, wall clock and CPU
time of this process, and the CPU time of each model block in the fastest run of that block.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any


def case(spec: dict[str, Any]) -> dict[str, Any]:
    """Time ``reps`` simulations (after one warm-up run); every block is timed on its own."""
    import gigawatt
    from gigawatt import model

    scenario = gigawatt.load(spec.get("scenario", "openai-2025"))
    samples, reps, seed = int(spec["samples"]), int(spec.get("reps", 3)), int(spec.get("seed", 1))
    blocks: dict[str, float] = {}
    plain = list(model.BLOCKS)

    def timed(block: Any) -> Any:
        def run(*args: Any) -> Any:
            started = time.process_time()
            out = block(*args)
            spent = time.process_time() - started
            blocks[block.__name__] = min(blocks.get(block.__name__, spent), spent)
            return out

        run.__name__ = block.__name__
        return run

    gigawatt.simulate(scenario, min(samples, 100), seed)  # warm up: imports are not what is measured
    wall, cpu = [], []
    for _ in range(reps):
        started, started_cpu = time.perf_counter(), time.process_time()
        gigawatt.simulate(scenario, samples, seed)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    model.BLOCKS[:] = [timed(block) for block in plain]
    for _ in range(reps):
        gigawatt.simulate(scenario, samples, seed)
    model.BLOCKS[:] = plain
    return {"samples": samples, "seconds": min(wall), "cpu_seconds": min(cpu), "blocks": blocks,
            "model": getattr(gigawatt, "__file__", "")}


if __name__ == "__main__":
    print(json.dumps(case(json.loads(sys.argv[1]))))
