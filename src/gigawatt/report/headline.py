"""The answer in words a journalist could quote: funding gap, break-even, peak cash need."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from gigawatt.engine.result import Result
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


def _futures(n: int) -> str:
    return f"{n:,} simulated future" + ("s" if n != 1 else "")


def _peak_years(result: Result) -> np.ndarray:
    """Per sample, the year in which cash before financing is lowest (``peak_funding_need_year`` if present)."""
    if PEAK_FUNDING_NEED_YEAR in result.scalars:
        return np.asarray(result.scalars[PEAK_FUNDING_NEED_YEAR], dtype=float)
    cash = result.series[CASH_BEFORE_FINANCING]
    return np.asarray(result.years, dtype=float)[np.argmin(cash, axis=1)]


def headline(result: Result) -> Headline:
    """Sentences and cards that answer "can the revenue catch up with the compute?" for one result."""
    out = Headline()
    name, n = result.scenario.name, result.samples
    gap = np.asarray(result.scalars[FUNDING_GAP], dtype=float)

    by = _gap_year(result)
    if by is not None:
        gap_by = np.asarray(result.scalars[FUNDING_GAP_BY.format(year=by)], dtype=float)
        b5, b50, b95 = (float(v) for v in np.percentile(gap_by, [5, 50, 95]))
        none = float(np.mean(gap_by <= 0))
        if b50 > 0:
            text = (f"In half of {_futures(n)}, {name} needs more than {money_words(b50)} of new money by {by} "
                    f"to keep its cash above the minimum; in one in twenty it needs more than {money_words(b95)}")
            text += (f", and in {percent(none)} of futures it needs none." if none >= 0.05 else
                     f", and in one in twenty less than {money_words(b5)}.")
        else:
            text = f"In {percent(none)} of {_futures(n)}, {name} needs no new money by {by}"
            text += (f"; in one in twenty it needs more than {money_words(b95)}." if b95 > 0 else ".")
        out.sentences.append(text)
        out.cards.append(Card(f"New money needed by {by} (median)", money(b50),
                              f"90% of futures: {money(b5)} – {money(b95)}"))
    _peak(result, gap, out)
    _breakeven(result, out)
    _after_financing(result, out)
    return out


def _breakeven(result: Result, out: Headline) -> None:
    events = {int(part(k, BREAKEVEN_BY)): float(v.mean()) for k, v in result.events.items()
              if is_a(k, BREAKEVEN_BY)}
    if not events:
        return
    years = sorted(events)
    mid = _gap_year(result) or years[len(years) // 2]
    mid = mid if mid in events else years[len(years) // 2]
    last = years[-1]
    text = f"Free cash flow turns positive by {mid} in {percent(events[mid])} of futures"
    text += f" and by {last} in {percent(events[last])}." if last != mid else "."
    if BREAKEVEN_YEAR in result.scalars:
        median_year = float(np.quantile(result.scalars[BREAKEVEN_YEAR], 0.5, method="inverted_cdf"))  # inf: never
        text += (f" In the median future it first breaks even in {median_year:.0f}." if math.isfinite(median_year)
                 else f" In the median future it does not break even by {last}.")
    out.sentences.append(text)
    out.cards.append(Card(f"Chance of positive free cash flow by {mid}", percent(events[mid]),
                          f"by {last}: {percent(events[last])}"))


def _peak(result: Result, gap: np.ndarray, out: Headline) -> None:
    """The whole-horizon funding gap (the peak cash need) and the year in which it is reached."""
    end = int(result.years[-1])
    g5, g50, g95 = (float(v) for v in np.percentile(gap, [5, 50, 95]))
    short = gap > 0
    if not short.any():
        out.sentences.append(f"In no simulated future does cash fall below the minimum before {end} without new "
                             "financing.")
        out.cards.append(Card(f"Peak cash need to {end}", money(0), "no future runs short"))
        return
    years = _peak_years(result)[short]
    years = years[np.isfinite(years)]
    when = ""
    if years.size:
        values, counts = np.unique(years.astype(int), return_counts=True)
        modal = int(values[np.argmax(counts)])
        when = f"most often in {modal}"
        share = f"{percent(counts.max() / years.size)} of the futures that run short"
        out.sentences.append(
            f"Over the whole horizon to {end}, the cash need peaks {when} ({share}); at its deepest the median "
            f"future needs {money_words(g50)} (90% of futures between {money_words(g5)} and {money_words(g95)}).")
    else:  # pragma: no cover - a result without years to place the peak
        out.sentences.append(f"Over the whole horizon to {end}, the median future needs {money_words(g50)}.")
    detail = f"{percent(float(short.mean()))} of futures run short" + (f"; deepest {when}" if when else "")
    out.cards.append(Card(f"Peak cash need to {end} (median)", money(g50), detail))


def _after_financing(result: Result, out: Headline) -> None:
    if FUNDING_GAP_AFTER_FINANCING not in result.scalars or not result.scenario.finance.financing:
        return
    after = np.asarray(result.scalars[FUNDING_GAP_AFTER_FINANCING], dtype=float)
    still = float(np.mean(after > 0))
    text = f"Even after the financing the scenario plans, {percent(still)} of futures still run short"
    if still:
        shortfall = float(np.median(after[after > 0]))
        text += f" (by a median {money_words(shortfall)} among them)."
        out.cards.append(Card("Still short after planned financing", percent(still),
                              f"median shortfall {money(shortfall)}"))
    else:
        text += "."
    out.sentences.append(text)
