"""Compiled kernels of the engine's own work (anchored paths, tables in z).

Each is a plain function over arrays, compiled by numba on first call through
:mod:`gigawatt.engine.jit` (the model's ``gigawatt.model.jit``), beside the numpy reference it must equal: callers do
``if jit.enabled(): <kernel> else: <numpy reference>`` (the references are in
:mod:`gigawatt.scenario.evaluate` and :mod:`gigawatt.engine.ztable`), and ``tests/engine/test_engine_kernels.py`` checks
each kernel against its reference with ``np.array_equal``: they make the same
floating-point operations in the same order.

This module is imported when a simulation first needs it, never at the start-up of a command
(numba itself is imported on a kernel's first call).
"""

from __future__ import annotations

import numpy as np

from gigawatt.engine.jit import kernel


@kernel
def anchor_sums(parts: np.ndarray, weights: np.ndarray, first: np.ndarray, second: np.ndarray,
                out: np.ndarray) -> None:  # pragma: no cover - compiled by numba
    """Linear interpolation between anchors into ``out`` (samples, years), in the anchors' unit.

    ``parts`` is (samples, anchors), ``weights`` (anchors, years); ``first[j]`` and ``second[j]`` are the
    anchors that weigh in year ``j``, in anchor order (-1: none; a year lies on one segment, so at most
    two do). ``out[i, j]`` is ``0.0 + parts[i, first[j]] * weights[first[j], j]`` plus the same for
    ``second[j]``: the sums of :func:`gigawatt.scenario.evaluate._anchors`, element by element, in its order.
    """
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            acc = 0.0
            a = first[j]
            if a >= 0:
                acc += parts[i, a] * weights[a, j]
            b = second[j]
            if b >= 0:
                acc += parts[i, b] * weights[b, j]
            out[i, j] = acc


@kernel
def anchor_log_sums(parts: np.ndarray, logs: np.ndarray, weights: np.ndarray, first: np.ndarray,
                    second: np.ndarray, out: np.ndarray) -> int:  # pragma: no cover - compiled by numba
    """The weights of :func:`anchor_sums` over ``logs`` (the anchors' logarithms, 0 where an anchor is not above
    0; dimensionless) into ``out``; returns how many ``(sample, year)`` have an anchor that weighs there and is
    not above 0 (where the path is linear instead: :func:`anchor_linear_where`)."""
    linear = 0
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            acc = 0.0
            ok = True
            a = first[j]
            if a >= 0:
                w = weights[a, j]
                acc += logs[i, a] * w
                ok = ok and (not w > 0.0 or parts[i, a] > 0.0)
            b = second[j]
            if b >= 0:
                w = weights[b, j]
                acc += logs[i, b] * w
                ok = ok and (not w > 0.0 or parts[i, b] > 0.0)
            out[i, j] = acc
            if not ok:
                linear += 1
    return linear


@kernel
def anchor_linear_where(parts: np.ndarray, weights: np.ndarray, first: np.ndarray, second: np.ndarray,
                        out: np.ndarray) -> None:  # pragma: no cover - compiled by numba
    """:func:`anchor_sums` into ``out`` only where an anchor that weighs is not above 0 (the log path's
    linear stretches); elsewhere ``out`` is left as it is."""
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            ok = True
            acc = 0.0
            a = first[j]
            if a >= 0:
                w = weights[a, j]
                acc += parts[i, a] * w
                ok = ok and (not w > 0.0 or parts[i, a] > 0.0)
            b = second[j]
            if b >= 0:
                w = weights[b, j]
                acc += parts[i, b] * w
                ok = ok and (not w > 0.0 or parts[i, b] > 0.0)
            if not ok:
                out[i, j] = acc


@kernel
def interp_uniform(z: np.ndarray, start: float, step: float, grid: np.ndarray, table: np.ndarray,
                   out: np.ndarray) -> None:  # pragma: no cover - compiled by numba
    """``np.interp(z, grid, table)`` into ``out`` for a ``grid`` of equally spaced points (``start + k * step``
    up to rounding; ``z`` and ``grid`` dimensionless, ``table`` in the value's unit), with numpy's own formula
    and ends: the interval is found from ``(z - start) / step`` and moved to the one
    ``grid[k] <= z < grid[k + 1]`` that numpy's search finds, instead of a binary search per value."""
    last = grid.shape[0] - 1
    for i in range(z.shape[0]):
        x = z[i]
        if x != x:
            out[i] = x
        elif x > grid[last]:
            out[i] = table[last]
        elif x < grid[0]:
            out[i] = table[0]
        elif x == grid[last]:
            out[i] = table[last]
        else:
            k = int((x - start) / step)
            k = min(max(k, 0), last - 1)
            while k > 0 and grid[k] > x:
                k -= 1
            while k < last - 1 and grid[k + 1] <= x:
                k += 1
            if grid[k] == x:
                out[i] = table[k]
                continue
            slope = (table[k + 1] - table[k]) / (grid[k + 1] - grid[k])
            y = slope * (x - grid[k]) + table[k]
            if y != y:
                y = slope * (x - grid[k + 1]) + table[k + 1]
                if y != y and table[k] == table[k + 1]:
                    y = table[k]
            out[i] = y
