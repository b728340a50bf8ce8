"""Tiny plans solved by hand: the optimum, the decisions and the shadow prices."""

from __future__ import annotations

import numpy as np
import pytest

from gigawatt.plan import OfferOption, PlanProblem, SiteOption, solve
from gigawatt.plan.data import capital_recovery_factor, power_cost_per_gw_year

from .helpers import B, two_sites, two_years


def test_two_sites_two_years() -> None:
    # demand 1.5 then 2.5 GW; a: $1B/GW-yr, at most 1 GW; b: $2B/GW-yr; penalty $3B > both.
    # a 1 GW in 2025 (2 years: $2B); b 0.5 GW in 2025 ($2B) and 1 GW in 2026 ($2B): $6B.
    result = solve(two_years([1.5, 2.5]))
    assert result.objective == pytest.approx(6 * B, rel=1e-9)
    np.testing.assert_allclose(result.build, [[1.0, 0.0], [0.5, 1.0]], atol=1e-9)
    np.testing.assert_allclose(result.unserved, [[0.0, 0.0]], atol=1e-9)
    # one more GW allowed at a replaces b for both years: saves $1B x 2 years per GW
    [binding] = result.binding
    assert (binding.constraint, binding.at, binding.setting) == ("site_max", {"site": "a"}, "candidates.a.max_gw")
    assert binding.shadow_price == pytest.approx(-2 * B, rel=1e-9)
    assert result.site_values() == pytest.approx({"a": 2 * B, "b": 0.0})
    assert result.costs["total"] == pytest.approx(result.objective, rel=1e-9)
    assert result.costs["capex_spend"] == pytest.approx(1 * 10 * B + 1.5 * 20 * B, rel=1e-9)


def test_build_limit_leaves_demand_unserved() -> None:
    # b may add only 0.6 GW in 2026: 0.4 GW unserved at $3B; raising that limit saves $3B - $2B per GW.
    result = solve(two_years([1.5, 2.5], sites=two_sites(limit_b=0.6)))
    assert result.objective == pytest.approx(2 * B + 2 * B + 1.2 * B + 1.2 * B, rel=1e-9)
    np.testing.assert_allclose(result.build, [[1.0, 0.0], [0.5, 0.6]], atol=1e-9)
    np.testing.assert_allclose(result.expected_unserved, [0.0, 0.4], atol=1e-9)
    prices = {(b.constraint, tuple(b.at.values())): b.shadow_price for b in result.binding}
    assert prices[("build_limit", ("b", 2026))] == pytest.approx(-1 * B, rel=1e-9)
    assert prices[("site_max", ("a",))] == pytest.approx(-2 * B, rel=1e-9)


def test_two_samples_build_to_the_low_one() -> None:
    # 2026 demand is 2 or 3 GW (equal odds). A GW beyond 2 is used half the time: 0.5 x $3B < $2B (b),
    # so the plan builds for 2 GW and pays the penalty on the high sample: $5B + 0.5 x $3B.
    result = solve(two_years([[1.5, 2.0], [1.5, 3.0]]))
    assert result.objective == pytest.approx(6.5 * B, rel=1e-9)
    np.testing.assert_allclose(result.build, [[1.0, 0.0], [0.5, 0.5]], atol=1e-9)
    np.testing.assert_allclose(result.unserved, [[0.0, 0.0], [0.0, 1.0]], atol=1e-9)
    assert result.costs["unserved_penalty"] == pytest.approx(1.5 * B, rel=1e-9)


def test_existing_capacity_is_used_first() -> None:
    result = solve(two_years([1.5, 2.5], existing_gw=[1.5, 2.0]))
    # only 0.5 GW more in 2026, from a at $1B for one year
    assert result.objective == pytest.approx(0.5 * B, rel=1e-9)
    np.testing.assert_allclose(result.build, [[0.0, 0.5], [0.0, 0.0]], atol=1e-9)


