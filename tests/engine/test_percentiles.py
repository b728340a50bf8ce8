"""Percentiles from selected order statistics give exactly np.percentile's numbers, with the compiled selection
and with its numpy reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gigawatt.engine import jit
from gigawatt.engine.result import percentiles, percentiles_and_mean, sorted_percentiles

PERCENTS = [0.0, 5.0, 25.0, 50.0, 75.0, 95.0, 97.5, 100.0]


@pytest.fixture(autouse=True, params=["kernels", "numpy"])
def _selection(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with the compiled selection (when numba is installed) and with numpy's partition."""
    if request.param == "numpy":
        monkeypatch.setattr(jit, "enabled", lambda: False)
    elif not jit.enabled():
        pytest.skip("numba is not installed")


def _reference(values: np.ndarray, percents: list[float]) -> np.ndarray:
    with np.errstate(invalid="ignore", over="ignore"):
        return np.asarray(np.percentile(values, percents, axis=0, method="linear"))


@pytest.mark.parametrize("shape", [(1,), (2,), (7,), (1, 3), (2, 11), (1000, 11), (20_001, 4), (100_000, 3)])
def test_sorted_rows_equal_numpy_bit_for_bit(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(sum(shape))
    values = rng.lognormal(0, 2, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    got = sorted_percentiles(values, PERCENTS)
    assert got.shape == (len(PERCENTS), *shape[1:])
    np.testing.assert_array_equal(got, _reference(values, PERCENTS), strict=True)


def test_ties_infinities_and_nans_follow_numpy() -> None:
    values = np.array([[1.0, np.inf, 3.0, 0.0, -np.inf], [1.0, np.inf, np.nan, 0.0, np.inf],
                       [1.0, 2.0, 3.0, 0.0, np.inf], [1.0, np.inf, 3.0, 0.0, -np.inf]])
    np.testing.assert_array_equal(sorted_percentiles(values, PERCENTS), _reference(values, PERCENTS))


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=40),
                  elements=st.floats(allow_nan=True, allow_infinity=True, width=64)),
       st.lists(st.floats(0, 100), min_size=1, max_size=5))
def test_any_array_and_percents(values: np.ndarray, percents: list[float]) -> None:
    np.testing.assert_array_equal(sorted_percentiles(values, percents), _reference(values, percents))


def test_a_difference_beyond_the_largest_float_gives_numpys_numbers_without_a_warning() -> None:
    """Found by the fuzz above: the two order statistics differ by more than the largest float."""
    values = np.array([np.finfo(float).max, -9.97920155e291])
    np.testing.assert_array_equal(sorted_percentiles(values, [0.0, 50.0, 100.0]),
                                  _reference(values, [0.0, 50.0, 100.0]))


def test_percentiles_keep_infinities_where_numpy_would_say_nan() -> None:
    """The break-even year that never comes: both neighbours infinite give that infinity."""
    values = np.array([1.0, np.inf, np.inf, np.inf])
    assert percentiles(values, [90.0])[0] == np.inf


def test_the_values_are_left_as_they_were() -> None:
    values = np.array([3.0, 1.0, 2.0])
    sorted_percentiles(values, [50.0])
    sorted_percentiles(values[:, None], [50.0])
    assert values.tolist() == [3.0, 1.0, 2.0]


@pytest.mark.parametrize("shape", [(1,), (5_000,), (3, 2), (20_001, 11), (4000, 1)])
def test_the_mean_with_the_percentiles_is_numpys(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(len(shape))
    values = rng.lognormal(3, 2, size=shape)
    table, mean = percentiles_and_mean(values, [5.0, 50.0, 95.0])
    np.testing.assert_array_equal(mean, values.mean(axis=0), strict=True)
    np.testing.assert_array_equal(table, _reference(values, [5.0, 50.0, 95.0]), strict=True)


def test_a_summary_on_threads_is_the_summary_on_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each output's statistics are computed alone, so threads give the same summary, key order included."""
    import json

    import gigawatt
    from gigawatt.engine import result

    run = gigawatt.simulate("openai-2025", 3000, seed=3)
    monkeypatch.setattr(result, "THREADED_SAMPLES", 10**9)
    alone = json.dumps(run.summary())
    monkeypatch.setattr(result, "THREADED_SAMPLES", 0)
    monkeypatch.setattr(result.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert json.dumps(run.summary()) == alone
