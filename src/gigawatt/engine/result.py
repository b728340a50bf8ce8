"""The result of a simulation: named arrays over samples and years, and their summary."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from gigawatt.scenario.schema import Scenario

SUMMARY_STATS = ("mean", "p5", "p50", "p95")
THREADED_SAMPLES = 50_000
"""From this many samples, :meth:`Result.summary` computes its outputs on a thread per core (at most
:data:`MAX_THREADS`); below, starting the threads costs about what they save."""
MAX_THREADS = 8
EVENT = "event"
"""Unit of a per-sample yes/no outcome; its share of samples becomes a probability."""


@dataclass(frozen=True)
class Out:
    """One output of a model block: an array and its unit.

    ``values`` of shape ``(n, years)`` is a series, of shape ``(n,)`` a per-sample
    scalar; a scalar with unit :data:`EVENT` is a yes/no outcome per sample.
    """

    values: np.ndarray
    unit: str


def finite_or_none(x: float) -> float | None:
    """``x`` as a float, or ``None`` when it is not finite (JSON has no inf or nan: "never", "undefined")."""
    return float(x) if math.isfinite(x) else None


def percentiles(values: np.ndarray, percents: list[float], axis: int = 0) -> np.ndarray:
    """Percentiles over samples (along ``axis``), linear between order statistics; the percents come first.

    Where both neighbours are infinite (a break-even year that never comes) the
    result is that infinity, not the ``nan`` that interpolating ``inf - inf`` gives.
    """
    return _percentiles(values, percents, axis, with_mean=False)[0]


def percentiles_and_mean(values: np.ndarray, percents: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`percentiles` and ``values.mean(axis=0)``, the same numbers, from one reading of a series."""
    table, mean = _percentiles(values, percents, 0, with_mean=True)
    assert mean is not None
    return table, mean


def _percentiles(values: np.ndarray, percents: list[float], axis: int,
                 with_mean: bool) -> tuple[np.ndarray, np.ndarray | None]:
    mean: np.ndarray | None
    with np.errstate(invalid="ignore"):
        if axis == 0 and values.dtype == np.float64 and values.ndim in (1, 2) and values.shape[0] > 0:
            table, mean = _selected(values, percents, with_mean)
        else:
            table = np.asarray(np.percentile(values, percents, axis=axis, method="linear"))
            mean = np.asarray(values.mean(axis=axis)) if with_mean else None
    if np.isnan(table).any():
        nearest = np.asarray(np.percentile(values, percents, axis=axis, method="nearest"))
        table = np.where(np.isnan(table) & np.isinf(nearest), nearest, table)
    return table, mean


def sorted_percentiles(values: np.ndarray, percents: list[float]) -> np.ndarray:
    """``np.percentile(values, percents, axis=0, method="linear")``, the same numbers, from order statistics.

    The percents come first: ``(P,)`` for ``(samples,)`` values, ``(P, years)`` for ``(samples, years)``.
    Only the two order statistics around each percentile's virtual index are needed, so each column is
    not sorted: :func:`gigawatt.engine.order.order_statistics` selects them (a compiled radix selection,
    or numpy's ``ndarray.partition`` of a contiguous ``(years, samples)`` copy). They are combined here
    with numpy's own formulas (virtual index ``(n - 1) q``, ``lerp`` from the nearer end, NaN wherever a
    column holds one), so the result is bit-identical: ``tests/engine/test_percentiles.py`` checks it.
    """
    return _selected(values, percents, with_mean=False)[0]


