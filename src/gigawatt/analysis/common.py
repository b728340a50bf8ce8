"""What the analysis tools share: naming a metric, reading it from a result, running stacked designs.

A *metric* is one output of the model (``revenue_total``, ``funding_gap``,
``breakeven_by_2030``) read at one year for a series. Its *statistic* over
samples is ``mean``, ``sd`` or a percentile ``pNN``; an event's statistic is
always its probability (the share of samples in which it happens).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gigawatt.engine.result import Result
from gigawatt.engine.result import sample_stat as engine_stat
from gigawatt.metrics import MetricError, MetricSpec
from gigawatt.scenario.errors import did_you_mean
from gigawatt.scenario.paths import uncertain_inputs
from gigawatt.scenario.schema import Scenario

Progress = Callable[[int, int], None]
"""Called with (work done, work in all)."""

BATCH_ROWS = 16_384
"""Most samples simulated at once by a stacked design (bounds the memory of one batch)."""

_STAT = re.compile(r"^(mean|sd|p\d{1,2}(\.\d+)?|p100)$")


def parse_metric(text: str) -> tuple[str, int | None, int | None, str | None]:
    """Read ``NAME``, ``NAME@YEAR`` or ``NAME@FIRST..LAST AGG`` (AGG: sum, mean, min, max) as
    ``(name, year, last, aggregate)`` through :meth:`gigawatt.metrics.MetricSpec.parse`.
    Raises :class:`~gigawatt.metrics.MetricError` (a ``ValueError``) for anything else."""
    spec = MetricSpec.parse(text)
    return spec.name, spec.year, spec.last, spec.aggregate


def check_stat(stat: str) -> str:
    """Return ``stat`` if it names a statistic (``mean``, ``sd``, ``p5``, ``p50``, ``p97.5``), else raise."""
    if not _STAT.match(stat):
        raise ValueError(f"unknown statistic {stat!r}; use mean, sd or a percentile such as p5, p50, p95")
    return stat


def sample_stat(values: np.ndarray, stat: str, axis: int = 0) -> np.ndarray:
    """A statistic of ``values`` along ``axis`` (the samples): ``mean``, ``sd`` or ``pNN`` (linear percentile)."""
    return engine_stat(values, check_stat(stat), axis=axis)


@dataclass(frozen=True)
class Metric:
    """One model output, at one year if it is a series.

    Attributes
    ----------
    name
        Output name (``revenue_total``).
    year
        Calendar year for a series; ``None`` for a scalar or an event.
    kind
        ``"series"``, ``"scalar"`` or ``"event"``.
    unit
        The output's unit (``USD``, ``GW``, ``event`` ...).
    """

    name: str
    year: int | None
    kind: str
    unit: str
    last: int | None = None
    aggregate: str | None = None

    @property
    def spec(self) -> MetricSpec:
        """The metric as named (:class:`gigawatt.metrics.MetricSpec`)."""
        return MetricSpec(self.name, self.year if self.kind == "series" else None, self.last, self.aggregate)

    @property
    def label(self) -> str:
        """``revenue_total@2030``, ``free_cash_flow@2026..2029 sum`` or ``funding_gap``."""
        return self.spec.label

    def values(self, result: Result) -> np.ndarray:
        """Per-sample values, shape ``(n,)`` (events as 0.0 / 1.0; a window reduced over its years)."""
        return self.spec.values(result)

    def statistic(self, values: np.ndarray, stat: str, axis: int = -1) -> np.ndarray:
        """The statistic of per-sample ``values`` (an event's is its probability, whatever ``stat``)."""
        if self.kind == "event":
            return np.asarray(values.mean(axis=axis))
        return sample_stat(values, stat, axis=axis)


def resolve_metric(result: Result, name: str, year: int | None = None) -> Metric:
    """Check ``name`` (and ``year``) against a result's outputs.

    A series without a year is read in the last simulated year. ``name`` may also be
    written whole (``revenue_total@2030``, ``free_cash_flow@2026..2029 sum``), ``year`` then
    left out. Raises ``KeyError`` with the nearest name for a typo, or for a year outside the horizon.
    """
    if "@" in name or " " in name.strip():
        if year is not None:
            raise KeyError(f"{name} names its year already: leave out the year")
        spec = MetricSpec.parse(name)
    else:
        spec = MetricSpec(name, None if year is None else int(year))
    if spec.name in result.series:
        try:
            chosen = spec.at_last_year([int(y) for y in result.years])
            chosen.check_years([int(y) for y in result.years])
            unit = chosen.unit(result.units[spec.name])
        except MetricError as exc:
            raise KeyError(str(exc)) from None
        return Metric(chosen.name, chosen.year, "series", unit, chosen.last, chosen.aggregate)
    if spec.name in result.scalars or spec.name in result.events:
        if spec.year is not None:
            raise KeyError(f"{spec.name} is a single number per sample, not a series: leave out the year")
        kind = "scalar" if spec.name in result.scalars else "event"
        return Metric(spec.name, None, kind, result.units[spec.name])
    raise KeyError(f"no output named {spec.name!r}{did_you_mean(spec.name, result.names())}; "
                   "see `gigawatt run --json -` for every name")


def check_metrics(specs: Sequence[MetricSpec], *summaries: Mapping[str, Any]) -> None:
    """Check ``NAME`` / ``NAME@YEAR`` metrics against run summaries (the shape of ``Result.summary()``).

    A name must be an output of at least one summary, a year only given for a series and
    inside the horizon of a summary that has it. Raises ``KeyError`` with the nearest
    name for a typo. Check on a cheap run (``gigawatt.summarize(scenario, 1)``) before an expensive one.
    """
    names = list(dict.fromkeys(n for s in summaries for n in (*s["series"], *s["scalars"], *s["probabilities"])))
    for spec in specs:
        if spec.name not in names:
            raise KeyError(f"no output named {spec.name!r}{did_you_mean(spec.name, names)}")
        with_series = [s for s in summaries if spec.name in s["series"]]
        if spec.year is not None and not with_series:
            raise KeyError(f"{spec.name} is a single number per sample, not a series: leave out @{spec.year}")
        for year in (spec.year, spec.last):
            if year is not None and not any(year in [int(y) for y in s["years"]] for s in with_series):
                years = sorted({int(y) for s in with_series for y in s["years"]})
                raise KeyError(f"year {year} of {spec.label} is outside the horizon {years[0]}-{years[-1]}")
        if with_series:
            spec.unit(with_series[0]["series"][spec.name]["unit"])  # a sum of a share, say, has no meaning


def probe(scenario: Scenario, name: str, year: int | None = None) -> Metric:
    """Resolve a metric on a one-sample run (cheap): fail early, before an expensive design."""
    import gigawatt

    return resolve_metric(gigawatt.simulate(scenario, samples=1, seed=1), name, year)


def evaluate_rows(
    scenario: Scenario,
    rows: int,
    draws: Callable[[int, int], Mapping[str, np.ndarray]],
    metric: Metric,
    *,
    progress: Progress | None = None,
    batch_rows: int | None = None,
    client: Any = None,
) -> np.ndarray:
    """The metric in each row of a design where every uncertain input is given per row.

    Rows are simulated in batches (a loop over batches of rows, each batch one
    vectorised simulation), so memory stays bounded whatever the design's size.

    Parameters
    ----------
    scenario
        The scenario.
    rows
        Number of rows (samples) of the design.
    draws
        ``draws(start, stop)`` gives ``{path: values of rows start..stop}`` for every
        uncertain input, in canonical units.
    metric
        What to read from each row.
    progress
        Called with (rows done, rows in all) after each batch.
    batch_rows
        Rows simulated at once (default :data:`BATCH_ROWS`).
    client
        A Dask client: the batches then run on its workers (the scenario travels as its
        YAML text), with the same numbers as in this process.

    Returns
    -------
    numpy.ndarray
        Shape ``(rows,)``, in the metric's unit.
    """
    expected = set(uncertain_inputs(scenario))
    size = batch_rows or BATCH_ROWS
    spans = [(start, min(rows, start + size)) for start in range(0, rows, size)]

    def batch(start: int, stop: int) -> dict[str, np.ndarray]:
        pinned = dict(draws(start, stop))
        missing = expected - set(pinned)
        if missing:
            raise ValueError(f"a design must give every uncertain input; missing: {', '.join(sorted(missing))}")
        return pinned

    out = np.empty(rows)
    if client is None:
        for start, stop in spans:  # a loop over batches of rows, each one vectorised simulation
            out[start:stop] = batch_values(scenario, batch(start, stop), metric)
            if progress is not None:
                progress(stop, rows)
        return out
    from gigawatt.engine.dask_backend import map_ordered

    finished = 0

    def done(i: int, _: Any) -> None:
        nonlocal finished
        finished += spans[i][1] - spans[i][0]
        if progress is not None:
            progress(finished, rows)

    calls = [(scenario.text, batch(start, stop), metric) for start, stop in spans]
    for (start, stop), values in zip(spans, map_ordered(client, batch_values_of_text, calls, done), strict=True):
        out[start:stop] = values
    return out


def batch_values(scenario: Scenario, pinned: Mapping[str, np.ndarray], metric: Metric) -> np.ndarray:
    """The metric in each row of one batch whose every uncertain input is pinned per row."""
    import gigawatt

    samples = len(next(iter(pinned.values()))) if pinned else 1
    return metric.values(gigawatt.simulate(scenario, samples=samples, seed=1, pinned=pinned))


def batch_values_of_text(text: str, pinned: Mapping[str, np.ndarray], metric: Metric) -> np.ndarray:
    """:func:`batch_values` for a scenario given as its YAML text (what a Dask worker receives)."""
    from gigawatt.engine.stream import scenario_from_text

    return batch_values(scenario_from_text(text), pinned, metric)
