"""The answer in words a journalist could quote: funding gap, break-even, peak cash need."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from gigawatt.engine.result import Result
from gigawatt.i18n import ENGLISH, Language, language
from gigawatt.outputs import (
    BREAKEVEN_BY,
    BREAKEVEN_YEAR,
    CASH_BEFORE_FINANCING,
    FUNDING_GAP,
    FUNDING_GAP_AFTER_FINANCING,
    FUNDING_GAP_BY,
    PEAK_FUNDING_NEED_YEAR,
    is_a,
    part,
)
from gigawatt.report.format import money, money_words, percent

__all__ = ["Card", "Headline", "headline"]


@dataclass(frozen=True)
class Card:
    """A big number with a label and a line of context."""

    label: str
    value: str
    detail: str


@dataclass
class Headline:
    """The sentences and big numbers at the top of the report."""

    sentences: list[str] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)


def _gap_year(result: Result) -> int | None:
    """The year of ``funding_gap_by_<year>``: the scenario's ``finance.funding_gap_year`` if present."""
    years = sorted(int(part(n, FUNDING_GAP_BY)) for n in result.scalars if is_a(n, FUNDING_GAP_BY))
    wanted = result.scenario.finance.funding_gap_year
    if wanted in years:
        return wanted
    return years[0] if years else None


def _futures(lang: Language, n: int) -> str:
    return lang.ngettext("{n} simulated future", "{n} simulated futures", n, n=lang.integer(n))


def _peak_years(result: Result) -> np.ndarray:
    """Per sample, the year in which cash before financing is lowest (``peak_funding_need_year`` if present)."""
    if PEAK_FUNDING_NEED_YEAR in result.scalars:
        return np.asarray(result.scalars[PEAK_FUNDING_NEED_YEAR], dtype=float)
    cash = result.series[CASH_BEFORE_FINANCING]
    return np.asarray(result.years, dtype=float)[np.argmin(cash, axis=1)]


def headline(result: Result, lang: Language | str = ENGLISH) -> Headline:
    """Sentences and cards that answer "can the revenue catch up with the compute?" for one result.

    Each sentence is one whole template of the language's catalog with the numbers put in
    (never pieces of sentences joined), so that a translation can order its words freely.
    """
    lang = language(lang)
    out = Headline()
    name, n = lang.isolate(result.scenario.name), result.samples
    gap = np.asarray(result.scalars[FUNDING_GAP], dtype=float)
    words = partial(money_words, lang=lang)
    share = partial(percent, lang=lang)

    by = _gap_year(result)
    if by is not None:
        gap_by = np.asarray(result.scalars[FUNDING_GAP_BY.format(year=by)], dtype=float)
        b5, b50, b95 = (float(v) for v in np.percentile(gap_by, [5, 50, 95]))
        none = float(np.mean(gap_by <= 0))
        values = {"futures": _futures(lang, n), "name": name, "year": lang.year(by), "median": words(b50),
                  "p95": words(b95), "p5": words(b5), "none": share(none)}
        if b50 > 0 and none >= 0.05:
            text = lang._("In half of {futures}, {name} needs more than {median} of new money by {year} to keep its "
                          "cash above the minimum; in one in twenty it needs more than {p95}, and in {none} of "
                          "futures it needs none.", **values)
        elif b50 > 0:
            text = lang._("In half of {futures}, {name} needs more than {median} of new money by {year} to keep its "
                          "cash above the minimum; in one in twenty it needs more than {p95}, and in one in twenty "
                          "less than {p5}.", **values)
        elif b95 > 0:
            text = lang._("In {none} of {futures}, {name} needs no new money by {year}; in one in twenty it needs "
                          "more than {p95}.", **values)
        else:
            text = lang._("In {none} of {futures}, {name} needs no new money by {year}.", **values)
        out.sentences.append(text)
        out.cards.append(Card(lang._("New money needed by {year} (median)", year=lang.year(by)),
                              money(b50, lang=lang),
                              lang._("90% of futures: {low} – {high}", low=money(b5, lang=lang),
                                     high=money(b95, lang=lang)).replace("90%", lang.number("90%"))))
    _peak(result, gap, out, lang)
    _breakeven(result, out, lang)
    _after_financing(result, out, lang)
    return out


