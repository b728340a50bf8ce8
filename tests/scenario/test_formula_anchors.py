"""A formula as an anchor of a time path: its value in the anchor's year, per sample, interpolated as declared."""

from __future__ import annotations

import numpy as np
import pytest
from toy_scenarios import TOY

import gigawatt
from gigawatt.scenario.errors import ScenarioError
from gigawatt.scenario.values import Anchors

SECOND_SITE = """  - name: b
    country: US
    ownership: owned
    capacity_gw: {capacity}
"""


def with_site(capacity: str, text: str = TOY) -> str:
    return text + SECOND_SITE.format(capacity=capacity)


def test_a_formula_anchor_is_its_value_in_the_anchor_year_and_the_years_between_interpolate_linearly() -> None:
    """Abilene has 1.2 GW from 2026, so b's 2030 anchor is 2.4 GW; GW interpolate linearly from 1 GW in 2025:
    1, 1.28, 1.56, 1.84, 2.12, 2.4."""
    scenario = gigawatt.loads(with_site('{2025: 1, 2030: "= 2 * sites.abilene.capacity_gw"}'))
    path = scenario.sites[1].capacity_gw
    assert isinstance(path, Anchors) and path.interpolate == "linear"
    result = gigawatt.simulate(scenario, samples=6, seed=3)
    np.testing.assert_allclose(result.series["site_capacity_gw_b"],
                               np.tile([1, 1.28, 1.56, 1.84, 2.12, 2.4], (6, 1)), rtol=1e-12)


def test_a_formula_anchor_reads_the_year_and_interpolates_in_log_space_when_the_path_says_so() -> None:
    """2030: 0.5 GW x (2030 - 2026) = 2 GW; from 0.5 GW in 2025 in log space: x4 in five years, 4 ** (1/5) a
    year."""
    result = gigawatt.simulate(gigawatt.loads(with_site(
        '{2025: 0.5, 2030: "= 0.5 GW * (year - 2026)", interpolate: log}')), samples=2)
    np.testing.assert_allclose(result.series["site_capacity_gw_b"][0], 0.5 * 4 ** (np.arange(6) / 5), rtol=1e-12)


def test_a_formula_anchor_of_an_uncertain_field_is_computed_in_each_sample() -> None:
    """b's 2030 anchor is 1.5 x Abilene's uncertain 2026 anchor, sample by sample; 2027 lies 2/5 of the way
    from b's 1 GW in 2025."""
    text = TOY.replace("capacity_gw: {2025: 0.2, 2026: 1.2}", 'capacity_gw: {2025: 0.2, 2026: "1 to 2"}')
    result = gigawatt.simulate(gigawatt.loads(with_site('{2025: 1, 2030: "= 1.5 * sites.abilene.capacity_gw"}',
                                                        text)), samples=200, seed=5)
    abilene = result.inputs["sites.abilene.capacity_gw.2026"]
    b = result.series["site_capacity_gw_b"]
    np.testing.assert_allclose(b[:, -1], 1.5 * abilene, rtol=1e-12)
    np.testing.assert_allclose(b[:, 2], 1 + (1.5 * abilene - 1) * 2 / 5, rtol=1e-12)
    assert np.std(b[:, -1]) > 0.1


def test_a_formula_anchor_reads_a_model_output_in_its_year() -> None:
    """An anchor of the subscription's tokens per user (read by the revenue block) may read outputs of the
    demand block (payers, users) in its year, not an output of the outcomes block."""
    subs = "tokens_per_user_per_day: 2000}"
    text = TOY.replace(subs, 'tokens_per_user_per_day: {2025: 1000, 2027: "= 1000 tokens/day * (1 + '
                             '100 * paying_share_of_users)"}, payer_token_multiple: 1}')
    with pytest.raises(ScenarioError, match=r"streams.subs.tokens_per_user_per_day.2027 -> paying_share_of_users: "
                                            r"'paying_share_of_users' is not a model output computed before this "
                                            r"field is used \(the outcomes block makes it"):
        gigawatt.loads(text)
    text = TOY.replace(subs, 'tokens_per_user_per_day: {2025: 1000, 2027: "= 3000 tokens/day * payers / '
                             'users_consumer / 5%"}, payer_token_multiple: 1}').replace(
        '{2025: 5%, 2030: "8% to 12%"}', "{2025: 5%, 2027: 10%}")
    result = gigawatt.simulate(gigawatt.loads(text), samples=3, seed=1)
    # 2027: payers are 10% of users, so 3000 x 10% / 5% = 6000 tokens a day; 2026 halfway in log space from 1000
    tokens = result.series["tokens_total"][0] / (365 * result.series["users_consumer"][0])
    np.testing.assert_allclose(tokens[[0, 1, 2, 5]], [1000, 1000 * 6 ** 0.5, 6000, 6000], rtol=1e-9)


