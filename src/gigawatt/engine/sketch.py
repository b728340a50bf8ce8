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
process counted them. Each row also keeps its exact minimum and maximum: the
extreme order statistics are exact and every estimate is clamped between them (a
constant row is reported exactly).

Rows of whole numbers (calendar years such as ``breakeven_year``) are counted
exactly instead: bucket ``ZERO + v`` holds the integer ``v`` (``|v| <= K``), so their
quantiles equal numpy's (a relative error would blur 2031 into 2029-2041).

Guarantee: for the ``linear`` percentile of numpy (``np.percentile(x, q)``), when the
two order statistics it interpolates have the same sign and magnitudes in
``[MIN_MAGNITUDE, MAX_MAGNITUDE]``, the sketch's estimate is within a relative
error of :data:`RELATIVE_ACCURACY` of the exact value (tested in
``tests/scale/test_sketch.py``). Near zero the error is absolute and tiny.
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
_WHOLE_NUMBERS = np.concatenate([[-np.inf], np.arange(-K, K + 1, dtype=float), [np.inf, np.nan]])
"""The value of each bucket of a row of whole numbers."""


def positions(values: np.ndarray, integer: bool = False) -> np.ndarray:
    """The bucket (0 to ``WIDTH - 1``) of every value, same shape, as ``np.intp``.

    ``integer`` counts whole numbers exactly (values are rounded to the nearest integer).
    """
    v = np.asarray(values, dtype=float)
    finite = np.isfinite(v)
    all_finite = bool(finite.all())
    if integer:
        k = np.rint(v if all_finite else np.where(finite, v, 0.0))
        np.clip(k, -float(K), float(K), out=k)
    else:
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


def _count_general(counts: np.ndarray, values: np.ndarray, integer: bool) -> None:
    """Add the bucket counts of one row of ``values`` (any floats) to ``counts`` (one row of a sketch)."""
    counts += np.bincount(positions(values, integer), minlength=WIDTH)


class _Scratch:
    """Buffers for the bucket positions of one row of finite values, reused row after row.

    Working one row (one output in one year: ``n`` samples) at a time with buffers made once keeps
    the passes in the processor's cache; :meth:`positions` does the same operations as
    :func:`positions`, in the same order, so every value lands in the same bucket.
    """

    def __init__(self, n: int) -> None:
        self.work = np.empty(n)
        self.keys = np.empty(n, dtype=np.intp)

    def positions(self, values: np.ndarray) -> np.ndarray:
        """:func:`positions` of finite ``values`` (1-D, ``n`` of them); the array is overwritten by the next call."""
        k = np.abs(values, out=self.work)
        with np.errstate(divide="ignore"):  # log2(0) = -inf lands in the zero bucket
            np.log2(k, out=k)
        k -= _LOG2_MIN
        k *= _INV_LOG2_GAMMA
        np.ceil(k, out=k)
        np.clip(k, 0.0, float(K), out=k)
        np.copysign(k, values, out=k)
        k += ZERO
        self.keys[...] = k
        return self.keys


