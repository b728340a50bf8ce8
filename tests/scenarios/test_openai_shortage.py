"""openai-2025 runs short of compute from 2030: its research compute must not collapse when it does."""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.analysis.statements import median_future
from gigawatt.engine.result import Result


@pytest.fixture(scope="module")
def result() -> Result:
    return gigawatt.simulate(gigawatt.load("openai-2025"), samples=2000, seed=1)


def test_the_default_scenario_runs_short(result: Result) -> None:
    # the case this file is about: a shortage in the median year 2030 (else the checks below test nothing)
    assert np.median(result["compute_shortage_gw"][:, result.year_index(2030)]) > 1.0


@pytest.mark.parametrize("path", ["median", "median future"])
def test_research_compute_does_not_collapse_under_shortage(result: Result, path: str) -> None:
    cost = result["research_compute_cost"]
    series = np.median(cost, axis=0) if path == "median" else cost[median_future(result)]
    # from the second year on (the first is a part year of a small fleet), no year cuts research compute by more
    # than a quarter: a lab splits its fleet between research and products, it does not stop training
    falls = series[2:] / series[1:-1]
    assert falls.min() > 0.75, f"research compute falls to {falls.min():.0%} of the year before ({path})"


def test_training_gets_the_share_of_capacity_that_demand_gets(result: Result) -> None:
    short = result["compute_shortage_gw"] > 0
    share = result["compute_capacity_gw"][short] / result["compute_demand_gw"][short]
    np.testing.assert_allclose(result["served_gw_training"][short], result["training_gw"][short] * share,
                               rtol=1e-12)
