"""Goal seek: the value of one scenario field at which a statistic of a metric hits a target.

``solve("openai-2025", "consumer.paying_share.2030", "funding_gap_by_2030 p50 = 0")``
varies the field through overrides (``gigawatt.load(source, {path: value})``, so the
scenario is re-validated at every trial value), simulates each trial with the same
seed (common random numbers: the statistic is a deterministic, continuous function of
the value), and finds the root with Brent's method (``scipy.optimize.brentq``).

An uncertain input is instead pinned to the trial value
(``gigawatt.simulate(scenario, pinned={path: value})``): every other input keeps
exactly its draws, and the input may take part in correlations (which a constant,
set with ``--set``, may not). For an input in no correlation both ways give
bit-identical results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel

from gigawatt.analysis.common import Metric, check_stat, resolve_metric
from gigawatt.engine.result import finite_or_none
from gigawatt.metrics import MetricError, split_stat
from gigawatt.scenario.errors import did_you_mean
from gigawatt.scenario.formula import Formula
from gigawatt.scenario.paths import (
    PathError,
    all_paths,
    every_value,
    iter_parts,
    split,
    uncertain_inputs,
)
from gigawatt.scenario.scale import Scale
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.values import Anchors, Const, Dist, Growth, Logistic, formulas_in

DEFAULT_SAMPLES = 5_000
SCAN_POINTS = 9
"""Points tried across the range when its two ends give the statistic on the same side of the target."""

@dataclass(frozen=True)
class Target:
    """``METRIC[@YEAR] STAT = VALUE`` read from text; ``value`` stays text until the metric's unit is known."""

    metric: str
    year: int | None
    stat: str
    value_text: str

    def __str__(self) -> str:
        year = f"@{self.year}" if self.year is not None else ""
        return f"{self.metric}{year} {self.stat} = {self.value_text}"


def parse_target(text: str) -> Target:
    """Read ``"funding_gap_by_2030 p50 = 0"``, ``"revenue_total@2030 mean = $60B"`` or
    ``"free_cash_flow@2026..2029 sum p50 = $10B"`` (STAT defaults to p50; the metric is read by
    :func:`gigawatt.metrics.split_stat`, the one grammar of every interface)."""
    expected = ("expected METRIC STAT = VALUE or METRIC@YEAR STAT = VALUE, e.g. \"funding_gap_by_2030 p50 = 0\", "
                "\"revenue_total@2030 mean = $60B\" or \"free_cash_flow@2026..2029 sum p50 = $10B\"")
    left, sep, value = text.partition("=")
    if not sep or not left.strip() or not value.strip():
        raise ValueError(f"cannot read the target {text!r}; {expected}")
    try:
        spec, stat = split_stat(left)
    except MetricError as exc:
        raise ValueError(f"cannot read the target {text!r}: {exc}; {expected}") from None
    stat = stat or "p50"
    if stat != "probability":
        check_stat(stat)
    if spec.is_window:  # a window of years: the metric is named whole
        return Target(spec.label, None, stat, value.strip())
    return Target(spec.name, spec.year, stat, value.strip())


_COMPATIBLE = {
    "USD": ("USD", "USD/year"),
    "GW": ("GW",),
    "year": ("year",),
}


_PERCENT = re.compile(r"%|percent", re.I)
_SHARES = ("fraction", "probability", "event")
"""Units of a metric whose target may be written as a percentage."""


def target_value(text: str, unit: str) -> float:
    """A target written in the scenario's value syntax (``0``, ``12%``, ``$60B``, ``5 GW``) in ``unit``."""
    from gigawatt.scenario.units import canonical_of

    value, found = canonical_of(text)
    if _PERCENT.search(text) and unit not in _SHARES:
        raise ValueError(f"the target {text!r} is a percentage, but the metric is in {unit}: write the target "
                         f"in {unit}" + (" (e.g. '$5B')" if unit.startswith("USD") else ""))
    if found in ("fraction", "count") and not text.strip().startswith("$"):
        return value
    if found not in _COMPATIBLE.get(unit, ()):
        raise ValueError(f"the target {text!r} is in {found}, but the metric is in {unit}")
    return value