class Sketch:
    """Bucket counts of ``rows`` rows (each an output in one year), with exact minima and maxima.

    Parameters
    ----------
    rows
        Number of rows.
    """

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self._counts: np.ndarray | None = np.zeros((rows, WIDTH), dtype=np.int64)
        self._sparse: tuple[np.ndarray, np.ndarray] | None = None  # (flat indices, counts) as unpickled
        self.low = np.full(rows, np.inf)
        self.high = np.full(rows, -np.inf)
        self.integer = np.zeros(rows, dtype=bool)

    @property
    def counts(self) -> np.ndarray:
        """Bucket counts, shape ``(rows, WIDTH)`` (made dense on first use after unpickling)."""
        if self._counts is None:
            self._counts = np.zeros((self.rows, WIDTH), dtype=np.int64)
            if self._sparse is not None:
                self._counts.ravel()[self._sparse[0]] = self._sparse[1]
                self._sparse = None
        return self._counts

    def _occupied(self) -> tuple[np.ndarray, np.ndarray]:
        """``(flat indices, counts)`` of the occupied buckets."""
        if self._counts is None and self._sparse is not None:
            return self._sparse
        flat = self.counts.ravel()
        where = np.flatnonzero(flat)
        return where, flat[where]

    def add(self, row: int, values: np.ndarray, integer: bool = False) -> None:
        """Count ``values`` of shape ``(w, n)`` (one row of ``n`` samples each) into rows ``row`` to ``row + w - 1``.

        A 1-D array of ``n`` samples goes into the single row ``row``. Rows should be
        contiguous (the fast layout): transpose a ``(samples, years)`` series first.
        ``integer`` marks rows of whole numbers (calendar years), counted exactly.
        """
        v = np.asarray(values, dtype=float)
        if v.ndim == 1:
            v = v[None, :]
        width, n = v.shape
        if n == 0:
            return
        rows = slice(row, row + width)
        self.integer[rows] = integer
        low, high = np.fmin.reduce(v, axis=1), np.fmax.reduce(v, axis=1)
        self.low[rows] = np.fmin(self.low[rows], low)
        self.high[rows] = np.fmax(self.high[rows], high)
        counts = self.counts
        scratch = _Scratch(n)
        for i in range(width):  # a loop over rows (outputs x years), not samples
            r = v[i]
            lo, hi = float(low[i]), float(high[i])
            if not (math.isfinite(lo) and math.isfinite(hi)) or math.isnan(np.minimum.reduce(r)):
                _count_general(counts[row + i], r, integer)  # NaN or infinities: rare
            elif lo == hi:
                counts[row + i, positions(np.array([lo]), integer)[0]] += n
            elif integer:
                _count_general(counts[row + i], r, integer)
            else:
                keys = scratch.positions(r)
                first = int(np.minimum.reduce(keys))
                counted = np.bincount(keys)
                counts[row + i, first : counted.size] += counted[first:]

    def merge(self, other: Sketch) -> None:
        """Add the counts of ``other`` (exact and order-free)."""
        if other.rows != self.rows:
            raise ValueError(f"cannot merge sketches of {other.rows} and {self.rows} rows")
        where, counts = other._occupied()  # sparse: a worker's sketch never needs a dense copy here
        self.counts.ravel()[where] += counts
        self.low = np.fmin(self.low, other.low)
        self.high = np.fmax(self.high, other.high)
        self.integer |= other.integer

    def quantiles(self, q: np.ndarray | list[float]) -> np.ndarray:
        """Estimates of the quantiles ``q`` (fractions in [0, 1]) of every row: shape ``(rows, len(q))``.

        Follows numpy's ``linear`` method: order statistics at rank ``(n - 1) q`` interpolated.
        NaN where a row has no values or holds a NaN (as ``np.percentile`` would give NaN).
        """
        q = np.asarray(q, dtype=float)
        out = np.full((self.rows, q.size), np.nan)
        for r in range(self.rows):  # a loop over rows (outputs x years), not samples
            occupied = np.flatnonzero(self.counts[r])
            if occupied.size == 0 or self.counts[r, NAN] > 0:
                continue
            cum = np.cumsum(self.counts[r, occupied])
            n = int(cum[-1])
            h = (n - 1) * q
            lo = np.floor(h)
            hi = np.minimum(lo + 1, n - 1)
            values = (_WHOLE_NUMBERS if self.integer[r] else _REPRESENTATIVES)[occupied]
            a = values[np.searchsorted(cum, lo, side="right")]
            b = values[np.searchsorted(cum, hi, side="right")]
            a, b = np.clip(a, self.low[r], self.high[r]), np.clip(b, self.low[r], self.high[r])
            for rank, v in ((lo, a), (hi, b)):  # the smallest and largest values are known exactly
                v[rank == 0] = self.low[r]
                v[rank == n - 1] = self.high[r]
            t = h - lo
            with np.errstate(invalid="ignore"):
                out[r] = np.where(t == 0, a, a + (b - a) * t)
        return out

    def __getstate__(self) -> dict[str, Any]:
        """Pickle sparsely: only the occupied buckets travel between processes."""
        where, counts = self._occupied()
        return {"rows": self.rows, "where": where, "counts": counts, "low": self.low, "high": self.high,
                "integer": self.integer}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.rows = int(state["rows"])
        self._counts = None
        self._sparse = (state["where"], state["counts"])
        self.low, self.high, self.integer = state["low"], state["high"], state["integer"]
