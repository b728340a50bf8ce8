"""The engine: reproducible draws, chunk-size invariance, correlations, time paths in closed form."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pytest
from scipy import stats

import gigawatt
from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.engine.runner import run
from gigawatt.engine.sampling import BLOCK, standard_normals
from gigawatt.scenario.schema import Scenario

YEARS = np.arange(2025, 2031)


def users_block(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """A one-line model: users and payers (enough to exercise the engine without the economics)."""
    users = x(scenario.consumer.users)
    payers = users * x(scenario.consumer.paying_share)
    out = {"users_consumer": Out(users, "users"), "payers": Out(payers, "users")}
    if scenario.sites:
        out["capex_per_gw"] = Out(x.scalar(scenario.sites[0].capex_per_gw)[:, 0], "USD/GW")
    return out


def test_same_seed_same_numbers_whatever_the_chunk_size(toy_text: str) -> None:
    scenario = gigawatt.loads(toy_text)
    samples = 2 * BLOCK + 123
    whole = run(scenario, [users_block], samples=samples, seed=3, chunk_size=10 * BLOCK)
    small = run(scenario, [users_block], samples=samples, seed=3, chunk_size=BLOCK)
    assert np.array_equal(whole.series["payers"], small.series["payers"])
    assert np.array_equal(whole.scalars["capex_per_gw"], small.scalars["capex_per_gw"])
    assert whole.summary() == small.summary()


def test_other_seed_other_numbers(toy_text: str) -> None:
    scenario = gigawatt.loads(toy_text)
    a = run(scenario, [users_block], samples=100, seed=1)
    b = run(scenario, [users_block], samples=100, seed=2)
    assert not np.array_equal(a.series["payers"], b.series["payers"])


def test_streams_do_not_depend_on_other_inputs() -> None:
    """Adding an input leaves the draws of every other input unchanged (common random numbers)."""
    z1 = standard_normals(5, "consumer.users.ceiling", 0, 1000)
    z2 = standard_normals(5, "consumer.users.ceiling", 500, 1000)
    assert np.array_equal(z1[500:], z2)
    assert not np.array_equal(z1, standard_normals(5, "sites.abilene.capex_per_gw", 0, 1000))


def test_input_drawn_once_and_broadcast(toy_text: str) -> None:
    """A value used twice is the same draw: x * x equals x ** 2 in every sample."""
    scenario = gigawatt.loads(toy_text)
    result = run(scenario, [users_block], samples=1000, seed=1)
    capex = result.scalars["capex_per_gw"]
    assert np.array_equal(capex, result.inputs["sites.abilene.capex_per_gw"])
    q5, q95 = np.percentile(capex, [5, 95])
    assert q5 == pytest.approx(40e9, rel=0.05)
    assert q95 == pytest.approx(60e9, rel=0.05)


def test_pinned_input_fixes_one_and_keeps_the_rest(toy_text: str) -> None:
    scenario = gigawatt.loads(toy_text)
    base = run(scenario, [users_block], samples=500, seed=1)
    pinned = run(scenario, [users_block], samples=500, seed=1, pinned={"sites.abilene.capex_per_gw": 5e10})
    assert np.all(pinned.scalars["capex_per_gw"] == 5e10)
    assert np.array_equal(base.series["payers"], pinned.series["payers"])


def test_logistic_users_follow_the_closed_form() -> None:
    scenario = gigawatt.loads("name: t\nhorizon: {start: 2025, end: 2030}\n"
                              "consumer: {users: {logistic: {start: 800M, ceiling: 3B, midpoint_year: 2028}}}\n")
    users = Inputs(YEARS, {}, 1)(scenario.consumer.users)[0]
    k = np.log(3e9 / 8e8 - 1) / (2028 - 2025)
    expected = 3e9 / (1 + np.exp(-k * (YEARS - 2028)))
    np.testing.assert_allclose(users, expected, rtol=1e-12)
    assert users[0] == pytest.approx(8e8)
    assert users[3] == pytest.approx(1.5e9)  # half the ceiling at the midpoint


def test_anchor_path_interpolates_and_holds_flat() -> None:
    scenario = gigawatt.loads("name: t\nhorizon: {start: 2025, end: 2030}\n"
                              "consumer: {paying_share: {2026: 5%, 2028: 9%}}\n")
    share = Inputs(YEARS, {}, 1)(scenario.consumer.paying_share)[0]
    np.testing.assert_allclose(share, [0.05, 0.05, 0.07, 0.09, 0.09, 0.09])


def test_growth_path() -> None:
    scenario = gigawatt.loads("name: t\nhorizon: {start: 2025, end: 2030}\n"
                              "opex: {general_admin: {start: $1B, growth: 10%}}\n")
    cost = Inputs(YEARS, {}, 1)(scenario.opex.general_admin)[0]
    np.testing.assert_allclose(cost, 1e9 * 1.1 ** np.arange(6))


def test_uncertain_anchor_is_one_draw_per_sample() -> None:
    text = ("name: t\nhorizon: {start: 2025, end: 2030}\n"
            "consumer: {paying_share: {2025: 5%, 2030: 8% to 12%}}\n")
    scenario = gigawatt.loads(text)
    result = run(scenario, [users_block], samples=2000, seed=4)
    draws = result.inputs["consumer.paying_share.2030"]
    inputs = Inputs(YEARS, {"consumer.paying_share.2030": draws}, 2000)
    share = inputs(scenario.consumer.paying_share)
    np.testing.assert_allclose(share[:, -1], draws)
    np.testing.assert_allclose(share[:, 2], 0.05 + (draws - 0.05) * 0.4)


@pytest.mark.parametrize("rank", [0.6, -0.4])
def test_achieved_rank_correlation(rank: float) -> None:
    text = f"""\
