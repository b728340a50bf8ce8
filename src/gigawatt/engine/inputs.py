"""Evaluating scenario values into arrays over samples and years."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.scenario.values import Anchors, Const, Dist, Growth, Logistic, Value


class Inputs:
    """The sampled inputs of one chunk of samples, evaluated on demand.

    ``inputs(value)`` gives an array of shape ``(n, years)`` -- or ``(1, years)``
    when the value is the same in every sample: blocks rely on numpy
    broadcasting and never on the first axis being ``n``.

    Parameters
    ----------
    years
        Calendar years simulated, shape ``(Y,)``.
    draws
        ``{dotted path: draws of shape (n,)}`` for every uncertain input.
    n
        Number of samples in this chunk.
    """

    def __init__(self, years: np.ndarray, draws: Mapping[str, np.ndarray], n: int) -> None:
        self.years = years
        self.draws = draws
        self.n = n

    @property
    def shape(self) -> tuple[int, int]:
        """``(n, Y)``: the full shape of a series."""
        return (self.n, len(self.years))

    def zeros(self) -> np.ndarray:
        """A new all-zero series of full shape."""
        return np.zeros(self.shape)

    def year_index(self, year: int) -> int:
        """Column of ``year`` (clamped to the horizon)."""
        return int(np.clip(year - int(self.years[0]), 0, len(self.years) - 1))

    def __call__(self, value: Value | None, default: float = 0.0) -> np.ndarray:
        """Evaluate ``value`` over samples and years; ``None`` gives ``default``."""
        if value is None:
            return np.full((1, len(self.years)), default)
        return self._eval(value) * np.ones((1, len(self.years)))

    def scalar(self, value: Value | None, default: float = 0.0) -> np.ndarray:
        """Evaluate a single (not time-varying) value: shape ``(n, 1)`` or ``(1, 1)``."""
        if value is None:
            return np.full((1, 1), default)
        out = self._eval(value)
        return out if out.shape[1] == 1 else out[:, :1]

    def _eval(self, value: Value) -> np.ndarray:
        if isinstance(value, Const):
            return np.full((1, 1), value.value)
        if isinstance(value, Dist):
            return np.asarray(self.draws[value.path], dtype=float).reshape(-1, 1)
        if isinstance(value, Anchors):
            return self._anchors(value)
        if isinstance(value, Growth):
            y0 = value.start_year if value.start_year is not None else int(self.years[0])
            return self._eval(value.start) * (1.0 + self._eval(value.growth)) ** (self.years - y0)
        if isinstance(value, Logistic):
            return self._logistic(value)
        raise TypeError(f"not a scenario value: {value!r}")

    def _anchors(self, value: Anchors) -> np.ndarray:
        anchor_years = np.array([y for y, _ in value.points], dtype=float)
        weights = np.zeros((len(anchor_years), len(self.years)))
        for j, year in enumerate(self.years):
            if year <= anchor_years[0]:
                weights[0, j] = 1.0
            elif year >= anchor_years[-1]:
                weights[-1, j] = 1.0
            else:
                i = int(np.searchsorted(anchor_years, year, side="right")) - 1
                t = (year - anchor_years[i]) / (anchor_years[i + 1] - anchor_years[i])
                weights[i, j], weights[i + 1, j] = 1.0 - t, t
        out = np.zeros((1, len(self.years)))
        for (_, part), row in zip(value.points, weights, strict=True):  # a loop over anchors, not samples
            out = out + self._eval(part)[:, :1] * row
        return out

    def _logistic(self, value: Logistic) -> np.ndarray:
        y0 = value.start_year if value.start_year is not None else int(self.years[0])
        start, ceiling, mid = self._eval(value.start), self._eval(value.ceiling), self._eval(value.midpoint_year)
        start = np.minimum(start, ceiling * (1 - 1e-9))
        gap = np.where(np.abs(mid - y0) < 1e-9, 1e-9, mid - y0)
        k = np.log(ceiling / start - 1.0) / gap
        return ceiling / (1.0 + np.exp(-k * (self.years - mid)))
