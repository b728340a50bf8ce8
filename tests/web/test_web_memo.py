"""The memo of slow inverse transforms that keeps slider moves fast: same values, bounded, thread-safe."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

import gigawatt
from gigawatt.engine.memo import INVERSE, Memo
from gigawatt.scenario.values import Dist

CORRELATED = """\
name: memo
horizon: {start: 2025, end: 2027}
consumer:
  users: 1B
  paying_share: {pert: {min: 0.02, mode: 0.05, max: 0.12}}
  tiers: [{name: plus, share_of_payers: 100%, price: "{beta: {a: 2, b: 5, low: 100, high: 400}}"}]
streams:
  - {name: subs, type: subscription}
correlations:
  - {between: [consumer.paying_share, consumer.tiers.plus.price], rank: 0.6}
"""


def test_a_hit_gives_the_same_values_as_a_computation() -> None:
    memo = Memo()
    dist = Dist("pert", {"min": 1.0, "mode": 2.0, "max": 5.0})
    z = np.random.default_rng(1).standard_normal(1000)
    calls: list[int] = []

    def compute() -> np.ndarray:
        calls.append(1)
        return z * 2.0

    first = memo.values(dist, z, compute)
    first[0] = 99.0  # the caller owns what it gets
    second = memo.values(dist, z, compute)
    assert len(calls) == 1
    np.testing.assert_array_equal(second, z * 2.0)
    other = Dist("pert", {"min": 1.0, "mode": 3.0, "max": 5.0})
    memo.values(other, z, compute)
    memo.values(dist, z + 1e-12, compute)
    assert len(calls) == 3


def test_bounded_in_bytes() -> None:
    memo = Memo(budget=3 * 8_000, largest=8_000)
    dist = Dist("beta", {"a": 2.0, "b": 3.0})
    for seed in range(10):
        z = np.random.default_rng(seed).standard_normal(1000)
        memo.values(dist, z, lambda z=z: z.copy())
    assert len(memo._items) == 3
    big = np.zeros(2000)
    memo.values(dist, big, lambda: big.copy())
    assert len(memo._items) == 3


def test_simulations_stay_bit_identical() -> None:
    scenario = gigawatt.loads(CORRELATED.replace('"{beta: {a: 2, b: 5, low: 100, high: 400}}"',
                                                 "{beta: {a: 2, b: 5, low: 100, high: 400}}"))
    INVERSE.clear()
    cold = gigawatt.simulate(scenario, samples=3000, seed=4)
    assert len(INVERSE._items) == 2  # both correlated inputs went through the memo
    warm = gigawatt.simulate(scenario, samples=3000, seed=4)
    for path in cold.inputs:
        np.testing.assert_array_equal(cold.inputs[path], warm.inputs[path])
    np.testing.assert_array_equal(cold["revenue_total"], warm["revenue_total"])
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: gigawatt.simulate(scenario, samples=3000, seed=4), range(8)))
    for result in results:
        np.testing.assert_array_equal(result["revenue_total"], cold["revenue_total"])
