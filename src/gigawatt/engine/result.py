"""The result of a simulation: named arrays over samples and years, and their summary."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from gigawatt.scenario.schema import Scenario

SUMMARY_STATS = ("mean", "p5", "p50", "p95")
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
    with np.errstate(invalid="ignore"):
        table = np.asarray(np.percentile(values, percents, axis=axis, method="linear"))
    if np.isnan(table).any():
        nearest = np.asarray(np.percentile(values, percents, axis=axis, method="nearest"))
        table = np.where(np.isnan(table) & np.isinf(nearest), nearest, table)
    return table


def sample_stat(values: np.ndarray, stat: str, axis: int = 0) -> np.ndarray:
    """A statistic over samples (along ``axis``): ``mean``, ``sd`` or ``pNN`` (a percentile such as p5, p97.5)."""
    if stat == "mean":
        return np.asarray(values.mean(axis=axis))
    if stat == "sd":
        return np.asarray(values.std(axis=axis))
    if stat.startswith("p") and stat[1:].replace(".", "", 1).isdigit():
        return percentiles(values, [float(stat[1:])], axis=axis)[0]
    raise ValueError(f"unknown statistic {stat!r}; use mean, sd or pNN such as p5, p50, p95")


@dataclass
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

    @property
    def samples(self) -> int:
        """Number of Monte Carlo samples."""
        for arrays in (self.series, self.scalars, self.events):
            for values in arrays.values():
                return int(values.shape[0])
        return 0

    @property
    def probabilities(self) -> dict[str, float]:
        """Share of samples in which each event happens."""
        return {name: float(np.mean(values)) for name, values in self.events.items()}

    def __getitem__(self, name: str) -> np.ndarray:
        """The array of a series or scalar by name."""
        if name in self.series:
            return self.series[name]
        if name in self.scalars:
            return self.scalars[name]
        if name in self.events:
            return self.events[name]
        from gigawatt.scenario.errors import did_you_mean

        known = [*self.series, *self.scalars, *self.events]
        raise KeyError(f"no output named {name!r}{did_you_mean(name, known)}")

    def names(self) -> list[str]:
        """Every output name: series, then scalars, then events."""
        return [*self.series, *self.scalars, *self.events]

    def year_index(self, year: int) -> int:
        """Column of a calendar year; raises for a year outside the horizon."""
        years = [int(y) for y in self.years]
        if year not in years:
            raise KeyError(f"year {year} is outside the horizon {years[0]}-{years[-1]}")
        return years.index(year)

    def stat(self, name: str, stat: str = "p50", year: int | None = None) -> float | np.ndarray:
        """A statistic of one output: per year for a series (or one year), one number for a scalar."""
        values = self[name]
        if name in self.events:
            return float(values.mean())
        if values.ndim == 2 and year is not None:
            values = values[:, self.year_index(year)]
        out = sample_stat(values, stat)
        return float(out) if out.ndim == 0 else out

    def quantiles(self, name: str, stats: tuple[str, ...] = SUMMARY_STATS) -> dict[str, Any]:
        """``{stat: value or list per year}`` for one output."""
        values = self[name]
        percents = [float(s[1:]) for s in stats if s.startswith("p")]
        computed: dict[str, np.ndarray] = {}
        if percents:  # one partition for every percentile at once
            table = percentiles(values, percents)
            computed = {s: table[i] for i, s in enumerate(s for s in stats if s.startswith("p"))}
        out: dict[str, Any] = {}
        for stat in stats:
            result = np.asarray(computed[stat] if stat in computed else sample_stat(values, stat))
            out[stat] = [finite_or_none(v) for v in result] if result.ndim else finite_or_none(float(result))
        return out

    def summary(self, stats: tuple[str, ...] = SUMMARY_STATS) -> dict[str, Any]:
        """The JSON shape of DESIGN.md ("Outputs"): quantiles of every series and scalar, and probabilities."""
        return {
            "scenario": self.scenario.name,
            "samples": self.samples,
            "seed": self.seed,
            "version": self.version,
            "years": [int(y) for y in self.years],
            "series": {n: {"unit": self.units[n], **self.quantiles(n, stats)} for n in self.series},
            "scalars": {n: {"unit": self.units[n], **self.quantiles(n, stats)} for n in self.scalars},
            "probabilities": self.probabilities,
        }

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
