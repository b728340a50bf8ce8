"""The inverse tables in z against scipy's inverse CDFs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import scipy.special
import scipy.stats

from gigawatt.engine import ztable
from gigawatt.scenario.distributions import pert_shape, ppf
from gigawatt.scenario.values import Dist

BOUND = 1e-7
"""The documented bound: a PERT, triangular or uniform table reads within 1e-7 of its range (max - min)."""
BETA_BOUND = 1e-6
"""A beta of any shape from 0.2 to 100: within 1e-6 of its range (the steeper tails of lopsided shapes)."""


def _draws() -> np.ndarray:
    rng = np.random.default_rng(17)
    return np.concatenate([rng.standard_normal(200_000), rng.uniform(-ztable.Z_END, ztable.Z_END, 200_000),
                           np.linspace(-ztable.Z_END, ztable.Z_END, 20_001), [-9.0, 9.0, 0.0]])


def _exact(dist: Dist, z: np.ndarray) -> np.ndarray:
    """What the copula used to do: scipy's inverse CDF at Phi(z), u held within [1e-12, 1 - 1e-12]."""
    return ppf(dist, np.clip(scipy.special.ndtr(z), 1e-12, 1 - 1e-12))


@pytest.mark.parametrize(("a", "b"), [(1, 5), (5, 1), (3, 3), (1.4, 4.6), (2, 4), (0.5, 0.5), (0.8, 3), (10, 2),
                                      (1.0001, 4.9999), (1, 1), (30, 40)])
def test_beta_quantile_is_scipys(a: float, b: float) -> None:
    lower, upper = ztable.normal_pair()
    got = ztable.beta_quantile(a, b, lower, upper)
    below = lower <= 0.5
    exact = np.where(below, scipy.stats.beta.ppf(lower, a, b), scipy.stats.beta.isf(upper, a, b))
    np.testing.assert_allclose(got, exact, rtol=0, atol=1e-14)


PERTS = [(0.0, 0.0, 1.0), (0.0, 1.0, 1.0), (0.0, 0.5, 1.0), (10.0, 12.0, 30.0), (0.3, 0.31, 0.7),
         (-5e9, 1e9, 2e9), (1.0, 1.9999, 2.0)]


@pytest.mark.parametrize(("low", "mode", "high"), PERTS)
def test_pert_table_within_the_bound(low: float, mode: float, high: float) -> None:
    dist = Dist("pert", {"min": low, "mode": mode, "max": high})
    z = _draws()
    got = ztable.from_normal(dist, z)
    assert np.max(np.abs(got - _exact(dist, z))) <= BOUND * (high - low)
    assert got.min() >= low and got.max() <= high


@pytest.mark.parametrize("dist", [
    Dist("triangular", {"min": 0.0, "mode": 0.2, "max": 1.0}),
    Dist("triangular", {"min": 2.0, "mode": 2.0, "max": 5.0}),
    Dist("uniform", {"low": -1.0, "high": 3.0}),
    Dist("beta", {"a": 2.0, "b": 7.0}),
    Dist("beta", {"a": 1.0, "b": 1.0, "low": 5.0, "high": 6.0}),
    Dist("beta", {"a": 12.0, "b": 3.5}),
    Dist("beta", {"a": 0.5, "b": 10.0}),
    Dist("beta", {"a": 1.0, "b": 20.0}),
    Dist("beta", {"a": 0.2, "b": 0.3, "low": -2.0, "high": 2.0}),
    Dist("beta", {"a": 100.0, "b": 3.0}),
], ids=lambda d: f"{d.kind}-{'-'.join(map(str, d.params.values()))}")
def test_other_tables_within_the_bound(dist: Dist) -> None:
    low, high = ppf(dist, np.array([0.0, 1.0]))
    z = _draws()
    bound = BETA_BOUND if dist.kind == "beta" else BOUND
    assert np.max(np.abs(ztable.from_normal(dist, z) - _exact(dist, z))) <= bound * (high - low)


