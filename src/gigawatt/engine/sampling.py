"""Seeded draws of every uncertain input, with rank correlations through a Gaussian copula.

Reproducibility: the samples are cut into fixed blocks of :data:`BLOCK` samples.
Block ``b`` of input ``path`` is drawn from its own stream,
``SeedSequence(seed, spawn_key=(b, crc32(path)))``. A sample's draws therefore
depend on the seed, its index and the input's name alone -- not on the chunk
size, the number of processes, nor on which other inputs exist (so adding an
input leaves every other input's draws unchanged: common random numbers).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from gigawatt.scenario.correlations import copula_factor
from gigawatt.scenario.distributions import ppf
from gigawatt.scenario.schema import Correlation
from gigawatt.scenario.values import Dist

BLOCK = 8192
"""Samples per random block: the unit of the random streams."""


def standard_normals(seed: int, path: str, start: int, stop: int) -> np.ndarray:
    """Independent N(0, 1) draws of input ``path`` for samples ``start`` to ``stop`` (exclusive)."""
    key = zlib.crc32(path.encode("utf-8"))
    out = np.empty(stop - start)
    first, last = start // BLOCK, (stop - 1) // BLOCK
    for block in range(first, last + 1):  # a loop over blocks of samples, each drawn whole
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block, key))))
        z = rng.standard_normal(BLOCK)
        lo, hi = max(start, block * BLOCK), min(stop, (block + 1) * BLOCK)
        out[lo - start : hi - start] = z[lo - block * BLOCK : hi - block * BLOCK]
    return out


def to_values(dist: Dist, z: np.ndarray) -> np.ndarray:
    """Turn standard normal draws into draws of ``dist`` (inverse transform; exact for normals)."""
    lo, hi = dist.clip
    if dist.kind == "normal":
        x = float(dist.params["mean"]) + float(dist.params["sd"]) * z  # type: ignore[arg-type]
    elif dist.kind == "lognormal":
        x = np.exp(float(dist.params["mu"]) + float(dist.params["sigma"]) * z)  # type: ignore[arg-type]
    else:
        from scipy.special import ndtr

        return ppf(dist, np.clip(ndtr(z), 1e-12, 1 - 1e-12))
    if lo is not None or hi is not None:
        x = np.clip(x, lo, hi)
    return x


def draw_inputs(
    inputs: dict[str, Dist],
    correlations: Sequence[Correlation],
    seed: int,
    start: int,
    stop: int,
) -> dict[str, np.ndarray]:
    """Draws of every uncertain input for samples ``start`` to ``stop``: ``{path: array of shape (n,)}``."""
    z = {path: standard_normals(seed, path, start, stop) for path in inputs}
    if correlations:
        correlated = sorted({p for c in correlations for p in c.between})
        factor = copula_factor(correlated, correlations)
        stacked = np.stack([z[p] for p in correlated])
        mixed = factor @ stacked
        z.update({p: mixed[i] for i, p in enumerate(correlated)})
    return {path: to_values(dist, z[path]) for path, dist in inputs.items()}
