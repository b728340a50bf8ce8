"""The phases of a cold `gigawatt run --quiet`, each import and call in turn in this fresh process, CPU and wall.

Run as ``python -m benchmarks.startup_phases`` (a fresh interpreter each time: the figures of a second call in
the same process would be warm). The run store is a fresh file in a temporary folder.
"""

from __future__ import annotations

import os
import tempfile
import time

_last = [time.perf_counter(), time.process_time()]


def _mark(name: str) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    print(f"{name:58s} CPU {cpu - _last[1]:.3f} s  wall {wall - _last[0]:.3f} s")
    _last[:] = [wall, cpu]


def main() -> None:
    """Print one line per phase."""
    import gigawatt.cli  # noqa: F401  (Typer, Rich, the commands)

    _mark("import gigawatt.cli (Typer, Rich, the commands)")
    import numpy as np

    _mark("import numpy")
    import pydantic  # noqa: F401

    _mark("import pydantic")
    import gigawatt.api

    _mark("the rest of import gigawatt.api")
    scenario = gigawatt.api.load("openai-2025")
    _mark("gigawatt.load('openai-2025')")
    from gigawatt.engine import jit

    if jit.enabled():
        import numba  # noqa: F401

        _mark("import numba")
        from gigawatt.model.common import running_total

        running_total(np.ones((3, 4)))
        _mark("the first kernel (numba's registries, cached code)")
    result = gigawatt.api.simulate(scenario, 20_000, 1)
    _mark("simulate, 20,000 samples")
    summary = result.summary()
    _mark("summary()")
    from gigawatt.store import RunStore

    with tempfile.TemporaryDirectory() as folder:
        RunStore(os.path.join(folder, "runs.duckdb")).record_summary(result.scenario, summary)
        _mark("recording the run (DuckDB)")
    import io

    from rich.console import Console

    from gigawatt.cli.tables import print_result

    print_result(result, Console(file=io.StringIO(), width=120), scenario)
    _mark("the tables (print_result, when not --quiet)")


if __name__ == "__main__":
    main()
