"""Where purchased IT sits: the shells of its host sites, leased powered shells, or nowhere yet (docs/model.md 5)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.model.delivery import purchase_gw
from gigawatt.scenario.schema import Scenario


@dataclass
class Hosting:
    """GW of purchased IT by where it sits, each ``(1 or n, Y)``.

    Attributes
    ----------
    delivered
        Per purchase: GW delivered (its ``capacity_gw`` path, after any slip).
    online
        Per purchase: GW online (in a host's shell or a leased shell).
    shells
        Per purchase: GW in leased powered shells.
    filled
        Per shell-only site: GW of purchased IT in its shells.
    shortfall
        GW delivered that no host holds, summed over purchases.
    """

    delivered: dict[str, np.ndarray] = field(default_factory=dict)
    online: dict[str, np.ndarray] = field(default_factory=dict)
    shells: dict[str, np.ndarray] = field(default_factory=dict)
    filled: dict[str, np.ndarray] = field(default_factory=dict)
    shortfall: np.ndarray | float = 0.0


def hosting(scenario: Scenario, x: Inputs, online: dict[str, np.ndarray]) -> Hosting:
    """Place each purchase's GW, in file order: first in its ``hosts`` (in order, in what earlier purchases left
    free; ``online`` holds each site's GW online by name), then in leased shells when it prices them; what is
    left is a shortfall.
    """
    free = {site.name: online[site.name] for site in scenario.sites if site.shell_only}
    out = Hosting(filled={name: np.zeros((1, len(x.years))) for name in free})
    for purchase in scenario.purchases:
        delivered = purchase_gw(scenario, x, purchase)  # after any slip
        left = delivered
        for name in purchase.hosts:
            placed = np.minimum(left, free[name])
            free[name] = free[name] - placed
            out.filled[name] = out.filled[name] + placed
            left = left - placed
        shells = left if purchase.shell_price_per_gw_year is not None else np.zeros_like(left)
        out.delivered[purchase.name] = delivered
        out.shells[purchase.name] = shells
        out.online[purchase.name] = delivered - left + shells
        out.shortfall = out.shortfall + left - shells
    return out
