"""Evaluating a scenario value over years, given the draws of its uncertain parts.

This is the meaning of the time-path forms of the scenario language, in one
place: the engine evaluates sampled values with it, and validation evaluates
fixed values (e.g. to check that tier shares sum to 100% in every year).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np

from gigawatt.scenario.errors import Mark, Problem, ScenarioError, did_you_mean
from gigawatt.scenario.formula import Formula, Name, evaluate_tree, output_unit
from gigawatt.scenario.units import base_of
from gigawatt.scenario.values import Anchors, Const, Dist, Growth, Logistic, Value

Outputs = Mapping[str, tuple[np.ndarray, str]]
"""Model outputs computed so far: ``{name: (values, unit label)}``."""


def evaluate(value: Value, years: np.ndarray, draws: Mapping[str, np.ndarray],
             outputs: Outputs | None = None, chain: tuple[str, ...] = ()) -> np.ndarray:
    """``value`` over ``years``: shape ``(n, Y)``, ``(1, Y)`` or ``(n|1, 1)`` -- broadcast it to use it.

    ``draws`` maps each uncertain part's dotted path to its draws, shape ``(n,)``; ``outputs`` holds
    the model outputs a formula may read (those computed before the field is used).
    """
    if isinstance(value, Formula):
        return _formula(value, years, draws, outputs or {}, chain)
    if isinstance(value, Const):
        return np.full((1, 1), value.value)
    if isinstance(value, Dist):
        return np.asarray(draws[value.path], dtype=float).reshape(-1, 1)
    if isinstance(value, Anchors):
        return _anchors(value, years, draws, outputs or {}, chain)
    if isinstance(value, Growth):
        y0 = value.start_year if value.start_year is not None else int(years[0])
        with np.errstate(over="ignore", invalid="ignore"):  # a path that overflows is the engine's error to give
            return evaluate(value.start, years, draws) * (1.0 + evaluate(value.growth, years, draws)) ** (years - y0)
    if isinstance(value, Logistic):
        return _logistic(value, years, draws)
    raise TypeError(f"not a scenario value: {value!r}")


def anchor_weights(anchor_years: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Weights ``(A, Y)`` of linear interpolation between anchors, flat before the first and after the last.

    Log interpolation uses the same weights on the logarithms of the anchors."""
    weights = np.zeros((len(anchor_years), len(years)))
    for j, year in enumerate(years):
        if year <= anchor_years[0]:
            weights[0, j] = 1.0
        elif year >= anchor_years[-1]:
            weights[-1, j] = 1.0
        else:
            i = int(np.searchsorted(anchor_years, year, side="right")) - 1
            t = (year - anchor_years[i]) / (anchor_years[i + 1] - anchor_years[i])
            weights[i, j], weights[i + 1, j] = 1.0 - t, t
    return weights


@lru_cache(maxsize=512)
def _layout(anchor_years: tuple[float, ...], years: tuple[int, ...]) -> tuple[np.ndarray, list[slice]]:
    """:func:`anchor_weights` (read-only) and each anchor's span: the years from its first to its last weight
    above 0 (a contiguous run), made once per set of anchor years."""
    weights = anchor_weights(np.array(anchor_years, dtype=float), np.array(years))
    weights.flags.writeable = False
    spans = [slice(int(np.flatnonzero(row)[0]), int(np.flatnonzero(row)[-1]) + 1) if row.any() else slice(0, 0)
             for row in weights]
    return weights, spans


