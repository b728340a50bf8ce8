"""Inverse CDFs in z: what a correlated input's standard normal draw maps to, from a table.

An input that takes part in a rank correlation is drawn as a standard normal ``z``
(mixed through the copula) and mapped to its distribution by ``x = F^-1(Phi(z))``.
For the normal and the lognormal that map is exact and cheap; for the others it
used to be ``scipy.stats.<family>.ppf(ndtr(z))``, which costs about a second to
import and 10--60 ms per 100,000 draws of a PERT. Instead, each distribution's
map is tabulated once, at :data:`INTERVALS` + 1 equally spaced ``z`` from
``-Z_END`` to ``Z_END``, and a draw is read from the table with ``np.interp``
(linear between neighbouring points; ``z`` beyond the ends gives the end values,
as ``u`` was held within ``[1e-12, 1 - 1e-12]`` before).

Error bound: the table points are the exact quantiles to about 1e-15 (below);
between them the linear reading is off by at most ``h^2 / 8`` times the largest
``|d^2 x / dz^2|``, ``h = 2 Z_END / INTERVALS``. Over ``[-Z_END, Z_END]`` this is
below **1e-7 of the distribution's range** (``max - min``) for every PERT, triangular
and uniform (measured: at most 4.6e-8), and below 1e-6 of it for betas of shapes from
0.2 to 100 (lopsided shapes have steeper tails; measured: at most 6.8e-7 for a
Beta(1, 20)); ``tests/engine/test_ztable.py`` checks each against scipy's ``ppf``. A
choice is not read from a table: its draw is the first value whose cumulative
weight is above ``Phi(z)``, found from the weights' normal quantiles.

The table points need the beta quantile, which is computed here without scipy:
the regularized incomplete beta ``I_x(a, b)`` is integrated by Gauss--Legendre
on a grid geometric towards 0 (where the density behaves as ``x^(a-1)``), and
the quantile below the median found by bracketed Newton steps from a log-log
first guess; above the median, ``1 - I^-1_{1-u}(b, a)`` by symmetry. Against
``scipy.stats.beta.ppf`` / ``isf`` this agrees within 1e-14 for shapes from 0.5
to 40 (the test checks it).
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

import numpy as np

from gigawatt.scenario.values import Dist

__all__ = ["INTERVALS", "TABLED", "Z_END", "beta_quantile", "from_normal", "normal_pair", "z_grid"]

INTERVALS = 8192
"""Intervals of the table in z."""

Z_END = -NormalDist().inv_cdf(1e-12)
"""The table's ends, about 7.03: ``Phi(-Z_END) = 1e-12``."""

TABLED = ("pert", "beta", "triangular", "uniform")
"""The families read from a table (normal and lognormal map exactly; a choice by its thresholds)."""

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(8)
_TINY = 1e-40  # below it, t^(a-1) (1-t)^(b-1) integrates to t^a / a
_GRID = np.concatenate([np.geomspace(_TINY, 0.5, 2049), 1.0 - np.geomspace(1e-6, 0.5, 257)[::-1][1:]])
"""Where the incomplete beta is integrated: geometric towards 0, then towards 1 (the median can be near it)."""


@lru_cache(maxsize=1)
def z_grid() -> np.ndarray:
    """The table's ``z``: :data:`INTERVALS` + 1 points from ``-Z_END`` to ``Z_END``."""
    grid = np.linspace(-Z_END, Z_END, INTERVALS + 1)
    grid.flags.writeable = False
    return grid


@lru_cache(maxsize=1)
def normal_pair() -> tuple[np.ndarray, np.ndarray]:
    """``(Phi(z), Phi(-z))`` on :func:`z_grid`, each accurate in relative terms in its own tail."""
    root2 = math.sqrt(2.0)
    lower = np.array([0.5 * math.erfc(-z / root2) for z in z_grid()])
    upper = np.array([0.5 * math.erfc(z / root2) for z in z_grid()])
    lower.flags.writeable = upper.flags.writeable = False
    return lower, upper


