"""Sovereignty is honoured; more room at a site never costs more."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gigawatt.plan import PlanProblem, RegionRule, SiteOption, solve

from .helpers import B


def _sites(uae_max: float = 5.0) -> list[SiteOption]:
    # US at $1B per GW-year, UAE at $2B (no discounting, one year of use)
    return [SiteOption("us", "US", 5.0, 2025, capex_per_gw=10 * B, it_share=0.0, facility_life_years=10),
            SiteOption("abu_dhabi", "UAE", uae_max, 2025, capex_per_gw=20 * B, it_share=0.0, facility_life_years=10)]


def _problem(regions: list[RegionRule], uae_max: float = 5.0) -> PlanProblem:
    return PlanProblem(years=[2025], demand_gw=[[2.0]], sites=_sites(uae_max), regions=regions, discount_rate=0.0,
                       unserved_penalty=5 * B)


def test_without_sovereignty_everything_is_built_where_cheapest() -> None:
    result = solve(_problem([]))
    np.testing.assert_allclose(result.build[:, 0], [2.0, 0.0], atol=1e-9)
    assert result.objective == pytest.approx(2 * B, rel=1e-9)


def test_sovereign_demand_is_served_in_country() -> None:
    # half of demand (1 GW) must be served in the UAE: 1 GW there ($2B) and 1 GW in the US ($1B)
    region = RegionRule("gulf", ("uae",), sovereign_share=0.5)  # country names match case-insensitively
    result = solve(_problem([region]))
    np.testing.assert_allclose(result.build[:, 0], [1.0, 1.0], atol=1e-9)
    assert result.objective == pytest.approx(3 * B, rel=1e-9)
    np.testing.assert_allclose(result.unserved_sovereign, 0.0, atol=1e-9)
    in_country = result.online[1, 0]
    assert in_country >= 0.5 * 2.0 - 1e-9


def test_sovereign_demand_is_not_served_from_abroad() -> None:
    # the UAE site holds only 0.5 GW: the other 0.5 GW of sovereign demand goes unserved (penalty $5B/GW)
    # even though US capacity at $1B could serve it -- it may not.
    region = RegionRule("gulf", ("UAE",), sovereign_share=0.5)
    result = solve(_problem([region], uae_max=0.5))
    np.testing.assert_allclose(result.build[:, 0], [1.0, 0.5], atol=1e-9)
    np.testing.assert_allclose(result.unserved_sovereign[0, 0], [0.5], atol=1e-9)
    np.testing.assert_allclose(result.unserved, [[0.5]], atol=1e-9)
    assert result.objective == pytest.approx(1 * B + 1 * B + 2.5 * B, rel=1e-9)
    assert result.to_dict()["unserved_sovereign_gw"] == {"gulf": [0.5]}


def test_existing_capacity_in_the_region_counts() -> None:
    region = RegionRule("gulf", ("UAE",), sovereign_share=0.5, existing_gw=[[0.75]])
    problem = PlanProblem(years=[2025], demand_gw=[[2.0]], existing_gw=[[0.75]], sites=_sites(), regions=[region],
                          discount_rate=0.0, unserved_penalty=5 * B)
    result = solve(problem)
    np.testing.assert_allclose(result.build[:, 0], [1.0, 0.25], atol=1e-9)


@st.composite
def instances(draw: st.DrawFn) -> tuple[PlanProblem, int, float]:
    """A random small problem (2-3 sites, 3 years, 1-3 samples, maybe a sovereign region), a site and a raise."""
    n_sites = draw(st.integers(2, 3))
    n_samples = draw(st.integers(1, 3))
    money = st.floats(5.0, 60.0)
    sites = [SiteOption(f"s{i}", draw(st.sampled_from(["US", "UAE"])), draw(st.floats(0.0, 3.0)),
                        2025 + draw(st.integers(0, 2)), capex_per_gw=draw(money) * B,
                        power_per_gw_year=draw(st.floats(0.0, 1.0)) * B,
                        build_limit_gw=draw(st.sampled_from([np.inf, 0.5, 1.0])), it_share=draw(st.floats(0, 1)))
             for i in range(n_sites)]
    demand = np.array([[draw(st.floats(0.0, 4.0)) for _ in range(3)] for _ in range(n_samples)])
    regions = [RegionRule("gulf", ("UAE",), draw(st.floats(0.0, 0.5)))] if draw(st.booleans()) else []
    budget = draw(st.sampled_from([None, 50 * B]))
    problem = PlanProblem(years=[2025, 2026, 2027], demand_gw=demand, sites=sites, regions=regions,
                          discount_rate=draw(st.floats(0.0, 0.2)), unserved_penalty=draw(st.floats(1.0, 30.0)) * B,
                          capex_budget=budget)
    return problem, draw(st.integers(0, n_sites - 1)), draw(st.floats(0.01, 2.0))


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_raising_a_site_maximum_never_raises_the_cost(case: tuple[PlanProblem, int, float]) -> None:
    problem, index, extra = case
    before = solve(problem).objective
    site = problem.sites[index]
    raised = SiteOption(**{**site.__dict__, "max_gw": site.max_gw + extra})
    problem.sites = [raised if i == index else s for i, s in enumerate(problem.sites)]
    after = solve(problem).objective
    assert after <= before * (1 + 1e-7) + 1e-3
