"""The planning sections of a scenario: validation, and the problem the LP is built from."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest

import gigawatt
from gigawatt.engine.result import Result
from gigawatt.plan import problem_from_scenario
from gigawatt.plan.scenario import median_path
from gigawatt.scenario.schema import Scenario

from .helpers import TOY_PLAN, B


def _problems(text: str) -> list[str]:
    with pytest.raises(gigawatt.ScenarioError) as caught:
        gigawatt.loads(text)
    return [str(p) for p in caught.value.problems]


def test_planning_sections_load_with_defaults() -> None:
    scenario = gigawatt.loads(TOY_PLAN)
    assert [c.name for c in scenario.candidates] == ["texas", "gulf"]
    assert scenario.planning.demand_samples == 50
    assert scenario.candidates[1].it_life_years == 5
    assert scenario.offers[0].latest_year == 2028
    assert scenario.comments["candidates.texas.capex_per_gw"] == "test source"


def test_a_scenario_without_planning_sections_still_loads() -> None:
    scenario = gigawatt.loads("name: bare\n")
    assert scenario.candidates == [] and scenario.offers == [] and scenario.regions == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("earliest_year: 2027, capex", "earliest_year: 2040, capex"),
         "candidates.gulf.earliest_year: 2040 is after the horizon end 2030"),
        (("latest_year: 2028", "latest_year: 2025"), "offers.oracle.latest_year: 2025 is before earliest_year 2026"),
        (("name: texas", "name: abilene"), "candidates.abilene: a site is already named 'abilene'"),
        (("share_of_demand: 10%", "share_of_demand: 110%"), "regions.gulf_states.share_of_demand"),
        (("max_gw: 1\n", "max_gw: {2026: 1, 2030: 2}\n"), "candidates.texas.max_gw: expected a single value"),
        (("gw: 0.3, min_gw: 0", "gw: 0.3, min_gw: 2, max_gw: 1"), "offers.oracle.min_gw: min_gw (2 GW) is above"),
        (("countries: [UAE]", "countries: [UAE, uae]"), "uae is already in region 'gulf_states'"),
        (("  - {name: gulf, country: UAE", "  - {name: texas, country: UAE"), "two candidates are named 'texas'"),
    ],
)
def test_planning_mistakes_are_located(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in TOY_PLAN
    problems = _problems(TOY_PLAN.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


@dataclass
class FakeResult:
    """The part of a Result the planner reads."""

    years: np.ndarray
    samples: int
    series: dict[str, np.ndarray]

    def __getitem__(self, name: str) -> np.ndarray:
        return self.series[name]


def _fake_simulate(scenario: Scenario, samples: int, seed: int) -> Result:
    capacity = np.full((samples, 6), 0.5)
    series = {"compute_demand_gw": np.tile(np.linspace(1.0, 2.0, 6), (samples, 1)), "compute_capacity_gw": capacity,
              "compute_capacity_gw_us": capacity, "compute_capacity_gw_uae": np.full((samples, 6), 0.1)}
    return FakeResult(np.arange(2025, 2031), samples, series)  # type: ignore[return-value]


def test_problem_from_scenario_uses_medians_and_the_simulated_demand() -> None:
    scenario = gigawatt.loads(TOY_PLAN)
    problem = problem_from_scenario(scenario, samples=3, seed=5, simulate=_fake_simulate)
    assert problem.n_samples == 3
    np.testing.assert_allclose(problem.demand[0], np.linspace(1.0, 2.0, 6))
    texas, gulf = problem.sites
    # a lognormal "$45B to $55B" has its median at the geometric mean
    np.testing.assert_allclose(texas.capex_per_gw, math.sqrt(45 * 55) * B, rtol=1e-9)
    np.testing.assert_allclose(texas.build_limit_gw, 0.2)
    assert gulf.build_limit_gw == np.inf
    np.testing.assert_allclose(gulf.power_per_gw_year, 46 * 1.2 * 0.8 * 8760 * 1000)
    [offer] = problem.offers
    assert (offer.min_gw, offer.max_gw, offer.earliest_year, offer.latest_year) == (0.0, 0.3, 2026, 2028)
    [region] = problem.regions
    assert region.sovereign_share == pytest.approx(0.05)
    np.testing.assert_allclose(problem.region_existing(region), 0.1)
    np.testing.assert_allclose(problem.unserved_penalty, 30 * B)
    assert problem.discount_rate == pytest.approx(0.10)


def test_offer_without_min_is_all_or_nothing() -> None:
    scenario = gigawatt.loads(TOY_PLAN.replace("gw: 0.3, min_gw: 0,", "gw: 0.3,"))
    [offer] = problem_from_scenario(scenario, samples=1, simulate=_fake_simulate).offers
    assert offer.min_gw == offer.max_gw == pytest.approx(0.3)


def test_nothing_to_plan_is_a_clear_error() -> None:
    scenario = gigawatt.loads("name: bare\n")
    with pytest.raises(ValueError, match="nothing to plan: add `candidates:`"):
        problem_from_scenario(scenario, samples=1, simulate=_fake_simulate)


def test_median_path_of_a_time_path() -> None:
    scenario = gigawatt.loads(TOY_PLAN.replace("price_per_gw_year: $14B", 'price_per_gw_year: {2026: $14B, 2030: '
                                                                      '"$8B to $12B"}'))
    path = median_path(scenario.offers[0].price_per_gw_year, list(range(2025, 2031)))
    # a price interpolates in log space: a constant rate from $14B to the median sqrt(8 * 12) = $9.8B
    end = math.sqrt(96)
    np.testing.assert_allclose(path / B, [14, 14, *(14 * (end / 14) ** (k / 4) for k in (1, 2, 3)), end], rtol=1e-9)
