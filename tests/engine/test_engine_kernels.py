"""The engine's compiled kernels (gigawatt.engine.kernels) against the numpy references they stand for, bit for
bit, and the copula's written-out mix against BLAS's product within its bound."""

from __future__ import annotations

import numpy as np
import pytest

from gigawatt.engine import jit, sampling, ztable
from gigawatt.scenario import distributions
from gigawatt.scenario.evaluate import evaluate
from gigawatt.scenario.parse import parse_value
from gigawatt.scenario.values import Anchors, Dist

pytest.importorskip("numba")

YEARS = np.arange(2024, 2036)


def both_ways(monkeypatch: pytest.MonkeyPatch, compute):  # type: ignore[no-untyped-def]
    """``compute()`` with the kernels, then with the numpy references."""
    monkeypatch.setattr(jit, "enabled", lambda: True)
    compiled = compute()
    monkeypatch.setattr(jit, "enabled", lambda: False)
    reference = compute()
    return compiled, reference


ANCHORS = [
    {2026: "1 to 2", 2028: 4, 2031: "-1 to 8", 2033: "3 to 9"},
    {2020: "1 to 2", 2040: "2 to 3"},
    {2024: "1 to 5", 2035: "2 to 9"},
    {2025: 3, 2030: "0 to 1"},
    {2024: "1 to 2", 2025: "1 to 2", 2026: "1 to 2", 2027: "1 to 2", 2030: "1 to 2", 2035: "1 to 2"},
]


