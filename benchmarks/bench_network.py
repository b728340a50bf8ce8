"""A network of companies: seconds and peak memory of ten entities at 20,000 samples, against one company.

The network is ten copies of the bundled companies (openai-2025 and anthropic-2025 in turn), each with a
borrowing limit (so that defaults happen and the fixed point takes rounds), every one investing in the next one's
largest equity round (a chain of nine investment links). Each case runs in a fresh process
(``benchmarks.measure``), so its peak resident memory is its own; ``simulate`` keeps every sample of what a
network keeps (``gigawatt.outputs.NETWORK_KEEPS``, docs/model.md section 12), ``stream`` is ``gigawatt.summarize``
(statistics only).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.bench_engine import measure
from benchmarks.registry import Rows, register

BASES = ("openai-2025", "anthropic-2025")
ROUNDS = {"openai-2025": "round_2026", "anthropic-2025": "series_g"}
"""The equity round of each base that the entity before it pays for."""

SIZES = {"smoke": (3, 500), "full": (10, 20_000)}
"""(entities, samples) per run."""


def network_text(entities: int) -> str:
    """The benchmark's network of ``entities`` companies as YAML."""
    lines = ["name: bench-network", "horizon: {start: 2025, end: 2035}", "entities:"]
    bases = [BASES[i % len(BASES)] for i in range(entities)]
    for i, base in enumerate(bases):
        # assumption: a limit in the range of the companies' peak borrowing need, so that some default
        lines += [f"  e{i}:", f"    extends: {base}", "    finance: {borrowing_limit: $60B to $150B}"]
    lines.append("links:")
    for i in range(entities - 1):
        lines.append(f"  - {{name: invest_{i}, investor: e{i}, investee: e{i + 1}.finance.financing."
                     f"{ROUNDS[bases[i + 1]]}}}")
    return "\n".join(lines) + "\n"


@register("network", "A network of companies: ten entities at 20,000 samples, seconds and peak memory")
def run(size: str) -> Rows:
    """One row for a company alone, one for the network: samples, seconds, seconds per entity, peak memory."""
    entities, samples = SIZES[size]
    rows: Rows = []
    alone = measure({"scenario": BASES[0], "samples": samples, "mode": "simulate"})
    rows.append({"case": f"one company ({BASES[0]})", "entities": 1, "samples": samples,
                 "seconds": alone["simulate_seconds"], "s per entity": alone["simulate_seconds"],
                 "peak MB": alone["peak_mb"]})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "network.yaml"
        path.write_text(network_text(entities), encoding="utf-8")
        for mode in ("simulate", "stream"):
            got = measure({"scenario": str(path), "samples": samples, "mode": mode})
            seconds = got["simulate_seconds"] if mode == "simulate" else got["seconds"]
            rows.append({"case": f"network of {entities}, {entities - 1} investment links ({mode})",
                         "entities": entities, "samples": samples, "seconds": seconds,
                         "s per entity": seconds / entities, "peak MB": got["peak_mb"]})
    return rows