def _anchors(value: Anchors, years: np.ndarray, draws: Mapping[str, np.ndarray], outputs: Outputs,
             chain: tuple[str, ...]) -> np.ndarray:
    weights, spans = _layout(tuple(float(y) for y, _ in value.points), tuple(int(y) for y in years))
    parts = [_anchor(part, year, years, draws, outputs, chain)[:, 0] for year, part in value.points]  # (n,) or (1,)
    # Each anchor weighs only the years of its two segments (a contiguous run): it is added there alone,
    # in anchor order, which gives the very sums of adding ``part * row`` over all years (the other terms
    # are exact zeros) in a fraction of the array passes. The sums are made year by year, as rows of
    # samples (a (years, samples) array: long contiguous passes, not thousands of a few years each),
    # the same products and sums element by element, and turned to (samples, years) at the end.
    n = max(part.shape[0] for part in parts)
    if n > 1:  # drawn anchors (a fixed path is evaluated by numpy: validation need not load the kernels)
        from gigawatt.engine import jit

        if jit.enabled():
            return _anchors_compiled(value.interpolate == "log" and len(parts) > 1, parts, weights, spans, n)
    out = np.zeros((len(years), n))
    for part, row, span in zip(parts, weights, spans, strict=True):  # a loop over anchors, not samples
        out[span] += part * row[span, None]
    if value.interpolate != "log" or len(parts) < 2:
        return np.ascontiguousarray(out.T)
    # log space: exp of the same weights over log values, on segments whose two ends are both above 0
    logs = np.zeros((len(years), n))
    positive = np.ones((len(years), n), dtype=bool)
    for part, row, span in zip(parts, weights, spans, strict=True):
        positive[span] &= ~(row[span, None] > 0) | (part > 0)
        logs[span] += np.log(np.where(part > 0, part, 1.0)) * row[span, None]
    return np.ascontiguousarray(np.where(positive, np.exp(logs), out).T)


def _anchors_compiled(log: bool, parts: list[np.ndarray], weights: np.ndarray, spans: list[slice],
                      n: int) -> np.ndarray:
    """:func:`_anchors`'s sums by :mod:`gigawatt.engine.kernels`, written straight into a (samples, years)
    array: the same products added in the same order, so the same numbers (``exp`` and ``log`` stay numpy's,
    whose last bits differ from the C library's that a kernel would call)."""
    from gigawatt.engine import kernels

    stacked = np.empty((n, len(parts)))
    for column, part in enumerate(parts):  # a loop over anchors, not samples
        stacked[:, column] = part
    first = np.full(weights.shape[1], -1, dtype=np.int64)
    second = first.copy()
    for anchor, span in enumerate(spans):  # each year lies on one segment: at most two anchors weigh there
        for year in range(span.start, span.stop):
            if first[year] < 0:
                first[year] = anchor
            elif second[year] < 0:
                second[year] = anchor
            else:
                raise AssertionError("three anchors weigh in one year")  # anchor_weights cannot give it
    out = np.empty((n, weights.shape[1]))
    if not log:
        kernels.anchor_sums(stacked, weights, first, second, out)
        return out
    logs = np.log(np.where(stacked > 0, stacked, 1.0))
    linear = kernels.anchor_log_sums(stacked, logs, weights, first, second, out)
    np.exp(out, out=out)
    if linear:
        kernels.anchor_linear_where(stacked, weights, first, second, out)
    return out


def _anchor(part: Value, year: int, years: np.ndarray, draws: Mapping[str, np.ndarray], outputs: Outputs,
            chain: tuple[str, ...]) -> np.ndarray:
    """The value of one anchor, shape ``(n|1, 1)``: a formula's is its value in the anchor's year."""
    out = evaluate(part, years, draws, outputs, chain)
    if not isinstance(part, Formula) or out.shape[1] == 1:
        return out[:, :1]
    column = np.flatnonzero(np.asarray(years) == year)
    if not len(column):  # the loader keeps anchors within the horizon; a path built in Python may not
        raise formula_error(part, f"the anchor year {year} is not one of the years computed "
                                  f"({int(years[0])}-{int(years[-1])})")
    return out[:, int(column[0]):int(column[0]) + 1]