name: corr
horizon: {{start: 2025, end: 2026}}
consumer:
  users: 700M to 900M
  paying_share: {{beta: {{a: 5, b: 95}}}}
sites:
  - {{name: a, country: US, capacity_gw: 1, capex_per_gw: "$40B/GW to $60B/GW"}}
correlations:
  - {{between: [consumer.users, consumer.paying_share], rank: {rank}}}
"""
    scenario = gigawatt.loads(text)
    result = run(scenario, [users_block], samples=10_000, seed=11)
    achieved = stats.spearmanr(result.inputs["consumer.users"], result.inputs["consumer.paying_share"])[0]
    assert abs(achieved - rank) < 0.05
    independent = stats.spearmanr(result.inputs["consumer.users"], result.inputs["sites.a.capex_per_gw"])[0]
    assert abs(independent) < 0.05
    # the marginals are untouched by the copula
    assert np.mean(result.inputs["consumer.paying_share"]) == pytest.approx(0.05, rel=0.03)


def test_sample_api_interval_quantiles() -> None:
    draws = gigawatt.sample("$40B to $70B", 200_000, seed=2)
    q5, q95 = np.percentile(draws, [5, 95])
    assert q5 == pytest.approx(40e9, rel=0.01)
    assert q95 == pytest.approx(70e9, rel=0.01)


def test_sample_api_monthly_price_is_yearly() -> None:
    assert gigawatt.sample("20 USD/month", 1).tolist() == [240.0]


def test_percentile_of_never_is_never() -> None:
    from gigawatt.engine.result import percentiles

    years = np.array([2030.0, 2031.0, np.inf, np.inf])
    p5, p50, p95 = percentiles(years, [5, 50, 95])
    assert p5 == pytest.approx(2030.15)
    assert np.isinf(p50)
    assert np.isinf(p95)  # interpolating between two infinities would give nan


def test_s_curve_never_falls_even_in_the_tail_of_its_ceiling() -> None:
    """A ceiling drawn below twice the start is raised to it: users rise (or hold), never fall."""
    scenario = gigawatt.loads("name: t\nhorizon: {start: 2025, end: 2035}\n"
                              "consumer: {users: {logistic: {start: 800M, ceiling: 0.9B to 4B, "
                              "midpoint_year: 2027}}}\n")
    result = run(scenario, [users_block], samples=5000, seed=3)
    users = result.series["users_consumer"]
    assert np.all(np.diff(users, axis=1) >= -1e-6 * users[:, 1:])
    np.testing.assert_allclose(users[:, 0], 8e8)
    assert (result.inputs["consumer.users.ceiling"] < 1.6e9).any()  # the tail was exercised


@pytest.mark.parametrize(("ceiling", "midpoint", "fragment"), [
    ("1.2B", 2028, "must start below half its ceiling"),
    ("3B", 2024, "must start above half its ceiling"),
    ("3B", 2025, "must start at half its ceiling"),
])
def test_s_curve_that_cannot_rise_is_an_error(ceiling: str, midpoint: int, fragment: str) -> None:
    with pytest.raises(gigawatt.ScenarioError, match=fragment):
        gigawatt.loads(f"name: t\nconsumer: {{users: {{logistic: {{start: 800M, ceiling: {ceiling}, "
                       f"midpoint_year: {midpoint}}}}}}}\n")
