"""The common units of scenario files, read without pint.

Importing pint and building its registry costs about half a second (pint imports
dask and xarray when they are installed, then parses its definitions file), which
``gigawatt validate`` and ``gigawatt run`` would pay for the handful of unit
expressions a scenario writes (``USD/GW/year``, ``USD/MWh``, ``FLOP/s/W``...).
This module reads such expressions from a small table of units: names joined by
``*`` and ``/`` (left to right, as pint reads them), each with an optional whole
power (``**2`` or ``^2``), and ``1`` (as in ``1/year``). Anything else -- an
unknown name, a prefix the table lacks, brackets -- gives ``None`` and
:mod:`gigawatt.scenario.units` asks pint, which also words every error.

Each entry gives what pint gives for that name with gigawatt's definitions
(``USD = [currency]``, ``FLOP = 1``, counts such as ``user = 1``): its scale in
pint's base units (USD, kilogram, metre, second), its dimensionality and the
name ``UnitRegistry.get_name`` returns. ``tests/scenario/test_unit_table.py``
checks every entry, and expressions built from them, against pint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

Dims = tuple[tuple[str, int], ...]
"""A dimensionality: sorted ``(base dimension, exponent)`` pairs, zero exponents left out (``()``: none)."""


@dataclass(frozen=True)
class Known:
    """A unit expression read from the table."""

    scale: float
    """One of it in pint's base units (USD, kg, m, s)."""
    dims: Dims
    """Its dimensionality."""
    names: frozenset[str]
    """The units it names, as ``UnitRegistry.get_name`` gives them."""
    times: bool
    """Whether one of the names is a unit of time (``USD/GW/year`` names one, ``USD/MWh`` does not)."""


_YEAR = 365.25 * 86400.0  # pint: year = 365.25 * day
_POWER = {"[mass]": 1, "[length]": 2, "[time]": -3}
_ENERGY = {"[mass]": 1, "[length]": 2, "[time]": -2}
_TIME = {"[time]": 1}

# (pint's name, what it is in base units, its dimensionality, the names a scenario writes)
_ENTRIES: list[tuple[str, float, dict[str, int], tuple[str, ...]]] = [
    ("USD", 1.0, {"[currency]": 1}, ("USD", "usd", "dollar")),
    ("FLOP", 1.0, {}, ("FLOP", "flop")),
    ("watt", 1.0, _POWER, ("W", "watt", "watts")),
    ("kilowatt", 1e3, _POWER, ("kW", "kilowatt", "kilowatts")),
    ("megawatt", 1e6, _POWER, ("MW", "megawatt", "megawatts")),
    ("gigawatt", 1e9, _POWER, ("GW", "gigawatt", "gigawatts")),
    ("terawatt", 1e12, _POWER, ("TW", "terawatt", "terawatts")),
    ("joule", 1.0, _ENERGY, ("J", "joule", "joules")),
    ("watt_hour", 3600.0, _ENERGY, ("Wh",)),
    ("kilowatt_hour", 3.6e6, _ENERGY, ("kWh",)),
    ("megawatt_hour", 3.6e9, _ENERGY, ("MWh",)),
    ("gigawatt_hour", 3.6e12, _ENERGY, ("GWh",)),
    ("terawatt_hour", 3.6e15, _ENERGY, ("TWh",)),
    ("second", 1.0, _TIME, ("s", "second", "seconds")),
    ("minute", 60.0, _TIME, ("minute", "minutes")),
    ("hour", 3600.0, _TIME, ("h", "hour", "hours")),
    ("day", 86400.0, _TIME, ("day", "days")),
    ("week", 7 * 86400.0, _TIME, ("week", "weeks")),
    ("month", _YEAR / 12, _TIME, ("month", "months")),
    ("year", _YEAR, _TIME, ("year", "years")),
]


def _count(name: str) -> tuple[str, float, dict[str, int], tuple[str, ...]]:
    return (name, 1.0, {}, (name, name + "s"))


def _entries(counts: tuple[str, ...]) -> dict[str, tuple[str, float, Dims]]:
    table: dict[str, tuple[str, float, Dims]] = {}
    for name, scale, dims, aliases in [*_ENTRIES, *map(_count, counts)]:
        for alias in aliases:
            table[alias] = (name, scale, tuple(sorted(dims.items())))
    return table


_TOKEN = re.compile(r"\s*(?:(?P<op>[*/])\s*)?(?P<name>[A-Za-z_]+|1)(?:\s*(?:\*\*|\^)\s*(?P<power>[+-]?\d+))?\s*")


@lru_cache(maxsize=1024)
def read(expr: str, counts: tuple[str, ...]) -> Known | None:
    """``expr`` read from the table (``counts``: the dimensionless count units), or ``None`` to ask pint."""
    table = _table(counts)
    scale, dims, names, times = 1.0, dict[str, int](), set[str](), False
    position, first = 0, True
    while position < len(expr):
        match = _TOKEN.match(expr, position)
        if match is None or match.end() == position or (match["op"] is None) != first:
            return None  # not a plain product or quotient of known names: pint reads it
        sign = -1 if match["op"] == "/" else 1
        power = sign * int(match["power"] or 1)
        if match["name"] != "1":
            entry = table.get(match["name"])
            if entry is None:
                return None
            name, unit_scale, unit_dims = entry
            scale *= unit_scale**power
            for dim, exponent in unit_dims:
                dims[dim] = dims.get(dim, 0) + exponent * power
            names.add(name)
            times = times or unit_dims == (("[time]", 1),)
        position, first = match.end(), False
    if first:
        return None
    return Known(scale, tuple(sorted((d, e) for d, e in dims.items() if e)), frozenset(names), times)


@lru_cache(maxsize=4)
def _table(counts: tuple[str, ...]) -> dict[str, tuple[str, float, Dims]]:
    return _entries(counts)


def aliases(counts: tuple[str, ...]) -> list[str]:
    """Every name the table reads (for the tests that check it against pint)."""
    return sorted(_table(counts))
