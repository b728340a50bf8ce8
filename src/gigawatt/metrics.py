"""A metric as every interface names it: an output, one year of a series, or a window of years reduced.

One grammar, read here and nowhere else (run tables, solve targets, sweep, sensitivity,
compare, ``runs diff``, exports and the API all call :meth:`MetricSpec.parse`)::

    funding_gap                       a scalar or an event, as the model gives it
    revenue_total@2030                a series in one year
    contract_cost@2025..2030 sum      a series over the years 2025 to 2030 (both included),
                                      reduced per sample by sum, mean, min or max

A window's unit follows from the output's declaration in :mod:`gigawatt.outputs`: a ``sum`` of a
yearly flow in USD is in USD (tokens and devices add up too); ``mean``, ``min`` and ``max`` keep the
unit (a mean of a share stays a share). A sum of a share, a price or a capacity has no meaning and
is refused. Years are calendar years of the horizon. A window adds up the values as the model gives
them: where the first year is a part-year (``finance.first_year_fraction``) the statement outputs of
that year are already its part, the outputs of the blocks before them full-year rates (docs/model.md).

A metric that is not an output of the model already (a year of a series, a window) is computed by
:class:`MetricsBlock`, run after the model's blocks: it becomes a scalar output named by its label
(``gigawatt.simulate(scenario, metrics=[...])``), so summaries, tables, exports and the run store
carry it like any other output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is imported where it is used: command lines read HELP at start-up
    import numpy as np

AGGREGATES = ("sum", "mean", "min", "max")
"""How a window of years becomes one number per sample."""

SUMMABLE_UNITS = ("USD", "tokens", "devices")
"""Units of yearly flows whose sum over years keeps the unit (``USD`` in a year, added up, is ``USD``)."""

EXAMPLE = "e.g. revenue_total@2030 or 'free_cash_flow@2026..2029 sum'"
HELP = ("NAME, NAME@YEAR or 'NAME@FIRST..LAST AGG' with AGG sum, mean, min or max (e.g. revenue_total@2030, "
        "'contract_cost@2025..2030 sum')")
"""How a command line's help names a metric."""

PATTERN = r"^([a-z][a-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*(@[0-9]{4}(\.\.[0-9]{4} [A-Za-z]+)?)?$"
"""A metric written as :attr:`MetricSpec.label` spells it (what a web request's JSON schema admits; the
reducer is checked by :meth:`MetricSpec.parse`, so that an unknown one gets its own message)."""

# a network's outputs carry their entity in front: openai.free_cash_flow@2030, network.cascade
_METRIC = re.compile(r"^\s*(?P<name>(?:[a-z][a-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*)"
                     r"(?:@(?P<year>\d{4})(?:\.\.(?P<last>\d{4}))?)?"
                     r"(?:\s+(?P<agg>[A-Za-z]+))?\s*$")
_STAT = re.compile(r"^(mean|sd|p\d{1,2}(\.\d+)?|p100|probability)$")


class MetricError(ValueError):
    """A metric that cannot be read, or names what the scenario or its outputs do not have."""