def _integral(a: float, b: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``integral of t^(a-1) (1-t)^(b-1) dt`` over each ``[lo, hi]`` (8-point Gauss--Legendre)."""
    half, mid = (hi - lo) / 2, (hi + lo) / 2
    t = mid[..., None] + half[..., None] * _NODES
    return np.asarray(half * ((t ** (a - 1) * (1 - t) ** (b - 1)) @ _WEIGHTS))


def _lower_quantile(a: float, b: float, u: np.ndarray) -> np.ndarray:
    """``x`` with ``I_x(a, b) = u`` for ``u`` at most one half, accurate in relative terms as ``u -> 0``."""
    beta = math.exp(math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))
    cdf = (_TINY**a / a + np.concatenate([[0.0], np.cumsum(_integral(a, b, _GRID[:-1], _GRID[1:]))])) / beta
    i = np.clip(np.searchsorted(cdf, u, side="right") - 1, 0, len(_GRID) - 2)
    lo, hi = _GRID[i], _GRID[i + 1]
    with np.errstate(divide="ignore", invalid="ignore"):  # cdf[i] may underflow to 0 for a large a
        share = (np.log(u) - np.log(cdf[i])) / (np.log(cdf[i + 1]) - np.log(cdf[i]))
    share = np.where(np.isfinite(share), np.clip(share, 0.0, 1.0), 0.5)
    x = np.exp(np.log(lo) + share * (np.log(hi) - np.log(lo)))
    for _ in range(40):  # Newton steps held within the bracket; two or three are enough from the guess
        density = x ** (a - 1) * (1 - x) ** (b - 1) / beta
        step = (cdf[i] + _integral(a, b, lo, x) / beta - u) / density
        moved = np.clip(x - step, lo, hi)
        if np.all(np.abs(moved - x) <= 4e-16 * x):
            return moved
        x = moved
    return x


def beta_quantile(a: float, b: float, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """The Beta(a, b) quantile at probabilities ``lower`` (with ``upper = 1 - lower`` given as accurately)."""
    x = np.empty(np.shape(lower))
    below = lower <= 0.5
    x[below] = _lower_quantile(a, b, lower[below])
    x[~below] = 1.0 - _lower_quantile(b, a, upper[~below])
    return x


def _num(dist: Dist, name: str, default: float | None = None) -> float:
    value = dist.params.get(name, default)
    if value is None or isinstance(value, tuple):
        raise TypeError(f"{dist.kind} parameter {name!r} must be a number")
    return float(value)


def _table_values(dist: Dist) -> np.ndarray:
    """The exact map of :func:`z_grid` to ``dist`` (before ``dist.clip``)."""
    lower, upper = normal_pair()
    if dist.kind == "uniform":
        low, high = _num(dist, "low"), _num(dist, "high")
        return low + (high - low) * lower
    if dist.kind == "triangular":
        low, mode, high = _num(dist, "min"), _num(dist, "mode"), _num(dist, "max")
        c = (mode - low) / (high - low)
        return np.where(lower < c, low + np.sqrt(lower * (high - low) * (mode - low)),
                        high - np.sqrt(upper * (high - low) * (high - mode)))
    if dist.kind == "pert":
        from gigawatt.scenario.distributions import pert_shape

        low, high = _num(dist, "min"), _num(dist, "max")
        a, b = pert_shape(low, _num(dist, "mode"), high)
    elif dist.kind == "beta":
        low, high = _num(dist, "low", 0.0), _num(dist, "high", 1.0)
        a, b = _num(dist, "a"), _num(dist, "b")
    else:
        raise ValueError(f"{dist.kind} is not read from a table in z")
    return low + (high - low) * beta_quantile(a, b, lower, upper)


@lru_cache(maxsize=256)
def _table(kind: str, params: tuple[tuple[str, object], ...]) -> np.ndarray:
    values = _table_values(Dist(kind, dict(params)))  # type: ignore[arg-type]
    values.flags.writeable = False
    return values


def _choice(dist: Dist, z: np.ndarray) -> np.ndarray:
    values = np.asarray(dist.params["values"], dtype=np.float64).reshape(-1)
    weights = (np.asarray(dist.params["weights"], dtype=np.float64).reshape(-1) if "weights" in dist.params
               else np.ones_like(values))
    cumulative = np.cumsum(weights / weights.sum())[:-1]
    normal = NormalDist()
    thresholds = np.array([normal.inv_cdf(float(c)) if 0 < c < 1 else (-np.inf if c <= 0 else np.inf)
                           for c in cumulative])
    return values[np.searchsorted(thresholds, z, side="right")]


def from_normal(dist: Dist, z: np.ndarray) -> np.ndarray:
    """Draws of ``dist`` at standard normal draws ``z`` (a family of :data:`TABLED`, or a choice), unclipped."""
    if dist.kind == "choice":
        return _choice(dist, z)
    if dist.kind not in TABLED:
        raise ValueError(f"{dist.kind} is not read from a table in z")
    table = _table(dist.kind, tuple(sorted(dist.params.items())))
    from gigawatt.engine import jit

    if not jit.enabled():
        return np.interp(z, z_grid(), table)
    from gigawatt.engine import kernels  # np.interp's numbers, without its binary search per value

    flat = np.ascontiguousarray(z, dtype=np.float64).reshape(-1)
    out = np.empty(flat.shape)
    kernels.interp_uniform(flat, -Z_END, 2 * Z_END / INTERVALS, z_grid(), table, out)
    return out.reshape(np.shape(z))
