"""The model's speed per sample against the model before economics v2, measured in the same run.

The model before economics v2 is commit :data:`BEFORE`, the parent of the commit that brought
the fleet by vintage (``git log --diff-filter=A -- src/gigawatt/model/vintages.py``): the last
model without vintages, purchases, priority under shortage, delivery slips, prices by vintage,
unit economics and the three statements. Its ``src`` is taken from the repository's history
(``git archive``) into a temporary folder and run by the same Python with that folder first on
the path; each side runs ``openai-2025`` as bundled at its commit, in a fresh process, the two
sides alternating so that both see the same load on the machine.

Both sides run with the same settings of the C allocator: the ones the engine sets itself since
:mod:`gigawatt.engine.memory` (given to each process through glibc's ``GLIBC_TUNABLES``, which the
model before economics v2 would not set itself), so that what is compared is the two models, not two
allocators. ``GIGAWATT_KEEP_MEMORY=0`` runs both with glibc's defaults instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

from benchmarks.registry import Rows, Skip, register

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "84a18ec"
"""The model before economics v2 (the parent of d56abd2, which added src/gigawatt/model/vintages.py)."""

SIZES = {"smoke": {"samples": 1_000, "reps": 1, "rounds": 1}, "full": {"samples": 20_000, "reps": 5, "rounds": 3}}
"""Samples per run, runs per process (the fastest counts) and alternating rounds of the two sides."""


def checkout(commit: str, into: Path) -> Path:
    """``src`` of ``commit`` written under ``into``; :class:`Skip` when git or the commit is not there."""
    git = shutil.which("git")
    if git is None:
        raise Skip("git is not installed")
    found = subprocess.run([git, "-C", str(ROOT), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True,
                           check=False)
    if found.returncode != 0:
        raise Skip(f"commit {commit} is not in this clone's history (a shallow clone?)")
    archive = subprocess.run([git, "-C", str(ROOT), "archive", "--format=tar", commit, "src"], capture_output=True,
                             check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def allocator() -> dict[str, str]:
    """The environment that gives a process the engine's allocator settings (none when they are refused)."""
    from gigawatt.engine import memory

    if memory.refused():
        return {}
    tunables = {"glibc.malloc.mmap_threshold": memory.LARGEST_HEAP_BLOCK,
                "glibc.malloc.trim_threshold": memory.KEEP_BYTES, "glibc.malloc.top_pad": memory.TOP_PAD}
    return {"GLIBC_TUNABLES": ":".join(f"{name}={value}" for name, value in tunables.items())}


def measure(source: Path, spec: dict[str, Any]) -> dict[str, Any]:
    """One process: the ``gigawatt`` under ``source`` simulates ``spec`` (``benchmarks.per_sample``)."""
    path = os.pathsep.join([str(source), str(ROOT)])
    env = {**os.environ, **allocator(), "PYTHONPATH": path}
    done = subprocess.run([sys.executable, "-m", "benchmarks.per_sample", json.dumps(spec)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{source}: {done.stderr[-2000:]}")
    got = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    if not str(got["model"]).startswith(str(source)):
        raise RuntimeError(f"measured {got['model']}, not the gigawatt under {source}")
    return got


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest figures over the rounds, block by block."""
    blocks: dict[str, float] = {}
    for got in runs:
        for name, spent in got["blocks"].items():
            blocks[name] = min(blocks.get(name, spent), spent)
    return {"seconds": min(r["seconds"] for r in runs), "cpu_seconds": min(r["cpu_seconds"] for r in runs),
            "blocks": blocks}


@register("economics", "openai-2025 per sample: the model before economics v2 against now (same run)")
def run(size: str) -> Rows:
    """Two rows of totals (before, now), then one row per model block (CPU ms, fastest run)."""
    spec = {"scenario": "openai-2025", "samples": SIZES[size]["samples"], "reps": SIZES[size]["reps"]}
    with tempfile.TemporaryDirectory() as folder:
        before_src = checkout(BEFORE, Path(folder))
        runs: dict[str, list[dict[str, Any]]] = {"before": [], "now": []}
        for _ in range(SIZES[size]["rounds"]):
            runs["before"].append(measure(before_src, spec))
            runs["now"].append(measure(ROOT / "src", spec))
    old, new = best(runs["before"]), best(runs["now"])
    n = spec["samples"]
    rows: Rows = []
    for case, got in ((f"before economics v2 ({BEFORE})", old), ("now", new)):
        rows.append({"case": case, "samples": n, "seconds": got["seconds"],
                     "µs/sample": got["seconds"] / n * 1e6, "CPU µs/sample": got["cpu_seconds"] / n * 1e6,
                     "vs before": got["seconds"] / old["seconds"]})
    for name in dict.fromkeys([*old["blocks"], *new["blocks"]]):
        before_ms = old["blocks"].get(name)
        now_ms = new["blocks"].get(name)
        rows.append({"case": f"block {name}", "before CPU ms": None if before_ms is None else before_ms * 1e3,
                     "now CPU ms": None if now_ms is None else now_ms * 1e3})
    return rows
