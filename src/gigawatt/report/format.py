"""Numbers as a reader wants them: money in $B, shares in %, quantities with their unit.

Shared by the chart builders, the HTML report and the dashboard, so that a number reads the
same wherever it is shown. Every function takes ``lang`` (a code or a :class:`~gigawatt.i18n.Language`,
default English): the words around a number come from its catalog, the digits and separators
from its locale.
"""

from __future__ import annotations

import math
import re

from gigawatt.i18n import ENGLISH, N_, Language, language

__all__ = ["country_label", "money", "money_words", "percent", "quantity", "slug"]

_SCALES = ((1e12, N_("${n}T"), N_("${n} trillion")), (1e9, N_("${n}B"), N_("${n} billion")),
           (1e6, N_("${n}M"), N_("${n} million")), (1e3, N_("${n}K"), N_("${n} thousand")))
"""``(scale, short form, words)`` of large amounts of dollars; ``{n}`` is the number of units of ``scale``."""
_COUNTS = ((1e12, N_("{n}T")), (1e9, N_("{n}B")), (1e6, N_("{n}M")), (1e3, N_("{n}K")))


def _sig(x: float, digits: int = 3) -> str:
    """``x`` with about ``digits`` significant digits, thousands separated, no trailing zeros."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(x)))))
    return f"{x:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{x:,.0f}"


def money(usd: float, *, billions: bool = False, lang: Language | str = ENGLISH) -> str:
    """Dollars in short form: ``$13.1B``, ``$1.2T``, ``$850M``, ``$240``.

    Parameters
    ----------
    usd
        An amount in US dollars.
    billions
        Always show billions with one decimal (``$0.4B``), as the tables of money per year do.
    lang
        The language (Arabic: ``13.1 مليار $``).
    """
    if not math.isfinite(usd):
        return "–"
    lang = language(lang)
    sign = lang.number("-") if usd < 0 else ""
    x = abs(usd)
    if billions:  # TRANSLATORS: a cell of a table whose note says "US$ billions"
        return sign + lang.pgettext("in a table of US$ billions", "${n}B", n=lang.num(x / 1e9, ",.1f"))
    for scale, short, _ in _SCALES:
        if x >= scale:
            return sign + lang._(short, n=lang.number(_sig(x / scale)))
    return sign + lang._("${n}", n=lang.number(_sig(x)))


def money_words(usd: float, lang: Language | str = ENGLISH) -> str:
    """Dollars as a sentence would say them: ``$480 billion``, ``$1.2 trillion``, ``nothing``."""
    lang = language(lang)
    if not math.isfinite(usd):
        return lang._("an unbounded amount")
    if abs(usd) < 0.5e6:
        return lang._("nothing") if usd == 0 else money(usd, lang=lang)
    sign = lang.number("-") if usd < 0 else ""
    x = abs(usd)
    for scale, _, words in _SCALES[:3]:
        if x >= scale:
            return sign + lang._(words, n=lang.number(_sig(x / scale, 2 if x / scale < 10 else 3)))
    return money(usd, lang=lang)  # pragma: no cover - unreachable


def percent(share: float, decimals: int = 0, lang: Language | str = ENGLISH) -> str:
    """A share in [0, 1] as a percentage, with "<1%" and ">99%" for the extremes."""
    if not math.isfinite(share):
        return "–"
    lang = language(lang)
    if decimals == 0 and 0 < share < 0.005:
        return lang._("<{percent}", percent=lang.number("1%"))
    if decimals == 0 and 0.995 <= share < 1:
        return lang._(">{percent}", percent=lang.number("99%"))
    return lang.number(f"{share * 100:.{decimals}f}%")


def _count(x: float, lang: Language) -> str:
    for scale, suffix in _COUNTS:
        if abs(x) >= scale:
            return lang._(suffix, n=lang.number(_sig(x / scale)))
    return lang.number(_sig(x))


def quantity(value: float, unit: str, *, as_percent: bool | None = None, lang: Language | str = ENGLISH) -> str:
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
    lang
        The language of the words and digits.
    """
    if not math.isfinite(value):
        return "–"
    lang = language(lang)
    if unit in _PER:
        amount = money(value, lang=lang)
        return lang._(_PER[unit], amount=amount) if _PER[unit] else amount
    if unit == "GW":
        return lang._("{n} GW", n=lang.number(_sig(value)))
    if unit == "fraction":
        if as_percent is None:
            as_percent = abs(value) <= 1
        return lang.number(f"{_sig(value * 100)}%" if as_percent else _sig(value))
    if unit == "year":
        return lang.year(value) if value == int(value) else lang.num(value, ".1f")
    if unit in _PER_COUNT:
        count = _count(value, lang)
        return lang._(_PER_COUNT[unit], count=count) if _PER_COUNT[unit] else count
    if unit in ("FLOP", "FLOP/s/W"):
        return lang.isolate(f"{lang.num(value, '.3g')} {unit}")
    return lang.isolate(f"{lang.number(_sig(value))} {unit}".strip())


_PER = {"USD": "", "USD/year": N_("{amount}/yr"), "USD/GW": N_("{amount}/GW"), "USD/GW/year": N_("{amount}/GW/yr"),
        "USD/MWh": N_("{amount}/MWh")}
_PER_COUNT = {"count": "", "count/day": N_("{count}/day"), "count/year": N_("{count}/yr")}


def slug(text: str) -> str:
    """The output-name suffix of a country or site (as the model writes it): ``"UAE"`` -> ``"uae"``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"


def country_label(key: str, countries: list[str]) -> str:
    """The country as written in the scenario for an output-name suffix, else the suffix in capitals."""
    for country in countries:
        if slug(country) == key:
            return country
    return key.upper() if len(key) <= 3 else key.replace("_", " ").title()
