"""Quantities with units: parsing, conversion to canonical units, and messages."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gigawatt.scenario.parse import ValueProblem
from gigawatt.scenario.units import UNITS, UnitProblem, canonical_of, to_canonical


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("$13B", "USD", 13e9),
        ("13e9 USD", "USD", 13e9),
        ("1.5T USD", "USD", 1.5e12),
        ("1.5T", "USD", 1.5e12),
        ("-$2B", "USD", -2e9),
        ("$1.5", "USD", 1.5),
        ("20 USD/month", "USD/year", 240.0),
        ("$20/month", "USD/year", 240.0),
        ("1 USD/day", "USD/year", 365.25),
        ("10 GW", "GW", 10.0),
        ("1.7 kW", "GW", 1.7e-6),
        ("5MW", "GW", 0.005),
        ("45 USD/MWh", "USD/MWh", 45.0),
        ("0.045 USD/kWh", "USD/MWh", 45.0),
        ("$50B/GW", "USD/GW", 5e10),
        ("$10/W", "USD/GW", 1e10),
        ("$1B/GW/year", "USD/GW/year", 1e9),
        ("5%", "fraction", 0.05),
        ("-3%", "fraction", -0.03),
        ("5 %", "fraction", 0.05),
        ("800M", "count", 8e8),
        ("800M users", "count", 8e8),
        ("3000 tokens/day", "count/day", 3000.0),
        ("3000 tokens/day", "count/year", 3000.0 * 365.25),
        ("1e25 FLOP", "FLOP", 1e25),
        ("2e12 FLOP/J", "FLOP/s/W", 2e12),
        ("2030", "year", 2030.0),
        ("18 months", "year", 1.5),
        ("5 years", "year", 5.0),
        ("13e9", "USD", 13e9),
        ("250K", "count", 2.5e5),
    ],
)
def test_to_canonical(text: str, unit: str, expected: float) -> None:
    assert to_canonical(text, unit) == pytest.approx(expected, rel=1e-12)


def test_numbers_are_already_canonical() -> None:
    assert to_canonical(13e9, "USD") == 13e9
    assert to_canonical(3, "GW") == 3.0
    assert isinstance(to_canonical(3, "GW"), float)


def test_currency_amount_in_a_rate_field_is_per_the_rate() -> None:
    assert to_canonical("$13B", "USD/year") == 13e9
    assert to_canonical("$12B", "USD/GW/year") == 12e9
    assert to_canonical("$400K", "USD/year") == 4e5


def test_wrong_dimension_names_both_units() -> None:
    with pytest.raises(UnitProblem) as info:
        to_canonical("45 USD/MWh", "GW")
    assert str(info.value) == 'expected a quantity in GW (power), got "45 USD/MWh" (currency / energy)'


def test_energy_price_is_not_a_capacity_cost() -> None:
    # USD/MWh and USD/GW/year share a dimension; the units written decide which is meant.
    with pytest.raises(UnitProblem, match=r"USD/GW/year \(currency / \(power \* time\)\).*currency / energy"):
        to_canonical("45 USD/MWh", "USD/GW/year")


def test_percent_needs_a_dimensionless_field() -> None:
    with pytest.raises(UnitProblem, match=r'expected a quantity in GW \(power\), got "5%" \(a percentage\)'):
        to_canonical("5%", "GW")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("banana", 'cannot read "banana"'),
        ("GW", 'cannot read "GW"'),
        ("--3", 'cannot read "--3"'),
        ("3 furlongz", 'unknown unit "furlongz"'),
        ("10 GW)", 'cannot read the units "GW)"'),
        ("$5 USD", 'only a "/unit" may follow'),
        ("1e999", "expected a finite number"),
    ],
)
def test_unreadable_text(text: str, fragment: str) -> None:
    with pytest.raises(UnitProblem) as info:
        to_canonical(text, "GW")
    assert fragment in str(info.value)


def test_unreadable_message_lists_accepted_forms() -> None:
    with pytest.raises(UnitProblem, match=r"write a number .* a percentage \(5%\), a magnitude \(800M, \$13B\)"):
        to_canonical("lots", "USD")


def test_non_numbers_are_refused() -> None:
    with pytest.raises(UnitProblem, match="got a boolean"):
        to_canonical(True, "fraction")
    with pytest.raises(UnitProblem, match=r"got nothing \(null\)"):
        to_canonical(None, "fraction")  # type: ignore[arg-type]
    with pytest.raises(UnitProblem, match="finite"):
        to_canonical(math.nan, "fraction")


def test_unit_problem_is_a_value_problem() -> None:
    assert issubclass(UnitProblem, ValueProblem)
    assert issubclass(ValueProblem, ValueError)


def test_unknown_canonical_unit_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown canonical unit") as info:
        to_canonical(1, "furlongs")
    assert not isinstance(info.value, ValueProblem)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("20 USD/month", 240.0, "USD/year"),
        ("$13B", 13e9, "USD"),
        ("10 GW", 10.0, "GW"),
        ("1.7 kW", 1.7e-6, "GW"),
        ("$50B/GW", 5e10, "USD/GW"),
        ("$1B/GW/year", 1e9, "USD/GW/year"),
        ("$10/kW/month", 10 * 1e6 * 12, "USD/GW/year"),
        ("45 USD/MWh", 45.0, "USD/MWh"),
        ("5%", 0.05, "fraction"),
        ("0.3", 0.3, "fraction"),
        ("800M", 8e8, "count"),
        ("800M users", 8e8, "count"),
        ("12 seats", 12.0, "count"),
        ("1e25 FLOP", 1e25, "FLOP"),
        ("3000 tokens/day", 3000 * 365.25, "count/year"),
        ("2e12 FLOP/J", 2e12, "FLOP/s/W"),
        ("18 months", 1.5, "year"),
    ],
)
def test_canonical_of(text: str, value: float, unit: str) -> None:
    got_value, got_unit = canonical_of(text)
    assert got_unit == unit
    assert got_value == pytest.approx(value, rel=1e-12)


def test_canonical_of_a_dimension_without_canonical_unit() -> None:
    with pytest.raises(UnitProblem, match=r'no canonical unit for "5 MWh" \(energy\)'):
        canonical_of("5 MWh")


def test_every_canonical_unit_is_described_and_converts_to_itself() -> None:
    assert set(UNITS) == {
        "USD", "USD/year", "USD/GW", "USD/GW/year", "USD/MWh", "GW", "fraction", "count",
        "count/year", "count/day", "FLOP", "FLOP/s/W", "year",
    }  # fmt: skip
    assert all(UNITS[key] for key in UNITS)
    assert to_canonical("2 USD/GW/year", "USD/GW/year") == pytest.approx(2.0)
    assert to_canonical("2 1/year", "count/year") == pytest.approx(2.0)


MAGNITUDE = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
positive = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(deadline=None)  # the first example may build the pint registry or import scipy
@given(number=positive, suffix=st.sampled_from(sorted(MAGNITUDE)))
def test_magnitudes_multiply(number: float, suffix: str) -> None:
    expected = number * MAGNITUDE[suffix]
    assert to_canonical(f"{number!r}{suffix}", "count") == pytest.approx(expected, rel=1e-9)
    assert to_canonical(f"${number!r}{suffix}", "USD") == pytest.approx(expected, rel=1e-9)
    assert to_canonical(f"{number!r}{suffix} USD", "USD") == pytest.approx(expected, rel=1e-9)
    assert to_canonical(f"-${number!r}{suffix}", "USD") == pytest.approx(-expected, rel=1e-9)


@settings(deadline=None)  # the first example may build the pint registry or import scipy
@given(number=positive)
def test_percent_divides_by_100(number: float) -> None:
    assert to_canonical(f"{number!r}%", "fraction") == pytest.approx(number / 100, rel=1e-9)