def test_the_bound_is_not_loose_by_much() -> None:
    """Half as many intervals would break it: the table is no finer than the bound needs times four."""
    a, b = pert_shape(0.0, 0.5, 1.0)
    z = np.linspace(-ztable.Z_END, ztable.Z_END, ztable.INTERVALS // 2 + 1)
    lower, upper = scipy.special.ndtr(z), scipy.special.ndtr(-z)
    coarse = ztable.beta_quantile(a, b, lower, upper)
    dist = Dist("pert", {"min": 0.0, "mode": 0.5, "max": 1.0})
    w = _draws()
    worst_coarse = np.max(np.abs(np.interp(w, z, coarse) - _exact(dist, w)))
    worst = np.max(np.abs(ztable.from_normal(dist, w) - _exact(dist, w)))
    assert worst < BOUND < 8 * worst_coarse
    assert 3 < worst_coarse / worst < 5  # the error of linear reading falls as h^2


@pytest.mark.parametrize(("values", "weights"), [((1.0, 2.0, 3.0), None), ((0.1, 0.5), (0.9, 0.1)),
                                                 ((5.0,), None), ((1.0, 2.0, 4.0), (0.25, 0.0, 0.75))])
def test_choice_is_exact(values: tuple[float, ...], weights: tuple[float, ...] | None) -> None:
    params: dict[str, float | tuple[float, ...]] = {"values": values}
    if weights is not None:
        params["weights"] = weights
    dist = Dist("choice", params)
    z = _draws()
    got = ztable.from_normal(dist, z)
    exact = _exact(dist, z)
    near = np.zeros_like(z, dtype=bool)  # within rounding of a threshold, either neighbour is right
    cumulative = np.cumsum(np.asarray(weights or np.ones(len(values))) / np.sum(weights or np.ones(len(values))))
    for c in cumulative[:-1]:
        near |= np.abs(scipy.special.ndtr(z) - c) < 1e-12
    np.testing.assert_array_equal(got[~near], exact[~near])


def test_tables_are_the_same_in_every_call() -> None:
    dist = Dist("pert", {"min": 1.0, "mode": 2.0, "max": 4.0})
    z = np.random.default_rng(3).standard_normal(10_000)
    whole = ztable.from_normal(dist, z)
    parts = np.concatenate([ztable.from_normal(dist, z[:3_333]), ztable.from_normal(dist, z[3_333:])])
    np.testing.assert_array_equal(whole, parts)


CORRELATED = """\
name: tables
horizon: {start: 2025, end: 2027}
consumer:
  users: 1B
  paying_share: {pert: {min: 0.02, mode: 0.05, max: 0.12}}
  tiers: [{name: plus, share_of_payers: 100%, price: {beta: {a: 2, b: 5, low: 100, high: 400}}}]
streams:
  - {name: subs, type: subscription}
correlations:
  - {between: [consumer.paying_share, consumer.tiers.plus.price], rank: 0.6}
"""


def test_correlated_draws_are_the_tables_and_the_same_from_any_thread() -> None:
    import gigawatt
    from gigawatt.engine.sampling import standard_normals
    from gigawatt.scenario.correlations import copula_factor

    scenario = gigawatt.loads(CORRELATED)
    first = gigawatt.simulate(scenario, samples=3000, seed=4)
    paths = sorted(["consumer.paying_share", "consumer.tiers.plus.price"])
    mixed = copula_factor(paths, scenario.correlations) @ np.stack([standard_normals(4, p, 0, 3000) for p in paths])
    pert = Dist("pert", {"min": 0.02, "mode": 0.05, "max": 0.12})
    np.testing.assert_array_equal(first.inputs["consumer.paying_share"], ztable.from_normal(pert, mixed[0]))
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: gigawatt.simulate(scenario, samples=3000, seed=4), range(8)))
    for result in results:
        np.testing.assert_array_equal(result["revenue_total"], first["revenue_total"])
