"""Formulas: grammar, units, cycles, the order of model outputs, vectorised evaluation, and a fuzz."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from toy_scenarios import TOY

import gigawatt
from gigawatt.scenario.errors import ScenarioError
from gigawatt.scenario.evaluate import evaluate
from gigawatt.scenario.formula import Formula, FormulaProblem, check_units
from gigawatt.scenario.parse import ValueProblem, parse_value

YEARS = np.arange(2025, 2029)
PAYING = '  paying_share: {2025: 5%, 2030: "8% to 12%"}'


def value_of(text: str, unit: str = "fraction") -> np.ndarray:
    formula = parse_value(text, unit)
    assert isinstance(formula, Formula)
    check_units(formula, lambda name: None)
    return evaluate(formula, YEARS, {})


def toy(**replace: str) -> str:
    text = TOY
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


# --- grammar --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("= 1 + 2 * 3", 7), ("= (1 + 2) * 3", 9), ("= 2 ** 3 ** 2", 512), ("= -2 ** 2", -4), ("= 10 - 4 - 3", 3),
    ("= 12 / 2 / 3", 2), ("= 2 * -3", -6), ("= 5%", 0.05), ("= 800M / 1B", 0.8), ("= 1e3 * 2", 2000),
    ("= min(3, 1, 2) + max(1, 4)", 5), ("= clip(7, 0, 5)", 5), ("= sqrt(16) + exp(0) + log(1)", 5),
    ("= where(2 > 1, 10, 20)", 10), ("= where(2 <= 1, 10, 20)", 20), ("= (1 == 1) + (1 != 1) + (2 >= 3)", 1),
])
def test_operators_and_functions(text: str, expected: float) -> None:
    assert value_of(text) == pytest.approx(np.full((1, 1), expected))


def test_year_is_the_calendar_year() -> None:
    assert value_of("= 1% * (year - 2025)")[0] == pytest.approx([0, 0.01, 0.02, 0.03])


def test_constants_with_units_are_read_in_canonical_units() -> None:
    assert value_of("= 20 USD/month", "USD/year") == pytest.approx(240)
    assert value_of("= $50B/GW * 2", "USD/GW") == pytest.approx(100e9)
    assert value_of("= 1.7 kW", "GW") == pytest.approx(1.7e-6)
    # a daily rate written for a yearly field: evaluation in base units converts it
    assert value_of("= 1000 tokens/day", "count/year") == pytest.approx(365.25e3)


@pytest.mark.parametrize(("text", "message"), [
    ("= 1 +", "expected a number, a name or '(', got the end"),
    ("= (1 + 2", "expected ')', got the end"),
    ("= 1 @ 2", "unexpected '@' at column 5"),
    ("= foo(1)", "unknown function 'foo'"),
    ("= clip(1, 2)", "clip() takes 3 arguments; got 2"),
    ("= 1 < 2 < 3", "comparisons do not chain"),
    ("= __import__('os')", "unexpected \"'\" at column 14"),
    ("=", "a formula needs an expression"),
    ("= 2 3", "unexpected '3' at column 5"),
    ("= " + "(" * 100 + "1" + ")" * 100, "nests more than"),
])
def test_syntax_errors_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(FormulaProblem, match=re.escape(message)):
        parse_value(text, "fraction")


@pytest.mark.parametrize(("text", "unit", "message"), [
    ("= 3 GW", "USD/year", "the formula gives GW where USD/year is expected"),
    ("= 2 GW + 3 USD", "GW", r"'\+' at column 8 needs the same units on both sides; got GW and USD"),
    ("= log(2 GW)", "fraction", r"log\(\) needs a plain number; got GW"),
    ("= 2 GW ** year", "GW", "only be raised to a constant power"),
    ("= where(1, 2 GW, 3)", "GW", r"where\(\) needs the same units"),
])
def test_units_are_checked(text: str, unit: str, message: str) -> None:
    formula = parse_value(text, unit)
    assert isinstance(formula, Formula)
    with pytest.raises(FormulaProblem, match=message):
        check_units(formula, lambda name: None)


def test_a_power_of_a_quantity_by_a_constant() -> None:
    assert value_of("= sqrt(4 GW * 1 GW)", "GW") == pytest.approx(2)
    assert value_of("= (2 GW) ** 2 / 1 GW", "GW") == pytest.approx(4)


# --- in a scenario --------------------------------------------------------------------------


def test_a_unit_mismatch_is_a_located_error_at_load() -> None:
    text = toy(**{PAYING: '  paying_share: "= 3 GW"'})
    with pytest.raises(ScenarioError, match=r"^<text>:6:3: consumer.paying_share: = 3 GW: the formula gives GW where "
                                            r"fraction is expected$"):
        gigawatt.loads(text)


def test_a_field_formula_gives_usd_where_gw_is_expected() -> None:
    text = toy(**{"capacity_gw: {2025: 0.2, 2026: 1.2}": 'capacity_gw: "= sites.abilene.capex_per_gw * 1 GW"'})
    with pytest.raises(ScenarioError, match=r"sites.abilene.capacity_gw: .*gives USD where GW is expected"):
        gigawatt.loads(text)


def test_a_cycle_names_its_chain() -> None:
    text = toy(**{PAYING: '  paying_share: "= streams.subs.store_fee"'}).replace(
        "tokens_per_user_per_day: 2000}", 'tokens_per_user_per_day: 2000, store_fee: "= consumer.paying_share"}')
    with pytest.raises(ScenarioError, match=r"the formulas form a cycle: consumer.paying_share -> "
                                            r"streams.subs.store_fee -> consumer.paying_share"):
        gigawatt.loads(text)


def test_a_misspelt_field_suggests_the_right_one() -> None:
    with pytest.raises(ScenarioError, match=r"no numeric field 'consumer.payingshare' \(did you mean "
                                            r"'consumer.paying_share'\?\)"):
        gigawatt.loads(toy(**{"price: 20 USD/month": 'price: "= consumer.payingshare * 1 USD/year"'}))


def test_an_output_computed_later_is_a_located_error_naming_the_chain() -> None:
    text = toy(**{PAYING: '  paying_share: "= revenue_total / 1T USD/year"'})
    with pytest.raises(ScenarioError, match=r"^<text>:6:3: consumer.paying_share: .*consumer.paying_share -> "
                                            r"revenue_total: 'revenue_total' is not a model output computed before "
                                            r"this field is used"):
        gigawatt.loads(text)


def test_a_formula_through_another_formula_names_the_whole_chain() -> None:
    text = toy(**{PAYING: '  paying_share: "= streams.subs.store_fee"'}).replace(
        "tokens_per_user_per_day: 2000}", 'tokens_per_user_per_day: 2000, store_fee: "= revenue_total / 1T USD/year"}')
    with pytest.raises(ScenarioError, match=r"consumer.paying_share -> streams.subs.store_fee -> revenue_total"):
        gigawatt.loads(text)


def test_an_uncertain_field_is_drawn_once_per_sample() -> None:
    text = toy(**{"price: 20 USD/month": 'price: "= 400 USD/year * consumer.paying_share"'})
    scenario = gigawatt.loads(text)
    result = gigawatt.simulate(scenario, samples=300, seed=4)
    share = result.series["paying_share_of_users"]
    arpu = result.series["arpu_paid"]
    assert arpu.shape == (300, 6)
    np.testing.assert_allclose(arpu, 400 * share, rtol=1e-12)  # the same draw in the field and in the formula
    assert np.std(arpu[:, -1]) > 0


def test_results_outside_the_field_bounds_are_clipped_and_non_finite_ones_are_errors() -> None:
    scenario = gigawatt.loads(toy(**{PAYING: '  paying_share: "= 0.1 * (year - 2024)"'}))
    np.testing.assert_allclose(gigawatt.simulate(scenario, samples=10).series["paying_share_of_users"][0],
                               [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    clipped = gigawatt.loads(toy(**{PAYING: '  paying_share: "= 0.3 * (year - 2024)"'}))
    assert gigawatt.simulate(clipped, samples=10).series["paying_share_of_users"][0, -1] == 1.0
    broken = gigawatt.loads(toy(**{PAYING: '  paying_share: "= log(2025 - year) / 100"'}))
    with pytest.raises(ScenarioError, match="gives no finite number in 100% of samples, first in 2025"):
        gigawatt.simulate(broken, samples=10)


def test_a_formula_cannot_be_a_part_of_a_growth_path_or_an_s_curve() -> None:
    with pytest.raises(ScenarioError, match=r"consumer.paying_share: start: a formula may be an anchor of a path "
                                            r"of years .* not a part of a growth path or an S-curve"):
        gigawatt.loads(toy(**{PAYING: '  paying_share: {start: "= 2 * 5%", growth: 10%}'}))
    with pytest.raises(ScenarioError, match="logistic ceiling: a formula may be an anchor"):
        gigawatt.loads(toy(**{'ceiling: "2B to 3B"': 'ceiling: "= 3B"'}))


HSBC = """\
name: consumer-market
horizon: {start: 2025, end: 2027}
consumer:
  users: {2025: 1B, 2026: 2B, 2027: 2B}
  paying_share: {2025: 10%, 2026: 10%, 2027: 20%}
  tiers:
    - {name: plus, share_of_payers: 100%, price: 0}
