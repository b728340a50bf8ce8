"""Loading: extends with deep overrides, --set paths, marks, comments, the generated field reference."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import gigawatt
from gigawatt.scenario.docs import field_reference
from gigawatt.scenario.paths import all_paths, uncertain_inputs
from gigawatt.scenario.values import Anchors, Const, Dist


def test_extends_merges_named_items_and_sections(toy_file: Path, tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(
        f"name: child\nextends: {toy_file.name}\n"
        "consumer:\n  paying_share: 7%\n"
        "sites:\n  - {name: abilene, capex_per_gw: $55B/GW}\n"
        "  - {name: norway, country: NO, capacity_gw: 0.5}\n",
        encoding="utf-8",
    )
    scenario = gigawatt.load(child)
    assert scenario.name == "child"
    assert scenario.consumer.paying_share == Const(0.07)
    # the base's other consumer fields survive the deep merge
    assert len(scenario.consumer.tiers) == 1
    abilene = scenario.sites[0]
    assert abilene.capex_per_gw == Const(55e9)
    assert abilene.ownership == "owned"  # kept from the base item
    assert [s.name for s in scenario.sites] == ["abilene", "norway"]


def test_extends_drop_removes_an_item(toy_file: Path, tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(f"name: c\nextends: {toy_file.name}\nsites:\n  - {{name: abilene, drop: true}}\n",
                     encoding="utf-8")
    assert gigawatt.load(child).sites == []


def test_set_overrides_any_field_with_file_syntax(toy_file: Path) -> None:
    scenario = gigawatt.load(toy_file, {
        "consumer.paying_share.2030": "10% to 14%",
        "sites.abilene.capex_per_gw": "$45B/GW",
        "horizon.discount_rate": 0.08,
    })
    share = scenario.consumer.paying_share
    assert isinstance(share, Anchors)
    assert isinstance(share.points[1][1], Dist)
    assert scenario.sites[0].capex_per_gw == Const(45e9)
    assert scenario.horizon.discount_rate == 0.08
    assert "sites.abilene.capex_per_gw" not in uncertain_inputs(scenario)


def test_uncertain_inputs_are_named_by_dotted_path(toy_text: str) -> None:
    scenario = gigawatt.loads(toy_text)
    assert list(uncertain_inputs(scenario)) == [
        "consumer.users.ceiling", "consumer.paying_share.2030", "sites.abilene.capex_per_gw"]
    paths = all_paths(scenario)
    assert "consumer.tiers.plus.price" in paths
    assert "consumer.paying_share.2025" in paths


def test_source_comments_are_kept(toy_text: str) -> None:
    scenario = gigawatt.loads(toy_text)
    assert scenario.comments["consumer.users"] == "toy source"
    assert uncertain_inputs(scenario)["consumer.users.ceiling"].source == "toy source"


def test_text_round_trips_to_the_same_scenario(toy_file: Path) -> None:
    from gigawatt.scenario.distributions import describe

    scenario = gigawatt.load(toy_file, {"consumer.paying_share.2025": "6%"})
    again = gigawatt.loads(scenario.text)
    assert again.content_hash == scenario.content_hash
    assert again.text == scenario.text
    assert describe(again.consumer.paying_share) == describe(scenario.consumer.paying_share)
    assert "6%" in describe(again.consumer.paying_share) or "0.06" in describe(again.consumer.paying_share)


def test_field_reference_lists_every_component() -> None:
    text = field_reference()
    for heading in ("## scenario", "## consumer", "## sites[name]", "## contracts[name]", "## opex", "## finance"):
        assert heading in text
    assert "| `capex_per_gw` | USD/GW (>= 0, log paths) |" in text
    assert "| `paying_share` | fraction (>= 0, <= 1) |" in text
    assert "(type: device)" in text


def test_docs_field_reference_is_up_to_date() -> None:
    from gigawatt.scenario.docs import embed_reference

    docs = Path(__file__).parents[2] / "docs"
    assert (docs / "fields.md").read_text(encoding="utf-8") == field_reference(), "run `make docs`"
    model = (docs / "model.md").read_text(encoding="utf-8")
    assert model == embed_reference(model), "run `make docs`: docs/model.md's field reference is stale"
    assert "### consumer" in model


@pytest.mark.parametrize("value", ["$13B", "13e9 USD", "13000M", "13e3 MUSD"])
def test_money_spellings(value: str) -> None:
    scenario = gigawatt.loads(f"name: t\nfinance: {{starting_cash: {value}}}\n")
    assert scenario.finance.starting_cash == Const(13e9)


def test_country_codes_stay_text() -> None:
    """YAML 1.1 would read Norway's code `NO` as false; scenarios use YAML 1.2 booleans only."""
    scenario = gigawatt.loads("name: t\nsites:\n  - {name: n, country: NO, capacity_gw: 1, sovereign: true}\n")
    assert scenario.sites[0].country == "NO"
    assert scenario.sites[0].sovereign is True