@dataclass(frozen=True)
class MetricSpec:
    """A metric named as ``NAME``, ``NAME@YEAR`` or a window ``NAME@FIRST..LAST AGG``.

    Attributes
    ----------
    name
        Output name (``contract_cost``).
    year
        The year of a series, or the first year of a window; ``None`` for a whole output.
    last
        The last year of a window (included); ``None`` otherwise.
    aggregate
        ``sum``, ``mean``, ``min`` or ``max`` for a window; ``None`` otherwise.
    """

    name: str
    year: int | None = None
    last: int | None = None
    aggregate: str | None = None

    @classmethod
    def parse(cls, text: str) -> MetricSpec:
        """Read ``revenue_total@2030``, ``funding_gap`` or ``free_cash_flow@2026..2029 sum``.

        Raises :class:`MetricError` naming what was expected.
        """
        if not isinstance(text, str):
            raise MetricError(f"a metric is text such as {EXAMPLE}; got {text!r}")
        match = _METRIC.match(text)
        if not match:
            raise MetricError(f"cannot read the metric {text!r}; expected NAME, NAME@YEAR or NAME@FIRST..LAST AGG "
                              f"(AGG one of {', '.join(AGGREGATES)}), {EXAMPLE}")
        year, last, agg = match["year"], match["last"], match["agg"]
        if last is None and agg is not None:
            if year is None:
                raise MetricError(f"{text!r}: {agg!r} after a name needs a window of years, "
                                  f"NAME@FIRST..LAST {agg}, {EXAMPLE}")
            raise MetricError(f"{text!r}: {agg!r} after one year needs a window of years, "
                              f"{match['name']}@{year}..LAST {agg}, {EXAMPLE}")
        if last is not None and agg is None:
            raise MetricError(f"{text!r}: a window of years needs one of {', '.join(AGGREGATES)} after it, "
                              f"e.g. '{match['name']}@{year}..{last} sum'")
        if agg is not None and agg not in AGGREGATES:
            raise MetricError(f"{text!r}: unknown reducer {agg!r}; expected one of {', '.join(AGGREGATES)}")
        if last is not None and int(last) < int(year):  # type: ignore[arg-type]
            raise MetricError(f"{text!r}: the window ends ({last}) before it starts ({year})")
        return cls(match["name"], int(year) if year else None, int(last) if last else None, agg)

    @property
    def is_window(self) -> bool:
        """Whether the metric reduces a window of years."""
        return self.last is not None

    @property
    def label(self) -> str:
        """``revenue_total@2030``, ``free_cash_flow@2026..2029 sum`` or ``funding_gap``: what :meth:`parse` reads."""
        if self.last is not None:
            return f"{self.name}@{self.year}..{self.last} {self.aggregate}"
        return f"{self.name}@{self.year}" if self.year is not None else self.name

    @property
    def computed(self) -> bool:
        """Whether :class:`MetricsBlock` computes it (a year or a window of a series), not the model."""
        return self.year is not None

    def unit(self, output_unit: str) -> str:
        """The unit of the metric for an output in ``output_unit``; :class:`MetricError` for a sum without meaning."""
        if self.aggregate == "sum" and output_unit not in SUMMABLE_UNITS:
            raise MetricError(f"{self.label}: a sum over years of {self.name} (in {output_unit}) has no meaning; "
                              f"use mean, min or max (sum adds up yearly flows in {', '.join(SUMMABLE_UNITS)})")
        return output_unit

    def at_last_year(self, years: Sequence[int]) -> MetricSpec:
        """A series named without a year is read in the last year of the horizon."""
        return self if self.year is not None else MetricSpec(self.name, int(years[-1]))

    def check_years(self, years: Sequence[int]) -> None:
        """Raise :class:`MetricError` unless the metric's years are inside the horizon ``years``."""
        span = [int(y) for y in years]
        for year in (self.year, self.last):
            if year is not None and year not in span:
                what = "window" if self.is_window else "year"
                raise MetricError(f"{self.label}: the {what} is outside the horizon; expected years from "
                                  f"{span[0]} to {span[-1]}")

    def reduce(self, series: np.ndarray, years: Sequence[int]) -> np.ndarray:
        """Per-sample values of the metric from a series of shape ``(samples, years)``: shape ``(samples,)``."""
        self.check_years(years)
        span = [int(y) for y in years]
        assert self.year is not None
        first = span.index(self.year)
        stop = span.index(self.last) + 1 if self.last is not None else first + 1
        import numpy as np

        window = np.asarray(series, dtype=float)[:, first:stop]
        return np.asarray(getattr(np, self.aggregate or "sum")(window, axis=1), dtype=float)

    def values(self, result: Any) -> np.ndarray:
        """Per-sample values of the metric in a result of every sample, shape ``(samples,)``
        (an event as 0.0 / 1.0). A metric the run computed already is read as it is."""
        import numpy as np

        if self.label in result.names():
            return np.asarray(result[self.label], dtype=float)
        if self.name in result.series:
            return self.at_last_year([int(y) for y in result.years]).reduce(result[self.name], result.years)
        return np.asarray(result[self.name], dtype=float)


def parse(text: str) -> MetricSpec:
    """:meth:`MetricSpec.parse`."""
    return MetricSpec.parse(text)


def parse_all(texts: Iterable[str | MetricSpec]) -> list[MetricSpec]:
    """Each metric read once, in order, without repeats."""
    specs = [t if isinstance(t, MetricSpec) else MetricSpec.parse(t) for t in texts]
    return list(dict.fromkeys(specs))


