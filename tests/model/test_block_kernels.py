"""The kernels of the supply and demand blocks against their numpy references: the serve-in-order allocation
(:func:`gigawatt.model.supply.served_kernel`) and the Bass diffusion (:func:`gigawatt.model.demand.bass_kernel`).
Both do the references' operations in the same order, so the numbers are equal (``np.array_equal``), on hand-made
inputs with known answers and on random ones."""

from __future__ import annotations

import numpy as np
import pytest

from gigawatt.model.demand import bass_kernel, bass_reference
from gigawatt.model.supply import kept_reference, served_kernel, served_reference

pytest.importorskip("numba")


def served_both(capacity: np.ndarray, demand: np.ndarray, gw: np.ndarray, key: np.ndarray, sold: int,
                training: int, elasticity: float | np.ndarray = 0.3) -> np.ndarray:
    """The reference's GW served, after checking that the kernel gives the same, and the same GW unserved and
    shares kept."""
    elasticity = np.broadcast_to(elasticity, capacity.shape)
    served = served_reference(capacity, demand, gw, key, sold, training)
    want = (served, *kept_reference(gw, served, elasticity))
    got = served_kernel(capacity, demand, gw.copy(), key.copy(), sold, training, elasticity)  # it overwrites both
    for a, b in zip(got, want, strict=True):
        assert a.shape == b.shape
        assert np.array_equal(a, b, equal_nan=True)
    return served


def one_cell(*values: list[float]) -> np.ndarray:
    """Uses' values as a ``(uses, 1, 1)`` stack."""
    return np.array(values[0], dtype=float).reshape(-1, 1, 1)


def test_the_most_valuable_use_is_served_first() -> None:
    # 1.5 GW for two uses of 1 GW: the one of key 10 gets 1 GW, the other the 0.5 left; training (-1) keeps its share
    gw, key = one_cell([1.0, 1.0, 0.0]), one_cell([1.0, 10.0, -1.0])
    got = served_both(np.full((1, 1), 1.5), np.full((1, 1), 2.0), gw, key, 0, 2)
    assert got.ravel().tolist() == [0.5, 1.0, 0.0]
    unserved, kept = kept_reference(gw, got, np.full((1, 1), 0.5))
    assert unserved.ravel().tolist() == [0.5, 0.0, 0.0]
    assert kept.ravel().tolist() == [0.75, 1.0, 1.0]  # half unserved at an elasticity of 0.5; no GW: all kept


def test_capacity_sold_first_then_training_keeps_its_share() -> None:
    # 3 GW; sold 1 GW then 1 GW (file order); 1 GW left for an own demand of 2 GW (1 of training, 1 of a stream):
    # training gets 1 x 1/2, the stream the 0.5 GW left
    got = served_both(np.full((1, 1), 3.0), np.full((1, 1), 4.0), one_cell([1.0, 1.0, 1.0, 1.0]),
                      one_cell([9.0, 9.0, 5.0, -1.0]), 2, 3)
    assert got.ravel().tolist() == [1.0, 1.0, 0.5, 0.5]


def test_ties_keep_the_order_of_the_stack_and_no_shortage_serves_everything() -> None:
    capacity = np.array([[1.0, 5.0]])
    demand = np.array([[2.0, 2.0]])
    gw = np.array([[[1.0, 1.0]], [[1.0, 1.0]]])
    got = served_both(capacity, demand, gw, np.zeros_like(gw), 0, -1)
    assert got[:, 0, 0].tolist() == [1.0, 0.0]  # the same key: the first in the stack first
    assert got[:, 0, 1].tolist() == [1.0, 1.0]  # capacity above demand: every use gets what it asks for


@pytest.mark.parametrize("seed", range(12))
def test_served_kernel_gives_the_reference_numbers(seed: int) -> None:
    rng = np.random.default_rng(seed)
    uses, n, years = int(rng.integers(1, 7)), int(rng.integers(1, 40)), int(rng.integers(1, 12))
    sold = int(rng.integers(0, min(uses, 3) + 1))
    training = int(rng.choice([-1, *range(sold, uses)])) if uses > sold else -1
    gw = rng.lognormal(size=(uses, n, years)) * rng.choice([0.0, 1.0, 1.0, 1.0], size=(uses, n, years))
    key = rng.choice([-2.0, -1.0, 0.5, 3.0, 1e30], size=(uses, n, years))  # ties included
    demand = gw.sum(axis=0) + rng.choice([0.0, 0.5], size=(n, years))
    capacity = demand * rng.uniform(0.0, 1.3, size=(n, years))
    capacity[rng.uniform(size=(n, years)) < 0.1] = 0.0
    elasticity = rng.uniform(0.0, 1.0, size=(n, 1))
    served_both(capacity, demand, gw, key, sold, training, elasticity)
    served_both(np.broadcast_to(capacity[:1], (n, years)), demand, gw, key, sold, training)  # broadcast views


def bass_both(m: np.ndarray, p: np.ndarray, q: np.ndarray, selling: np.ndarray,
              replacement: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    want = bass_reference(m, p, q, selling, replacement)
    got = bass_kernel(m, p, q, selling, replacement)
    for a, b in zip(got, want, strict=True):
        assert a.shape == b.shape
        assert np.array_equal(a, b, equal_nan=True)
    return want


def test_bass_by_hand() -> None:
    # m = 100, p = 0.1, q = 0.5 from the second year: 10 adopters, then (0.1 + 0.5 x 10/100) x 90 = 13.5,
    # then (0.1 + 0.5 x 23.5/100) x 76.5 = 16.64...; replaced every 2 years
    years = 4
    m, p, q = (np.full((1, years), v) for v in (100.0, 0.1, 0.5))
    new, base, units = bass_both(m, p, q, np.array([False, True, True, True]), 2)
    assert new[0].tolist() == pytest.approx([0.0, 10.0, 13.5, (0.1 + 0.5 * 0.235) * 76.5])
    assert base[0].tolist() == pytest.approx([0.0, 10.0, 23.5, 23.5 + new[0, 3]])
    assert units[0].tolist() == pytest.approx([0.0, 10.0, 13.5, new[0, 3] + 10.0])


@pytest.mark.parametrize("seed", range(8))
def test_bass_kernel_gives_the_reference_numbers(seed: int) -> None:
    rng = np.random.default_rng(seed)
    rows, years = int(rng.integers(1, 50)), int(rng.integers(1, 15))
    m = rng.lognormal(10.0, 2.0, size=(rows, years)) * rng.choice([0.0, 1.0, 1.0], size=(rows, years))
    p = rng.uniform(0.0, 0.3, size=(rows, years))
    q = rng.uniform(-0.2, 2.5, size=(rows, years))  # a negative rate is clipped to 0 new adopters
    selling = np.arange(years) >= rng.integers(0, years + 1)
    bass_both(m, p, q, selling, int(rng.integers(1, 6)))
    bass_both(np.broadcast_to(m[:1], m.shape), p, np.broadcast_to(q[:, :1], q.shape), selling, 1)
