"""Parsing what a scenario file holds into values: forms, bounds, paths, and error messages."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gigawatt.scenario.distributions import Z95, ppf
from gigawatt.scenario.parse import ValueProblem, parse_value
from gigawatt.scenario.values import Anchors, Const, Dist, Growth, Logistic

HORIZON = (2025, 2035)


def dist(raw: object, unit: str = "GW", **kwargs: Any) -> Dist:
    value = parse_value(raw, unit, **kwargs)
    assert isinstance(value, Dist)
    return value


# --- constants and intervals ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        (3, "GW", 3.0),
        (0.25, "fraction", 0.25),
        ("$13B", "USD", 13e9),
        ("5%", "fraction", 0.05),
        ("1.7 kW", "GW", 1.7e-6),
    ],
)
def test_constants(raw: object, unit: str, expected: float) -> None:
    value = parse_value(raw, unit)
    assert isinstance(value, Const)
    assert value.value == pytest.approx(expected, rel=1e-12)


def test_positive_interval_is_lognormal() -> None:
    d = dist("$40B to $70B", "USD", bounds=(0, None))
    assert d.kind == "lognormal"
    assert d.params["mu"] == pytest.approx((math.log(40e9) + math.log(70e9)) / 2)
    assert d.params["sigma"] == pytest.approx((math.log(70e9) - math.log(40e9)) / (2 * Z95))
    assert d.text == "$40B to $70B"
    assert d.clip == (None, None)  # a bound at 0 never binds a lognormal


def test_interval_with_a_negative_end_is_normal() -> None:
    d = dist("-5% to 10%", "fraction", bounds=(-1, None))
    assert d.kind == "normal"
    assert d.params == pytest.approx({"mean": 0.025, "sd": 0.075 / Z95})
    assert d.clip == (-1, None)


def test_interval_on_a_bounded_field_is_clipped() -> None:
    d = dist("20% to 60%", "fraction", bounds=(0, 1))
    assert d.clip == (None, 1)
    np.testing.assert_allclose(ppf(d, np.array([0.05, 0.95])), [0.2, 0.6], rtol=1e-9)


@pytest.mark.parametrize(
    ("raw", "unit", "low", "high"),
    [
        ("700M to 900M", "count", 7e8, 9e8),
        ("40 to 70 GW", "GW", 40.0, 70.0),
        ("20 to 60%", "fraction", 0.2, 0.6),
        ("40 to 70B", "USD", 40e9, 70e9),
        ("2e9 to 3e9 USD", "USD", 2e9, 3e9),
        ("2028 to 2032", "year", 2028.0, 2032.0),
    ],
)
def test_interval_forms(raw: str, unit: str, low: float, high: float) -> None:
    np.testing.assert_allclose(ppf(dist(raw, unit), np.array([0.05, 0.95])), [low, high], rtol=1e-9)


# --- distribution mappings --------------------------------------------------------------------


def test_normal_with_clip() -> None:
    d = dist({"normal": {"mean": 0.1, "sd": 0.05}, "min": 0, "max": 1}, "fraction")
    assert d.params == {"mean": 0.1, "sd": 0.05}
    assert d.clip == (0.0, 1.0)
    assert d.text == "normal(mean=0.1, sd=0.05), min=0, max=1"


def test_normal_gets_the_field_bounds_as_clip() -> None:
    assert dist({"normal": {"mean": 0.1, "sd": 0.05}}, "fraction", bounds=(0, 1)).clip == (0, 1)
    assert dist({"normal": {"mean": 0.1, "sd": 0.05}, "max": 0.5}, "fraction", bounds=(0, 1)).clip == (0, 0.5)


@pytest.mark.parametrize(
    "body",
    [
        {"p5": "$1B", "p95": "$4B"},
        {"mu": math.log(2e9), "sigma": math.log(2) / Z95},
        {"median": "$2B", "sigma": math.log(2) / Z95},
    ],
)
def test_lognormal_forms(body: dict[str, object]) -> None:
    d = dist({"lognormal": body}, "USD")
    assert d.params["mu"] == pytest.approx(math.log(2e9), rel=1e-12)
    assert d.params["sigma"] == pytest.approx(math.log(2) / Z95, rel=1e-12)


def test_bounded_distributions() -> None:
    beta = dist({"beta": {"a": 5, "b": 95}}, "fraction", bounds=(0, 1))
    assert beta.params == {"a": 5.0, "b": 95.0, "low": 0.0, "high": 1.0}
    assert beta.clip == (None, None)
    assert beta.text == "beta(a=5, b=95)"
    pert = dist({"pert": {"min": "1 GW", "mode": 2, "max": "5000 MW"}})
    assert pert.params == {"min": 1.0, "mode": 2.0, "max": 5.0}
    uniform = dist({"uniform": {"low": "$1B", "high": "$2B"}}, "USD")
    assert uniform.params == {"low": 1e9, "high": 2e9}
    assert uniform.text == "uniform(low=$1B, high=$2B)"
    tri = dist({"triangular": {"min": 0, "mode": 0, "max": 1}}, "fraction")
    assert tri.params == {"min": 0.0, "mode": 0.0, "max": 1.0}


def test_choice_weights_are_normalised() -> None:
    d = dist({"choice": {"values": ["1 GW", 2, 3], "weights": [1, 1, 2]}})
    assert d.params == {"values": (1.0, 2.0, 3.0), "weights": (0.25, 0.25, 0.5)}
    equal = dist({"choice": {"values": [1, 2]}})
    assert equal.params["weights"] == (0.5, 0.5)


# --- time paths -------------------------------------------------------------------------------


def test_anchors_are_sorted_and_may_be_uncertain() -> None:
    value = parse_value({2030: "8% to 14%", "2025": "5%"}, "fraction", bounds=(0, 1), years=HORIZON)
    assert isinstance(value, Anchors)
    assert [year for year, _ in value.points] == [2025, 2030]
    assert value.points[0][1] == Const(0.05)
    second = value.points[1][1]
    assert isinstance(second, Dist)
    assert second.kind == "lognormal"
    assert second.clip == (None, 1)


def test_growth() -> None:
    value = parse_value({"start": "$13B", "growth": "20% to 60%", "start_year": 2026}, "USD/year", years=HORIZON)
    assert isinstance(value, Growth)
    assert value.start == Const(13e9)
    assert isinstance(value.growth, Dist)
    assert value.start_year == 2026


def test_logistic() -> None:
    raw = {"logistic": {"start": "5%", "ceiling": "30% to 50%", "midpoint_year": 2030}, "start_year": 2025}
    value = parse_value(raw, "fraction", bounds=(0, 1), years=HORIZON)
    assert isinstance(value, Logistic)
    assert value.start == Const(0.05)
    assert isinstance(value.ceiling, Dist)
    assert value.midpoint_year == Const(2030.0)
    assert value.start_year == 2025


# --- errors -----------------------------------------------------------------------------------


ERRORS: list[tuple[object, str, dict[str, Any], str]] = [
    ("$70B to $40B", "USD", {}, 'an interval "a to b" needs a below b; got "$70B to $40B"'),
    ("5% to 5%", "fraction", {}, 'needs a below b; got "5% to 5%"'),
    ("999999999.9999999 to 1e9", "USD", {}, "needs a clearly below b"),
    ({"lognormall": {"p5": 1, "p95": 2}}, "GW", {}, "unknown distribution 'lognormall' (did you mean 'lognormal'?)"),
    ({"gaussian": {"mean": 1}}, "GW", {}, "expected one of normal, lognormal, beta, pert, uniform, triangular, choice"),
    ({"beta": {"a": 0, "b": 2}}, "fraction", {}, "beta a must be above 0; got 0"),
    ({"beta": {"a": 2, "b": -1}}, "fraction", {}, "beta b must be above 0; got -1"),
    (
        {"pert": {"min": 1, "mode": 7, "max": 5}},
        "GW",
        {},
        "pert mode must lie between min and max; got mode 7 outside [1, 5]",
    ),
    ({"triangular": {"min": 5, "mode": 5, "max": 5}}, "GW", {}, "triangular min must be below max"),
    ("-5%", "fraction", {"bounds": (0, 1)}, "must be at least 0; got -5%"),
    ("120%", "fraction", {"bounds": (0, 1)}, "must be at most 1; got 120%"),
    ("-5% to 10%", "fraction", {"bounds": (0, 1)}, "the interval's low end must be at least 0"),
    ({"uniform": {"low": -1, "high": 2}}, "GW", {"bounds": (0, None)}, "uniform low must be at least 0; got -1"),
    ({"normal": {"mean": 1, "sd": 1}, "min": -2}, "GW", {"bounds": (0, None)}, "min must be at least 0; got -2"),
    ({2024: 0.1, 2030: 0.2}, "fraction", {"years": HORIZON}, "anchor year 2024 is outside the horizon 2025-2035"),
    ({2025: 0.1, 2030: -0.2}, "fraction", {"bounds": (0, 1)}, "2030: must be at least 0; got -0.2"),
    ({2025: 0.1, "start": 0.2}, "fraction", {}, "a time path's keys must all be years (4 digits); got start"),
    ({2025: {2026: 0.1}}, "fraction", {}, "got a time path inside a time path"),
    (
        {"logistic": {"start": 0.6, "ceiling": 0.5, "midpoint_year": 2030}},
        "fraction",
        {},
        "a logistic start must be below its ceiling; got start 0.6 >= ceiling 0.5",
    ),
    (
        {"logistic": {"start": 0.1, "ceiling": 0.5}},
        "fraction",
        {},
        "logistic needs midpoint_year or reach ({year: value}), one of them; got neither",
    ),
    ({"start": 1}, "GW", {}, "a growth path needs start, growth; missing growth"),
    (
        {"start": 1, "growth": 0.1, "start_year": 2040},
        "GW",
        {"years": HORIZON},
        "start_year 2040 is outside the horizon",
    ),
    ("banana", "GW", {}, 'cannot read "banana"; write a number'),
    ("45 USD/MWh", "GW", {}, 'expected a quantity in GW (power), got "45 USD/MWh" (currency / energy)'),
    ({}, "GW", {}, "got an empty mapping"),
    (
        {"normal": {"mean": 1, "sd": 1}, "beta": {"a": 1, "b": 1}},
        "GW",
        {},
        "expected one distribution; got 2: normal, beta",
    ),
    ({"normal": {"mean": 1}}, "GW", {}, "normal needs mean, sd; missing sd"),
    ({"normal": {"mean": 1, "sdd": 1}}, "GW", {}, "normal takes mean, sd; got unknown 'sdd' (did you mean 'sd'?)"),
    ({"normal": {"mean": 1, "sd": 0}}, "GW", {}, "normal sd must be above 0; got 0"),
    (
        {"lognormal": {"mean": 1, "sd": 1}},
        "GW",
        {},
        "lognormal takes {p5, p95}, {mu, sigma} or {median, sigma}; got {mean, sd}",
    ),
    ({"lognormal": {"p5": 3, "p95": 1}}, "GW", {}, "lognormal p5 must be below p95"),
    (
        {"uniform": {"low": "3 GW", "high": "$1B"}},
        "GW",
        {},
        'uniform high: expected a quantity in GW (power), got "$1B" (currency)',
    ),
    ({"choice": {"values": [1, 2], "weights": [1]}}, "GW", {}, "choice weights must be a list of 2 numbers"),
    ({"choice": {"values": [1, 2], "weights": [1, -1]}}, "GW", {}, "choice weights must be above 0; got -1"),
    ({"choice": {"values": []}}, "GW", {}, "choice values must be a non-empty list"),
    ({"normal": 3}, "GW", {}, "normal needs a mapping of its parameters {mean, sd}; got 3"),
    ({"min": 0}, "GW", {}, "min and max clip a distribution"),
    (None, "GW", {}, "got nothing (null)"),
    ([1, 2], "GW", {}, "expected a number or a quantity in GW (power); got a list"),
]


@pytest.mark.parametrize(("raw", "unit", "kwargs", "message"), ERRORS)
def test_errors(raw: object, unit: str, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueProblem) as info:
        parse_value(raw, unit, **kwargs)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


# --- properties -------------------------------------------------------------------------------

MAGNITUDE = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(deadline=None)  # the first example may build the pint registry or import scipy
@given(
    number=st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False),
    suffix=st.sampled_from(sorted(MAGNITUDE)),
)
def test_quantity_property(number: float, suffix: str) -> None:
    value = parse_value(f"{number!r}{suffix}", "count")
    assert isinstance(value, Const)
    assert value.value == pytest.approx(number * MAGNITUDE[suffix], rel=1e-9)


@settings(deadline=None)  # the first example may build the pint registry or import scipy
@given(a=finite, b=finite)
def test_interval_property(a: float, b: float) -> None:
    text = f"{a!r} to {b!r}"
    if a >= b:
        with pytest.raises(ValueProblem, match="needs a below b"):
            parse_value(text, "fraction")
        return
    assume(a <= 0 or math.log(a) < math.log(b))  # else a and b are too close to tell apart: an error
    if a <= 0 and not (b - a) / (2 * Z95) > 0:  # "0.0 to 5e-324": the spread underflows, also an error
        with pytest.raises(ValueProblem, match="clearly below b"):
            parse_value(text, "fraction")
        return
    d = dist(text, "fraction")
    assert d.kind == ("lognormal" if a > 0 else "normal")
    low, high = ppf(d, np.array([0.05, 0.95]))
    scale = max(abs(a), abs(b))
    assert low == pytest.approx(a, rel=1e-6, abs=1e-6 * scale)
    assert high == pytest.approx(b, rel=1e-6, abs=1e-6 * scale)


def test_an_s_curve_pinned_by_the_value_it_reaches() -> None:
    """start 1 in 2025, ceiling 10, 5 (half the ceiling) in 2030: the midpoint is 2030 and, by hand,
    k = ln(9) / 5, so 2035 is at 10 / (1 + 1/9) = 9."""
    import numpy as np

    from gigawatt.scenario.evaluate import evaluate

    value = parse_value({"logistic": {"start": 1, "ceiling": 10, "reach": {2030: 5}}}, "count", years=(2025, 2035))
    path = evaluate(value, np.arange(2025, 2036), {})[0]
    assert path[0] == pytest.approx(1)
    assert path[5] == pytest.approx(5)
    assert path[10] == pytest.approx(9)
    assert np.all(np.diff(path) > 0)


@pytest.mark.parametrize(("body", "message"), [
    ({"start": 1, "ceiling": 10, "reach": {2030: 12}}, "stays below its ceiling"),
    ({"start": 1, "ceiling": 10, "reach": {2030: 0.5}}, "must reach more than its start"),
    ({"start": 1, "ceiling": 10, "reach": {2025: 5}}, "must come after the curve's first year 2025"),
    ({"start": 1, "ceiling": 10, "reach": {2030: 5}, "midpoint_year": 2028}, "got both"),
    ({"start": 1, "ceiling": 10}, "needs midpoint_year or reach"),
    ({"start": 1, "ceiling": 10, "reach": 5}, "takes one year and the value reached then"),
])
def test_a_reach_that_cannot_hold_is_an_error(body: dict[str, object], message: str) -> None:
    with pytest.raises(ValueProblem, match=message):
        parse_value({"logistic": body}, "count", years=(2025, 2035))
