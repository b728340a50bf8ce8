"""Two scenarios (or a scenario and a variant of it) side by side: key metrics, absolute and relative differences.

Comparison works on run summaries (the JSON shape of ``Result.summary()``), so the
same code compares two fresh simulations (:func:`compare`, same seed for both) and
two recorded runs of the run store (``gigawatt runs diff``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from gigawatt import outputs
from gigawatt.analysis.common import check_metrics
from gigawatt.metrics import MetricSpec, parse_all
from gigawatt.outputs import BREAKEVEN_BY, BREAKEVEN_YEAR, CASH_BALANCE, FREE_CASH_FLOW, FUNDING_GAP, NPV, REVENUE_TOTAL
from gigawatt.scenario.errors import did_you_mean
from gigawatt.scenario.schema import Scenario

SUMMARY_STATS = ("mean", "p5", "p50", "p95")


def default_metrics(summary: dict[str, Any]) -> list[MetricSpec]:
    """Revenue and free cash flow in the first year, 2030 and the last year; the funding gaps,
    NPV, break-even year and the probability of break-even by 2030 (or by the last year)."""
    years = [int(y) for y in summary["years"]]
    picks = sorted({years[0], *(y for y in (2030,) if y in years), years[-1]})
    specs = [MetricSpec(name, y) for name in (REVENUE_TOTAL, FREE_CASH_FLOW) for y in picks]
    specs.append(MetricSpec(CASH_BALANCE, years[-1]))
    scalars = summary.get("scalars", {})
    specs += [MetricSpec(n) for n in scalars if n.startswith(FUNDING_GAP)]
    specs += [MetricSpec(n) for n in (NPV, BREAKEVEN_YEAR) if n in scalars]
    probabilities = summary.get("probabilities", {})
    event = BREAKEVEN_BY.format(year=2030)
    if event not in probabilities:
        event = BREAKEVEN_BY.format(year=years[-1])
    if event in probabilities:
        specs.append(MetricSpec(event))
    return specs


def lookup(summary: dict[str, Any], spec: MetricSpec, stat: str) -> tuple[float | None, str]:
    """The value of ``spec`` in a summary (``None`` when absent or not finite) and its unit.

    Raises ``KeyError`` when the name is in neither summary section.
    """
    if spec.last is not None:
        if spec.label not in summary.get("scalars", {}):
            raise ValueError(f"{spec.label}: a window of years is reduced per sample as the run goes, and this "
                             f"summary was made without it; run with --metric '{spec.label}' (or "
                             f"gigawatt.simulate(..., metrics=[{spec.label!r}]))")
        entry = summary["scalars"][spec.label]
        return entry[stat], entry["unit"]
    if spec.name in summary.get("series", {}):
        entry = summary["series"][spec.name]
        years = [int(y) for y in summary["years"]]
        year = spec.year if spec.year is not None else years[-1]
        if year not in years:
            return None, entry["unit"]
        return entry[stat][years.index(year)], entry["unit"]
    if spec.name in summary.get("scalars", {}):
        entry = summary["scalars"][spec.name]
        return entry[stat], entry["unit"]
    if spec.name in summary.get("probabilities", {}):
        return summary["probabilities"][spec.name], "probability"
    raise KeyError(spec.name)


def compare_summaries(
    a: dict[str, Any],
    b: dict[str, Any],
    metrics: list[str] | list[MetricSpec] | None = None,
    stat: str = "p50",
) -> list[dict[str, Any]]:
    """Rows ``{metric, label, year, stat, unit, a, b, diff, rel_diff}`` for each metric of two summaries
    (``label``: the catalogue's label of the output, and a window's years and aggregate).

    ``diff = b - a``; ``rel_diff = diff / |a|`` (``None`` when ``a`` is 0 or a value is
    missing). A probability's statistic is the probability itself.
    """
    if stat not in SUMMARY_STATS:
        raise ValueError(f"compare reads the summary statistics {', '.join(SUMMARY_STATS)}; got {stat!r}")
    specs = [m if isinstance(m, MetricSpec) else MetricSpec.parse(m) for m in metrics] if metrics else \
        default_metrics(a)
    if metrics:
        check_metrics(specs, a, b)
    rows = []
    for spec in specs:
        values: list[float | None] = []
        unit = ""
        for summary in (a, b):
            try:
                value, unit = lookup(summary, spec, stat)
            except KeyError:
                if spec.name in _names(a) or spec.name in _names(b):
                    value = None
                else:
                    known = sorted(_names(a) | _names(b))
                    raise KeyError(f"no output named {spec.name!r}{did_you_mean(spec.name, known)}") from None
            values.append(value)
        va, vb = values
        diff = vb - va if va is not None and vb is not None else None
        rel = diff / abs(va) if diff is not None and va not in (None, 0) else None
        series = spec.name in a.get("series", {}) or spec.name in b.get("series", {})
        year = (spec.year if spec.year is not None else int(a["years"][-1])) if series else None
        if spec.last is not None:  # a window: its label says its years
            year = None
        name = spec.label if spec.last is not None else spec.name
        window = f" {spec.year}–{spec.last} {spec.aggregate}" if spec.last is not None else ""
        rows.append({"metric": name, "label": outputs.label(spec.name) + window, "year": year,
                     "stat": "probability" if unit == "probability" else stat, "unit": unit, "a": va, "b": vb,
                     "diff": diff, "rel_diff": rel})
    return rows


def _names(summary: dict[str, Any]) -> set[str]:
    return {*summary.get("series", {}), *summary.get("scalars", {}), *summary.get("probabilities", {})}


@dataclass
class Comparison:
    """Two runs side by side."""

    a: str
    b: str
    samples: int
    seed: int
    stat: str
    rows: list[dict[str, Any]]
    changes: list[str]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape written by ``gigawatt compare --json``."""
        clean = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}
                 for row in self.rows]
        return {"a": self.a, "b": self.b, "samples": self.samples, "seed": self.seed, "stat": self.stat,
                "changes": self.changes, "rows": clean}


