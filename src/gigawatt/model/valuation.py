"""Valuation: unlevered DCF with a terminal value, and the internal rate of return (docs/model.md section 9)."""

from __future__ import annotations

import numpy as np

from gigawatt.model import jit

IRR_RANGE = (-0.99, 10.0)
"""Rates searched for an internal rate of return: -99% to +1000% a year."""

TOLERANCE = 1e-12
"""The bisection stops when the rate is known to within this (a fraction a year)."""


def discount_factors(years: int, rate: float | np.ndarray) -> np.ndarray:
    """``(1 + rate)^-t`` for ``t = 0 .. years - 1`` (the first year undiscounted); ``rate`` a number or ``(n,)``."""
    rate = np.asarray(rate, dtype=float)
    return (1.0 + rate[..., None]) ** -np.arange(years, dtype=float)


def present_value(flows: np.ndarray, rate: float) -> np.ndarray:
    """``sum_t flows_t / (1 + rate)^t``, the first year undiscounted. USD, shape ``(n,)``."""
    return np.asarray(flows @ discount_factors(flows.shape[1], rate))


def gordon_value(last_flow: np.ndarray, rate: float, growth: float) -> np.ndarray:
    """Value, at the last year, of the years after it: ``last_flow x (1 + growth) / (rate - growth)``."""
    return last_flow * (1.0 + growth) / (rate - growth)


def enterprise_value(flows: np.ndarray, terminal: np.ndarray, rate: float) -> np.ndarray:
    """``sum_t flows_t v^t + terminal v^(Y-1)``, ``v = 1 / (1 + rate)``: the terminal value sits in the last year."""
    return present_value(flows, rate) + terminal * (1.0 + rate) ** -(flows.shape[1] - 1)


def irr(flows: np.ndarray, iterations: int = 80, exists: np.ndarray | None = None,
        total: np.ndarray | None = None) -> np.ndarray:
    """Internal rate of return of each row of ``flows`` ``(n, Y)``: the rate at which their present value is 0.

    Found by bisection on :data:`IRR_RANGE`, all rows at once, to within :data:`TOLERANCE`. Flows with no root in the
    range (they never change sign, or the rate lies beyond it) get the end of the range they
    point to: -99% when they sum to a loss, +1000% when to a gain (:func:`irr_exists` tells
    them apart). With several sign changes the root found is the one the bisection brackets
    (the usual one for a buildout: spending first, income later). The compiled :func:`bisect_kernel`
    when kernels are on, else the numpy reference :func:`bisect_numpy` (the same numbers). ``exists``
    (:func:`irr_exists` of ``flows``) and ``total`` (``flows.sum(axis=1)``) are taken as given when the caller has
    them.
    """
    if jit.enabled():
        found = np.empty(flows.shape[0])
        bisect_kernel(np.ascontiguousarray(np.asarray(flows, dtype=float).T), iterations, found)
    else:
        found = bisect_numpy(flows, iterations)
    none = np.where((flows.sum(axis=1) if total is None else total) < 0, IRR_RANGE[0], IRR_RANGE[1])
    return np.where(irr_exists(flows) if exists is None else exists, found, none)


def bisect_numpy(flows: np.ndarray, iterations: int) -> np.ndarray:
    """The midpoint of each row's bracket of a root of its present value after the bisection, a fraction a year
    (the numpy reference of :func:`bisect_kernel`)."""
    lo = np.full(flows.shape[0], IRR_RANGE[0])
    hi = np.full(flows.shape[0], IRR_RANGE[1])
    by_year = np.ascontiguousarray(flows.T)  # one row per year: Horner's rule walks the years

    def value(rate: np.ndarray) -> np.ndarray:
        # sum_t flows_t v^t with v = 1 / (1 + rate), by Horner's rule from the last year (no powers)
        v = 1.0 / (1.0 + rate)
        total = by_year[-1].copy()
        for year in by_year[-2::-1]:  # a loop over years, every row at once
            total *= v
            total += year
        return total

    at_lo = value(lo)
    for _ in range(iterations):  # a loop over halvings of the interval, every row at once
        mid = 0.5 * (lo + hi)
        at_mid = value(mid)
        same = np.sign(at_mid) == np.sign(at_lo)
        np.copyto(lo, mid, where=same)
        np.copyto(at_lo, at_mid, where=same)
        np.copyto(hi, mid, where=~same)
        if hi[0] - lo[0] <= TOLERANCE:  # every row's interval has the same width: all found
            break
    return np.asarray(0.5 * (lo + hi))


@jit.kernel
def bisect_kernel(by_year: np.ndarray, iterations: int, found: np.ndarray) -> None:
    """:func:`bisect_numpy` without its temporary arrays: ``by_year`` ``(Y, n)``, the flows in USD year by year (each
    year's rows contiguous), ``found`` ``(n,)`` the midpoint of each row's final bracket, a fraction a year.

    The reference's operations in its order, element by element (Horner's rule over the years for every row, the
    halvings, the comparisons of signs with NaN's sign NaN, the stop when the first row's bracket is within
    :data:`TOLERANCE`), so the same numbers. The loops over rows are innermost: one row's Horner steps wait on each
    other, the rows' do not, so the processor works on many rows at once.
    """
    years, n = by_year.shape
    lo = np.full(n, IRR_RANGE[0])
    hi = np.full(n, IRR_RANGE[1])
    v = np.empty(n)
    total = np.empty(n)
    sign_lo = np.empty(n)
    for s in range(n):
        v[s] = 1.0 / (1.0 + lo[s])
        total[s] = by_year[years - 1, s]
    for t in range(years - 2, -1, -1):
        for s in range(n):
            total[s] = total[s] * v[s] + by_year[t, s]
    for s in range(n):
        value = total[s]
        sign_lo[s] = 1.0 if value > 0 else (-1.0 if value < 0 else (0.0 if value == 0 else np.nan))
    for _ in range(iterations):
        for s in range(n):
            v[s] = 1.0 / (1.0 + 0.5 * (lo[s] + hi[s]))
            total[s] = by_year[years - 1, s]
        for t in range(years - 2, -1, -1):
            for s in range(n):
                total[s] = total[s] * v[s] + by_year[t, s]
        for s in range(n):
            mid = 0.5 * (lo[s] + hi[s])
            value = total[s]
            sign = 1.0 if value > 0 else (-1.0 if value < 0 else (0.0 if value == 0 else np.nan))
            if sign == sign_lo[s]:
                lo[s] = mid
                sign_lo[s] = sign
            else:
                hi[s] = mid
        if n == 0 or hi[0] - lo[0] <= TOLERANCE:
            break
    for s in range(n):
        found[s] = 0.5 * (lo[s] + hi[s])


def irr_exists(flows: np.ndarray, changes: np.ndarray | None = None) -> np.ndarray:
    """True for the rows of ``flows`` that change sign and have a rate of return in :data:`IRR_RANGE`; ``changes``
    (``(flows.min(axis=1) < 0) & (flows.max(axis=1) > 0)``, the rows that change sign) as given when the caller
    has it."""
    if changes is None:
        changes = (flows.min(axis=1) < 0) & (flows.max(axis=1) > 0)
    ends = [present_value(flows, r) for r in IRR_RANGE]
    return changes & (np.sign(ends[0]) * np.sign(ends[1]) < 0)
