"""Numbers as a reader wants them: money in $B, shares in %, quantities with their unit.

Shared by the chart builders, the HTML report and (later) the dashboard, so that a
number reads the same wherever it is shown.
"""

from __future__ import annotations

import math
import re

__all__ = ["country_label", "money", "money_words", "percent", "quantity", "slug"]

_SCALES = ((1e12, "T", "trillion"), (1e9, "B", "billion"), (1e6, "M", "million"), (1e3, "K", "thousand"))


def _sig(x: float, digits: int = 3) -> str:
    """``x`` with about ``digits`` significant digits, thousands separated, no trailing zeros."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(x)))))
    return f"{x:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{x:,.0f}"


def money(usd: float, *, billions: bool = False) -> str:
    """Dollars in short form: ``$13.1B``, ``$1.2T``, ``$850M``, ``$240``.

    Parameters
    ----------
    usd
        An amount in US dollars.
    billions
        Always show billions with one decimal (``$0.4B``), as the tables of money per year do.
    """
    if not math.isfinite(usd):
        return "–"
    sign = "-" if usd < 0 else ""
    x = abs(usd)
    if billions:
        return f"{sign}${x / 1e9:,.1f}B"
    for scale, suffix, _ in _SCALES:
        if x >= scale:
            return f"{sign}${_sig(x / scale)}{suffix}"
    return f"{sign}${_sig(x)}"


def money_words(usd: float) -> str:
    """Dollars as a sentence would say them: ``$480 billion``, ``$1.2 trillion``, ``nothing``."""
    if not math.isfinite(usd):
        return "an unbounded amount"
    if abs(usd) < 0.5e6:
        return "nothing" if usd == 0 else money(usd)
    sign = "-" if usd < 0 else ""
    x = abs(usd)
    for scale, _, word in _SCALES[:3]:
        if x >= scale:
            return f"{sign}${_sig(x / scale, 2 if x / scale < 10 else 3)} {word}"
    return money(usd)  # pragma: no cover - unreachable


def percent(share: float, decimals: int = 0) -> str:
    """A share in [0, 1] as a percentage, with "<1%" and ">99%" for the extremes."""
    if not math.isfinite(share):
        return "–"
    if decimals == 0 and 0 < share < 0.005:
        return "<1%"
    if decimals == 0 and 0.995 <= share < 1:
        return ">99%"
    return f"{share * 100:.{decimals}f}%"


def _count(x: float) -> str:
    for scale, suffix, _ in _SCALES:
        if abs(x) >= scale:
            return f"{_sig(x / scale)}{suffix}"
    return _sig(x)


def quantity(value: float, unit: str, *, as_percent: bool | None = None) -> str:
    """One value in a canonical unit of the scenario language, written for a reader.

    Parameters
    ----------
    value
        The value in its canonical unit (USD, USD/year, GW, fraction, count, ...).
    unit
        The canonical unit (see ``gigawatt.scenario.fields``).
    as_percent
        For ``fraction`` values: show as a percentage (default: when ``|value| <= 1``);
        multiples such as 5000 tokens per dollar are shown as plain numbers.
    """
    if not math.isfinite(value):
        return "–"
    if unit in ("USD", "USD/year", "USD/GW", "USD/GW/year", "USD/MWh"):
        tail = {"USD": "", "USD/year": "/yr", "USD/GW": "/GW", "USD/GW/year": "/GW/yr", "USD/MWh": "/MWh"}[unit]
        return money(value) + tail
    if unit == "GW":
        return f"{_sig(value)} GW"
    if unit == "fraction":
        if as_percent is None:
            as_percent = abs(value) <= 1
        return f"{_sig(value * 100)}%" if as_percent else _sig(value)
    if unit == "year":
        return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    if unit in ("count", "count/day", "count/year"):
        return _count(value) + {"count": "", "count/day": "/day", "count/year": "/yr"}[unit]
    if unit in ("FLOP", "FLOP/s/W"):
        return f"{value:.3g} {unit}"
    return f"{_sig(value)} {unit}".strip()


def slug(text: str) -> str:
    """The output-name suffix of a country or site (as the model writes it): ``"UAE"`` -> ``"uae"``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"


def country_label(key: str, countries: list[str]) -> str:
    """The country as written in the scenario for an output-name suffix, else the suffix in capitals."""
    for country in countries:
        if slug(country) == key:
            return country
    return key.upper() if len(key) <= 3 else key.replace("_", " ").title()