def _breakeven(result: Result, out: Headline, lang: Language) -> None:
    events = {int(part(k, BREAKEVEN_BY)): float(v.mean()) for k, v in result.events.items()
              if is_a(k, BREAKEVEN_BY)}
    if not events:
        return
    years = sorted(events)
    mid = _gap_year(result) or years[len(years) // 2]
    mid = mid if mid in events else years[len(years) // 2]
    last = years[-1]
    values = {"mid": lang.year(mid), "last": lang.year(last), "share": percent(events[mid], lang=lang),
              "share_last": percent(events[last], lang=lang)}
    if last != mid:
        out.sentences.append(lang._("Free cash flow turns positive by {mid} in {share} of futures and by {last} in "
                                    "{share_last}.", **values))
    else:
        out.sentences.append(lang._("Free cash flow turns positive by {mid} in {share} of futures.", **values))
    if BREAKEVEN_YEAR in result.scalars:
        median_year = float(np.quantile(result.scalars[BREAKEVEN_YEAR], 0.5, method="inverted_cdf"))  # inf: never
        out.sentences.append(
            lang._("In the median future it breaks even for good in {year}.", year=lang.year(median_year))
            if math.isfinite(median_year) else
            lang._("In the median future it does not break even by {last}.", **values))
    out.cards.append(Card(lang._("Chance of positive free cash flow by {mid}", **values), values["share"],
                          lang._("by {last}: {share_last}", **values)))


def _peak(result: Result, gap: np.ndarray, out: Headline, lang: Language) -> None:
    """The whole-horizon funding gap (the peak cash need) and the year in which it is reached."""
    end = lang.year(result.years[-1])
    g5, g50, g95 = (float(v) for v in np.percentile(gap, [5, 50, 95]))
    short = gap > 0
    if not short.any():
        out.sentences.append(lang._("In no simulated future does cash fall below the minimum before {end} without "
                                    "new financing.", end=end))
        out.cards.append(Card(lang._("Peak cash need to {end}", end=end), money(0, lang=lang),
                              lang._("no future runs short")))
        return
    years = _peak_years(result)[short]
    years = years[np.isfinite(years)]
    short_share = percent(float(short.mean()), lang=lang)
    if years.size:
        values, counts = np.unique(years.astype(int), return_counts=True)
        modal = lang.year(int(values[np.argmax(counts)]))
        out.sentences.append(lang._(
            "Over the whole horizon to {end}, the cash need peaks most often in {year} ({share} of the futures "
            "that run short); at its deepest the median future needs {median} (90% of futures between {p5} and "
            "{p95}).", end=end, year=modal, share=percent(counts.max() / years.size, lang=lang),
            median=money_words(g50, lang), p5=money_words(g5, lang), p95=money_words(g95, lang)))
        detail = lang._("{share} of futures run short; deepest most often in {year}", share=short_share, year=modal)
    else:  # pragma: no cover - a result without years to place the peak
        out.sentences.append(lang._("Over the whole horizon to {end}, the median future needs {median}.", end=end,
                                    median=money_words(g50, lang)))
        detail = lang._("{share} of futures run short", share=short_share)
    out.cards.append(Card(lang._("Peak cash need to {end} (median)", end=end), money(g50, lang=lang), detail))


def _after_financing(result: Result, out: Headline, lang: Language) -> None:
    if FUNDING_GAP_AFTER_FINANCING not in result.scalars or not result.scenario.finance.financing:
        return
    after = np.asarray(result.scalars[FUNDING_GAP_AFTER_FINANCING], dtype=float)
    still = float(np.mean(after > 0))
    if still:
        shortfall = float(np.median(after[after > 0]))
        out.sentences.append(lang._(
            "Even after the financing the scenario plans, {share} of futures still run short (by a median {amount} "
            "among them).", share=percent(still, lang=lang), amount=money_words(shortfall, lang)))
        out.cards.append(Card(lang._("Still short after planned financing"), percent(still, lang=lang),
                              lang._("median shortfall {amount}", amount=money(shortfall, lang=lang))))
    else:
        out.sentences.append(lang._("Even after the financing the scenario plans, {share} of futures still run "
                                    "short.", share=percent(still, lang=lang)))
