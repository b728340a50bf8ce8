"""Capital spending given in dollars, and the revenue a buildout requires (docs/model.md sections 5 and 10).

Industry-level analyses (Sequoia's "$600B question", Bain's $2T of revenue, Morgan Stanley's
$2.9T of capex) state the capital spent in dollars and the revenue it requires as a share of it;
these are the two pieces a company scenario builds up from GW instead.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import declared, trailing_sum
from gigawatt.scenario.schema import Scenario


def capital_lines(scenario: Scenario, x: Inputs) -> tuple[np.ndarray, np.ndarray]:
    """Capital spent on the ``capital_spending`` lines and its straight-line depreciation, USD per year, ``(n, Y)``.

    Each year's spending is written off in equal parts over ``life_years`` from that year on (within the horizon).
    """
    capex = x.zeros()
    depreciation = x.zeros()
    for line in scenario.capital_spending:
        spent = x(line.amount) * np.ones(x.shape)
        capex = capex + spent
        depreciation = depreciation + trailing_sum(spent, line.life_years) / line.life_years
    return capex, depreciation


def requirement(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """``revenue_required`` = capex / ``finance.sustainable_capex_share`` and ``revenue_shortfall`` = required less
    ``revenue_total``, USD per year; nothing when the share is not given."""
    share = scenario.finance.sustainable_capex_share
    if share is None:
        return {}
    required = s["capex"] / np.maximum(x(share), 1e-12)
    return declared({
        "revenue_required": required * np.ones(x.shape),
        "revenue_shortfall": (required - s["revenue_total"]) * np.ones(x.shape),
    })
