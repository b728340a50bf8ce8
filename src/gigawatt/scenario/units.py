"""Quantities with units, converted once (at load time) to gigawatt's canonical units.

A numeric scenario field declares a canonical unit (one of the keys of
:data:`UNITS`, such as ``"USD/GW"``) and the user may write:

- a bare number, already in that unit: ``13e9``, ``0.3``;
- a number with a magnitude suffix directly after it: ``800M``, ``13B``,
  ``1.5T`` (K, M, B, T = thousand, million, billion, trillion); an ``M`` right
  after a number is always a magnitude, while ``MW`` / ``MWh`` are units;
- a percentage: ``5%`` = 0.05 (dimensionless units only);
- a plain currency amount for a field in currency per something: ``$13B``
  for a ``USD/year`` field is $13B a year, ``$12B`` for ``USD/GW/year`` is
  $12B per GW-year (``$20/month`` is still converted: 240 USD/year);
- a quantity with units: ``13e9 USD``, ``$13B``, ``-$2B``, ``$20/month``,
  ``$50B/GW``, ``10 GW``, ``1.7 kW``, ``45 USD/MWh``, ``800M users``,
  ``3000 tokens/day``, ``18 months``.

Bare numbers never touch pint (a regular expression reads them), nor do the
common unit expressions (:mod:`gigawatt.scenario.unit_table` reads ``USD/GW/year``,
``45 USD/MWh``, ``20 USD/month`` from a small table that the tests check against
pint). Other quantities are read with one lazily built, cached pint registry where ``USD`` is a base
``[currency]`` and ``FLOP``, ``user``, ``token``, ``seat``, ``device``... are
dimensionless counts. pint's ``month`` is ``year / 12`` (``year`` = 365.25
days), so ``20 USD/month`` is exactly 240 USD/year.
"""

from __future__ import annotations

import math
import re
import sys
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from gigawatt.scenario import unit_table

if TYPE_CHECKING:  # pint is imported lazily: with the registry, about half a second
    import pint

__all__ = ["UNITS", "UnitProblem", "ValueProblem", "canonical_of", "to_canonical"]


class ValueProblem(ValueError):
    """A scenario value that cannot be read; the message says what was expected and received.

    Its public home is :mod:`gigawatt.scenario.parse` (which re-exports it); it is
    defined here, in the lower module, so that :class:`UnitProblem` can subclass it
    without a circular import.
    """


class UnitProblem(ValueProblem):
    """A quantity that cannot be read or has the wrong dimension."""


#: Canonical unit key -> human description (for the generated docs).
UNITS: dict[str, str] = {
    "USD": "US dollars",
    "USD/year": "US dollars per year",
    "USD/GW": "US dollars per GW of IT capacity",
    "USD/GW/year": "US dollars per GW of IT capacity per year",
    "USD/MWh": "US dollars per MWh of electricity",
    "GW": "gigawatts of power",
    "fraction": "a dimensionless share or rate (5% = 0.05)",
    "count": "a dimensionless count (users, seats, devices)",
    "count/year": "a count per year (e.g. tokens per year)",
    "count/day": "a count per day (e.g. tokens per user per day)",
    "FLOP": "floating-point operations (a dimensionless count)",
    "FLOP/s/W": "floating-point operations per second per watt (= FLOP per joule)",
    "year": "a calendar year or a number of years (e.g. 2030, 5 years, 18 months)",
}

# The pint expression of each canonical unit.
_PINT: dict[str, str] = {
    "USD": "USD",
    "USD/year": "USD/year",
    "USD/GW": "USD/GW",
    "USD/GW/year": "USD/GW/year",
    "USD/MWh": "USD/MWh",
    "GW": "GW",
    "fraction": "dimensionless",
    "count": "dimensionless",
    "count/year": "1/year",
    "count/day": "1/day",
    "FLOP": "dimensionless",
    "FLOP/s/W": "1/s/W",
    "year": "year",
}

# The physical dimension of each canonical unit, as named in messages.
_FAMILY: dict[str, str] = {
    "USD": "currency",
    "USD/year": "currency / time",
    "USD/GW": "currency / power",
    "USD/GW/year": "currency / (power * time)",
    "USD/MWh": "currency / energy",
    "GW": "power",
    "fraction": "dimensionless",
    "count": "dimensionless",
    "count/year": "1 / time",
    "count/day": "1 / time",
    "FLOP": "dimensionless",
    "FLOP/s/W": "1 / energy",
    "year": "time",
}

