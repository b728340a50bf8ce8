"""Wall and CPU time, page faults and peak memory of runs on 1 or more threads, in this (fresh) process.

``python -m benchmarks.threads_wall '{"samples": 100000, "mode": "simulate", "threads": [1, 1]}'``
(without an argument: :data:`DEFAULT`)

After a warm-up (``simulate`` of 20,000 samples on one thread), each entry of ``threads`` is one run
of ``openai-2025`` (``simulate`` or ``summarize``, by ``mode``) on that many threads, in order; a line
per run: threads, wall seconds, user and system CPU seconds, minor page faults. The first run of a
process pays for fresh pages (the kernel zeroes each page on first touch); later runs reuse freed memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import Any


def case(spec: dict[str, Any]) -> list[dict[str, Any]]:
    import gigawatt

    scenario = gigawatt.load(spec.get("scenario", "openai-2025"))
    samples, mode = int(spec["samples"]), spec.get("mode", "simulate")
    gigawatt.simulate(scenario, 20_000, 1, threads=1)
    rows = []
    for threads in spec.get("threads", [1, 2]):
        before, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        if mode == "simulate":
            result = gigawatt.simulate(scenario, samples, 1, threads=threads)
        else:
            result = gigawatt.summarize(scenario, samples, 1, threads=threads)
        wall = time.perf_counter() - wall
        del result
        after = resource.getrusage(resource.RUSAGE_SELF)
        rows.append({"threads": threads, "wall s": round(wall, 2),
                     "user s": round(after.ru_utime - before.ru_utime, 2),
                     "sys s": round(after.ru_stime - before.ru_stime, 2),
                     "page faults": after.ru_minflt - before.ru_minflt, "peak MB": after.ru_maxrss // 1024})
    return rows


DEFAULT = {"samples": 100_000}
"""What runs without an argument (:func:`case` supplies the mode and the threads, ``[1, 2]``)."""

if __name__ == "__main__":
    if len(sys.argv) > 2:
        sys.exit("usage: python -m benchmarks.threads_wall ['{\"samples\": 100000, \"threads\": [1, 2]}']")
    for row in case(json.loads(sys.argv[1]) if len(sys.argv) == 2 else DEFAULT):
        print(json.dumps(row))
