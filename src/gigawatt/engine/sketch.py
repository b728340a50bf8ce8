"""A mergeable quantile sketch: log-spaced buckets with a bounded relative error (DDSketch-style).

Each row (one output in one year) keeps an integer count per bucket. Bucket ``k``
of the positive side holds values in ``(m g^(k-1), m g^k]`` with ``m`` =
:data:`MIN_MAGNITUDE` and ``g`` = :data:`GAMMA` = ``(1 + a) / (1 - a)``; it stands
for the value ``2 m g^k / (g + 1)``, which is within a relative error ``a`` =
:data:`RELATIVE_ACCURACY` of every value in the bucket. The negative side mirrors
it; magnitudes below :data:`MIN_MAGNITUDE` fall in a zero bucket; ``-inf``,
``+inf`` and NaN have a bucket each.

Counts are integers, so merging two sketches is an exact, order-free addition:
the quantiles do not depend on how the samples were cut into chunks nor on which
process counted them. Each row also keeps its exact minimum and maximum, and
estimates are clamped to them (a constant row is reported exactly).

Guarantee: for the ``linear`` percentile of numpy (``np.percentile(x, q)``), when the
two order statistics it interpolates have the same sign and magnitudes in
``[MIN_MAGNITUDE, MAX_MAGNITUDE]``, the sketch's estimate is within a relative
error of :data:`RELATIVE_ACCURACY` of the exact value (tested in
``tests/dist/test_sketch.py``). Near zero the error is absolute and tiny.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

RELATIVE_ACCURACY = 0.005
"""Relative error bound of every quantile estimate (0.5%)."""
GAMMA = (1.0 + RELATIVE_ACCURACY) / (1.0 - RELATIVE_ACCURACY)
MIN_MAGNITUDE = 1e-12
"""Magnitudes below this count as zero (absolute error below 1e-12)."""
MAX_MAGNITUDE = 1e30
"""Magnitudes above this share the last bucket (relative accuracy lost; no output comes near it)."""
K = math.ceil(math.log(MAX_MAGNITUDE / MIN_MAGNITUDE) / math.log(GAMMA))
"""Buckets on each side of zero."""
NEG_INF, ZERO, POS_INF, NAN = 0, K + 1, 2 * K + 2, 2 * K + 3
WIDTH = 2 * K + 4
"""Buckets per row, in value order: -inf, negatives (large to small magnitude), zero, positives, +inf, NaN."""

_LOG2_MIN = math.log2(MIN_MAGNITUDE)
_INV_LOG2_GAMMA = 1.0 / math.log2(GAMMA)
DESCRIPTION = (f"sketch (log buckets, relative error <= {RELATIVE_ACCURACY:.1%}; "
               "means and probabilities exact)")
"""What the ``quantiles`` key of a streamed summary says."""


def representatives() -> np.ndarray:
    """The value each bucket stands for, shape ``(WIDTH,)`` (NaN for the NaN bucket)."""
    k = np.arange(1, K + 1, dtype=float)
    positive = MIN_MAGNITUDE * GAMMA**k * 2.0 / (GAMMA + 1.0)
    out = np.empty(WIDTH)
    out[NEG_INF], out[ZERO], out[POS_INF], out[NAN] = -np.inf, 0.0, np.inf, np.nan
    out[ZERO + 1 : POS_INF] = positive
    out[1:ZERO] = -positive[::-1]
    return out


_REPRESENTATIVES = representatives()


def positions(values: np.ndarray) -> np.ndarray:
    """The bucket (0 to ``WIDTH - 1``) of every value, same shape, as ``np.intp``."""
    v = np.asarray(values, dtype=float)
    finite = np.isfinite(v)
    all_finite = bool(finite.all())
    a = np.abs(v) if all_finite else np.where(finite, np.abs(v), 1.0)
    with np.errstate(divide="ignore"):  # log2(0) = -inf lands in the zero bucket
        k = np.log2(a)
    k -= _LOG2_MIN
    k *= _INV_LOG2_GAMMA
    np.ceil(k, out=k)
    np.clip(k, 0.0, float(K), out=k)
    np.copysign(k, v if all_finite else np.where(finite, v, 1.0), out=k)
    k += ZERO
    out = k.astype(np.intp)
    if not all_finite:
        out[np.isnan(v)] = NAN
        out[v == np.inf] = POS_INF
        out[v == -np.inf] = NEG_INF
    return out


class Sketch:
    """Bucket counts of ``rows`` rows (each an output in one year), with exact minima and maxima.

    Parameters
    ----------
    rows
        Number of rows.
    """

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.counts = np.zeros((rows, WIDTH), dtype=np.int64)
        self.low = np.full(rows, np.inf)
        self.high = np.full(rows, -np.inf)

    def add(self, row: int, values: np.ndarray) -> None:
        """Count ``values`` of shape ``(w, n)`` (one row of ``n`` samples each) into rows ``row`` to ``row + w - 1``.

        A 1-D array of ``n`` samples goes into the single row ``row``. Rows should be
        contiguous (the fast layout): transpose a ``(samples, years)`` series first.
        """
        v = np.asarray(values, dtype=float)
        if v.ndim == 1:
            v = v[None, :]
        width, n = v.shape
        if n == 0:
            return
        rows = slice(row, row + width)
        low, high = np.fmin.reduce(v, axis=1), np.fmax.reduce(v, axis=1)
        self.low[rows] = np.fmin(self.low[rows], low)
        self.high[rows] = np.fmax(self.high[rows], high)
        constant = low == high
        if not np.isfinite(v).all():
            constant &= ~np.isnan(v).any(axis=1)
        same = np.flatnonzero(constant)
        if same.size:
            np.add.at(self.counts, (row + same, positions(low[same])), n)
        varying = np.flatnonzero(~constant)
        if varying.size == 0:
            return
        part = v if varying.size == width else v[varying]
        keys = positions(part)
        keys += (np.arange(varying.size) * WIDTH)[:, None]
        counted = np.bincount(keys.ravel(), minlength=varying.size * WIDTH).reshape(varying.size, WIDTH)
        self.counts[row + varying] += counted

    def merge(self, other: Sketch) -> None:
        """Add the counts of ``other`` (exact and order-free)."""
        if other.rows != self.rows:
            raise ValueError(f"cannot merge sketches of {other.rows} and {self.rows} rows")
        self.counts += other.counts
        self.low = np.fmin(self.low, other.low)
        self.high = np.fmax(self.high, other.high)

    def quantiles(self, q: np.ndarray | list[float]) -> np.ndarray:
        """Estimates of the quantiles ``q`` (fractions in [0, 1]) of every row: shape ``(rows, len(q))``.

        Follows numpy's ``linear`` method: order statistics at rank ``(n - 1) q`` interpolated.
        NaN where a row has no values or holds a NaN (as ``np.percentile`` would give NaN).
        """
        q = np.asarray(q, dtype=float)
        out = np.full((self.rows, q.size), np.nan)
        for r in range(self.rows):  # a loop over rows (outputs x years), not samples
            cum = np.cumsum(self.counts[r])
            n = int(cum[-1])
            if n == 0 or self.counts[r, NAN] > 0:
                continue
            h = (n - 1) * q
            lo = np.floor(h)
            hi = np.minimum(lo + 1, n - 1)
            a = self._order_statistic(r, cum, lo)
            b = self._order_statistic(r, cum, hi)
            t = h - lo
            with np.errstate(invalid="ignore"):
                out[r] = np.where(t == 0, a, a + (b - a) * t)
        return out

    def _order_statistic(self, row: int, cum: np.ndarray, rank: np.ndarray) -> np.ndarray:
        bucket = np.searchsorted(cum, rank, side="right")
        return np.clip(_REPRESENTATIVES[bucket], self.low[row], self.high[row])

    def __getstate__(self) -> dict[str, Any]:
        """Pickle sparsely: only the occupied buckets travel between processes."""
        flat = self.counts.ravel()
        where = np.flatnonzero(flat)
        return {"rows": self.rows, "where": where, "counts": flat[where], "low": self.low, "high": self.high}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.rows = int(state["rows"])
        self.counts = np.zeros((self.rows, WIDTH), dtype=np.int64)
        self.counts.ravel()[state["where"]] = state["counts"]
        self.low, self.high = state["low"], state["high"]
