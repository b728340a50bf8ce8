"""Seeded draws of every uncertain input, with rank correlations through a Gaussian copula.

Reproducibility: the samples are cut into fixed blocks of :data:`BLOCK` samples.
Block ``b`` of input ``path`` is drawn from its own stream,
``SeedSequence(seed, spawn_key=(b, crc32(path)))``. A sample's draws therefore
depend on the seed, its index and the input's name alone -- not on the chunk
size, the number of processes, nor on which other inputs exist (so adding an
input leaves every other input's draws unchanged: common random numbers).

An input that takes part in a correlation is drawn as standard normals,
mixed through the copula's Cholesky factor and mapped by its inverse CDF (exact
for normals and lognormals, read from a table in z for the others: see
:mod:`gigawatt.engine.ztable`); every other input is drawn directly.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from functools import partial

import numpy as np

from gigawatt.engine import ztable
from gigawatt.scenario.correlations import copula_factor
from gigawatt.scenario.distributions import FAMILIES, draw
from gigawatt.scenario.schema import Correlation
from gigawatt.scenario.values import Dist

BLOCK = 8192
"""Samples per random block: the unit of the random streams."""


CACHED_BLOCKS = 256
"""Random blocks kept for reuse (64 KB each: 16 MB at most). The dashboard simulates the same scenario
with the same seed after every change of an input: the other inputs' draws are taken from here."""


class _Blocks:
    """The last :data:`CACHED_BLOCKS` blocks of draws made, by what fixes them (read-only arrays)."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self._items: OrderedDict[Hashable, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], np.ndarray]) -> np.ndarray:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        values = make()
        values.flags.writeable = False
        with self._lock:
            self._items[key] = values
            while len(self._items) > self.kept:
                self._items.popitem(last=False)
        return values


_blocks = _Blocks(CACHED_BLOCKS)


def _by_block(seed: int, path: str, start: int, stop: int,
              make: Callable[[np.random.Generator], np.ndarray], how: Hashable) -> np.ndarray:
    """Samples ``start`` to ``stop`` of input ``path``, each block of :data:`BLOCK` made whole by ``make``.

    ``how`` names what ``make`` draws (the distribution and its parameters, with the seed, the path and
    the block it fixes the values: a block is reused when they are the same).
    """
    key = zlib.crc32(path.encode("utf-8"))
    out = np.empty(stop - start)
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):  # blocks of samples, not samples

        def whole(block: int = block) -> np.ndarray:
            return make(np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block, key)))))

        values = _blocks.get((seed, path, block, how), whole)
        lo, hi = max(start, block * BLOCK), min(stop, (block + 1) * BLOCK)
        out[lo - start : hi - start] = values[lo - block * BLOCK : hi - block * BLOCK]
    return out


def standard_normals(seed: int, path: str, start: int, stop: int) -> np.ndarray:
    """Independent N(0, 1) draws of input ``path`` for samples ``start`` to ``stop`` (exclusive)."""
    return _by_block(seed, path, start, stop, lambda rng: rng.standard_normal(BLOCK), "standard normal")


def to_values(dist: Dist, z: np.ndarray) -> np.ndarray:
    """Turn standard normal draws into draws of ``dist``: exact for normals and lognormals, from an
    inverse table in z for the other families (:mod:`gigawatt.engine.ztable`, within 1e-7 of the range
    for a PERT), then clipped to ``dist.clip``."""
    lo, hi = dist.clip
    from_normal = FAMILIES[dist.kind].from_normal
    x = from_normal(dist, z) if from_normal is not None else ztable.from_normal(dist, z)
    if lo is not None or hi is not None:
        x = np.clip(x, lo, hi)
    return x


def _draw_block(dist: Dist, rng: np.random.Generator) -> np.ndarray:
    return draw(dist, rng, BLOCK)


def mix(factor: np.ndarray, normals: Sequence[np.ndarray], row: int) -> np.ndarray:
    """Row ``row`` of ``factor @ normals``: the sum of ``factor[row, j] * normals[j]`` over the columns ``j`` where
    the factor is not zero, added in column order.

    Written out rather than handed to BLAS: the result is the same on every machine (a BLAS kernel's
    order of additions, and whether it fuses them, depends on the CPU: OpenBLAS's SkylakeX kernel gives
    other last bits than this sum), and a threaded BLAS's threads spinning after each product took more
    CPU than the product on a loaded 2-core machine (2-30 ms against 0.5 ms for 15 x 15 @ 15 x 20,000).
    A mixed normal of ``k`` terms differs from BLAS's by at most about ``2 k`` units in the last place of
    ``sum |factor[row, j] * normals[j]|`` (both are within ``k`` of the exact sum).
    """
    columns = [j for j in range(row + 1) if factor[row, j] != 0.0]  # lower triangular, positive diagonal
    out = factor[row, columns[0]] * normals[columns[0]]
    for j in columns[1:]:  # a loop over the few inputs of a correlation, not over samples
        out += factor[row, j] * normals[j]
    return out


def draw_inputs(
    inputs: dict[str, Dist],
    correlations: Sequence[Correlation],
    seed: int,
    start: int,
    stop: int,
) -> dict[str, np.ndarray]:
    """Draws of the uncertain ``inputs`` for samples ``start`` to ``stop``: ``{path: array of shape (n,)}``.

    Leaving an input out (a pinned one) leaves every other input's draws as they were: a correlated input
    is still mixed with the normals of every input of its correlations.
    """
    correlated = sorted({p for c in correlations for p in c.between})
    out = {
        path: _by_block(seed, path, start, stop, partial(_draw_block, dist),
                        (dist.kind, tuple(sorted(dist.params.items())), dist.clip))
        for path, dist in inputs.items() if path not in correlated
    }
    if any(p in inputs for p in correlated):
        factor = copula_factor(correlated, correlations)
        normals = [standard_normals(seed, p, start, stop) for p in correlated]
        out.update({p: to_values(inputs[p], mix(factor, normals, i)) for i, p in enumerate(correlated)
                    if p in inputs})
    return {path: out[path] for path in inputs}
