"""The fleet's faster kernels give the numbers of the plain formulas they stand for, bit for bit.

Each reference below is the straightforward numpy form of a documented formula (docs/model.md
sections 4-5); the model's own version avoids passes over the samples but must not change a bit.
"""

from __future__ import annotations

import numpy as np
import pytest

from gigawatt.model.delivery import slipped
from gigawatt.model.vintages import Cohorts, _window, cohorts, columns


def slipped_reference(path: np.ndarray, slip: np.ndarray) -> np.ndarray:
    """``path(y0) + (1 - f) x rest(y - k) + f x rest(y - k - 1)`` as a sum of whole-year shifts of ``rest``."""
    first = path[:, :1]
    rest = path - first
    whole = np.floor(slip)
    part = slip - whole
    weights: dict[int, np.ndarray] = {}
    for lag in range(int(whole.min()), int(whole.max()) + 1):
        at = whole == lag
        for moved, weight in ((lag, (1.0 - part) * at), (lag + 1, part * at)):
            if moved < path.shape[1]:
                weights[moved] = weights[moved] + weight if moved in weights else weight
    out = np.empty(np.broadcast_shapes(path.shape, slip.shape))
    out[:] = first
    for moved, weight in weights.items():
        if not np.any(weight):
            continue
        if moved == 0:
            out += weight * rest
        else:
            out[:, moved:] += weight * rest[:, :-moved]
    return out


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("most", [0.0, 0.4, 1.0, 2.7, 14.0])
def test_a_slip_gives_the_sum_of_whole_year_shifts(rows: int, most: float) -> None:
    rng = np.random.default_rng(int(most * 10) + rows)
    path = np.cumsum(rng.uniform(-0.3, 1.0, (rows, 11)), axis=1)  # some paths fall
    for slip in (rng.uniform(0.0, most, (50, 1)), np.full((1, 1), most), np.floor(rng.uniform(0, most + 1, (50, 1)))):
        if not np.any(slip):
            continue
        got = slipped(path, slip)
        want = slipped_reference(path, slip)
        assert got.shape == want.shape
        assert np.array_equal(got, want)


def window_reference(source: Cohorts, flow: np.ndarray, life: int) -> np.ndarray:
    """``sum over c in (t - life, t] of flow[c] x kept(c, t)``, the window's start found by a running maximum."""
    assert source.keep is not None
    ratio, cleared = source.keep
    total = np.cumsum(flow / ratio, axis=1)
    below = np.zeros_like(total)
    below[:, life:] = total[:, :-life]
    cleared_here = cleared == columns(cleared.shape[1])
    np.maximum(below, np.maximum.accumulate(np.where(cleared_here, total, 0.0), axis=1), out=below)
    return (total - below) * ratio


@pytest.mark.parametrize("life", [1, 2, 3, 5, 20])
def test_the_window_over_cohorts_that_retire_gathers_what_a_running_maximum_gives(life: int) -> None:
    rng = np.random.default_rng(life)
    capacity = np.cumsum(rng.uniform(-1.0, 1.0, (200, 11)), axis=1).clip(0.0)  # falls, and often to nothing
    capacity[::7, 6:] = 0.0  # everything retires in some rows
    parts = cohorts(capacity, np.array([0.25, 0.75]), 1)
    falling = [part for part, _ in parts if part.keep is not None]
    assert falling and falling[0].keep is not None and falling[0].keep[1].max() >= 0  # the case to check
    for part in falling:
        flow = part.born * rng.uniform(0.5, 2.0, (1, part.born.shape[1]))
        assert np.array_equal(_window(part, flow, life, None), window_reference(part, flow, life))