def test_an_empty_list_replaces_the_base_list(toy_file: Path, tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(f"name: c\nextends: {toy_file.name}\nsites: []\n", encoding="utf-8")
    assert gigawatt.load(child).sites == []


def test_named_correlations_can_be_dropped_by_a_variant(toy_file: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(toy_file.read_text() + "correlations:\n  - {name: users_pay, between: [consumer.users.ceiling,"
                    " consumer.paying_share.2030], rank: 0.5}\n", encoding="utf-8")
    assert len(gigawatt.load(base).correlations) == 1
    child = tmp_path / "child.yaml"
    child.write_text("name: c\nextends: base.yaml\ncorrelations:\n  - {name: users_pay, drop: true}\n",
                     encoding="utf-8")
    assert gigawatt.load(child).correlations == []


def test_set_fixing_a_correlated_input_drops_its_correlation(toy_file: Path, tmp_path: Path) -> None:
    base = tmp_path / "corr.yaml"
    base.write_text(toy_file.read_text() + "correlations:\n  - {between: [consumer.users.ceiling,"
                    " consumer.paying_share.2030], rank: 0.5}\n", encoding="utf-8")
    fixed = gigawatt.load(base, {"consumer.paying_share.2030": "10%"})
    assert fixed.correlations == []
    assert "correlations: []" in fixed.text
    still = gigawatt.load(base, {"consumer.paying_share.2030": "9% to 13%"})
    assert len(still.correlations) == 1


def test_set_reaches_the_parts_of_an_s_curve(toy_file: Path) -> None:
    scenario = gigawatt.load(toy_file, {"consumer.users.ceiling": "3B"})
    assert scenario.consumer.users.ceiling == Const(3e9)  # type: ignore[union-attr]
    assert "consumer.users.ceiling" not in uncertain_inputs(scenario)


def test_control_characters_are_a_located_error() -> None:
    from gigawatt.scenario.errors import ScenarioError

    with pytest.raises(ScenarioError, match=r"^<text>:1:8: character #x0007 is not allowed in YAML text$"):
        gigawatt.loads("name: x\x07\n")


def test_a_variant_merges_a_time_path_anchor_by_anchor(toy_file: Path, tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(f"name: c\nextends: {toy_file.name}\nconsumer:\n  paying_share: {{2027: 7%, 2030: 9%}}\n"
                     "  users: {2025: 800M, 2030: 2B}\n", encoding="utf-8")
    scenario = gigawatt.load(child)
    # the base's 2025 anchor stays, 2027 is added, 2030 is replaced
    assert scenario.consumer.paying_share == Anchors(((2025, Const(0.05)), (2027, Const(0.07)), (2030, Const(0.09))))
    assert isinstance(scenario.consumer.users, Anchors)  # an anchor path of another form replaces the S-curve


def test_a_variant_drops_an_anchor_or_replaces_a_whole_path(toy_file: Path, tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(f"name: c\nextends: {toy_file.name}\nconsumer:\n  paying_share: {{2025: {{drop: true}}, "
                     "2027: 7%}\n", encoding="utf-8")
    assert gigawatt.load(child).consumer.paying_share.points[0] == (2027, Const(0.07))  # type: ignore[union-attr]
    child.write_text(f"name: c\nextends: {toy_file.name}\nconsumer:\n  paying_share:\n    replace: {{2027: 7%}}\n"
                     "  users:\n    replace: {logistic: {start: 800M, ceiling: 2B, midpoint_year: 2027}}\n",
                     encoding="utf-8")
    scenario = gigawatt.load(child)
    assert scenario.consumer.paying_share == Anchors(((2027, Const(0.07)),))  # the base's anchors are gone
    assert scenario.consumer.users.midpoint_year == Const(2027)  # type: ignore[union-attr]
    assert "replace" not in scenario.text


def test_an_error_inside_replace_points_at_the_value(toy_file: Path, tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(f"name: c\nextends: {toy_file.name}\nconsumer:\n  paying_share:\n    replace:\n"
                     "      2027: 170%\n", encoding="utf-8")
    with pytest.raises(gigawatt.ScenarioError, match=r"child.yaml:4:3: consumer.paying_share: 2027: must be at most 1"):
        gigawatt.load(child)


def test_a_variant_may_change_one_part_of_an_s_curve(toy_file: Path, tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(f"name: c\nextends: {toy_file.name}\nconsumer:\n  users: {{logistic: {{ceiling: 4B}}}}\n",
                     encoding="utf-8")
    users = gigawatt.load(child).consumer.users
    assert users.ceiling == Const(4e9)  # type: ignore[union-attr]
    assert users.start == Const(8e8)  # type: ignore[union-attr]


def test_a_variant_fixing_a_correlated_input_leaves_the_correlation_out(toy_file: Path, tmp_path: Path) -> None:
    base = tmp_path / "corr.yaml"
    base.write_text(toy_file.read_text() + "correlations:\n  - {name: up, between: [consumer.users.ceiling,"
                    " consumer.paying_share.2030], rank: 0.5}\n", encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("name: c\nextends: corr.yaml\nconsumer:\n  paying_share: 9%\n", encoding="utf-8")
    assert gigawatt.load(child).correlations == []
    with pytest.raises(gigawatt.ScenarioError, match="not an uncertain input"):  # a typo is still an error
        gigawatt.load(base, {"correlations": [{"between": ["consumer.users.ceiling", "consumer.payingshare"],
                                               "rank": 0.5}]})


def test_dropping_an_item_drops_the_correlations_that_name_it_with_a_note(toy_file: Path, tmp_path: Path) -> None:
    base = tmp_path / "corr.yaml"
    milam = '  - {name: milam, country: US, ownership: owned, capacity_gw: 1, capex_per_gw: "$40B/GW to $60B/GW"}\n'
    base.write_text(toy_file.read_text().replace("sites:\n", "sites:\n" + milam)
                    + "correlations:\n"
                    "  - {name: capex, between: [sites.abilene.capex_per_gw, sites.milam.capex_per_gw], rank: 0.8}\n"
                    "  - {name: up, between: [consumer.users.ceiling, consumer.paying_share.2030], rank: 0.5}\n",
                    encoding="utf-8")
    assert len(gigawatt.load(base).correlations) == 2
    child = tmp_path / "child.yaml"
    child.write_text("name: c\nextends: corr.yaml\nsites:\n  - {name: milam, drop: true}\n", encoding="utf-8")
    scenario = gigawatt.load(child)
    assert [c.name for c in scenario.correlations] == ["up"]
    assert scenario.notes == ["correlation capex left out: it names sites.milam, which this variant drops"]


def test_a_multiplier_scales_a_whole_path_keeping_its_draws(toy_file: Path) -> None:
    from gigawatt.engine.sampling import draw_inputs
    from gigawatt.scenario.paths import uncertain_inputs

    base = gigawatt.load(toy_file)
    up = gigawatt.load(toy_file, {"consumer.paying_share": "x1.5", "sites.abilene.capacity_gw": "*2"})
    assert up.consumer.paying_share.points[0][1].value == pytest.approx(0.075)  # type: ignore[union-attr]
    assert up.sites[0].capacity_gw.points[1][1].value == pytest.approx(2.4)  # type: ignore[union-attr]
    a = draw_inputs(uncertain_inputs(base), [], 7, 0, 500)["consumer.paying_share.2030"]
    b = draw_inputs(uncertain_inputs(up), [], 7, 0, 500)["consumer.paying_share.2030"]
    np.testing.assert_allclose(b, 1.5 * a, rtol=1e-12)  # every draw times the multiplier: the same random numbers
    users = gigawatt.load(toy_file, {"consumer.users": "x2"}).consumer.users
    assert (users.start, users.midpoint_year) == (Const(1.6e9), Const(2028))  # type: ignore[union-attr]
    with pytest.raises(gigawatt.ScenarioError, match="a multiplier must be a number above 0; got x0"):
        gigawatt.load(toy_file, {"consumer.paying_share": "x0"})
    with pytest.raises(gigawatt.ScenarioError, match="did you mean 'consumer.paying_share'"):
        gigawatt.load(toy_file, {"consumer.payingshare": "x2"})