streams:
  - name: consumer_ai
    type: market_share
    # users x paying share x ARPU, plus a share of the advertising market
    market: "= users_consumer * consumer.paying_share * 20 USD/month + 2% * streams.advertising.market"
    share: "= 2% * 56%"
  - {name: advertising, type: market_share, market: $100B/year, share: 0}
"""


def test_an_hsbc_style_market_moves_like_the_spreadsheet() -> None:
    """Consumer AI market = users x paying share x $240 a year + 2% of a $100B ad market; the company's share
    2% x 56% = 1.12%. By hand: 2025 1B x 10% x 240 + 2B = $26B; 2026 2B users: $50B; 2027 20% paying: $98B."""
    result = gigawatt.simulate(gigawatt.loads(HSBC), samples=20, seed=1)
    market = np.array([26e9, 50e9, 98e9])
    np.testing.assert_allclose(result.series["revenue_consumer_ai"][0], market * 0.0112, rtol=1e-12)
    # and it moves with its inputs as a spreadsheet would: +10% paying share in 2027 adds 10% of the paid part
    more = gigawatt.simulate(gigawatt.loads(HSBC.replace("2027: 20%}", "2027: 22%}")), samples=20, seed=1)
    assert more.series["revenue_consumer_ai"][0, 2] == pytest.approx((2e9 * 0.22 * 240 + 2e9) * 0.0112, rel=1e-12)


def test_the_inputs_of_a_formula_are_the_fields_it_names() -> None:
    """Sensitivity, solve and the dashboard vary uncertain inputs: a formula's are those of the fields it names,
    so pinning one moves the formula (common random numbers hold)."""
    from gigawatt.scenario.paths import uncertain_inputs

    scenario = gigawatt.loads(toy(**{"price: 20 USD/month": 'price: "= 400 USD/year * consumer.paying_share"'}))
    inputs = uncertain_inputs(scenario)
    assert "consumer.paying_share.2030" in inputs
    assert not any(path.startswith("consumer.tiers.plus.price") for path in inputs)
    pinned = gigawatt.simulate(scenario, samples=50, seed=1, pinned={"consumer.paying_share.2030": 0.1})
    assert pinned.series["arpu_paid"][:, -1] == pytest.approx(np.full(50, 40.0))


# --- fuzz -----------------------------------------------------------------------------------

ATOMS = ["1", "2.5", "0", "5%", "800M", "$13B", "20 USD/month", "3 GW", "year", "(", ")", "+", "-", "*", "/", "**",
         "<", ">=", "==", ",", "min(", "max(", "clip(", "exp(", "log(", "sqrt(", "where(", "consumer.paying_share",
         "users_consumer", "'", "\"", "__import__", ".", "e", "1e400", "[", "@", "  ", "\n", "=", "lambda", ":"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), min_size=0, max_size=14), st.text(max_size=6))
def test_fuzzed_formula_text_gives_only_clear_errors(atoms: list[str], noise: str) -> None:
    text = "= " + " ".join(atoms) + noise
    try:
        formula = parse_value(text, "fraction")
    except ValueProblem:
        return
    assert isinstance(formula, Formula)
    try:
        check_units(formula, lambda name: ())
    except FormulaProblem:
        return
    if formula.field_paths or formula.outputs:
        return
    try:
        out = evaluate(formula, YEARS, {})
    except ScenarioError:
        return
    assert np.all(np.isfinite(out))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_fuzzed_formula_in_a_scenario_gives_only_scenario_errors(body: str) -> None:
    text = toy(**{PAYING: "  paying_share: " + _yaml_string("=" + body)})
    try:
        scenario = gigawatt.loads(text)
        gigawatt.simulate(scenario, samples=4)
    except ScenarioError:
        pass


def _yaml_string(text: str) -> str:
    import json

    return json.dumps(text)


def test_solve_and_the_dashboard_point_at_a_formulas_inputs() -> None:
    from gigawatt.analysis.goalseek import find_field
    from gigawatt.scenario.paths import PathError
    from gigawatt.web.controls import controls

    scenario = gigawatt.loads(toy(**{"price: 20 USD/month": 'price: "= 400 USD/year * consumer.paying_share"'}))
    with pytest.raises(PathError, match=r"consumer.tiers.plus.price is a formula \(= 400 USD/year \* "
                                        r"consumer.paying_share\); vary the fields it names: consumer.paying_share"):
        find_field(scenario, "consumer.tiers.plus.price")
    paths = [c["path"] for c in controls(scenario)]
    assert "consumer.paying_share.2030" in paths  # the formula's input is a control
    assert not any(p.startswith("consumer.tiers.plus.price") for p in paths)


def test_the_assumptions_table_shows_the_formula() -> None:
    from gigawatt.report.assumptions import value_rows

    scenario = gigawatt.loads(toy(**{"price: 20 USD/month": 'price: "= 400 USD/year * consumer.paying_share"'}))
    rows = {path: value for path, value, _ in value_rows(scenario)}
    assert rows["consumer.tiers.plus.price"] == "= 400 USD/year * consumer.paying_share"


def _expressions() -> st.SearchStrategy[str]:
    """Formula text that follows the grammar: numbers (some with units), year, operators, functions."""
    leaf = st.one_of(st.sampled_from(["1", "0", "2.5", "1e3", "5%", "800M", "year", "2025", "0.001"]),
                     st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: f"({x!r})"))

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**", "<", ">=", "==", "!="]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})")
        unary = st.tuples(st.sampled_from(["exp", "log", "sqrt", "-"]), inner).map(lambda t: f"{t[0]}({t[1]})")
        many = st.tuples(st.sampled_from(["min", "max", "clip", "where"]), st.lists(inner, min_size=3, max_size=3)
                         ).map(lambda t: f"{t[0]}({', '.join(t[1])})")
        return st.one_of(binary, unary, many)

    return st.recursive(leaf, grow, max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(_expressions())
def test_fuzzed_well_formed_formulas_evaluate_or_say_why(text: str) -> None:
    """Every well-formed formula parses; evaluating it gives finite numbers (held within the field's
    bounds) or a located error that it gave none; nothing else is raised."""
    formula = parse_value("= " + text, "count", bounds=(0, None))
    assert isinstance(formula, Formula)
    check_units(formula, lambda name: ())
    formula.path = "streams.x.tokens"
    try:
        out = evaluate(formula, YEARS, {})
    except ScenarioError as exc:
        assert "gives no finite number" in str(exc)
        return
    assert np.all(np.isfinite(out)) and np.all(out >= 0)
