"""A formula's model outputs are those of the output catalogue: names and units checked when the scenario loads."""

from __future__ import annotations

import pytest
from toy_scenarios import with_paying_share

from gigawatt.scenario import loader
from gigawatt.scenario.errors import ScenarioError


def test_an_undeclared_output_is_found_without_running_the_model() -> None:
    with pytest.raises(ScenarioError, match=r"^<text>:\d+:3: consumer.paying_share: = users_consumr / 1T: no model "
                                            r"output named 'users_consumr' \(did you mean 'users_consumer'\?\)"):
        loader.loads(with_paying_share("= users_consumr / 1T"))


def test_an_output_s_unit_is_the_catalogue_s_at_load() -> None:
    # revenue_total is declared in USD, a yearly amount (USD/year): a share cannot be it, and the loader alone
    # says so (no model run)
    with pytest.raises(ScenarioError, match=r"consumer.paying_share: = revenue_total: the formula gives USD/year "
                                            r"where fraction is expected"):
        loader.loads(with_paying_share("= revenue_total"))
    # a ratio of two flows: dimensionless
    loader.loads(with_paying_share("= revenue_total / (revenue_total + 1T USD/year)"))