def test_annuity_over_the_life_equals_capex_and_power_is_discounted() -> None:
    # a 2-year life over a 2-year horizon: the annuities (paid in arrears, from the year the GW come online)
    # are worth the capex one year before that year, when it is spent: capex x 1.1 at the first year
    price = power_cost_per_gw_year(50.0, 1.2, 1.0)  # $/MWh, PUE, utilisation
    assert price == pytest.approx(1000 * 8760 * 1.2 * 50.0)
    site = SiteOption("s", "US", 5.0, 2025, capex_per_gw=10 * B, power_per_gw_year=price, it_share=0.0,
                      facility_life_years=2)
    problem = PlanProblem(years=[2025, 2026], demand_gw=[1.0, 1.0], sites=[site], discount_rate=0.1,
                          unserved_penalty=100 * B)
    result = solve(problem)
    assert capital_recovery_factor(0.1, 2) * (1 / 1.1 + 1 / 1.1**2) == pytest.approx(1.0)
    assert result.costs["capex_annuities"] == pytest.approx(10 * B * 1.1, rel=1e-9)
    assert result.costs["power"] == pytest.approx(price * (1 + 1 / 1.1), rel=1e-9)
    assert result.objective == pytest.approx(11 * B + price * (1 + 1 / 1.1), rel=1e-9)


def test_earliest_year_defers_the_build() -> None:
    sites = [SiteOption("late", "US", 5.0, 2026, capex_per_gw=10 * B, it_share=0.0, facility_life_years=10)]
    result = solve(two_years([1.0, 1.0], sites=sites))
    # 2025 cannot be served (penalty $3B); 2026 from the site at $1B
    assert result.objective == pytest.approx(4 * B, rel=1e-9)
    np.testing.assert_allclose(result.build, [[0.0, 1.0]], atol=1e-9)


def _offer(min_gw: float) -> OfferOption:
    return OfferOption("cloud", "Cloud Co", "US", min_gw=min_gw, max_gw=2.0, price_per_gw_year=1.5 * B,
                       term_years=2, earliest_year=2025, latest_year=2025)


def test_flexible_offer_is_signed_for_what_is_needed() -> None:
    # 1 GW for two years: the offer at $1.5B/GW-yr beats site b ($2B); site a is not available here
    sites = [two_sites()[1]]
    result = solve(two_years([1.0, 1.0], sites=sites, offers=[_offer(0.0)]))
    assert result.objective == pytest.approx(3 * B, rel=1e-9)
    np.testing.assert_allclose(result.sign, [[1.0, 0.0]], atol=1e-9)
    np.testing.assert_allclose(result.contracted, [[1.0, 1.0]], atol=1e-9)
    assert not result.mixed_integer
    assert result.costs["contract_payments"] == pytest.approx(3 * B, rel=1e-9)


def test_all_or_nothing_offer_is_a_binary_choice() -> None:
    # signing means 2 GW ($6B for 2 years) > building 1 GW at b ($4B): the plan leaves the offer
    sites = [two_sites()[1]]
    result = solve(two_years([1.0, 1.0], sites=sites, offers=[_offer(2.0)]))
    assert result.mixed_integer
    assert result.objective == pytest.approx(4 * B, rel=1e-9)
    np.testing.assert_allclose(result.sign, [[0.0, 0.0]], atol=1e-9)
    np.testing.assert_allclose(result.build, [[1.0, 0.0]], atol=1e-9)
    # with 2 GW of demand the whole offer is worth it ($6B < $8B)
    result = solve(two_years([2.0, 2.0], sites=sites, offers=[_offer(2.0)]))
    assert result.objective == pytest.approx(6 * B, rel=1e-9)
    np.testing.assert_allclose(result.sign, [[2.0, 0.0]], atol=1e-9)


def test_contract_start_window_and_term() -> None:
    offer = OfferOption("late", "Cloud Co", "US", min_gw=0.0, max_gw=1.0, price_per_gw_year=0.5 * B, term_years=1,
                        earliest_year=2025, latest_year=2026)
    result = solve(two_years([0.0, 1.0], sites=[], offers=[offer]))
    # a one-year term starting in 2026 covers the only year with demand
    np.testing.assert_allclose(result.sign, [[0.0, 1.0]], atol=1e-9)
    assert result.objective == pytest.approx(0.5 * B, rel=1e-9)


def test_capex_budget_binds_with_a_price_per_dollar() -> None:
    # $15B of capex: a (1 GW, $10B) + 0.25 GW of b ($5B); the rest unserved.
    result = solve(two_years([1.5, 1.5], capex_budget=15 * B))
    np.testing.assert_allclose(result.build.sum(axis=1), [1.0, 0.25], atol=1e-9)
    assert result.costs["capex_spend"] == pytest.approx(15 * B, rel=1e-9)
    [budget] = [b for b in result.binding if b.constraint == "capex_budget"]
    # one more dollar buys 1/$20B GW of b for 2 years: saves (3 - 2) x 2 / 20 = $0.1 per dollar
    assert budget.shadow_price == pytest.approx(-0.1, rel=1e-9)
    assert budget.setting == "planning.capex_budget"
