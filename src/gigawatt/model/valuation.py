"""Valuation: unlevered DCF with a terminal value, and the internal rate of return (docs/model.md section 9)."""

from __future__ import annotations

import numpy as np

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


def irr(flows: np.ndarray, iterations: int = 80) -> np.ndarray:
    """Internal rate of return of each row of ``flows`` ``(n, Y)``: the rate at which their present value is 0.

    Found by bisection on :data:`IRR_RANGE`, all rows at once, to within :data:`TOLERANCE`. Flows with no root in the
    range (they never change sign, or the rate lies beyond it) get the end of the range they
    point to: -99% when they sum to a loss, +1000% when to a gain (:func:`irr_exists` tells
    them apart). With several sign changes the root found is the one the bisection brackets
    (the usual one for a buildout: spending first, income later).
    """
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
    none = np.where(flows.sum(axis=1) < 0, IRR_RANGE[0], IRR_RANGE[1])
    return np.where(irr_exists(flows), 0.5 * (lo + hi), none)


def irr_exists(flows: np.ndarray) -> np.ndarray:
    """True for the rows of ``flows`` that change sign and have a rate of return in :data:`IRR_RANGE`."""
    changes = (flows.min(axis=1) < 0) & (flows.max(axis=1) > 0)
    ends = [present_value(flows, r) for r in IRR_RANGE]
    return changes & (np.sign(ends[0]) * np.sign(ends[1]) < 0)
