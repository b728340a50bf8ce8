"""The small unit table reads what pint reads, to the same numbers."""

from __future__ import annotations

import itertools

import pytest

from gigawatt.scenario import unit_table, units
from gigawatt.scenario.units import COUNT_UNITS, UNITS, registry

ALIASES = unit_table.aliases(COUNT_UNITS)


def _pint(expr: str) -> tuple[float, unit_table.Dims]:
    quantity = registry().Quantity(1.0, registry().parse_units(expr)).to_base_units()
    dims = tuple(sorted((str(k), int(v)) for k, v in quantity.dimensionality.items() if v))
    return float(quantity.magnitude), dims


@pytest.mark.parametrize("alias", ALIASES)
def test_each_name_is_what_pint_says(alias: str) -> None:
    known = unit_table.read(alias, COUNT_UNITS)
    assert known is not None
    scale, dims = _pint(alias)
    assert known.dims == dims
    assert known.scale == pytest.approx(scale, rel=1e-15)
    assert known.names == {registry().get_name(alias)}
    assert known.times == (dims == (("[time]", 1),))


@pytest.mark.parametrize(("a", "b", "c"), list(itertools.product(
    ["USD", "GW", "kWh", "FLOP", "users", "1"], ["/", "*"], ["GW", "MWh", "year", "month", "s", "tokens"])))
def test_products_and_quotients_agree_with_pint(a: str, b: str, c: str) -> None:
    expr = f"{a} {b} {c}" if a != "1" or b == "/" else f"{c}"
    known = unit_table.read(expr, COUNT_UNITS)
    assert known is not None
    scale, dims = _pint(expr)
    assert known.dims == dims
    assert known.scale == pytest.approx(scale, rel=1e-14)


@pytest.mark.parametrize("expr", ["USD/GW/year", "USD/GW^2", "1/s/W", "USD * GW**-1 / year", "W**2/J"])
def test_powers_and_chains_agree_with_pint(expr: str) -> None:
    known = unit_table.read(expr, COUNT_UNITS)
    assert known is not None
    scale, dims = _pint(expr)
    assert (known.scale, known.dims) == (pytest.approx(scale, rel=1e-14), dims)


@pytest.mark.parametrize("expr", ["", "/GW", "GW/", "(USD/GW)", "USD GW", "furlong/fortnight", "kUSD", "GW**1.5",
                                  "2 GW", "USD//GW"])
def test_anything_else_is_left_to_pint(expr: str) -> None:
    assert unit_table.read(expr, COUNT_UNITS) is None


def test_every_canonical_unit_has_pints_factors_and_base() -> None:
    """What the canonical units convert to and their base units are pint's, whether or not pint is asked."""
    for unit, expr in units._PINT.items():
        if unit == "year":
            continue
        scale, dims = units.base_of(unit)
        quantity = registry().Quantity(1.0, expr).to_base_units()
        assert scale == pytest.approx(float(quantity.magnitude), rel=1e-15)
        assert dims == {str(k): float(v) for k, v in quantity.dimensionality.items()}
    texts = ["1 GW", "1.7 kW", "45 USD/MWh", "0.045 USD/kWh", "$20/month", "$1B/GW/year", "3000 tokens/minute",
             "30 FLOP/s/W", "2 TWh/year", "5 years", "18 months", "$10/W"]
    for text in texts:
        value, unit = units.canonical_of(text)
        number, expr, _ = units._split(text)
        pint_factor = float(registry().Quantity(1.0, registry().parse_units(expr)).to(units._PINT[unit]).magnitude)
        assert value == number * float(f"{pint_factor:.15g}"), text
        assert UNITS[unit]