@dataclass(frozen=True)
class Field:
    """A numeric scenario field addressed by a dotted path, as goal seek varies it."""

    path: str
    current: float
    unit: str | None
    lo: float | None
    hi: float | None
    integer: bool = False
    scale: bool = False
    """True for a whole time path: the value varied is a multiplier on every anchor (``x1.2``), 1 now."""

    def parse(self, text: str | float) -> float:
        """A value for this field written in the scenario syntax (``12%``, ``$5B``) in its canonical unit."""
        if not isinstance(text, str):
            return float(text)
        if self.unit is None:
            from gigawatt.scenario.units import canonical_of

            return canonical_of(text)[0]
        from gigawatt.scenario.units import to_canonical

        return to_canonical(text, self.unit)

    def default_range(self, horizon: tuple[int, int] | None = None) -> tuple[float, float]:
        """The range searched without ``--range``.

        The field's bounds where it has both; for a year (``unit == "year"``, such as an
        S-curve's ``midpoint_year``) ten years before ``horizon`` (first and last year) to
        ten years after it; else zero (or the field's lower bound) to four times a positive
        value (four times to minus twice a negative one).
        """
        if self.scale:
            return 0.25, 4.0
        if self.lo is not None and self.hi is not None:
            return self.lo, self.hi
        if self.unit == "year" and horizon is not None:
            return (self.lo if self.lo is not None else horizon[0] - 10.0,
                    self.hi if self.hi is not None else horizon[1] + 10.0)
        c = self.current
        if c == 0 and self.hi is None:
            raise ValueError(f"{self.path} is 0 now: give the range to search with --range LO HI")
        lo = self.lo if self.lo is not None else (0.0 if c > 0 else 4 * c)
        hi = self.hi if self.hi is not None else (4 * c if c > 0 else -2 * c)
        return lo, hi


def _median(value: Const | Dist) -> float:
    from gigawatt.scenario.distributions import quantile

    return value.value if isinstance(value, Const) else quantile(value, 0.5)


def find_field(scenario: Scenario, path: str) -> Field:
    """The numeric field at ``path``: its current value (median if uncertain), canonical unit and bounds.

    Raises ``KeyError`` (a :class:`~gigawatt.scenario.paths.PathError`) naming the nearest
    path for a typo, or saying which part of a time path to vary.
    """
    parts = split(path)
    for item in every_value(scenario):
        if item.path != path:
            continue
        part = item.value
        if isinstance(part, Formula):
            names = ", ".join(part.field_paths) or "none"
            raise PathError(f"{path} is a formula ({part.text}); vary the fields it names: {names}")
        if isinstance(part, (Anchors, Growth, Logistic)):
            inner = formulas_in(part)
            if item.path == item.field and inner:
                names = ", ".join(dict.fromkeys(n for f in inner for n in f.field_paths)) or "none"
                raise PathError(f"{path} has a formula anchor ({inner[0].path}: {inner[0].text}), which cannot "
                                f"be scaled; vary one of its other anchors, or the fields it names: {names}")
            if item.path == item.field:  # a whole path: a multiplier on every anchor
                return Field(path, 1.0, None, 0.0, None, scale=True)
            first = next(p for p, _ in iter_parts(item.path, part) if p != item.path)
            raise PathError(f"{path} is a time path inside a time path; vary one part of it, such as {first}")
        assert isinstance(part, (Const, Dist))
        return Field(path, _median(part), item.spec.unit, item.spec.lo, item.spec.hi)
    plain = _plain_field(scenario, parts)
    if plain is not None:
        return plain
    raise PathError(f"no numeric field {path!r}{did_you_mean(path, all_paths(scenario))}; "
                    "see `gigawatt fields` for the fields of a scenario")


def _plain_field(scenario: Scenario, parts: list[str]) -> Field | None:
    """A plain float field (``horizon.discount_rate``); an int field is refused with a reason."""
    node: Any = scenario
    info = None
    for part in parts:
        if isinstance(node, BaseModel) and part in type(node).model_fields:
            info = type(node).model_fields[part]
            node = getattr(node, part)
        elif isinstance(node, list):
            node = next((item for item in node if getattr(item, "name", None) == part), None)
            info = None
        else:
            return None
    if info is None or isinstance(node, bool) or not isinstance(node, (int, float)):
        return None
    if isinstance(node, int) and info.annotation in (int, int | None):
        raise PathError(f"{'.'.join(parts)} is a whole number (years, a count); goal seek varies a continuous "
                        "number: try a numeric field such as a price, a share or a capacity")
    lo = hi = None
    for item in info.metadata:
        lo = getattr(item, "ge", lo) if getattr(item, "ge", None) is not None else lo
        hi = getattr(item, "le", hi) if getattr(item, "le", None) is not None else hi
    return Field(".".join(parts), float(node), None, lo, hi)


