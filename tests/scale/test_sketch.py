"""The quantile sketch: its relative error bound against np.percentile, exact merges, exact whole numbers."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gigawatt.engine.sketch import MIN_MAGNITUDE, NAN, RELATIVE_ACCURACY, ZERO, K, Sketch, positions

QS = np.array([0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0])
BOUND = RELATIVE_ACCURACY * (1 + 1e-9)


def sketch_of(values: np.ndarray, integer: bool = False) -> Sketch:
    rows = np.atleast_2d(values)
    sketch = Sketch(rows.shape[0])
    sketch.add(0, rows, integer=integer)
    return sketch


def relative_error(values: np.ndarray) -> float:
    """Worst relative error of the sketch's quantiles against numpy's exact ones."""
    exact = np.percentile(values, 100 * QS, method="linear")
    estimate = sketch_of(values).quantiles(QS)[0]
    return float(np.max(np.abs(estimate - exact) / np.abs(exact)))


@pytest.mark.parametrize(("name", "draw"), [
    ("lognormal (dollars)", lambda rng: rng.lognormal(np.log(4e11), 0.6, 200_000)),
    ("negative lognormal", lambda rng: -rng.lognormal(np.log(3e9), 1.5, 200_000)),
    ("gigawatts", lambda rng: rng.uniform(0.2, 30.0, 200_000)),
    ("shares", lambda rng: rng.beta(5, 95, 200_000)),
])
def test_relative_error_is_at_most_half_a_percent(name: str, draw: object) -> None:
    values = draw(np.random.default_rng(7))  # type: ignore[operator]
    error = relative_error(values)
    assert error <= BOUND, name
    assert error > 1e-5, "a sketch this coarse cannot be exact on continuous data: the test would prove nothing"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=1e-6, max_value=1e15), min_size=1, max_size=300), st.booleans())
def test_bound_holds_for_any_same_sign_data(values: list[float], negate: bool) -> None:
    x = np.array(values) * (-1 if negate else 1)
    assert relative_error(x) <= BOUND


def test_mixed_signs_small_absolute_error_near_zero() -> None:
    x = np.random.default_rng(1).normal(0.0, 1e9, 100_000)
    exact = np.percentile(x, [5, 50, 95])
    estimate = sketch_of(x).quantiles([0.05, 0.5, 0.95])[0]
    np.testing.assert_allclose(estimate[[0, 2]], exact[[0, 2]], rtol=BOUND)
    assert abs(estimate[1] - exact[1]) <= 0.01 * 1e9  # the median sits near 0: its error is absolute


def test_merges_are_exact_and_order_free() -> None:
    x = np.random.default_rng(3).lognormal(20, 2, (4, 30_000))
    whole = sketch_of(x)
    parts = [Sketch(4) for _ in range(3)]
    for part, cols in zip(parts, np.array_split(np.random.default_rng(0).permutation(30_000), 3), strict=True):
        part.add(0, np.ascontiguousarray(x[:, cols]))
    merged = parts[2]
    merged.merge(parts[0])
    merged.merge(parts[1])
    assert np.array_equal(merged.counts, whole.counts)
    assert np.array_equal(merged.quantiles(QS), whole.quantiles(QS))


def test_constant_rows_and_extremes_are_exact() -> None:
    x = np.vstack([np.full(1000, 1.3e9), np.linspace(-7.0, 11.0, 1000)])
    q = sketch_of(x).quantiles([0.0, 0.5, 1.0])
    assert np.all(q[0] == 1.3e9)
    assert q[1, 0] == -7.0 and q[1, 2] == 11.0


def test_whole_numbers_are_counted_exactly() -> None:
    years = np.random.default_rng(2).choice([2029.0, 2030.0, 2031.0, 2033.0, np.inf], 5000)
    got = sketch_of(years, integer=True).quantiles([0.05, 0.3, 0.5, 0.77])[0]
    with np.errstate(invalid="ignore"):
        assert np.array_equal(got, np.percentile(years, [5, 30, 50, 77]), equal_nan=True)


def test_special_values_have_their_own_buckets() -> None:
    x = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, MIN_MAGNITUDE / 10, 1.0, -1.0])
    p = positions(x)
    assert list(p[:6]) == [NAN, 2 * K + 2, 0, ZERO, ZERO, ZERO]
    assert p[6] > ZERO > p[7]
    assert np.isnan(sketch_of(x).quantiles([0.5])[0, 0])  # a NaN poisons the quantiles, as in numpy
    assert sketch_of(np.array([1.0, np.inf, np.inf])).quantiles([1.0])[0, 0] == np.inf


def test_pickles_sparsely() -> None:
    sketch = sketch_of(np.random.default_rng(4).lognormal(0, 1, (3, 5000)))
    data = pickle.dumps(sketch)
    assert len(data) < sketch.counts.nbytes / 10
    back = pickle.loads(data)
    assert np.array_equal(back.counts, sketch.counts)
    assert np.array_equal(back.quantiles(QS), sketch.quantiles(QS))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=1, max_size=40),
                min_size=1, max_size=4).filter(lambda rows: len({len(r) for r in rows}) == 1),
       st.booleans())
def test_counts_are_the_buckets_of_every_value(rows: list[list[float]], integer: bool) -> None:
    """Row by row, whatever the row holds (constants, NaN, infinities, zeros of either sign), ``add``
    counts each value in the bucket that :func:`positions` gives it."""
    values = np.array(rows)
    sketch = sketch_of(values, integer=integer)
    keys = positions(values, integer)
    for r in range(values.shape[0]):
        assert (sketch.counts[r] == np.bincount(keys[r], minlength=sketch.counts.shape[1])).all()


def test_counts_of_wide_rows_are_the_buckets_of_every_value() -> None:
    rng = np.random.default_rng(3)
    values = rng.lognormal(rng.normal(0.0, 20.0, (6, 1)), 2.0, (6, 5_000)) * rng.choice([-1.0, 1.0], (6, 5_000))
    values[1] = 0.0
    values[2, :7] = [0.0, -0.0, 1e-300, -1e300, 1e31, 5e-13, -5e-13]
    values[3, 10] = np.inf
    values[4] = 42.5
    sketch = sketch_of(values)
    keys = positions(values)
    for r in range(values.shape[0]):
        assert (sketch.counts[r] == np.bincount(keys[r], minlength=sketch.counts.shape[1])).all()
