"""Delivery risk: sites and contracts whose GW come later than their paths say (docs/model.md section 4)."""

from __future__ import annotations

import numpy as np

from gigawatt.engine.inputs import Inputs
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
    ``slipped = path(y0) + (1 - f) x rest(y - k) + f x rest(y - k - 1)``.

    Parameters
    ----------
    path
        GW by year, shape ``(r, Y)``.
    slip
        Years, shape ``(1 or n, 1)``, at least 0.
    """
    if not np.any(slip):
        return path
    first = path[:, :1]
    rest = path - first
    whole = np.floor(slip)
    part = slip - whole
    weights: dict[int, np.ndarray] = {}  # years moved -> weight of each sample
    for lag in range(int(whole.min()), int(whole.max()) + 1):  # a loop over whole years of slip, not samples
        at = whole == lag
        for moved, weight in ((lag, (1.0 - part) * at), (lag + 1, part * at)):
            if moved < path.shape[1]:
                weights[moved] = weights[moved] + weight if moved in weights else weight
    shape = np.broadcast_shapes(path.shape, slip.shape)
    out = np.empty(shape)
    out[:] = first
    for moved, weight in weights.items():
        if not np.any(weight):
            continue
        if moved == 0:
            out += weight * rest
        else:  # rest moved ``moved`` years later: what enters is 0
            out[:, moved:] += weight * rest[:, :-moved]
    return out


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
