"""The engine's per-sample ``pinned`` values (added for sensitivity designs)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import gigawatt


def test_an_array_gives_each_sample_its_own_value(product_file: Path) -> None:
    scenario = gigawatt.load(product_file)
    users = np.linspace(1e8, 1e9, 50)
    result = gigawatt.simulate(scenario, samples=50, pinned={"consumer.users": users})
    np.testing.assert_array_equal(result.inputs["consumer.users"], users)
    x = result.inputs
    np.testing.assert_allclose(result.series["revenue_total"][:, 0],
                               users * x["consumer.paying_share"] * x["consumer.tiers.plus.price"], rtol=1e-12)


def test_other_inputs_keep_their_draws(product_file: Path) -> None:
    scenario = gigawatt.load(product_file)
    base = gigawatt.simulate(scenario, samples=40, seed=4)
    pinned = gigawatt.simulate(scenario, samples=40, seed=4, pinned={"consumer.users": np.full(40, 5e8)})
    np.testing.assert_array_equal(base.inputs["consumer.paying_share"], pinned.inputs["consumer.paying_share"])


def test_arrays_are_sliced_per_chunk(product_file: Path) -> None:
    scenario = gigawatt.load(product_file)
    n = 20_000
    values = np.linspace(0.05, 0.1, n)
    one = gigawatt.simulate(scenario, samples=n, pinned={"consumer.paying_share": values}, chunk_size=8192)
    big = gigawatt.simulate(scenario, samples=n, pinned={"consumer.paying_share": values}, chunk_size=10 ** 6)
    np.testing.assert_array_equal(one.series["revenue_total"], big.series["revenue_total"])
    np.testing.assert_array_equal(one.inputs["consumer.paying_share"], values)


def test_an_array_of_the_wrong_length_is_refused(product_file: Path) -> None:
    with pytest.raises(ValueError, match="array of 10 values"):
        gigawatt.simulate(gigawatt.load(product_file), samples=10, pinned={"consumer.users": np.ones(9)})


def test_pinning_a_correlated_input_keeps_every_other_draw() -> None:
    """A pinned input is not drawn, and the draws of the others do not change: the correlated ones are still
    mixed with its normals (openai-2025 correlates inputs through a copula); the inputs keep their order."""
    from gigawatt.scenario.paths import uncertain_inputs

    scenario = gigawatt.load("openai-2025")
    correlated = sorted({p for c in scenario.correlations for p in c.between})
    assert len(correlated) >= 2
    pinned = {correlated[0]: float(np.median(gigawatt.simulate(scenario, 64, seed=3).inputs[correlated[0]])),
              next(p for p in uncertain_inputs(scenario) if p not in correlated): np.linspace(1.0, 2.0, 64)}
    base = gigawatt.simulate(scenario, 64, seed=3)
    got = gigawatt.simulate(scenario, 64, seed=3, pinned=pinned)
    assert list(got.inputs) == list(base.inputs)
    for path, values in base.inputs.items():
        if path in pinned:
            np.testing.assert_array_equal(got.inputs[path], np.broadcast_to(pinned[path], (64,)))
        else:
            np.testing.assert_array_equal(got.inputs[path], values)
