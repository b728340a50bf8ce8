"""The kernel decorator and switch, :mod:`gigawatt.engine.jit`, under the name the model's blocks use.

``gigawatt.model.jit`` *is* that module (the same object, not a copy), so that patching
``jit.enabled`` here (the whole-model tests do) turns off the engine's kernels as well; it lives
in the engine because the engine may not import the model (``tests/engine/test_layers.py``).
"""

from __future__ import annotations

import sys

from gigawatt.engine import jit as _jit
from gigawatt.engine.jit import ENVIRONMENT, Kernel, arrays, enabled, kernel

__all__ = ["ENVIRONMENT", "Kernel", "arrays", "enabled", "kernel"]

sys.modules[__name__] = _jit
