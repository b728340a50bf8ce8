"""Small array helpers shared by the model blocks.

Every series is an array of shape ``(n, Y)`` -- or ``(1, Y)`` when it is the
same in every sample -- with one column per simulated year.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

from gigawatt import outputs as catalogue
from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model import jit

SECONDS_PER_YEAR = 365.25 * 86400.0
"""Seconds in a (Julian) year: turns FLOP per year into FLOP/s."""

DAYS_PER_YEAR = 365.0
"""Days a daily token rate is counted over in a year."""

HOURS_PER_YEAR = 8760.0
"""Hours of electricity billed in a year."""


def declared(values: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """A block's outputs by name, each with the unit the output catalogue declares for it
    (:mod:`gigawatt.outputs`): a block writes no unit of its own, and a name the catalogue does not
    declare is a ``KeyError`` naming the nearest."""
    return {name: Out(value, catalogue.unit(name)) for name, value in values.items()}


def slug(text: str) -> str:
    """An output-name suffix: lowercase, every run of non-alphanumerics -> ``_`` (``"UAE"`` -> ``"uae"``)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"


def from_year(x: Inputs, first: int | None) -> np.ndarray:
    """``1.0`` in the years from ``first`` on (every year when ``None``), ``0.0`` before; shape ``(1, Y)``."""
    if first is None:
        return np.ones((1, len(x.years)))
    return (x.years >= first).astype(float).reshape(1, -1)


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` where ``den > 0``, else 0 (never inf or nan)."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    out = np.empty(np.broadcast_shapes(num.shape, den.shape))
    with np.errstate(divide="ignore", invalid="ignore"):  # the cells divided by 0 (or NaN) are set to 0 below
        np.divide(num, den, out=out)
    # every quotient, then 0 where den <= 0: the same numbers as a masked divide into zeros, and faster
    # (numpy's masked loops take about four times a plain divide and a masked copy)
    np.copyto(out, 0.0, where=~(den > 0))
    return out


def compact(values: np.ndarray | float) -> np.ndarray:
    """``values`` as a C-ordered, read-only 2-D array without its broadcast axes: shape ``(1 or n, 1 or Y)``, the
    same numbers (a kernel reads row ``i`` of it as row 0 when it has one row, and likewise for years)."""
    a = np.asarray(values, dtype=float)
    a = a.reshape((1,) * (2 - a.ndim) + a.shape) if a.ndim < 2 else a
    if a.shape[0] > 1 and a.strides[0] == 0:
        a = a[:1]
    if a.shape[1] > 1 and a.strides[1] == 0:
        a = a[:, :1]
    view = np.ascontiguousarray(a).view()
    view.flags.writeable = False
    return view


def cells(values: np.ndarray | float, shape: tuple[int, ...]) -> np.ndarray:
    """``values`` broadcast to ``shape`` as a C-ordered, read-only float array (a copy only when it is not one
    already): the one array type the kernels take, so that each compiles once whatever the shapes of its inputs
    (numba compiles a kernel again for every new combination of array layouts and read-only flags)."""
    view = np.ascontiguousarray(np.broadcast_to(np.asarray(values, dtype=float), shape)).view()
    view.flags.writeable = False
    return view


def full(x: Inputs, values: np.ndarray) -> np.ndarray:
    """``values`` broadcast to the full ``(n, Y)`` shape, as a new writable array."""
    return np.array(np.broadcast_to(values, x.shape), dtype=float)


def shift(values: np.ndarray, lag: int) -> np.ndarray:
    """``values`` moved ``lag`` years later along the year axis (zeros enter; what leaves is dropped)."""
    years = values.shape[1]
    if lag == 0:
        return values.copy()
    if lag >= years:
        return np.zeros_like(values)
    out = np.empty_like(values)
    out[:, :lag] = 0
    out[:, lag:] = values[:, :-lag]
    return out


def running_total(values: np.ndarray) -> np.ndarray:
    """``np.cumsum(values, axis=1)``: the sum over the years so far, in the unit of ``values``, as a new array.

    numpy's cumulative sum along the short year axis of a ``(samples, years)`` array costs about 14 times the
    compiled :func:`running_total_kernel` (it walks each sample's few years as a separate run); the kernel adds
    in the same order (``out[t] = out[t - 1] + values[t]``), so the numbers are the same, bit for bit. numpy
    does it without kernels, and for anything but a C-ordered ``(n, Y)`` float array of more than one sample.
    """
    if (values.ndim == 2 and values.shape[0] > 1 and values.dtype == np.float64 and values.flags.c_contiguous
            and jit.enabled()):
        out = np.empty(values.shape)
        running_total_kernel(values, out)
        return out
    return np.cumsum(values, axis=1)


@jit.kernel
def running_total_kernel(values: np.ndarray, out: np.ndarray) -> None:
    """``out[s, t] = values[s, 0] + ... + values[s, t]``, added from the first year on (numpy's order), in the
    unit of ``values``; both ``(n, Y)``."""
    n, years = values.shape
    for s in range(n):
        if years:
            total = values[s, 0]
            out[s, 0] = total
            for t in range(1, years):
                total = total + values[s, t]
                out[s, t] = total


def running_product(values: np.ndarray) -> np.ndarray:
    """``np.cumprod(values, axis=1)``: the product over the years so far, as a new array; compiled
    (:func:`running_product_kernel`, the same multiplications in the same order, so the same numbers) for a
    C-ordered ``(n, Y)`` float array of more than one sample when kernels are on, else numpy's."""
    if (values.ndim == 2 and values.shape[0] > 1 and values.dtype == np.float64 and values.flags.c_contiguous
            and jit.enabled()):
        out = np.empty(values.shape)
        running_product_kernel(cells(values, values.shape), out)
        return out
    return np.cumprod(values, axis=1)


@jit.kernel
def running_product_kernel(values: np.ndarray, out: np.ndarray) -> None:
    """``out[s, t] = values[s, 0] x ... x values[s, t]``, multiplied from the first year on (numpy's order), a pure
    number when ``values`` are; both ``(n, Y)``."""
    n, years = values.shape
    for s in range(n):
        if years:
            total = values[s, 0]
            out[s, 0] = total
            for t in range(1, years):
                total = total * values[s, t]
                out[s, t] = total


def year_change(values: np.ndarray) -> np.ndarray:
    """``np.diff(values, axis=1, prepend=0.0)``: each year's value less the year before's (the first year's less 0),
    as a new float array: the same subtractions taken on slices, without the copy that prepending makes."""
    values = np.asarray(values, dtype=float)
    out = np.empty(values.shape)
    if values.shape[1]:
        np.subtract(values[:, :1], 0.0, out=out[:, :1])
        np.subtract(values[:, 1:], values[:, :-1], out=out[:, 1:])
    return out


def trailing_sum(values: np.ndarray, window: int) -> np.ndarray:
    """Sum over the last ``window`` years, the current one included: ``sum(values[t - window + 1 .. t])``."""
    total = running_total(values)
    if window >= values.shape[1]:
        return total  # the window holds every year so far
    total[:, window:] -= total[:, :-window].copy()
    return total


def year_of(x: Inputs, index: np.ndarray) -> np.ndarray:
    """Calendar years of column indices."""
    return np.asarray(x.years, dtype=float)[index]