@pytest.mark.parametrize("interpolate", ["linear", "log"])
@pytest.mark.parametrize("raw", ANCHORS)
@pytest.mark.parametrize("low", [-1.0, 0.5])
def test_anchor_kernel_gives_the_numpy_paths_bit_for_bit(raw: dict[object, object], interpolate: str, low: float,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Random anchors, some at or below 0 (where a log path is linear), some not finite."""
    value = parse_value(raw, "fraction", interpolate=interpolate)
    assert isinstance(value, Anchors)
    rng = np.random.default_rng(11)
    draws = {}
    for year, part in value.points:
        if isinstance(part, Dist):
            part.path = f"x.{year}"
            draws[part.path] = rng.uniform(low, 9, 2000)
            draws[part.path][:3] = [0.0, -0.0, 1e-300]
    compiled, reference = both_ways(monkeypatch, lambda: evaluate(value, YEARS, draws))
    assert compiled.shape == reference.shape == (2000, len(YEARS))
    assert compiled.flags.c_contiguous
    np.testing.assert_array_equal(compiled, reference)


def test_a_hand_made_log_path_by_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """1 in 2025 to 4 in 2027, log: 2 in 2026 (exp of (log 1 + log 4) / 2). From -1 to 3 the segment is linear
    (1 in 2026) and the years where -1 weighs alone as well; where 3 weighs alone it is exp(log 3)."""
    value = parse_value({2025: "1 to 2", 2027: "3 to 5"}, "fraction", interpolate="log")
    assert isinstance(value, Anchors)
    (_, first), (_, last) = value.points
    assert isinstance(first, Dist) and isinstance(last, Dist)
    first.path, last.path = "a", "b"
    draws = {"a": np.array([1.0, -1.0]), "b": np.array([4.0, 3.0])}
    monkeypatch.setattr(jit, "enabled", lambda: True)
    got = evaluate(value, np.arange(2024, 2029), draws)
    np.testing.assert_allclose(got[0], [1.0, 1.0, 2.0, 4.0, 4.0], rtol=1e-15)
    np.testing.assert_array_equal(got[1, :3], [-1.0, -1.0, 1.0])
    np.testing.assert_allclose(got[1, 3:], [3.0, 3.0], rtol=1e-15)
    monkeypatch.setattr(jit, "enabled", lambda: False)
    np.testing.assert_array_equal(got, evaluate(value, np.arange(2024, 2029), draws))


def test_uniform_interp_kernel_is_numpys_interp() -> None:
    """On random z, on the grid's own points, next to them, at and beyond the ends, NaN and infinities."""
    from gigawatt.engine import kernels

    grid = ztable.z_grid()
    table = ztable._table("pert", (("max", 0.9), ("min", 0.1), ("mode", 0.3)))
    rng = np.random.default_rng(3)
    on_grid = grid[rng.integers(0, len(grid), 200)]
    z = np.concatenate([rng.standard_normal(20_000) * 3, on_grid, np.nextafter(on_grid, np.inf),
                        np.nextafter(on_grid, -np.inf),
                        [np.nan, np.inf, -np.inf, 8.0, -8.0, grid[0], grid[-1], 0.0, -0.0,
                         np.nextafter(grid[-1], 0), np.nextafter(grid[0], 0)]])
    out = np.empty_like(z)
    kernels.interp_uniform(z, -ztable.Z_END, 2 * ztable.Z_END / ztable.INTERVALS, grid, table, out)
    np.testing.assert_array_equal(out, np.interp(z, grid, table))
    flat = np.array([1.0, 1.0, 2.0, 2.0])  # a table with equal neighbours
    small = np.array([0.0, 1.0, 2.0, 3.0])
    probe = np.array([0.5, 1.5, 2.5, 3.0, -1.0])
    kernels.interp_uniform(probe, 0.0, 1.0, small, flat, got := np.empty(5))
    np.testing.assert_array_equal(got, np.interp(probe, small, flat))


@pytest.mark.parametrize("kind", ["pert", "triangular", "beta", "uniform"])
def test_from_normal_is_the_same_with_and_without_kernels(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    params = {"pert": {"min": 1.0, "mode": 2.0, "max": 9.0}, "triangular": {"min": 1.0, "mode": 2.0, "max": 9.0},
              "beta": {"a": 0.7, "b": 3.0, "low": 0.0, "high": 2.0}, "uniform": {"low": -1.0, "high": 2.0}}[kind]
    dist = Dist(kind, params)  # type: ignore[arg-type]
    z = np.random.default_rng(4).standard_normal((3, 500))  # any shape
    compiled, reference = both_ways(monkeypatch, lambda: ztable.from_normal(dist, z))
    assert compiled.shape == (3, 500)
    np.testing.assert_array_equal(compiled, reference)


def test_copula_mix_is_the_product_within_its_bound() -> None:
    """Rows of one term are the normals themselves; others within 2 k units in the last place of the sum of
    the terms' magnitudes (``k`` terms), of BLAS's ``factor @ normals``."""
    factor = np.linalg.cholesky(np.array([[1.0, 0.6, 0.0, 0.3], [0.6, 1.0, 0.0, 0.2],
                                          [0.0, 0.0, 1.0, 0.0], [0.3, 0.2, 0.0, 1.0]]))
    normals = list(np.random.default_rng(8).standard_normal((4, 10_000)))
    product = factor @ np.stack(normals)
    for row in range(4):
        got = sampling.mix(factor, normals, row)
        terms = [factor[row, j] * normals[j] for j in range(4) if factor[row, j] != 0.0]
        np.testing.assert_array_equal(got, sum(terms[1:], terms[0]))  # added in column order
        magnitude = sum(np.abs(t) for t in terms)
        assert np.all(np.abs(got - product[row]) <= 2 * len(terms) * np.finfo(float).eps * magnitude)
    np.testing.assert_array_equal(sampling.mix(factor, normals, 2), normals[2])
    np.testing.assert_array_equal(sampling.mix(np.eye(4), normals, 0), normals[0])


@pytest.mark.parametrize(("kind", "params", "from_normal"), [
    ("lognormal", {"mu": 1.5, "sigma": 0.7}, distributions._from_normal_lognormal),
    ("normal", {"mean": -2.0, "sd": 3.0}, distributions._from_normal_normal),
])
def test_in_place_draws_are_the_expressions_they_replace(kind: str, params: dict[str, float],
                                                         from_normal: object) -> None:
    dist = Dist(kind, params)  # type: ignore[arg-type]
    got = distributions.draw(dist, np.random.default_rng(9), 5000)
    want = from_normal(dist, np.random.default_rng(9).standard_normal(5000))  # type: ignore[operator]
    np.testing.assert_array_equal(got, want)


def test_in_place_pert_and_beta_draws_are_the_expressions_they_replace() -> None:
    pert = Dist("pert", {"min": 2.0, "mode": 3.0, "max": 7.0})
    alpha, beta = distributions.pert_shape(2.0, 3.0, 7.0)
    np.testing.assert_array_equal(distributions.draw(pert, np.random.default_rng(2), 4000),
                                  2.0 + (7.0 - 2.0) * np.random.default_rng(2).beta(alpha, beta, 4000))
    shaped = Dist("beta", {"a": 2.0, "b": 5.0, "low": -1.0, "high": 3.0})
    np.testing.assert_array_equal(distributions.draw(shaped, np.random.default_rng(2), 4000),
                                  -1.0 + (3.0 + 1.0) * np.random.default_rng(2).beta(2.0, 5.0, 4000))
    clipped = Dist("lognormal", {"mu": 0.0, "sigma": 1.0}, clip=(0.5, 2.0))
    want = np.clip(np.exp(np.random.default_rng(2).standard_normal(4000)), 0.5, 2.0)
    np.testing.assert_array_equal(distributions.draw(clipped, np.random.default_rng(2), 4000), want)
