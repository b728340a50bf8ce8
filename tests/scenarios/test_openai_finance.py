"""openai-2025 states its opening balance and its financing structures, and its cash hole is charged interest.

That each of these numbers is sourced in docs/sources.md (or a reasoned assumption) is checked for every
bundled number by test_sources.py; here: that they are stated at all, and what the model does with them.
"""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.scenario.loader import bundled_text
from gigawatt.scenario.values import Const
from gigawatt.scenario.yamlio import read_yaml

OPENING = ("starting_cash", "opening_tax_losses", "opening_other_assets", "opening_debt")


@pytest.fixture(scope="module")
def scenario() -> gigawatt.Scenario:
    return gigawatt.load("openai-2025")


def test_the_opening_balance_is_stated_in_the_file() -> None:
    data, _ = read_yaml(bundled_text("openai-2025"), "openai-2025")
    finance = data["finance"]
    missing = [key for key in OPENING if key not in finance]
    assert not missing, f"openai-2025 leaves {missing} to their defaults"


def test_the_financing_structures_are_stated(scenario: gigawatt.Scenario) -> None:
    kinds = {item.type for item in scenario.finance.financing}
    # a round, the io acquisition paid in shares, the $4B credit facility, AMD's warrant
    assert {"equity", "acquisition", "delayed_draw", "warrant"} <= kinds
    assert scenario.finance.revolver is not None
    io = next(item for item in scenario.finance.financing if item.type == "acquisition")
    assert io.share_paid.value == 1  # type: ignore[attr-defined]


def test_the_cash_hole_is_charged_interest(scenario: gigawatt.Scenario) -> None:
    result = gigawatt.simulate(scenario, samples=400, seed=3)
    revolver = result["revolver_balance"]
    assert revolver.max() > 0, "no sample of openai-2025 draws the revolver: nothing to charge"
    spec = scenario.finance.revolver
    assert spec is not None and isinstance(spec.rate, Const), "the test reads the revolver's rate as one number"
    rate = float(spec.rate.value)
    w = np.ones(len(result.years))
    w[0] = scenario.finance.first_year_fraction
    # the revolver at the end of one year costs its rate the next, on top of any other interest
    owed = rate * revolver[:, :-1] * w[1:]
    assert np.all(result["interest_expense"][:, 1:] >= owed * (1 - 1e-12) - 1e-3)
    drawn = revolver[:, :-1] > 0
    assert np.all(result["interest_expense"][:, 1:][drawn] > 0)
