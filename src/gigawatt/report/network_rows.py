"""The network's tables and headline figures: a :class:`~gigawatt.analysis.network.NetworkSummary` in, the
cells of a table out (words from the language's catalog, money as :func:`gigawatt.report.format.money`).

The report, the dashboard and the CLI show these rows; :mod:`gigawatt.report.network` draws the charts.
No plotly here, so the command line can print the tables without loading it.
"""

from __future__ import annotations

import math

import numpy as np

from gigawatt.analysis.network import NetworkSummary
from gigawatt.engine.result import Result
from gigawatt.i18n import ENGLISH, N_, Language, language
from gigawatt.i18n import outputs as output_words
from gigawatt.outputs import FUNDING_GAP, NPV, REVENUE_TOTAL
from gigawatt.report.format import money, percent

__all__ = ["COLUMNS", "KINDS", "cards", "entity_headline", "entity_rows", "link_rows", "span"]

KINDS: dict[str, tuple[str, str]] = {
    "contract": (N_("compute contract"), "#1f5fa8"),
    "purchase": (N_("equipment purchase"), "#d9822b"),
    "investment": (N_("investment"), "#2e8b57"),
}
"""The words and colour of each kind of link."""


def span(summary: NetworkSummary, lang: Language) -> str:
    """The run's years, ``2025–2030``, in the language's digits."""
    return f"{lang.year(summary.years[0])}–{lang.year(summary.years[-1])}" if summary.years else ""


def link_rows(summary: NetworkSummary, lang: Language | str = ENGLISH) -> list[dict[str, str]]:
    """One row per link: its name, kind, payer, payee, mean total paid, expected loss and the loss's share of it.

    Keys (column titles, translated where shown): ``link``, ``kind``, ``payer``, ``payee``, ``paid``,
    ``expected loss``, ``share lost``.
    """
    lang = language(lang)
    rows = []
    for info in sorted(summary.links, key=lambda i: -_finite(summary.expected_loss.get(i.name, 0.0))):
        paid = summary.total_flows.get(info.name, math.nan)
        loss = summary.expected_loss.get(info.name, math.nan)
        share = loss / (paid + loss) if math.isfinite(paid) and math.isfinite(loss) and paid + loss > 0 else math.nan
        rows.append({"link": info.name, "kind": lang._(KINDS[info.kind][0]), "payer": info.payer,
                     "payee": info.payee, "paid": money(paid, lang=lang), "expected loss": money(loss, lang=lang),
                     "share lost": percent(share, lang=lang) if math.isfinite(share) else "–"})
    return rows


def entity_rows(summary: NetworkSummary, lang: Language | str = ENGLISH) -> list[dict[str, str]]:
    """One row per entity: ``entity``, ``default probability`` and ``first default`` (the median year among the
    futures in which it defaults, ``–`` if none does)."""
    lang = language(lang)
    rows = []
    for entity in summary.entities:
        year = summary.first_default_year.get(entity)
        rows.append({"entity": entity,
                     "default probability": percent(float(summary.default_probability.get(entity, 0.0)), lang=lang),
                     "first default": lang.year(year) if year is not None and math.isfinite(year) else "–"})
    return rows


COLUMNS = (N_("link"), N_("kind"), N_("payer"), N_("payee"), N_("paid"), N_("expected loss"), N_("share lost"),
           N_("entity"), N_("default probability"), N_("first default"))
"""The column keys of :func:`link_rows` and :func:`entity_rows` (each a message of the catalog)."""


def cards(summary: NetworkSummary, lang: Language | str = ENGLISH) -> list[dict[str, str]]:
    """The network's answer in three figures (label, value, detail): the chance of a cascade, the entity most
    likely to default, and the expected loss over every link."""
    lang = language(lang)
    out = [{"label": lang._("chance of a cascade"), "value": percent(summary.cascade_probability, lang=lang),
            "detail": lang._("futures in which one default brings down another entity")}]
    if summary.entities:
        worst = max(summary.entities, key=lambda e: summary.default_probability.get(e, 0.0))
        share = float(summary.default_probability.get(worst, 0.0))
        out.append({"label": lang._("most likely to default"), "value": lang.isolate(worst) if share > 0 else "–",
                    "detail": lang._("defaults in {share} of futures", share=percent(share, lang=lang))})
    paid = sum(_finite(v) for v in summary.total_flows.values())
    lost = sum(_finite(v) for v in summary.expected_loss.values())
    out.append({"label": lang._("expected loss, all links"), "value": money(lost, lang=lang),
                "detail": lang._("against {paid} paid over {years}", paid=money(paid, lang=lang),
                                 years=span(summary, lang))})
    return out


def _finite(x: float) -> float:
    return x if math.isfinite(x) else 0.0


Cell = tuple[str, str]
"""``(P50, "P5 – P95")`` of a table cell (the range empty when every future agrees)."""


def _money_cell(values: np.ndarray, lang: Language) -> Cell:
    p5, p50, p95 = (float(v) for v in np.percentile(values, [5, 50, 95]))
    spread = "" if math.isclose(p5, p95, rel_tol=1e-9, abs_tol=1.0) else (
        f"{money(p5, billions=True, lang=lang)} – {money(p95, billions=True, lang=lang)}")
    return money(p50, billions=True, lang=lang), spread


def entity_headline(result: Result, summary: NetworkSummary,
                    lang: Language | str = ENGLISH) -> tuple[list[str], list[list[Cell]]]:
    """Each entity of a network run in one row: its revenue in the last year, its funding gap and its NPV (P50,
    with P5 – P95 beneath, US$ billions), and its default probability with the median first default year.

    Headers are the output catalogue's labels; an output the result lacks for an entity is a ``–``.
    """
    lang = language(lang)
    last = int(result.years[-1])
    header = [lang._("entity"), lang._("{output} in {year}", output=output_words.label(REVENUE_TOTAL, lang),
                                       year=lang.year(last)),
              output_words.label(FUNDING_GAP, lang), output_words.label(NPV, lang), lang._("default probability")]
    rows = []
    for entity in summary.entities:
        cells: list[Cell] = [(entity, "")]
        revenue = f"{entity}.{REVENUE_TOTAL}"
        cells.append(_money_cell(result.series[revenue][:, -1], lang) if revenue in result.series else ("–", ""))
        for name in (FUNDING_GAP, NPV):
            key = f"{entity}.{name}"
            cells.append(_money_cell(result.scalars[key], lang) if key in result.scalars else ("–", ""))
        year = summary.first_default_year.get(entity)
        cells.append((percent(float(summary.default_probability.get(entity, 0.0)), lang=lang),
                      lang._("median first default {year}", year=lang.year(year))
                      if year is not None and math.isfinite(year) else ""))
        rows.append(cells)
    return header, rows
