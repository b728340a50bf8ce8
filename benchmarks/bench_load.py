"""Reading and validating large scenario files: seconds per file (the YAML reader is linear in its size).

A synthetic scenario with ``sites`` named sites (one line each, an uncertain capex per site) is
written to a temporary file, then loaded with :func:`gigawatt.load` (read, merge, validate).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.registry import Rows, register

SIZES = {"smoke": [200], "full": [4_000, 20_000]}
"""Named sites per file."""


def many_sites(sites: int) -> str:
    """YAML text of a scenario with ``sites`` named sites."""
    lines = ["name: many-sites", "horizon: {start: 2025, end: 2030}", "sites:"]
    lines += [f'  - {{name: s{i}, country: US, capacity_gw: 0.01, capex_per_gw: "$40B/GW to $60B/GW"}}'
              for i in range(sites)]
    return "\n".join(lines) + "\n"


@register("load", "Loading a scenario file with many named sites")
def run(size: str) -> Rows:
    """One row per file size: its size, the seconds of reading the text and of ``gigawatt.load`` (wall and
    CPU: on a shared machine the CPU time is the steadier figure)."""
    import gigawatt
    from gigawatt.scenario.loader import read_raw

    rows: Rows = []
    with tempfile.TemporaryDirectory() as folder:
        for sites in SIZES[size]:
            path = Path(folder) / f"sites-{sites}.yaml"
            path.write_text(many_sites(sites), encoding="utf-8")
            started = time.perf_counter()
            read_raw(str(path))
            read = time.perf_counter() - started
            started, cpu = time.perf_counter(), time.process_time()
            scenario = gigawatt.load(path)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            assert len(scenario.sites) == sites
            rows.append({"sites": sites, "KB": round(path.stat().st_size / 1024), "read YAML s": read,
                         "load + validate s": seconds, "CPU s": cpu})
    return rows
