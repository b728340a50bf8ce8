"""An infeasible plan is an error that names the conflicting constraints, never a plan of zeros."""

from __future__ import annotations

import pytest

from gigawatt.plan import OfferOption, PlanInfeasible, PlanProblem, SiteOption, solve

from .helpers import B


def _site(max_gw: float, earliest: int = 2025, limit: float = float("inf")) -> SiteOption:
    return SiteOption("small", "US", max_gw, earliest, capex_per_gw=10 * B, build_limit_gw=limit)


def test_cap_on_unserved_demand_beyond_what_can_be_built() -> None:
    # 3 GW of demand, at most 1 GW buildable, expected unserved capped at 0.5 GW
    problem = PlanProblem(years=[2025, 2026], demand_gw=[[3.0, 3.0], [2.0, 3.0]], sites=[_site(1.0)],
                          max_expected_unserved_gw=0.5, name="tight")
    with pytest.raises(PlanInfeasible) as caught:
        solve(problem)
    names = {name for name, _ in caught.value.constraints}
    assert {"unserved_cap", "site_max"} <= names
    message = str(caught.value)
    assert "no plan for tight meets every constraint" in message
    assert "unserved_cap[year=" in message and "planning.max_expected_unserved_gw" in message
    assert "site_max[site=small]: setting candidates.small.max_gw" in message


def test_build_limit_and_earliest_year_are_named() -> None:
    # the site opens in 2026 and adds at most 0.5 GW a year; nothing unserved is allowed
    problem = PlanProblem(years=[2025, 2026, 2027], demand_gw=[[0.2, 0.4, 0.6]], sites=[_site(5.0, 2026, 0.3)],
                          max_expected_unserved_gw=0.0)
    with pytest.raises(PlanInfeasible) as caught:
        solve(problem)
    message = str(caught.value)
    assert "unserved_cap[year=2025]" in message
    assert "candidates.small.earliest_year" in message


def test_build_limit_named() -> None:
    problem = PlanProblem(years=[2025, 2026], demand_gw=[[0.2, 1.0]], sites=[_site(5.0, 2025, 0.3)],
                          max_expected_unserved_gw=0.0)
    with pytest.raises(PlanInfeasible) as caught:
        solve(problem)
    message = str(caught.value)
    assert "build_limit[site=small, year=2025,2026]" in message
    assert "candidates.small.build_limit_gw_per_year" in message


def test_all_or_nothing_offers_infeasible_with_the_budget_explained() -> None:
    # an offer too small to meet the cap even if signed in full: infeasible in the relaxation too
    offer = OfferOption("cloud", "Cloud Co", "US", min_gw=1.0, max_gw=1.0, price_per_gw_year=B, term_years=1,
                        earliest_year=2025, latest_year=2025)
    problem = PlanProblem(years=[2025], demand_gw=[[2.0]], offers=[offer], max_expected_unserved_gw=0.5)
    with pytest.raises(PlanInfeasible) as caught:
        solve(problem)
    assert "offer_max[offer=cloud]: setting offers.cloud.max_gw" in str(caught.value)


def test_feasible_when_the_cap_can_be_met() -> None:
    problem = PlanProblem(years=[2025, 2026], demand_gw=[[1.0, 1.0]], sites=[_site(1.0)],
                          max_expected_unserved_gw=0.0)
    result = solve(problem)
    assert result.expected_unserved.max() == pytest.approx(0.0, abs=1e-9)
    assert result.build.sum() == pytest.approx(1.0)


def test_an_infeasible_plan_whose_conflict_highs_cannot_isolate_is_still_a_plan_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # HiGHS sometimes finds no irreducible infeasible set; linopy then raises RuntimeError, which
    # reached the user as a traceback. It must stay a PlanInfeasible that says so.
    import linopy

    def no_iis(self: linopy.Model, *args: object, **kwargs: object) -> list[int]:
        raise RuntimeError("HiGHS failed to compute an irreducible infeasible subsystem (IIS).")

    monkeypatch.setattr(linopy.Model, "compute_infeasibilities", no_iis)
    problem = PlanProblem(years=[2025, 2026], demand_gw=[[3.0, 3.0], [2.0, 3.0]], sites=[_site(1.0)],
                          max_expected_unserved_gw=0.5, name="tight")
    with pytest.raises(PlanInfeasible) as caught:
        solve(problem)
    assert caught.value.constraints == []
    assert "no plan for tight meets every constraint" in str(caught.value)
    assert "could not isolate" in str(caught.value)
