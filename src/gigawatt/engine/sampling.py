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

import zlib
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from gigawatt.engine import ztable
from gigawatt.scenario.correlations import copula_factor
from gigawatt.scenario.distributions import FAMILIES, draw
from gigawatt.scenario.schema import Correlation
from gigawatt.scenario.values import Dist

BLOCK = 8192
"""Samples per random block: the unit of the random streams."""


def _by_block(seed: int, path: str, start: int, stop: int,
              make: Callable[[np.random.Generator], np.ndarray]) -> np.ndarray:
    """Samples ``start`` to ``stop`` of input ``path``, each block of :data:`BLOCK` made whole by ``make``."""
    key = zlib.crc32(path.encode("utf-8"))
    out = np.empty(stop - start)
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):  # blocks of samples, not samples
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block, key))))
        values = make(rng)
        lo, hi = max(start, block * BLOCK), min(stop, (block + 1) * BLOCK)
        out[lo - start : hi - start] = values[lo - block * BLOCK : hi - block * BLOCK]
    return out


def standard_normals(seed: int, path: str, start: int, stop: int) -> np.ndarray:
    """Independent N(0, 1) draws of input ``path`` for samples ``start`` to ``stop`` (exclusive)."""
    return _by_block(seed, path, start, stop, lambda rng: rng.standard_normal(BLOCK))


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


def draw_inputs(
    inputs: dict[str, Dist],
    correlations: Sequence[Correlation],
    seed: int,
    start: int,
    stop: int,
) -> dict[str, np.ndarray]:
    """Draws of every uncertain input for samples ``start`` to ``stop``: ``{path: array of shape (n,)}``."""
    correlated = sorted({p for c in correlations for p in c.between})
    out = {
        path: _by_block(seed, path, start, stop, partial(_draw_block, dist))
        for path, dist in inputs.items() if path not in correlated
    }
    if correlated:
        factor = copula_factor(correlated, correlations)
        mixed = factor @ np.stack([standard_normals(seed, p, start, stop) for p in correlated])
        out.update({p: to_values(inputs[p], mixed[i]) for i, p in enumerate(correlated)})
    return {path: out[path] for path in inputs}