def test_the_units_of_a_formula_anchor_are_checked_at_its_line() -> None:
    text = with_site('{2025: 1, 2030: "= sites.abilene.capex_per_gw"}')
    with pytest.raises(ScenarioError) as info:
        gigawatt.loads(text)
    [problem] = info.value.problems
    assert problem.path == "sites.b.capacity_gw.2030"
    assert problem.mark.line == text.count("\n")  # the line of the path
    assert "the formula gives USD/GW where GW is expected" in problem.message


def test_a_path_whose_anchor_names_the_path_is_a_cycle() -> None:
    with pytest.raises(ScenarioError, match=r"sites.b.capacity_gw.2030: .*the formulas form a cycle: "
                                            r"sites.b.capacity_gw -> sites.b.capacity_gw"):
        gigawatt.loads(with_site('{2025: 1, 2030: "= 2 * sites.b.capacity_gw"}'))


def test_a_formula_anchor_is_clipped_to_the_field_bounds() -> None:
    result = gigawatt.simulate(gigawatt.loads(with_site('{2025: 1, 2030: "= 1 GW - sites.abilene.capacity_gw"}')),
                               samples=2)
    np.testing.assert_allclose(result.series["site_capacity_gw_b"][0], [1, 0.8, 0.6, 0.4, 0.2, 0], atol=1e-12)


def test_a_path_with_a_formula_anchor_is_not_scaled_whole() -> None:
    from gigawatt.analysis.goalseek import find_field
    from gigawatt.scenario.paths import PathError

    text = with_site('{2025: 1, 2030: "= 2 * sites.abilene.capacity_gw"}')
    with pytest.raises(ScenarioError, match="a formula cannot be scaled"):
        gigawatt.loads(text, {"sites.b.capacity_gw": "x1.2"})
    with pytest.raises(PathError, match=r"sites.b.capacity_gw has a formula anchor \(sites.b.capacity_gw.2030: "
                                        r"= 2 \* sites.abilene.capacity_gw\), which cannot be scaled; vary one of "
                                        r"its other anchors, or the fields it names: sites.abilene.capacity_gw"):
        find_field(gigawatt.loads(text), "sites.b.capacity_gw")
    # its other anchors vary as any anchor does
    assert find_field(gigawatt.loads(text), "sites.b.capacity_gw.2025").current == 1.0


def test_the_assumptions_table_and_the_planner_show_and_use_a_formula_anchor() -> None:
    from gigawatt.plan.problem import median_path
    from gigawatt.report.assumptions import value_rows

    text = TOY.replace("capacity_gw: {2025: 0.2, 2026: 1.2}", 'capacity_gw: {2025: 0.2, 2026: "1 to 4"}')
    scenario = gigawatt.loads(with_site('{2025: 1, 2030: "= 1.5 * sites.abilene.capacity_gw"}', text))
    rows = {path: value for path, value, _ in value_rows(scenario)}
    assert "= 1.5 * sites.abilene.capacity_gw" in rows["sites.b.capacity_gw"]
    # at the median: Abilene's 2026 anchor is the lognormal's median, sqrt(1 x 4) = 2 GW; b's 2030 anchor 3 GW
    path = median_path(scenario.sites[1].capacity_gw, list(range(2025, 2031)))
    np.testing.assert_allclose(path, [1, 1.4, 1.8, 2.2, 2.6, 3.0], rtol=1e-9)
