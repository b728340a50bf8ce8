"""Running toy scenarios written as YAML text through the whole model."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

import gigawatt
from gigawatt.engine.result import Result


def run(text: str, samples: int = 4, seed: int = 1) -> Result:
    """Load ``text`` and simulate it with every model block."""
    return gigawatt.simulate(gigawatt.loads(text), samples=samples, seed=seed)


def row(result: Result, name: str) -> np.ndarray:
    """The series ``name`` of a deterministic scenario: checks every sample agrees and returns the first."""
    values = result[name]
    assert values.shape == (result.samples, len(result.years)), name
    np.testing.assert_array_equal(values, np.broadcast_to(values[:1], values.shape))
    return values[0]


def scalar(result: Result, name: str) -> float:
    """The scalar ``name`` of a deterministic scenario (the same in every sample)."""
    values = result[name]
    assert values.shape == (result.samples,), name
    assert np.all(values == values[0]) or np.all(np.isnan(values)), name
    return float(values[0])


def close(actual: ArrayLike, expected: ArrayLike, rel: float = 1e-9) -> None:
    """``actual`` equals ``expected`` to a relative tolerance (and an absolute one of 1e-6)."""
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=rel, atol=1e-6)


def run_linked(text: str, links: dict[str, np.ndarray], samples: int = 4,
               seed: int = 1) -> tuple[Result, dict[str, np.ndarray]]:
    """Simulate ``text`` with ``links`` handed to the blocks (as a network does); return the result and every
    series computed, the intermediates (``_`` names) included."""
    from gigawatt.engine.runner import run_blocks
    from gigawatt.engine.sampling import draw_inputs
    from gigawatt.model import BLOCKS
    from gigawatt.scenario.paths import uncertain_inputs

    scenario = gigawatt.loads(text)
    draws = draw_inputs(uncertain_inputs(scenario), scenario.correlations, seed, 0, samples)
    outputs, computed = run_blocks(scenario, BLOCKS, draws, samples, links)
    return Result.from_chunks(scenario, np.asarray(scenario.years), seed, [outputs], [draws], ""), computed
