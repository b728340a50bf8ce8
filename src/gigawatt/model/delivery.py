"""Delivery risk: sites and contracts whose GW come later than their paths say (docs/model.md section 4)."""

from __future__ import annotations

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.model import jit
from gigawatt.model.links import cut_new, paid_share
from gigawatt.model.supply_paths import contract_gw
from gigawatt.scenario.components.contracts import Contract
from gigawatt.scenario.components.purchases import Purchase
from gigawatt.scenario.components.sites import Site
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.values import Value


def slipped(path: np.ndarray, slip: np.ndarray) -> np.ndarray:
    """``path`` with every GW added after the first year arriving ``slip`` years later.

    What is online in the first year stays; the rest, ``path - path(y0)``, moves
    ``slip`` years later, a fraction of a year spreading a year's GW over two:
    with ``k = floor(slip)`` and ``f = slip - k``,
    ``slipped = path(y0) + (1 - f) x rest(y - k) + f x rest(y - k - 1)``, added in that order.

    Each sample's two shifted copies of ``rest`` are gathered as contiguous windows
    of ``rest`` with zeros ahead of it (a few passes over the samples, whatever the
    slips); ``tests/model/test_delivery_reference.py`` checks this against the sum
    over whole-year shifts it stands for.

    Parameters
    ----------
    path
        GW by year, shape ``(r, Y)``.
    slip
        Years, shape ``(1 or n, 1)``, at least 0.
    """
    if not np.any(slip):
        return path
    if jit.enabled():
        rows = max(path.shape[0], slip.shape[0])
        out = np.empty((rows, path.shape[1]))
        slipped_kernel(np.ascontiguousarray(path, dtype=float), np.ascontiguousarray(slip, dtype=float).ravel(), out)
        return out
    first = path[:, :1]
    rows, years = path.shape
    whole = np.floor(slip)
    part = slip - whole
    moves = whole.astype(np.int64).ravel()
    ahead = int(moves.max()) + 1  # zero columns ahead of rest: enough for a move of k + 1 years
    padded = np.zeros((rows, ahead + years))
    np.subtract(path, first, out=padded[:, ahead:])
    # window w covers padded columns w .. w + Y - 1: rest moved ahead - w years later
    windows = np.lib.stride_tricks.sliding_window_view(padded, years, axis=1)

    def moved(by: np.ndarray) -> np.ndarray:
        """Each sample's ``rest`` moved ``by`` years later (``take`` from the one path when it is the same)."""
        if rows == 1:
            return np.take(windows[0], ahead - by, axis=0)
        return windows[np.arange(rows), ahead - by]

    out = moved(moves)
    out *= 1.0 - part
    out += first
    later = moved(moves + 1)
    later *= part
    out += later
    return out


@jit.kernel
def slipped_kernel(path: np.ndarray, slip: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
    """:func:`slipped` sample by sample into ``out`` (GW, shape ``(rows, Y)``; ``path`` ``(1 or rows, Y)``,
    ``slip`` years ``(1 or rows,)``): the same operations in the same order, so the same numbers bit for bit."""
    rows, years = out.shape
    for i in range(rows):
        p = i if path.shape[0] > 1 else 0
        s = slip[i if slip.shape[0] > 1 else 0]
        whole = np.floor(s)
        part = s - whole
        move = int(whole)
        first = path[p, 0]
        for y in range(years):
            at = y - move
            value = path[p, at] - first if at >= 0 else 0.0
            value *= 1.0 - part
            value += first
            at -= 1
            value += (path[p, at] - first if at >= 0 else 0.0) * part
            out[i, y] = value


def delay(scenario: Scenario, x: Inputs, own: Value, common: bool) -> np.ndarray:
    """Years a site's or contract's GW slip: its own, plus ``compute.build_delay_years`` when ``common``."""
    return x.scalar(scenario.compute.build_delay_years) * common + x.scalar(own)


def site_gw(scenario: Scenario, x: Inputs, site: Site) -> np.ndarray:
    """GW of a site online each year, after its slip."""
    return slipped(x(site.capacity_gw), delay(scenario, x, site.slip_years, site.common_delay))


def contract_online_gw(scenario: Scenario, x: Inputs, contract: Contract, *, honoured: bool = True) -> np.ndarray:
    """GW a contract provides each year, after its slip; ``honoured``: times the share the company pays
    (``paid_share``, in a network), else every GW of its schedule."""
    gw = slipped(contract_gw(x, contract), delay(scenario, x, contract.slip_years, contract.common_delay))
    share = paid_share(x) if honoured else None
    return gw if share is None else gw * share


def purchase_gw(scenario: Scenario, x: Inputs, purchase: Purchase) -> np.ndarray:
    """GW of a purchase delivered by each year (cumulative), after its slip; in a network, the GW added from
    the company's default on are cut to the share it pays (:func:`~gigawatt.model.links.cut_new`)."""
    gw = slipped(x(purchase.capacity_gw), delay(scenario, x, purchase.slip_years, purchase.common_delay))
    return cut_new(gw, paid_share(x))