def split_stat(text: str) -> tuple[MetricSpec, str | None]:
    """Read a metric followed by a statistic: ``funding_gap p50``, ``revenue_total@2030 mean``,
    ``free_cash_flow@2026..2029 sum p50`` (a window's first word after its years is its reducer,
    so ``x@2026..2029 mean`` is the mean over the years, its statistic left to the caller)."""
    words = text.split()
    if len(words) >= 2 and _STAT.match(words[-1]):
        try:
            return MetricSpec.parse(" ".join(words[:-1])), words[-1]
        except MetricError as exc:  # "x@2026..2029 mean": the last word is then the reducer, no statistic
            try:
                return MetricSpec.parse(text), None
            except MetricError:
                raise exc from None
    return MetricSpec.parse(text), None


def check(spec: MetricSpec, years: Sequence[int]) -> MetricSpec:
    """Check a metric against the output catalogue and a horizon before any simulation.

    The name must be a declared output; a year or a window only for a series, inside the
    horizon; a sum only of a flow that adds up. Returns the metric with a series' year
    filled in (the last year) when it was named alone. Raises :class:`MetricError` (a
    ``KeyError`` from :func:`gigawatt.outputs.declaration` for an unknown name).
    """
    from gigawatt import outputs

    declared = outputs.declaration(spec.name)
    if declared.kind != "series":
        if spec.year is not None:
            raise MetricError(f"{spec.label}: {spec.name} is a single number per sample (a {declared.kind}), "
                              f"not a series: name it alone, {spec.name}")
        return spec
    spec.unit(declared.unit)
    chosen = spec.at_last_year(years)
    chosen.check_years(years)
    return chosen


def label_text(spec: MetricSpec, output_label: str) -> str:
    """A reader's label: ``Revenue in 2030``, ``Cloud contracts, 2025–2030 sum``."""
    if spec.last is not None:
        return f"{output_label}, {spec.year}–{spec.last} {spec.aggregate}"
    return f"{output_label} in {spec.year}"


@dataclass(frozen=True)
class MetricsBlock:
    """The block run after the model: each metric of a year or a window of a series, as a scalar output
    named by its label (in the unit :meth:`MetricSpec.unit` gives)."""

    specs: tuple[MetricSpec, ...]
    __name__ = "metrics"

    def __call__(self, scenario: Any, inputs: Any, computed: Mapping[str, np.ndarray]) -> dict[str, Any]:
        from gigawatt import outputs
        from gigawatt.engine.result import Out
        from gigawatt.scenario.errors import did_you_mean

        years = [int(y) for y in scenario.years]
        made: dict[str, Any] = {}
        for spec in self.specs:  # a loop over the metrics asked for, each vectorised over samples
            if spec.name not in computed:
                names = [n for n in computed if not n.startswith("_")]
                raise MetricError(f"{spec.label}: {scenario.name} has no output named {spec.name!r}"
                                  f"{did_you_mean(spec.name, names)}")
            made[spec.label] = Out(spec.reduce(computed[spec.name], years), spec.unit(outputs.unit(spec.name)))
        return made


def block_for(metrics: Iterable[str | MetricSpec], years: Sequence[int]) -> MetricsBlock | None:
    """The block computing ``metrics`` over a horizon (each checked first), or ``None`` when the
    model gives every one of them already."""
    specs = [check(s, years) for s in parse_all(metrics)]
    extra = tuple(dict.fromkeys(s for s in specs if s.computed))
    return MetricsBlock(extra) if extra else None


def labels(metrics: Iterable[str | MetricSpec], years: Sequence[int]) -> list[str]:
    """The output names the metrics have in a result over ``years`` (a series alone: its last year)."""
    return [check(s, years).label for s in parse_all(metrics)]


def derived_output(name: str) -> tuple[Any, tuple[tuple[str, str], ...]] | None:
    """The declaration of a metric computed from a series (``revenue_total@2030``,
    ``contract_cost@2025..2030 sum``): a scalar in the unit and format of its output, in the
    group of outcomes. ``None`` when ``name`` is not such a metric, spelt as :attr:`MetricSpec.label`."""
    from gigawatt import outputs

    try:
        spec = MetricSpec.parse(name)
        if spec.label != name or not spec.computed:
            return None
        base = outputs.declaration(spec.name)
        if base.kind != "series":
            return None
        unit = spec.unit(base.unit)
    except (MetricError, KeyError):
        return None
    if spec.last is not None:
        meaning = f"The {spec.aggregate} over the years {spec.year} to {spec.last} of: {base.meaning}"
    else:
        meaning = f"In {spec.year}: {base.meaning}"
    return outputs.Output(name, unit, "scalar", "outcomes", label_text(spec, outputs.label(spec.name)),
                          meaning, fmt=base.fmt, block=MetricsBlock.__name__), ()
