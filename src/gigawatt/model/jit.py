"""Compiled kernels for the model's hot loops: :mod:`gigawatt.engine.jit` (numba when installed, else the numpy
references), under the name the model blocks use (``from gigawatt.model import jit``; ``jit.enabled()``)."""

from gigawatt.engine.jit import ENVIRONMENT, Kernel, arrays, enabled, kernel

__all__ = ["ENVIRONMENT", "Kernel", "arrays", "enabled", "kernel"]