# Which canonical unit :func:`canonical_of` picks for a dimension (dimensionless: see there).
_CANONICAL_OF_FAMILY: dict[str, str] = {
    "currency": "USD",
    "currency / time": "USD/year",
    "currency / power": "USD/GW",
    "currency / (power * time)": "USD/GW/year",
    "currency / energy": "USD/MWh",
    "power": "GW",
    "1 / time": "count/year",
    "1 / energy": "FLOP/s/W",
    "time": "year",
}

MAGNITUDES: dict[str, float] = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
COUNT_UNITS = ("user", "token", "seat", "device", "subscriber", "customer", "request", "query")

_NUM = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_BARE = re.compile(rf"^\s*(?P<num>[+-]?{_NUM})(?:(?P<mag>[KMBT])|\s*(?P<pct>%))?\s*$")
_QUANTITY = re.compile(
    rf"^\s*(?P<sign>[+-]?)\s*(?P<dollar>\$?)\s*(?P<num>[+-]?{_NUM})"
    rf"(?:(?P<mag>[KMBT])(?![A-Za-z0-9_])|\s*(?P<pct>%))?\s*(?P<rest>.*?)\s*$"
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")

_ACCEPTED = (
    "write a number (0.3, 13e9), a percentage (5%), a magnitude (800M, $13B) "
    "or a quantity (10 GW, 45 USD/MWh, 20 USD/month)"
)


@cache
def registry() -> pint.UnitRegistry[float]:
    """The one pint registry, built on first use with gigawatt's extra units."""
    import pint

    reg: pint.UnitRegistry[float] = pint.UnitRegistry()
    reg.define("USD = [currency] = usd = dollar")
    reg.define("FLOP = 1 = flop")
    for name in COUNT_UNITS:
        reg.define(f"{name} = 1")
    return reg


def to_canonical(text: str | float, unit: str) -> float:
    """Read a number or a quantity in the canonical unit ``unit``.

    Parameters
    ----------
    text
        A number (already in ``unit``), or a string: a bare number with an
        optional K/M/B/T magnitude or ``%`` (taken as already in ``unit``;
        ``%`` divides by 100 and is allowed for dimensionless units only), or
        a quantity with units converted with pint. A plain currency amount
        (``$13B``) for a unit in currency per something is taken as per
        that something.
    unit
        A key of :data:`UNITS`.

    Returns
    -------
    float
        The value in ``unit``.

    Raises
    ------
    UnitProblem
        Unreadable text, a non-finite number, or a quantity of another dimension.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown canonical unit {unit!r}; expected one of {', '.join(UNITS)}")
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise UnitProblem(f"expected a number or a quantity in {_expected(unit)}, got {_kind_of_object(text)}")
    if isinstance(text, str):
        return _string_to_canonical(text, unit)
    if isinstance(text, int) and not -_MAX_INT <= text <= _MAX_INT:  # float() would raise OverflowError
        raise UnitProblem(f"expected a finite number, got a whole number of {len(str(abs(text)))} digits")
    return _finite(float(text), str(text))


def canonical_of(text: str | float) -> tuple[float, str]:
    """Read a quantity and choose its canonical unit from its dimension.

    Currency -> ``USD``, currency/time -> ``USD/year``, power -> ``GW``,
    currency/power -> ``USD/GW``, currency/(power*time) -> ``USD/GW/year``
    (the text names a power and a time unit, as in ``$1B/GW/year``),
    currency/energy -> ``USD/MWh`` (the text names an energy unit, as in
    ``45 USD/MWh``), 1/time -> ``count/year``, 1/energy -> ``FLOP/s/W``,
    time -> ``year``.

    A dimensionless value is ``FLOP`` when the text names FLOP (``1e25 FLOP``),
    ``count`` when it names a count unit (``800M users``) or uses a K/M/B/T
    magnitude (``800M``), and ``fraction`` otherwise (plain numbers such as
    ``0.3`` or ``2030``, and percentages such as ``5%``).

    Returns
    -------
    tuple of (float, str)
        The value in the chosen unit, and the unit's key in :data:`UNITS`.

    Raises
    ------
    UnitProblem
        Unreadable text, or a dimension without a canonical unit (e.g. energy).
    """
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise UnitProblem(f"expected a number or a quantity, got {_kind_of_object(text)}")
    if not isinstance(text, str):
        return _finite(float(text), str(text)), "fraction"
    return _string_canonical_of(text)


def dimension_of(unit: str) -> str:
    """The physical dimension of a canonical unit, as named in messages (``"power"``)."""
    return _FAMILY[unit]


# --- strings ---------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _string_to_canonical(text: str, unit: str) -> float:
    bare = _BARE.match(text)
    if bare:
        if bare["pct"] and _FAMILY[unit] != "dimensionless":
            raise UnitProblem(f'expected a quantity in {_expected(unit)}, got "{text.strip()}" (a percentage)')
        return _bare_value(bare, text)
    value, expr, _ = _split(text)
    family = _family(expr, text)
    if family == "currency" and _FAMILY[unit].startswith("currency /"):
        # "$13B" for a USD/year field is $13B a year; "$12B" for USD/GW/year is per GW-year.
        return _finite(value * _factor(expr, "USD"), text)
    if family != _FAMILY[unit]:
        raise UnitProblem(f'expected a quantity in {_expected(unit)}, got "{text.strip()}" ({family})')
    return _finite(value * _factor(expr, _PINT[unit]), text)


@lru_cache(maxsize=8192)
def _string_canonical_of(text: str) -> tuple[float, str]:
    bare = _BARE.match(text)
    if bare:
        return _bare_value(bare, text), ("count" if bare["mag"] else "fraction")
    value, expr, magnitude = _split(text)
    family = _family(expr, text)
    if family == "dimensionless":
        unit = _dimensionless_unit(expr, magnitude)
    elif family in _CANONICAL_OF_FAMILY:
        unit = _CANONICAL_OF_FAMILY[family]
    else:
        known = ", ".join(UNITS)
        raise UnitProblem(f'no canonical unit for "{text.strip()}" ({family}); expected a quantity in one of: {known}')
    return _finite(value * _factor(expr, _PINT[unit]), text), unit


def _bare_value(match: re.Match[str], text: str) -> float:
    value = float(match["num"])
    if match["mag"]:
        value *= MAGNITUDES[match["mag"]]
    elif match["pct"]:
        value /= 100.0
    return _finite(value, text)


def _split(text: str) -> tuple[float, str, bool]:
    """``(number, pint unit expression, whether a K/M/B/T magnitude was used)``."""
    match = _QUANTITY.match(text)
    if not match or (match["sign"] and match["num"][0] in "+-"):
        raise UnitProblem(f'cannot read "{text.strip()}"; {_ACCEPTED}')
    value = float(match["num"]) * (-1.0 if match["sign"] == "-" else 1.0)
    if match["mag"]:
        value *= MAGNITUDES[match["mag"]]
    elif match["pct"]:
        value /= 100.0
    rest = match["rest"]
    if match["dollar"]:
        if rest and not rest.startswith("/"):
            raise UnitProblem(f'cannot read "{text.strip()}"; after $X only a "/unit" may follow, as in $20/month')
        expr = "USD" + rest
    elif rest.startswith("/"):
        expr = "1" + rest
    else:
        expr = rest
    if not expr:
        raise UnitProblem(f'cannot read "{text.strip()}"; {_ACCEPTED}')
    return value, expr, bool(match["mag"])


_MAX_INT = int(sys.float_info.max)
"""Largest whole number that is a float."""


def _finite(value: float, text: str) -> float:
    if not math.isfinite(value):
        raise UnitProblem(f'expected a finite number, got "{text.strip()}"')
    return value


# --- pint --------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _units(expr: str, text: str) -> pint.Unit:
    import tokenize

    import pint

    reg = registry()
    try:
        return reg.parse_units(expr)
    # pint's parser raises many types on bad text: UndefinedUnitError, TokenError, AssertionError...
    except (
        pint.PintError,
        tokenize.TokenError,
        ArithmeticError,
        AssertionError,
        LookupError,
        TypeError,
        ValueError,
        AttributeError,
        SyntaxError,
    ) as exc:
        if isinstance(exc, pint.UndefinedUnitError):
            names = exc.unit_names if isinstance(exc.unit_names, str) else ", ".join(exc.unit_names)
            raise UnitProblem(f'unknown unit "{names}" in "{text.strip()}"; {_ACCEPTED}') from None
        raise UnitProblem(f'cannot read the units "{expr}" in "{text.strip()}"; {_ACCEPTED}') from None


def _known(expr: str) -> unit_table.Known | None:
    """``expr`` read without pint, or None when only pint can read it."""
    if expr == "dimensionless":  # a canonical unit's pint expression
        return unit_table.Known(1.0, (), frozenset(), times=False)
    return unit_table.read(expr, COUNT_UNITS)


@lru_cache(maxsize=1024)
def _factor(expr: str, target: str) -> float:
    """How many ``target`` one ``expr`` is."""
    known, wanted = _known(expr), _known(target)
    if known is not None and wanted is not None and known.dims == wanted.dims:
        factor = known.scale / wanted.scale
    else:
        reg = registry()
        factor = float(reg.Quantity(1.0, reg.parse_units(expr)).to(target).magnitude)
    return float(f"{factor:.15g}")  # 1 kW is 1e-06 GW, not pint's 1.0000000000000002e-06


_NAMED_FAMILIES = {
    "USD": "currency",
    "year": "time",
    "GW": "power",
    "MWh": "energy",
    "dimensionless": "dimensionless",
    "USD/year": "currency / time",
    "USD/GW": "currency / power",
    "USD/MWh": "currency / energy",
    "1/year": "1 / time",
    "1/J": "1 / energy",
    "m": "length",
    "kg": "mass",
    "A": "current",
    "K": "temperature",
}
"""A unit of each dimension that messages name, with the name."""


@cache
def _family_table() -> dict[object, str]:
    reg = registry()
    return {reg.parse_units(expr).dimensionality: name for expr, name in _NAMED_FAMILIES.items()}


@cache
def _known_families() -> dict[unit_table.Dims, str]:
    """:data:`_NAMED_FAMILIES` by the dimensionality :mod:`~gigawatt.scenario.unit_table` gives."""
    known = {expr: _known(expr) for expr in _NAMED_FAMILIES}
    return {k.dims: _NAMED_FAMILIES[expr] for expr, k in known.items() if k is not None}


def _family(expr: str, text: str) -> str:
    """The dimension of a unit expression, named as in :data:`_FAMILY`.

    Currency per energy is dimensionally the same as currency per (power *
    time); which one is meant follows from the units written: a time unit
    among them (``USD/GW/year``) means the latter.
    """
    known = _known(expr)
    if known is not None and known.dims in _known_families():
        known_name = _known_families()[known.dims]
        return "currency / (power * time)" if known_name == "currency / energy" and known.times else known_name
    units = _units(expr, text)
    name = _family_table().get(units.dimensionality)
    if name == "currency / energy" and _names_a_time(expr):
        return "currency / (power * time)"
    if name is None:
        return str(units.dimensionality).replace("[", "").replace("]", "")
    return name


def _unit_names(expr: str) -> set[str]:
    known = _known(expr)
    if known is not None:
        return set(known.names)
    reg = registry()
    return {reg.get_name(token) for token in _NAME.findall(expr)}


def _names_a_time(expr: str) -> bool:
    reg = registry()
    time = reg.parse_units("year").dimensionality
    return any(reg.parse_units(name).dimensionality == time for name in _unit_names(expr))


def _dimensionless_unit(expr: str, magnitude: bool) -> str:
    names = _unit_names(expr)
    if "FLOP" in names:
        return "FLOP"
    if magnitude or names & set(COUNT_UNITS):
        return "count"
    return "fraction"


def _expected(unit: str) -> str:
    return f"{unit} ({_FAMILY[unit]})"


def _kind_of_object(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    return f"a {type(value).__name__}"


@cache
def base_of(unit: str) -> tuple[float, dict[str, float]]:
    """How a canonical unit relates to pint's base units: ``(scale, dimension)``.

    A value ``v`` in ``unit`` is ``v * scale`` in base units (USD, seconds, kg-m-s for power);
    ``dimension`` maps base dimensions to exponents (``{"[currency]": 1, "[time]": -1}`` for
    ``USD/year``). ``year`` (calendar years, numbers of years) counts as a plain number of years.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown canonical unit {unit!r}")
    if unit == "year":
        return 1.0, {}
    known = _known(_PINT[unit])
    if known is not None:
        return known.scale, {dim: float(exponent) for dim, exponent in known.dims}
    quantity = registry().Quantity(1.0, _PINT[unit]).to_base_units()
    exponents = {str(k): float(v) for k, v in quantity.dimensionality.items()}  # type: ignore[arg-type]
    return float(quantity.magnitude), exponents