def compare(
    a: Scenario,
    b: Scenario,
    *,
    metrics: list[str] | None = None,
    stat: str = "p50",
    samples: int = 20_000,
    seed: int = 1,
    changes: list[str] | None = None,
) -> Comparison:
    """Simulate two scenarios with the same seed and compare their key metrics.

    Parameters
    ----------
    a, b
        The scenarios (``b`` may be ``a`` loaded with overrides).
    metrics
        ``NAME``, ``NAME@YEAR`` or ``NAME@FIRST..LAST AGG`` each (:mod:`gigawatt.metrics`); default
        :func:`default_metrics`.
    stat
        One of :data:`SUMMARY_STATS`.
    samples, seed
        Shared by both runs (common random numbers).
    changes
        What makes ``b`` differ (e.g. its ``--set`` overrides), for the report.
    """
    import gigawatt

    if stat not in SUMMARY_STATS:
        raise ValueError(f"compare reads the summary statistics {', '.join(SUMMARY_STATS)}; got {stat!r}")
    if metrics:  # names and years checked on one-sample runs, before the two full simulations
        specs = [MetricSpec.parse(m) for m in metrics]
        check_metrics(specs, *(gigawatt.summarize(s, 1, seed, stats=("mean",)).summary(("mean",)) for s in (a, b)))
    windows = [s.label for s in parse_all(metrics or []) if s.is_window]  # reduced per sample as each run goes
    sa, sb = (gigawatt.simulate(s, samples=samples, seed=seed, metrics=windows).summary() for s in (a, b))
    rows = compare_summaries(sa, sb, metrics, stat)
    return Comparison(a.name, b.name, samples, seed, stat, rows, list(changes or []))


def with_recorded_windows(summary: dict[str, Any], text: str, metrics: list[str] | list[MetricSpec] | None
                          ) -> dict[str, Any]:
    """A recorded run's summary with each window metric of ``metrics`` it lacks, reduced per sample by
    running the recorded scenario text again with the recorded seed and sample count (the same draws:
    bit-identical samples under the same version of gigawatt; the summary keeps its other numbers)."""
    import gigawatt

    missing = [s.label for s in parse_all(metrics or []) if s.is_window and s.label not in summary.get("scalars", {})]
    if not missing:
        return summary
    if str(summary.get("version", "")) != gigawatt.__version__:
        raise ValueError(f"{missing[0]}: this run was recorded by gigawatt {summary.get('version')!r} without it, "
                         f"and running it again under {gigawatt.__version__} may not give its samples; record "
                         f"the run again with --metric '{missing[0]}'")
    scenario = gigawatt.loads(text)
    samples, seed = int(summary["samples"]), int(summary["seed"])
    if "quantiles" in summary:  # recorded from a streamed run: streamed again, quantiles from the same sketch
        again = gigawatt.summarize(scenario, samples, seed, metrics=missing).summary()
    else:
        again = gigawatt.simulate(scenario, samples=samples, seed=seed, metrics=missing).summary()
    out = dict(summary)
    out["scalars"] = {**summary.get("scalars", {}), **{m: again["scalars"][m] for m in missing}}
    return out