def _logistic(value: Logistic, years: np.ndarray, draws: Mapping[str, np.ndarray]) -> np.ndarray:
    """``ceiling / (1 + exp(-k (y - midpoint)))`` with ``k`` solved so that the curve passes through ``start``.

    A rising curve needs the ceiling above twice the start when the midpoint comes
    after the first year. The loader rejects fixed values that break this; a draw
    that breaks it (an uncertain ceiling in its low tail) has its ceiling raised to
    just above twice the start, the lowest ceiling that keeps the curve rising.
    Draws with the midpoint before or at the first year that cannot rise stay flat at the start.
    """
    y0 = value.start_year if value.start_year is not None else int(years[0])
    start = evaluate(value.start, years, draws)
    ceiling = evaluate(value.ceiling, years, draws)
    if value.reach is not None:
        return _logistic_reach(value.reach, start, ceiling, y0, years, draws)
    assert value.midpoint_year is not None  # the parser requires one of midpoint_year and reach
    mid = evaluate(value.midpoint_year, years, draws)
    later = mid > y0
    ceiling = np.where(later, np.maximum(ceiling, 2.0 * start * (1 + 1e-6)), ceiling)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.log(ceiling / start - 1.0) / (mid - y0)
    rising = np.isfinite(k) & (k > 0)
    k = np.where(rising, k, 0.0)
    with np.errstate(over="ignore"):  # a steep curve long before its midpoint: exp -> inf gives its limit, 0
        curve = ceiling / (1.0 + np.exp(-k * (years - mid)))
    return np.where(rising, curve, start * np.ones_like(curve))


def _logistic_reach(reach: tuple[int, Value], start: np.ndarray, ceiling: np.ndarray, y0: int, years: np.ndarray,
                    draws: Mapping[str, np.ndarray]) -> np.ndarray:
    """The S-curve from ``start`` in ``y0`` towards ``ceiling`` that passes through ``reach`` = (year, value).

    Its rate is ``k = (ln(c/s - 1) - ln(c/v - 1)) / (year - y0)`` (the midpoint ``y0 + ln(c/s - 1) / k``
    follows). The loader checks fixed values (start < value < ceiling); a draw that breaks it has its value
    raised to just above the start, then its ceiling to just above the value.
    """
    year, part = reach
    target = np.maximum(evaluate(part, years, draws), start * (1 + 1e-6))
    ceiling = np.maximum(ceiling, target * (1 + 1e-6))
    k = (np.log(ceiling / start - 1.0) - np.log(ceiling / target - 1.0)) / (year - y0)
    with np.errstate(over="ignore"):
        return ceiling / (1.0 + (ceiling / start - 1.0) * np.exp(-k * (years - y0)))


def formula_error(formula: Formula, message: str) -> ScenarioError:
    """A located error about ``formula`` (its file, line and field)."""
    file, line, column = formula.where
    return ScenarioError([Problem(Mark(file, line, column), formula.path, f"{formula.text}: {message}")])


def _formula(formula: Formula, years: np.ndarray, draws: Mapping[str, np.ndarray], outputs: Outputs,
             chain: tuple[str, ...]) -> np.ndarray:
    chain = (*chain, formula.path)
    # The order is checked when the scenario loads (gigawatt.scenario.order); an output missing here is one the
    # model did not make for this scenario (a template's output for a name it has none of, or a custom model).
    missing = next((name for name in formula.outputs if name not in outputs), None)
    if missing is not None:
        ready = sorted(name for name in outputs if not name.startswith("_"))
        raise formula_error(formula, (
            f"{' -> '.join((*chain, missing))}: {missing!r} is not a model output computed before this field is "
            f"used{did_you_mean(missing, ready)}; outputs ready at that point: "
            f"{', '.join(ready) or 'none (the field is used by the first block)'}"))

    def lookup(name: Name) -> np.ndarray:
        if "." in name.name:
            value, unit = formula.fields[name.name]
            return evaluate(value, years, draws, outputs, chain) * base_of(unit)[0]
        values, label = outputs[name.name]
        return np.asarray(values, dtype=float) * base_of(output_unit(label))[0]

    result = evaluate_tree(formula.tree, years, lookup) / base_of(formula.unit)[0]
    bad = ~np.isfinite(result)
    if bad.any():
        share = float(np.mean(bad.any(axis=1))) if result.shape[0] > 1 else 1.0
        year = int(years[int(np.argmax(bad.any(axis=0)))]) if result.shape[1] > 1 else int(years[0])
        raise formula_error(formula, f"gives no finite number in {share:.0%} of samples, first in {year} "
                                     "(a division by 0, or log or sqrt of a negative number?); guard it with where()")
    low, high = formula.bounds
    if low is not None or high is not None:
        result = np.clip(result, low, high)
    return result

