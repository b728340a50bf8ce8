"""Compiled kernels: numba when it is installed (the ``fast`` extra), else the numpy reference.

The model's blocks and the engine use it alike (the model imports it as ``gigawatt.model.jit``, which is
this very module: see that file), so one switch turns every kernel on or off.

A kernel is a plain Python function over arrays, written as loops over samples
and years, that must give the same numbers as the numpy reference beside it (a
test in ``tests/model/`` runs both). :func:`kernel` compiles it with numba on
its first call (``cache=True``: later processes load the machine code from
``__pycache__`` instead of compiling again). Without numba, or with
``GIGAWATT_KERNELS=numpy`` in the environment, :func:`enabled` is False and the
model runs its numpy reference instead: loops in plain Python over samples
would be far too slow, so a kernel is never called uncompiled.

numba is imported on the first call of a kernel only, so that commands which
do not simulate (``--help``, ``validate``) do not pay for its import.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from functools import cache
from typing import Any

ENVIRONMENT = "GIGAWATT_KERNELS"
"""Set to ``numpy`` to run the numpy references even where numba is installed."""


@cache
def enabled() -> bool:
    """True when kernels are compiled: numba is installed and ``GIGAWATT_KERNELS`` is not ``numpy``."""
    if os.environ.get(ENVIRONMENT, "").strip().lower() == "numpy":
        return False
    return importlib.util.find_spec("numba") is not None


class Kernel:
    """A function compiled by numba on its first call (``nopython``, ``cache=True``)."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.compiled: Callable[..., Any] | None = None
        self.__doc__ = function.__doc__
        self.__name__ = function.__name__

    def __call__(self, *args: Any) -> Any:
        if self.compiled is None:
            if not enabled():
                raise RuntimeError(f"{self.__name__} called without numba: the model must use its numpy reference")
            import numba

            self.compiled = numba.njit(cache=True, nogil=True)(self.function)
        return self.compiled(*args)


def kernel(function: Callable[..., Any]) -> Kernel:
    """Decorator: ``function`` compiled by numba on first call (see the module's docstring)."""
    return Kernel(function)


def arrays(items: list[Any]) -> Any:
    """``items`` as a numba typed list, for a kernel that takes any number of arrays (all of one type: float64,
    2-D, C-ordered, read-only, as :func:`gigawatt.model.common.compact` makes them). Call it only when
    :func:`enabled`: it imports numba."""
    from numba.typed import List

    return List(items)
