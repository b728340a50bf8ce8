"""The network's tables and headline figures: a :class:`~gigawatt.analysis.network.NetworkSummary` in, the
cells of a table out (words from the language's catalog, money as :func:`gigawatt.report.format.money`).

The report, the dashboard and the CLI show these rows; :mod:`gigawatt.report.network` draws the charts.
No plotly here, so the command line can print the tables without loading it.
"""

from __future__ import annotations

import math

from gigawatt.analysis.network import NetworkSummary
from gigawatt.i18n import ENGLISH, N_, Language, language
from gigawatt.report.format import money, percent

__all__ = ["COLUMNS", "KINDS", "cards", "entity_rows", "link_rows", "span"]

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
