"""Order statistics: the compiled radix selection and its numpy reference against a full sort."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gigawatt.engine import jit
from gigawatt.engine.order import SHORT, order_statistics, order_statistics_numpy, select_kernel

pytest.importorskip("numba")


def _kth(n: int) -> np.ndarray:
    """The positions the summary's P5, P50 and P95 need, with the first and the last."""
    lo = np.floor((n - 1) * np.array([0.05, 0.5, 0.95])).astype(np.int64)
    return np.unique(np.concatenate([[0, n - 1], lo, np.minimum(lo + 1, n - 1)]))


def _columns(n: int, seed: int) -> np.ndarray:
    """Hand-made columns: spread, ties, one value, sorted, reversed, narrow, special floats, many zeros, a short
    run of adjacent floats (buckets of one key), a NaN."""
    rng = np.random.default_rng(seed)
    x = rng.lognormal(0, 2, (n, 11)) * rng.choice([-1.0, 1.0], (n, 11))
    x[:, 1] = np.round(x[:, 1])
    x[:, 2] = 1.0
    x[:, 3] = np.sort(x[:, 3])
    x[:, 4] = np.sort(x[:, 4])[::-1]
    x[:, 5] = 1e9 + rng.normal(size=n) * 1e-3
    x[:, 6] = rng.choice([0.0, -0.0, 1.0, np.inf, -np.inf, 5e-324, -5e-324, np.finfo(float).max], n)
    x[:, 7] = np.where(rng.random(n) < 0.4, 0.0, x[:, 7])
    x[:, 8] = 1.0 + rng.integers(0, 3000, n) * np.finfo(float).eps  # 3,000 adjacent floats at most
    x[:, 9] = np.where(rng.random(n) < 0.5, 1e9 + rng.normal(size=n) * 1e-3, -x[:, 9])  # a narrow lump and a spread
    x[:, 10] = x[:, 0]
    x[n // 2, 10] = np.nan
    return x


@pytest.mark.parametrize("n", [1, 2, 3, 17, 100, SHORT, SHORT + 1, 5_000, 100_000])
def test_kernel_and_numpy_give_the_sorted_columns_values(n: int) -> None:
    values = _columns(n, n)
    kth = _kth(n)
    expected = np.sort(values, axis=0)[kth].T
    for got, has_nan, _ in (order_statistics(values, kth), order_statistics_numpy(values, kth)):
        assert has_nan.tolist() == [False] * 10 + [True]
        np.testing.assert_array_equal(got[:10], expected[:10], strict=True)


@pytest.mark.parametrize("n", [2, 3, 1000, 8192, 100_000])
def test_the_kernels_mean_is_numpys(n: int) -> None:
    """The kernel adds each column in row order, as numpy's ``mean(axis=0)`` does for more than one column."""
    values = _columns(n, 7 * n)[:, [0, 1, 3, 5, 7, 9, 10]]
    with np.errstate(invalid="ignore"):
        expected = values.mean(axis=0)
    _, _, means = order_statistics(values, _kth(n))
    assert means is not None
    np.testing.assert_array_equal(means, expected, strict=True)
    one = values[:, :1]  # one column: numpy adds pairwise, and so does order_statistics then
    np.testing.assert_array_equal(order_statistics(one, _kth(n))[2], one.mean(axis=0), strict=True)


def test_every_position_of_a_short_and_a_long_column() -> None:
    rng = np.random.default_rng(3)
    for n in (50, 3 * SHORT):
        values = np.stack([rng.normal(size=n), np.round(rng.normal(size=n) * 4)], axis=1)
        kth = np.arange(n)
        out = np.zeros((2, n))
        select_kernel(values, kth, out, np.zeros(2, dtype=np.bool_), np.zeros(2))
        np.testing.assert_array_equal(out, np.sort(values, axis=0).T)


def test_a_lump_narrower_than_a_bucket_is_narrowed_again() -> None:
    """Most values within a millionth of each other among a few far away: the counting pass narrows the lump's
    bucket again (three levels), down to buckets of one key."""
    rng = np.random.default_rng(4)
    n = 200_000
    values = (1.0 + rng.integers(0, 50_000, n) * np.finfo(float).eps)[:, None].repeat(2, axis=1)
    values[:10, 0] = [-1e300, 1e300, 0.0, 3.0, -2.0, 1e-300, 7.0, 1e10, -1e10, 2.0]
    values[:, 1] += rng.normal(size=n) * 1e-12
    kth = np.array([0, 9, 10, n // 3, n // 2, n - 11, n - 1])
    out, has_nan, _ = order_statistics(values, kth)
    assert not has_nan.any()
    np.testing.assert_array_equal(out, np.sort(values, axis=0)[kth].T)


def test_no_positions_gives_only_the_nans_and_means() -> None:
    values = np.array([[1.0, np.nan], [2.0, 3.0]])
    out, has_nan, means = order_statistics(values, np.zeros(0, dtype=np.int64))
    assert out.shape == (2, 0) and has_nan.tolist() == [False, True]
    assert means is not None and means[0] == 1.5 and np.isnan(means[1])


@pytest.mark.parametrize("kth", [[2, 1], [1, 1], [-1], [5]])
def test_positions_must_be_ascending_distinct_and_inside(kth: list[int]) -> None:
    with pytest.raises(ValueError, match="kth"):
        order_statistics(np.zeros((5, 2)), np.array(kth))


def test_without_kernels_numpy_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jit, "enabled", lambda: False)
    values = _columns(3000, 5)[:, :10]
    kth = _kth(3000)
    got, _, means = order_statistics(values, kth)
    np.testing.assert_array_equal(got, np.sort(values, axis=0)[kth].T)
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(means, values.mean(axis=0))


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 3000), st.integers(1, 3)),
                  elements=st.floats(allow_nan=False, allow_infinity=True, width=64)
                  | st.sampled_from([0.0, -0.0, 1.0, 1.0 + 2**-52])),
       st.data())
def test_any_columns_and_positions(values: np.ndarray, data: st.DataObject) -> None:
    n = values.shape[0]
    kth = np.array(sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=8))))
    got, has_nan, _ = order_statistics(values, kth)
    assert not has_nan.any()
    np.testing.assert_array_equal(got, np.sort(values, axis=0)[kth].T)
