"""A small memo of slow inverse transforms, so that re-running a scenario with one input changed is fast.

The dashboard re-simulates after every slider move with every other input unchanged:
their standard normal draws are the same, so the (slow) inverse CDF of each correlated
beta, PERT or triangular input gives the same values again. :data:`INVERSE` keeps the
last ones, keyed by the distribution and a digest of the draws; a hit returns a copy of
exactly the values computed before, so results stay bit-identical. Bounded in bytes,
shared safely between threads.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np

from gigawatt.scenario.values import Dist


class Memo:
    """Values of ``dist`` at draws ``z``, least recently used first out.

    Parameters
    ----------
    budget
        Bytes of values kept in all.
    largest
        Draws larger than this many bytes are not kept (a big run would only churn the memo).
    """

    def __init__(self, budget: int = 32 * 2**20, largest: int = 2**20) -> None:
        self.budget, self.largest = budget, largest
        self._items: OrderedDict[Hashable, np.ndarray] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def values(self, dist: Dist, z: np.ndarray, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """``compute()`` (the values of ``dist`` at ``z``), or a copy of the values kept from before."""
        if z.nbytes > self.largest:
            return compute()
        key = (dist.kind, tuple(sorted(dist.params.items())), dist.clip, z.shape,
               hashlib.blake2b(np.ascontiguousarray(z).tobytes(), digest_size=16).digest())
        with self._lock:
            kept = self._items.get(key)
            if kept is not None:
                self._items.move_to_end(key)
        if kept is not None:
            return kept.copy()
        values = compute()
        kept = values.copy()
        kept.flags.writeable = False
        with self._lock:
            if key not in self._items:
                self._items[key] = kept
                self._size += kept.nbytes
                while self._size > self.budget:
                    _, dropped = self._items.popitem(last=False)
                    self._size -= dropped.nbytes
        return values

    def clear(self) -> None:
        """Forget every kept value."""
        with self._lock:
            self._items.clear()
            self._size = 0


INVERSE = Memo()
"""The memo :func:`gigawatt.engine.sampling.to_values` uses for the kinds without a closed-form inverse."""
