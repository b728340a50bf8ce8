"""Parameter sweeps: a grid of scenario variants, one row of chosen metrics (P5, P50, P95) per variant.

Each variant is the scenario loaded with one combination of the grid's values
(``gigawatt.load(scenario, overrides)``) and summarised on the streaming path, so a
sweep can use a Dask cluster (``client``) and never holds every sample. All variants
share the seed: every uncertain input keeps its draws from variant to variant
(common random numbers), so differences between rows come from the grid, not noise::

    from gigawatt.analysis.sweep import sweep
    out = sweep("openai-2025", {"consumer.paying_share.2030": ["8%", "10%", "12%"]},
                metrics=["funding_gap", "revenue_total@2030"], samples=20_000)
    out.rows[0]["metrics"]["funding_gap"]["p50"]
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gigawatt.analysis.common import check_metrics
from gigawatt.analysis.compare import lookup
from gigawatt.engine.runner import Progress
from gigawatt.metrics import MetricSpec, parse_all
from gigawatt.outputs import BREAKEVEN_BY, FUNDING_GAP, NPV
from gigawatt.scenario.schema import Scenario

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_METRICS = (FUNDING_GAP, NPV, BREAKEVEN_BY.format(year=2030))
STATS = ("p5", "p50", "p95")
MAX_VARIANTS = 1000
"""A guard against a grid that multiplies out of hand."""


def split_values(text: str) -> list[str]:
    """Split ``v1,v2,...`` on the commas outside brackets, braces and quotes."""
    parts: list[str] = []
    depth, quote, current = 0, "", ""
    for ch in text:  # a loop over the characters of one option, not samples
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{(":
            depth += 1
        elif ch in "]})":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += ch
    parts.append(current.strip())
    return parts


def parse_grid(items: Sequence[str]) -> dict[str, list[Any]]:
    """``["PATH=v1,v2", ...]`` -> ``{path: [value, ...]}``; values in the scenario file's syntax."""
    from gigawatt.scenario.loader import parse_override

    grid: dict[str, list[Any]] = {}
    for item in items:
        path, sep, values = item.partition("=")
        path = path.strip()
        if not sep or not path or not values.strip():
            raise ValueError(f"--grid expects PATH=V1,V2,... (e.g. consumer.paying_share.2030=8%,10%,12%); "
                             f"got {item!r}")
        if path in grid:
            raise ValueError(f"--grid names {path} twice; give all its values in one option")
        texts = split_values(values)
        if any(not t for t in texts):
            raise ValueError(f"--grid {path}: an empty value in {values!r}")
        grid[path] = [parse_override(f"{path}={t}")[1] for t in texts]
    if not grid:
        raise ValueError("a sweep needs at least one --grid PATH=V1,V2,...")
    return grid


def variants(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the grid's values, the last path varying fastest."""
    paths = list(grid)
    combos = [dict(zip(paths, values, strict=True)) for values in itertools.product(*(grid[p] for p in paths))]
    if len(combos) > MAX_VARIANTS:
        raise ValueError(f"the grid makes {len(combos):,} variants; at most {MAX_VARIANTS:,}")
    return combos


def metric_row(summary: Mapping[str, Any], spec: MetricSpec) -> dict[str, Any]:
    """``{"unit", "mean", "p5", "p50", "p95"}`` of one metric in a summary (an event: its ``probability``)."""
    if spec.name in summary.get("probabilities", {}):
        return {"unit": "probability", "probability": summary["probabilities"][spec.name]}
    out: dict[str, Any] = {}
    for stat in ("mean", *STATS):
        value, unit = lookup(dict(summary), spec, stat)
        out["unit"] = unit
        out[stat] = value
    return out


@dataclass
class Sweep:
    """The rows of a sweep: ``{"variant": {path: value}, "metrics": {label: {...}}}`` per variant."""

    scenario: str
    paths: list[str]
    metrics: list[str]
    samples: int
    seed: int
    rows: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The sweep as JSON-ready data."""
        return {"scenario": self.scenario, "samples": self.samples, "seed": self.seed, "grid": self.paths,
                "metrics": self.metrics, "quantiles": "sketch (relative error <= 0.5%)", "rows": self.rows}

    def to_csv(self) -> str:
        """One line per variant: the grid's values, then each metric's P5, P50, P95 (or probability)."""
        header = list(self.paths)
        for label in self.metrics:
            first = self.rows[0]["metrics"][label] if self.rows else {}
            header += [f"{label}_probability"] if "probability" in first else [f"{label}_{s}" for s in STATS]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        for row in self.rows:
            line: list[Any] = [row["variant"][p] for p in self.paths]
            for label in self.metrics:
                m = row["metrics"][label]
                line += [m["probability"]] if "probability" in m else [m[s] for s in STATS]
            writer.writerow(["" if v is None else v for v in line])
        return buffer.getvalue()


def sweep(
    scenario: str | Path | Scenario,
    grid: Mapping[str, Sequence[Any]],
    *,
    metrics: Sequence[str] = DEFAULT_METRICS,
    samples: int = 20_000,
    seed: int = 1,
    overrides: Mapping[str, Any] | None = None,
    chunk_size: int | None = None,
    client: Client | None = None,
    progress: Progress | None = None,
) -> Sweep:
    """Summarise every variant of a grid of overrides.

    Parameters
    ----------
    scenario
        A bundled name, a file, or a loaded scenario (its full text is reloaded with the overrides).
    grid
        ``{dotted path: [values in file syntax]}``; the variants are every combination.
    metrics
        ``NAME`` or ``NAME@YEAR`` (a series in that year; default the last year), an event name, or a
        window ``NAME@FIRST..LAST AGG`` (AGG: sum, mean, min, max; see :mod:`gigawatt.metrics`).
    samples, seed
        Monte Carlo samples per variant and the shared seed (common random numbers).
    overrides
        Fixed overrides applied to every variant before the grid's (``--set``).
    chunk_size
        Samples held at once (default the streaming chunk).
    client
        A ``dask.distributed.Client``: each variant's chunks run on its workers.
    progress
        Called with (samples done, samples in all) over the whole sweep.
    """
    import gigawatt
    from gigawatt.engine.stream import STREAM_CHUNK

    specs = parse_all(metrics)
    windows = [s.label for s in specs if s.is_window]  # reduced per sample as each variant's chunks run
    combos = variants(grid)
    total = samples * len(combos)

    def load(extra: Mapping[str, Any]) -> Scenario:
        merged = {**(overrides or {}), **extra}
        if isinstance(scenario, Scenario):
            return gigawatt.loads(scenario.text, merged)
        return gigawatt.load(scenario, merged)

    loaded = [load(combo) for combo in combos]  # every variant checked before the first runs
    probe = gigawatt.summarize(loaded[0], 1, seed, stats=("mean",))
    check_metrics(specs, probe.summary(("mean",)))  # a typo fails in a second
    out = Sweep(loaded[0].name, list(grid), [s.label for s in specs], samples, seed)
    for i, (combo, variant) in enumerate(zip(combos, loaded, strict=True)):
        def step(done: int, _: int, offset: int = i * samples) -> None:
            if progress is not None:
                progress(offset + done, total)

        summary = gigawatt.summarize(variant, samples, seed, chunk_size=chunk_size or STREAM_CHUNK, progress=step,
                                     client=client, metrics=windows).summary()
        out.rows.append({"variant": dict(combo), "metrics": {s.label: metric_row(summary, s) for s in specs}})
    return out