@dataclass
class Solution:
    """The outcome of a goal seek.

    Attributes
    ----------
    parameter
        The dotted path varied.
    value
        The value found, in the field's canonical unit (``None`` when the target is unreachable).
    achieved
        The statistic at ``value``, in the metric's unit.
    target
        The target statistic.
    reached
        False when the statistic does not cross the target anywhere in the range, or only jumps across
        it (then ``jump`` says where): reached means within 1e-6 of the statistic's scale of the target
        (within one sample, 1/samples, for an event's probability).
    iterations
        Iterations of the root finder (Brent, then bisection to the edge of a plateau).
    evaluations
        Simulations run.
    lo, hi
        The range searched; ``at_lo`` and ``at_hi`` the statistic at its ends.
    unit
        Canonical unit of the field.
    trials
        ``(value, statistic)`` of every simulation, by value.
    correlated
        True when the field is an uncertain input in a correlation (pinned: ``--set`` cannot fix it).
    jump
        ``(value, before, after)`` when the statistic does not reach the target but jumps across it
        at ``value`` (a discontinuity), from ``before`` just below ``value`` to ``after`` just above.
    """

    parameter: str
    target_text: str
    metric: Metric
    stat: str
    target: float
    value: float | None
    achieved: float | None
    reached: bool
    iterations: int
    evaluations: int
    lo: float
    hi: float
    at_lo: float
    at_hi: float
    unit: str | None = None
    trials: list[tuple[float, float]] = field(default_factory=list)
    correlated: bool = False
    jump: tuple[float, float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape written by ``gigawatt solve --json``."""
        return {
            "parameter": self.parameter,
            "value": None if self.value is None else finite_or_none(self.value),
            "achieved": None if self.achieved is None else finite_or_none(self.achieved),
            "target": finite_or_none(self.target),
            "target_text": self.target_text,
            "metric": self.metric.name,
            "year": self.metric.year,
            "stat": self.stat,
            "reached": self.reached,
            "iterations": self.iterations,
            "evaluations": self.evaluations,
            "range": [self.lo, self.hi],
            "at_range_ends": [finite_or_none(self.at_lo), finite_or_none(self.at_hi)],
            "unit": self.unit,
            "correlated": self.correlated,
            "jump": None if self.jump is None else {"at": self.jump[0], "from": finite_or_none(self.jump[1]),
                                                    "to": finite_or_none(self.jump[2])},
        }


def solve(
    source: str | Path,
    path: str,
    target: str | Target,
    *,
    lo: str | float | None = None,
    hi: str | float | None = None,
    overrides: dict[str, Any] | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 1,
    xtol: float | None = None,
    max_iter: int = 100,
) -> Solution:
    """Find the value of the field at ``path`` where the target statistic is reached.

    Parameters
    ----------
    source
        A bundled scenario name or a YAML file (reloaded with an override at each trial).
    path
        Dotted path of any numeric field (an uncertain input is pinned to the trial value).
    target
        ``"METRIC[@YEAR] STAT = VALUE"`` (VALUE in the scenario syntax: ``0``, ``12%``, ``$5B``).
    lo, hi
        The range searched (scenario syntax, or numbers in the field's canonical unit);
        default: the field's bounds, or 0 to four times its current value.
    overrides
        Other ``--set`` overrides applied at every trial.
    samples, seed
        Monte Carlo samples and seed of every trial (the same seed: common random numbers).
    xtol
        Absolute tolerance on the value (default: 1e-7 of the range).
    max_iter
        Most iterations of the root finder.

    Returns
    -------
    Solution
        With ``reached=False`` (and the statistic at both ends) when the target is not
        crossed anywhere in the range. Where the statistic sits on the target over a
        stretch of values (e.g. a funding gap of exactly 0), the value returned is the
        edge of that stretch nearest the side that misses the target.
    """
    from scipy.optimize import brentq

    import gigawatt

    goal = parse_target(target) if isinstance(target, str) else target
    base_overrides = dict(overrides or {})
    scenario = gigawatt.load(source, base_overrides)
    varied = find_field(scenario, path)
    low, high = (varied.parse(lo) if lo is not None else None, varied.parse(hi) if hi is not None else None)
    if low is None or high is None:
        d_lo, d_hi = varied.default_range((int(scenario.years[0]), int(scenario.years[-1])))
        low = d_lo if low is None else low
        high = d_hi if high is None else high
    if not low < high:
        raise ValueError(f"the range must run from low to high; got {low:g} to {high:g}")

    pin = path in uncertain_inputs(scenario)
    correlated = any(path in c.between for c in scenario.correlations)
    metric: Metric | None = None
    goal_value = 0.0
    trials: dict[float, float] = {}

    def statistic(x: float) -> float:
        """The statistic with the field at ``x`` (each value simulated once)."""
        nonlocal metric, goal_value
        x = float(x)
        if x in trials:
            return trials[x]
        if pin:
            result = gigawatt.simulate(scenario, samples=samples, seed=seed, pinned={path: x})
        else:
            trial = gigawatt.load(source, {**base_overrides, path: Scale(x) if varied.scale else x})
            result = gigawatt.simulate(trial, samples=samples, seed=seed)
        if metric is None:
            metric = resolve_metric(result, goal.metric, goal.year)
            goal_value = target_value(goal.value_text, "fraction" if metric.kind == "event" else metric.unit)
        trials[x] = float(metric.statistic(metric.values(result), goal.stat))
        return trials[x]

    at_lo, at_hi = statistic(low), statistic(high)
    assert metric is not None
    gap = lambda s: s - goal_value  # noqa: E731
    brackets = _brackets(statistic, gap, low, high, at_lo, at_hi)
    tol = xtol if xtol is not None else 1e-7 * (high - low)
    # how close counts as reached: 1e-6 of the statistic's scale; an event's probability moves in steps of 1/samples
    close = 1e-6 * max(abs(goal_value), abs(at_lo) if np.isfinite(at_lo) else 0.0,
                       abs(at_hi) if np.isfinite(at_hi) else 0.0)
    if metric.kind == "event":
        close = max(close, 1.0 / samples + 1e-12)
    jump: tuple[float, float, float] | None = None
    iterations = 0
    for a, b in brackets:
        calls = 0

        def counted(x: float) -> float:
            nonlocal calls  # brentq's own iteration count is not reliable (seen garbage), so count evaluations
            calls += 1
            return float(gap(statistic(x)))

        root, info = brentq(counted, a, b, xtol=tol, maxiter=max_iter, full_output=True, disp=False)
        if not info.converged:
            raise ValueError(f"goal seek did not converge in {max_iter} iterations ({info.flag})")
        value, steps = _plateau_edge(statistic, gap, root, a, b, tol)
        iterations += calls + steps
        achieved = statistic(value)
        if abs(achieved - goal_value) <= close:
            return Solution(path, str(goal), metric, goal.stat, goal_value, float(value), achieved, True,
                            iterations, len(trials), low, high, at_lo, at_hi, _unit(varied), sorted(trials.items()),
                            correlated)
        if jump is None:  # Brent settled on a discontinuity, not a root: try the next bracket, else report it
            jump = (float(value), statistic(max(a, value - tol)), statistic(min(b, value + tol)))
    return Solution(path, str(goal), metric, goal.stat, goal_value, None, None, False, iterations, len(trials),
                    low, high, at_lo, at_hi, _unit(varied), sorted(trials.items()), correlated, jump)


def _unit(varied: Field) -> str | None:
    """The unit of the value found: the field's, or ``multiplier`` for a whole time path."""
    return "multiplier" if varied.scale else varied.unit


def _brackets(
    statistic: Any, gap: Any, low: float, high: float, at_lo: float, at_hi: float
) -> list[tuple[float, float]]:
    """Pairs of points where the statistic is on either side of the target (or on it), in order of value:
    the range itself, or every such step of a scan of the range (empty when none)."""
    g_lo, g_hi = gap(at_lo), gap(at_hi)
    if not (np.isfinite(g_lo) and np.isfinite(g_hi)) or g_lo * g_hi > 0:
        xs = np.linspace(low, high, SCAN_POINTS + 2)
        gs = [g_lo] + [gap(statistic(float(x))) for x in xs[1:-1]] + [g_hi]
        return [(float(xa), float(xb))
                for (xa, ga), (xb, gb) in zip(zip(xs, gs, strict=True), zip(xs[1:], gs[1:], strict=True), strict=False)
                if np.isfinite(ga) and np.isfinite(gb) and ga * gb <= 0]
    return [(low, high)]


def _plateau_edge(statistic: Any, gap: Any, root: float, a: float, b: float, tol: float) -> tuple[float, int]:
    """When the statistic equals the target exactly at ``root`` (a plateau, e.g. a gap floored at 0),
    bisect towards the end that misses the target, to return the plateau's edge; also the bisection steps."""
    iterations = 0
    if gap(statistic(root)) != 0:
        return root, iterations
    g_a = gap(statistic(a))
    g_b = gap(statistic(b))
    if g_a != 0:
        miss, hit = a, root
    elif g_b != 0:
        miss, hit = b, root
    else:
        return root, iterations
    while abs(hit - miss) > tol and iterations < 200:
        mid = 0.5 * (hit + miss)
        if gap(statistic(mid)) == 0:
            hit = mid
        else:
            miss = mid
        iterations += 1
    return hit, iterations
