"""Fixtures of the report tests: a toy scenario, a Result built by hand, and one simulated by the model."""

from __future__ import annotations

import pytest
from report_toy import REPORT_TOY, build_result

import gigawatt
from gigawatt.engine.result import Result


@pytest.fixture(scope="session")
def toy_scenario() -> gigawatt.Scenario:
    """The toy scenario of the report tests."""
    return gigawatt.loads(REPORT_TOY)


@pytest.fixture(scope="session")
def hand_result(toy_scenario: gigawatt.Scenario) -> Result:
    """A Result of the toy scenario built by hand (400 samples), independent of the model."""
    return build_result(toy_scenario)


@pytest.fixture(scope="session")
def model_result(toy_scenario: gigawatt.Scenario) -> Result:
    """The toy scenario simulated by the model (300 samples)."""
    return gigawatt.simulate(toy_scenario, samples=300, seed=5)
