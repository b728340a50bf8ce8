"""Evaluating a scenario value over years, given the draws of its uncertain parts.

This is the meaning of the time-path forms of the scenario language, in one
place: the engine evaluates sampled values with it, and validation evaluates
fixed values (e.g. to check that tier shares sum to 100% in every year).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.scenario.values import Anchors, Const, Dist, Growth, Logistic, Value


def evaluate(value: Value, years: np.ndarray, draws: Mapping[str, np.ndarray]) -> np.ndarray:
    """``value`` over ``years``: shape ``(n, Y)``, ``(1, Y)`` or ``(n|1, 1)`` -- broadcast it to use it.

    ``draws`` maps each uncertain part's dotted path to its draws, shape ``(n,)``.
    """
    if isinstance(value, Const):
        return np.full((1, 1), value.value)
    if isinstance(value, Dist):
        return np.asarray(draws[value.path], dtype=float).reshape(-1, 1)
    if isinstance(value, Anchors):
        return _anchors(value, years, draws)
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


def _anchors(value: Anchors, years: np.ndarray, draws: Mapping[str, np.ndarray]) -> np.ndarray:
    weights = anchor_weights(np.array([y for y, _ in value.points], dtype=float), years)
    parts = [evaluate(part, years, draws)[:, :1] for _, part in value.points]
    out = np.zeros((1, len(years)))
    for part, row in zip(parts, weights, strict=True):  # a loop over anchors, not samples
        out = out + part * row
    if value.interpolate != "log" or len(parts) < 2:
        return out
    # log space: exp of the same weights over log values, on segments whose two ends are both above 0
    logs = np.zeros((1, len(years)))
    positive = np.ones((1, len(years)), dtype=bool)
    for part, row in zip(parts, weights, strict=True):
        used = row > 0
        positive = positive & (~used | (part > 0))
        logs = logs + np.log(np.where(part > 0, part, 1.0)) * row
    return np.where(positive, np.exp(logs), out)


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