def _selected(values: np.ndarray, percents: list[float], with_mean: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`sorted_percentiles` and ``values.mean(axis=0)`` when asked (``values`` float64, ``(n,)`` or
    ``(n, years)``; the compiled selection adds the mean of a series as it reads it)."""
    from gigawatt.engine.order import order_statistics

    n = values.shape[0]
    virtual = (n - 1) * np.true_divide(np.asarray(percents, dtype=np.float64), 100)
    previous = np.floor(virtual)
    following = previous + 1
    previous[virtual >= n - 1] = following[virtual >= n - 1] = -1  # numpy's: the last, and its gamma
    previous[virtual < 0] = following[virtual < 0] = 0
    lo, hi = previous.astype(np.intp), following.astype(np.intp)
    gamma = virtual - lo
    kth, where = np.unique(np.concatenate([lo, hi]) % n, return_inverse=True)
    stats, has_nan, means = order_statistics(values if values.ndim == 2 else values[:, None], kth,
                                           mean=with_mean and values.ndim == 2)  # (years or 1, K)
    below, above = stats[:, where[:lo.size]].T, stats[:, where[lo.size:]].T  # (P, years or 1)
    t = gamma[:, None]
    # inf - inf is NaN and a difference beyond the largest float is inf, as in numpy (which warns of both)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = above - below
        table = below + diff * t
        np.subtract(above, diff * (1 - t), out=table, where=np.broadcast_to(t >= 0.5, table.shape))
    table[:, has_nan] = np.nan
    if values.ndim == 1:
        return table[:, 0], np.asarray(values.mean(axis=0)) if with_mean else None
    return table, means


def sample_stat(values: np.ndarray, stat: str, axis: int = 0) -> np.ndarray:
    """A statistic over samples (along ``axis``): ``mean``, ``sd`` or ``pNN`` (a percentile such as p5, p97.5)."""
    if stat == "mean":
        return np.asarray(values.mean(axis=axis))
    if stat == "sd":
        return np.asarray(values.std(axis=axis))
    if stat.startswith("p") and stat[1:].replace(".", "", 1).isdigit():
        return percentiles(values, [float(stat[1:])], axis=axis)[0]
    raise ValueError(f"unknown statistic {stat!r}; use mean, sd or pNN such as p5, p50, p95")


@dataclass(repr=False)
class Result:
    """Named series ``(samples, years)``, per-sample scalars and events of one simulation.

    One store of truth: every view (summary, tables, charts) is computed from
    these arrays. ``inputs`` holds the draws of every uncertain input by dotted
    path, for sensitivity analysis.
    """

    scenario: Scenario
    years: np.ndarray
    seed: int
    series: dict[str, np.ndarray] = field(default_factory=dict)
    scalars: dict[str, np.ndarray] = field(default_factory=dict)
    events: dict[str, np.ndarray] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, np.ndarray] = field(default_factory=dict)
    version: str = ""
    streamed: dict[str, Any] | None = None
    """A streamed run (:func:`gigawatt.summarize`) keeps statistics, not samples: its summary in the JSON
    shape, the arrays above then empty. Every view below reads either form, so callers never branch."""
    kept: dict[str, np.ndarray] = field(default_factory=dict)
    """Raw samples a streamed run was asked to keep (``keep=``), by output name or input path."""

    @classmethod
    def from_summary(cls, scenario: Scenario, summary: Mapping[str, Any],
                     kept: Mapping[str, np.ndarray] | None = None) -> Result:
        """The result of a streamed run from its summary (the shape of :meth:`summary`)."""
        units = {name: entry["unit"] for part in ("series", "scalars") for name, entry in summary[part].items()}
        units.update({name: EVENT for name in summary["probabilities"]})
        return cls(scenario=scenario, years=np.asarray(summary["years"]), seed=int(summary["seed"]),
                   units=units, version=str(summary["version"]), streamed=dict(summary), kept=dict(kept or {}))

    @property
    def is_streamed(self) -> bool:
        """Whether this result holds statistics only (a streamed run), not every sample."""
        return self.streamed is not None

    @property
    def streamed_stats(self) -> tuple[str, ...]:
        """The statistics a streamed run computed (an in-memory run computes any on demand)."""
        if self.streamed is None:
            return SUMMARY_STATS
        for part in ("series", "scalars"):
            for entry in self.streamed[part].values():
                return tuple(k for k in entry if k != "unit")
        return SUMMARY_STATS

    def kind(self, name: str) -> str:
        """``"series"``, ``"scalar"`` or ``"event"``; ``KeyError`` naming the nearest output otherwise."""
        for kind, names in (("series", self.series_names), ("scalar", self.scalar_names),
                            ("event", self.event_names)):
            if name in names:
                return kind
        from gigawatt.scenario.errors import did_you_mean

        raise KeyError(f"no output named {name!r}{did_you_mean(name, self.names())}")

    @property
    def series_names(self) -> list[str]:
        """Names of the outputs with one value per sample and year."""
        return list(self.streamed["series"]) if self.streamed is not None else list(self.series)

    @property
    def scalar_names(self) -> list[str]:
        """Names of the outputs with one number per sample."""
        return list(self.streamed["scalars"]) if self.streamed is not None else list(self.scalars)

    @property
    def event_names(self) -> list[str]:
        """Names of the yes/no outcomes (their shares are probabilities)."""
        return list(self.streamed["probabilities"]) if self.streamed is not None else list(self.events)

    @property
    def samples(self) -> int:
        """Number of Monte Carlo samples."""
        if self.streamed is not None:
            return int(self.streamed["samples"])
        for arrays in (self.series, self.scalars, self.events):
            for values in arrays.values():
                return int(values.shape[0])
        return 0

    @property
    def probabilities(self) -> dict[str, float]:
        """Share of samples in which each event happens."""
        if self.streamed is not None:
            return dict(self.streamed["probabilities"])
        return {name: float(np.mean(values)) for name, values in self.events.items()}

    def __getitem__(self, name: str) -> np.ndarray:
        """The array of a series or scalar by name."""
        if name in self.series:
            return self.series[name]
        if name in self.scalars:
            return self.scalars[name]
        if name in self.events:
            return self.events[name]
        if name in self.kept:
            return self.kept[name]
        if self.streamed is not None and name in self.names():
            raise KeyError(f"a streamed run keeps statistics, not samples: pass keep=({name!r},) to "
                           "gigawatt.summarize for its raw samples")
        from gigawatt.scenario.errors import did_you_mean

        raise KeyError(f"no output named {name!r}{did_you_mean(name, self.names())}")

    def names(self) -> list[str]:
        """Every output name: series, then scalars, then events."""
        return [*self.series_names, *self.scalar_names, *self.event_names]

    def _streamed_entry(self, name: str, stat: str) -> Any:
        assert self.streamed is not None
        if self.kind(name) == "event":
            return self.streamed["probabilities"][name]
        entry = self.streamed["series" if self.kind(name) == "series" else "scalars"][name]
        if stat not in entry:
            computed = [k for k in entry if k != "unit"]
            raise ValueError(f"this streamed run computed {', '.join(computed)} only, not {stat}; "
                             "ask gigawatt.summarize for it with stats=")
        return entry[stat]

    def year_index(self, year: int) -> int:
        """Column of a calendar year; raises for a year outside the horizon."""
        years = [int(y) for y in self.years]
        if year not in years:
            raise KeyError(f"year {year} is outside the horizon {years[0]}-{years[-1]}")
        return years.index(year)

    def stat(self, name: str, stat: str = "p50", year: int | None = None) -> float | np.ndarray:
        """A statistic of one output: per year for a series (or one year), one number for a scalar.

        A value that is not finite (a break-even year that never comes) is ``inf`` (``nan`` when undefined).
        """
        if self.streamed is not None:
            found = self._streamed_entry(name, stat)
            if not isinstance(found, list):
                return float(found)
            row = np.array(found, dtype=float)
            return float(row[self.year_index(year)]) if year is not None else row
        values = self[name]
        if name in self.events:
            return float(values.mean())
        if values.ndim == 2 and year is not None:
            values = values[:, self.year_index(year)]
        out = sample_stat(values, stat)
        return float(out) if out.ndim == 0 else out

    def quantiles(self, name: str, stats: tuple[str, ...] = SUMMARY_STATS) -> dict[str, Any]:
        """``{stat: value or list per year}`` for one output (``None`` where not finite)."""
        if self.streamed is not None:
            found = {stat: self._streamed_entry(name, stat) for stat in stats}
            return {stat: [finite_or_none(v) for v in value] if isinstance(value, list) else finite_or_none(value)
                    for stat, value in found.items()}
        values = self[name]
        percents = [float(s[1:]) for s in stats if s.startswith("p")]
        computed: dict[str, np.ndarray] = {}
        if percents:  # one selection for every percentile at once, and the mean with it
            table, mean = percentiles_and_mean(values, percents)
            computed = {s: table[i] for i, s in enumerate(s for s in stats if s.startswith("p"))}
            computed["mean"] = mean
        out: dict[str, Any] = {}
        for stat in stats:
            result = np.asarray(computed[stat] if stat in computed else sample_stat(values, stat))
            out[stat] = [finite_or_none(v) for v in result] if result.ndim else finite_or_none(float(result))
        return out

    def summary(self, stats: tuple[str, ...] | None = None) -> dict[str, Any]:
        """The JSON shape of docs/outputs.md: quantiles of every series and scalar, and probabilities.

        ``stats`` default: :data:`SUMMARY_STATS`, or those a streamed run computed. A streamed run's
        summary also says ``"quantiles"``: they come from a sketch.
        """
        if self.streamed is not None:
            if stats is None:
                stats = self.streamed_stats

            out = {k: v for k, v in self.streamed.items() if k not in ("series", "scalars")}
            for part in ("series", "scalars"):
                out[part] = {n: {"unit": self.units[n], **self.quantiles(n, stats)} for n in self.streamed[part]}
            return out
        stats = stats or SUMMARY_STATS
        names = [*self.series, *self.scalars]
        found = dict(zip(names, self._each(lambda n: self.quantiles(n, stats), names), strict=True))
        return {
            "scenario": self.scenario.name,
            "samples": self.samples,
            "seed": self.seed,
            "version": self.version,
            "years": [int(y) for y in self.years],
            "series": {n: {"unit": self.units[n], **found[n]} for n in self.series},
            "scalars": {n: {"unit": self.units[n], **found[n]} for n in self.scalars},
            "probabilities": self.probabilities,
        }

    def _each(self, work: Callable[[str], Any], names: list[str]) -> list[Any]:
        """``[work(n) for n in names]``, on a thread per core when there are enough samples to pay for it.

        The statistics of an output are computed by one call of a compiled kernel or of numpy's partition,
        which run without the interpreter's lock, and each output's alone: the results are the same in
        any order, on any number of threads.
        """
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        if cores < 2 or self.samples < THREADED_SAMPLES or len(names) < 2:
            return [work(n) for n in names]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(cores, MAX_THREADS)) as pool:
            return list(pool.map(work, names))

    def to_pandas(self, stats: Sequence[str] | None = ("p5", "p50", "p95", "mean"), samples: bool = False) -> Any:
        """A tidy :class:`pandas.DataFrame`: columns metric, year, statistic (or sample), value, unit.

        ``stats=None`` on a streamed result takes the statistics it computed; ``samples=True`` gives one
        row per sample instead (for a result of every sample).
        """
        from gigawatt.engine.frames import to_pandas

        return to_pandas(self, stats, samples)

    def to_xarray(self) -> Any:
        """An :class:`xarray.Dataset`: each output over ``sample`` (and ``year``); ``unit``, ``label`` attributes."""
        from gigawatt.engine.frames import to_xarray

        return to_xarray(self)

    def __repr__(self) -> str:
        from gigawatt.engine.frames import short_repr

        return short_repr(self)

    def _repr_html_(self) -> str:
        from gigawatt.engine.frames import html_table

        return html_table(self)

    @classmethod
    def from_chunks(
        cls, scenario: Scenario, years: np.ndarray, seed: int, chunks: Sequence[Mapping[str, Out]],
        inputs: Sequence[Mapping[str, np.ndarray]], version: str,
    ) -> Result:
        """Join the outputs of consecutive chunks of samples into one result."""
        result = cls(scenario=scenario, years=years, seed=seed, version=version)
        if not chunks:
            return result
        for name, first in chunks[0].items():
            joined = first.values if len(chunks) == 1 else np.concatenate([c[name].values for c in chunks], axis=0)
            result.units[name] = first.unit
            if first.unit == EVENT:
                result.events[name] = joined.astype(bool)
            elif joined.ndim == 2:
                result.series[name] = joined
            else:
                result.scalars[name] = joined
        for path in inputs[0]:
            result.inputs[path] = inputs[0][path] if len(inputs) == 1 else np.concatenate([c[path] for c in inputs])
        return result
