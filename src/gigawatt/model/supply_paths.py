"""The GW a contract's own fields give by year, before any delivery slip."""

from __future__ import annotations

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.model.common import ratio
from gigawatt.scenario.components.contracts import Contract


def contract_gw(x: Inputs, contract: Contract) -> np.ndarray:
    """GW a contract provides (or, for ``inside_sites``, represents) each year.

    A ``capacity_gw`` path as given; a ``total_value`` contract gives
    ``total_value / years / price_per_gw_year`` GW from ``start_year`` to
    ``start_year + years - 1`` and 0 outside (0 as well where the price is 0).
    """
    if contract.capacity_gw is not None:
        return x(contract.capacity_gw)
    assert contract.start_year is not None and contract.years is not None  # the schema guarantees both
    term = (x.years >= contract.start_year) & (x.years <= contract.start_year + contract.years - 1)
    per_year = x.scalar(contract.total_value) / contract.years
    return ratio(per_year, x(contract.price_per_gw_year)) * term.reshape(1, -1)
