"""The array helpers of gigawatt.model.common against plain references."""

from __future__ import annotations

import numpy as np

from gigawatt.model.common import ratio


def masked_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """The reference: a divide masked to ``den > 0`` into zeros."""
    num, den = np.broadcast_arrays(np.asarray(num, dtype=float), np.asarray(den, dtype=float))
    out = np.zeros(num.shape)
    np.divide(num, den, out=out, where=den > 0)
    return out


def test_ratio_is_zero_where_the_denominator_is_not_positive() -> None:
    num = np.array([[1.0, -2.0, 3.0, np.inf, 5.0, -0.0, 7.0]])
    den = np.array([[2.0, 0.0, -1.0, 1.0, np.nan, 4.0, -0.0]])
    got = ratio(num, den)
    assert got.tobytes() == np.array([[0.5, 0.0, 0.0, np.inf, 0.0, -0.0, 0.0]]).tobytes()


def test_ratio_gives_the_bytes_of_the_masked_divide() -> None:
    rng = np.random.default_rng(7)
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-320, 1e308, -1e308])
    for num_shape, den_shape in [((50, 11), (50, 11)), ((1, 11), (50, 11)), ((50, 11), (1, 11)), ((50, 1), (1, 11)),
                                 ((), (50, 11)), ((), ()), ((11,), (50, 11))]:
        num = rng.normal(size=num_shape) * 10.0 ** rng.integers(-300, 300, size=num_shape)
        den = rng.normal(size=den_shape) * 10.0 ** rng.integers(-300, 300, size=den_shape)
        if np.ndim(num):
            num.flat[rng.integers(0, num.size, size=5)] = rng.choice(special, size=5)
        if np.ndim(den):
            den.flat[rng.integers(0, den.size, size=5)] = rng.choice(special, size=5)
        with np.errstate(all="ignore"):
            want = masked_ratio(num, den)
            got = ratio(num, den)
        assert got.shape == want.shape
        assert got.tobytes() == want.tobytes()


def test_running_product_is_numpys_cumulative_product() -> None:
    from gigawatt.model.common import running_product

    assert running_product(np.array([[2.0, 3.0, 0.5], [1.0, -1.0, 4.0]])).tolist() == [[2.0, 6.0, 3.0],
                                                                                       [1.0, -1.0, -4.0]]
    rng = np.random.default_rng(3)
    for years in (0, 1, 2, 11, 40):
        values = rng.uniform(0.5, 1.5, size=(300, years))
        values[rng.random(values.shape) < 0.02] = np.nan
        got = running_product(values)  # compiled when numba is installed, numpy's otherwise
        assert got.shape == values.shape
        assert np.array_equal(got, np.cumprod(values, axis=1), equal_nan=True)
    assert np.array_equal(running_product(np.array([[2.0, 3.0]])), [[2.0, 6.0]])  # one sample: numpy's


def test_year_change_is_numpys_difference_from_zero() -> None:
    from gigawatt.model.common import year_change

    assert year_change(np.array([[1.0, 3.0, 2.0]])).tolist() == [[1.0, 2.0, -1.0]]
    rng = np.random.default_rng(4)
    for values in (rng.normal(size=(50, 11)), rng.normal(size=(1, 5)), np.zeros((3, 0)),
                   np.broadcast_to(rng.normal(size=(1, 7)), (4, 7)), np.array([[-0.0, np.nan, np.inf, 1.0]])):
        want = np.diff(values, axis=1, prepend=0.0)
        got = year_change(values)
        assert got.shape == want.shape
        assert np.array_equal(got, want, equal_nan=True)
        assert np.array_equal(np.signbit(got), np.signbit(want))
