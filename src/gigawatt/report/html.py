"""The HTML report: one self-contained file that opens offline in any browser.

plotly.js is embedded once (``plotly.offline.get_plotlyjs()``); the page makes no network
request of any kind (no CDN, no web font, no MathJax), and a Content-Security-Policy in
the page forbids any. Charts come from :mod:`gigawatt.report.charts`, words from
:mod:`gigawatt.report.headline`, tables from :mod:`gigawatt.report.assumptions`.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from gigawatt.analysis.network import NetworkSummary
from gigawatt.atomic import atomic_write_text
from gigawatt.engine.result import Result
from gigawatt.i18n import ENGLISH, Language, language
from gigawatt.i18n import outputs as output_words
from gigawatt.i18n.jinja import install_gettext
from gigawatt.outputs import (
    BREAKEVEN_BY,
    CASH_BALANCE,
    CASH_BEFORE_FINANCING,
    COMPUTE_CAPACITY_GW,
    COMPUTE_CAPACITY_GW_COUNTRY,
    COMPUTE_DEMAND_GW,
    COMPUTE_SPEND,
    ENTERPRISE_VALUE,
    FREE_CASH_FLOW,
    FUNDING_GAP,
    IMPLIED_EV_TO_REVENUE,
    IRR,
    REVENUE_SHARE_FROM_PAYERS,
    REVENUE_STREAM,
    REVENUE_TOTAL,
    SITE_CAPACITY_GW,
    TERMINAL_VALUE,
    TOTAL_ASSETS,
    is_a,
)
from gigawatt.report import assumptions, charts
from gigawatt.report.drivers import Drivers, Progress, drivers
from gigawatt.report.format import money, percent

__all__ = ["CONTENT_SECURITY_POLICY", "chart_figures", "render_report", "write_report"]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
    "font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
)
"""Inline scripts and styles only: the browser refuses every request the page could make."""

PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

FANS = (REVENUE_TOTAL, COMPUTE_SPEND, FREE_CASH_FLOW, CASH_BEFORE_FINANCING, CASH_BALANCE,
        REVENUE_SHARE_FROM_PAYERS)

YEAR_TABLE = (REVENUE_TOTAL, COMPUTE_SPEND, FREE_CASH_FLOW, CASH_BEFORE_FINANCING, CASH_BALANCE)
"""The columns of the table of key numbers by year."""


def chart_figures(result: Result, found: Drivers | None = None, lang: Language | str = ENGLISH) -> dict[str, go.Figure]:
    """Every chart of the report that the result has the outputs for, by key, in page order.

    Keys: ``gap_histogram``, ``gap_exceedance``, ``fan_<series>`` for the series in :data:`FANS`,
    ``revenue_vs_compute``, ``revenue_streams``, ``breakeven``, ``compute_balance``, ``capacity_sites``,
    ``capacity_countries``, ``tornado``. Titles, legends and hovers are in ``lang``.
    """
    lang = language(lang)
    has = result.series.__contains__
    builders: dict[str, tuple[bool, Callable[[], go.Figure]]] = {
        "gap_histogram": (FUNDING_GAP in result.scalars, lambda: charts.gap_histogram(result, lang=lang)),
        "gap_exceedance": (FUNDING_GAP in result.scalars, lambda: charts.exceedance_chart(result, lang=lang)),
    }
    for name in FANS:
        builders[f"fan_{name}"] = (has(name), partial(charts.fan_chart, result, name, lang=lang))
    builders.update({
        "revenue_vs_compute": (has(REVENUE_TOTAL) and has(COMPUTE_SPEND),
                               lambda: charts.revenue_vs_compute_chart(result, lang)),
        "revenue_streams": (any(has(REVENUE_STREAM.format(stream=s.name)) for s in result.scenario.streams),
                            lambda: charts.revenue_streams_chart(result, lang)),
        "breakeven": (any(is_a(n, BREAKEVEN_BY) for n in result.events),
                      lambda: charts.breakeven_chart(result, lang)),
        "compute_balance": (has(COMPUTE_DEMAND_GW) and has(COMPUTE_CAPACITY_GW),
                            lambda: charts.compute_balance_chart(result, lang)),
        "capacity_sites": (any(has(SITE_CAPACITY_GW.format(site=s.name)) for s in result.scenario.sites),
                           lambda: charts.capacity_by_site_chart(result, lang)),
        "capacity_countries": (any(is_a(n, COMPUTE_CAPACITY_GW_COUNTRY) for n in result.series),
                               lambda: charts.capacity_by_country_chart(result, lang)),
    })
    figures = {key: build() for key, (ok, build) in builders.items() if ok}
    if found is not None and found.rows:
        figures["tornado"] = charts.tornado_chart(found.rows, found.base, output=lang._("funding gap (P50)"),
                                                  low_label=found.low_label, high_label=found.high_label, lang=lang)
    return figures


DIGIT_SCRIPT = """
(function () {
  // Plotly writes Western digits; this page asked for Arabic-Indic ones: every text the charts draw
  // (ticks, hovers, labels) has its digits replaced as it is drawn.
  var local = "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669";
  function shape(node) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (var text = walker.nextNode(); text; text = walker.nextNode()) {
      if (/[0-9]/.test(text.nodeValue)) text.nodeValue = text.nodeValue.replace(/[0-9]/g, function (d) {
        return local[d.charCodeAt(0) - 48]; });
    }
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      var target = change.target.nodeType === 3 ? change.target.parentNode : change.target;
      if (target && target.closest && target.closest(".js-plotly-plot svg")) shape(target);
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.closest && node.closest(".js-plotly-plot")) shape(node);
      });
    });
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true});
})();
"""
"""Arabic-Indic digits in the charts: Plotly's number formats know Western digits only."""


def _figure_html(key: str, fig: go.Figure) -> Markup:
    """A chart as HTML: its title as a heading of the page (crisper than in the plot), then the plot."""
    fig = go.Figure(fig)
    title = fig.layout.title.text or ""
    top = 8 if not fig.layout.showlegend or fig.layout.legend.orientation == "v" else 36
    if any(str(note.yref).endswith("domain") and (note.y or 0) >= 1 for note in fig.layout.annotations or ()):
        top = max(top, 26)  # labels above the plot (the P5/P50/P95 marks) need the room
    fig.update_layout(title_text="", margin_t=top)
    height = fig.layout.height or 400
    html = pio.to_html(fig, include_plotlyjs=False, include_mathjax=False, full_html=False, div_id=f"chart-{key}",
                       config=PLOTLY_CONFIG, default_width="100%", default_height=f"{height}px")
    # plotly escapes every string it embeds in its JSON; the title is escaped here.
    return Markup('<h4 class="chart-title">{}</h4>').format(title) + Markup(html)


def _dotbreak(path: str) -> Markup:
    """A dotted path that may wrap after each dot (``<wbr>``), escaped."""
    return Markup(".<wbr>").join(escape(part) for part in str(path).split("."))


def _sentence(text: str) -> str:
    """A note as a sentence: capital first letter, full stop at the end."""
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")) if text else text


def _sentence_in(lang: Language) -> Callable[[str], str]:
    """:func:`_sentence` for English; a translated note is shown as it is (other scripts have no capitals)."""
    return _sentence if lang.code == "en" else (lambda text: text.strip())


@cache
def _environment(lang: Language = ENGLISH) -> Environment:
    """The report's templates with the gettext of ``lang`` installed (Jinja's i18n extension)."""
    env = Environment(loader=PackageLoader("gigawatt.report", "templates"),
                      autoescape=select_autoescape(("html", "j2")), trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    install_gettext(env, lang)
    env.filters.update(dotbreak=_dotbreak, sentence=_sentence_in(lang))
    env.globals.update(lang=lang, column=partial(assumptions.column_title, lang=lang))
    return env




@cache
def _plotlyjs() -> Markup:
    from plotly.offline import get_plotlyjs

    return Markup(get_plotlyjs())  # the bundled library, verbatim


def default_command(result: Result) -> str:
    """The command that reproduces a result's report when the caller did not say how it was made."""
    return shlex.join(["gigawatt", "report", result.scenario.name, "--samples", str(result.samples),
                       "--seed", str(result.seed)])


def render_report(result: Result, command: str | None = None, *, generated: dt.date | None = None,
                  local_drivers: bool = False, progress: Progress | None = None, lang: Language | str = ENGLISH,
                  digits: str | None = None, network: NetworkSummary | None = None) -> str:
    """The report of one result as a self-contained HTML page.

    Parameters
    ----------
    result
        The simulation to report.
    command
        The exact command that reproduces it (shown in the "Reproduce" section); default: the
        ``gigawatt report`` command for the scenario's name, samples and seed.
    generated
        The date printed on the report (default: today, UTC).
    local_drivers
        Estimate the tornado of the funding gap from the result's own draws (conditional medians)
        instead of re-simulating with ``gigawatt.analysis.tornado``.
    progress
        Called with (samples done, samples in all) while the tornado re-simulates.
    lang
        The language of the report: ``"en"`` (default) or any code with a catalog (``"ar"``: Arabic, right to
        left). See :func:`gigawatt.i18n.available`.
    digits
        ``"latn"`` (Western digits, the default) or ``"arab"`` (Arabic-Indic digits).
    network
        The network of the result (:func:`gigawatt.network_summary`), shown first when given; default: the
        result's own when it is a network run, none otherwise.
    """
    from gigawatt import __version__

    lang = language(lang, digits)
    found = None
    if FUNDING_GAP in result.scalars and result.inputs:
        found = drivers(result, local=local_drivers, progress=progress, lang=lang)
    scenario = result.scenario
    figures = chart_figures(result, found, lang) if not scenario.is_network else {}  # a company's charts
    if network is None and scenario.is_network:
        from gigawatt.analysis.network import network_summary

        network = network_summary(result)
    shown = network_section(result, network, lang) if network is not None else None
    context = {
        "result": result,
        "scenario": scenario,
        "title": lang._("Can the revenue catch up with the compute? {name}", name=lang.isolate(scenario.name)),
        "version": result.version or __version__,
        "generated": (generated or dt.datetime.now(dt.UTC).date()).isoformat(),
        "command": command or default_command(result),
        "headline": _headline(result, lang),
        "charts": {key: _figure_html(key, fig) for key, fig in figures.items()},
        "chart_count": len(figures) + (len(shown["charts"]) if shown else 0),
        "drivers": found,
        "base_gap": money(found.base, lang=lang) if found is not None else "",
        "year_table": assumptions.year_table(result, YEAR_TABLE, lang),
        "breakeven": assumptions.breakeven_rows(result, lang),
        "sites": assumptions.site_rows(result, lang),
        "countries": assumptions.country_rows(result, lang),
        "fleet": assumptions.fleet_rows(result, lang),
        "contracts": assumptions.contract_rows(scenario, lang),
        "financing": assumptions.financing_rows(scenario, lang),
        "statements": statement_tables(result, lang),
        "valuation": valuation_rows(result, lang),
        "inputs": assumptions.input_rows(scenario, lang),
        "values": assumptions.value_rows(scenario, lang),
        "correlations": [(c.between[0], c.between[1], lang.num(c.rank, "+.2f")) for c in scenario.correlations],
        "network": shown,
        "company": not scenario.is_network,  # a network's entities are shown in its own section
        "csp": CONTENT_SECURITY_POLICY,
        "plotlyjs": _plotlyjs(),
        "digit_script": Markup(DIGIT_SCRIPT) if lang.digits != "latn" else "",
        "min_cash": assumptions.value_text(scenario.finance.min_cash, "USD", lang),
        "starting_cash": assumptions.value_text(scenario.finance.starting_cash, "USD", lang),
    }
    return _environment(lang).get_template("report.html.j2").render(**context)


def network_section(result: Result, summary: NetworkSummary, lang: Language) -> dict[str, Any]:
    """What the report shows of a network: its cards, each entity's headline numbers (when the result has its
    outputs), its three charts as HTML, the link and entity tables."""
    from gigawatt.report import network, network_rows

    return {"cards": network_rows.cards(summary, lang),
            "headline": network_rows.entity_headline(result, summary, lang) if result.scenario.is_network else None,
            "charts": {key: _figure_html(key, fig) for key, fig in network.figures(summary, lang).items()},
            "links": network_rows.link_rows(summary, lang), "entities": network_rows.entity_rows(summary, lang)}


def statement_tables(result: Result, lang: Language) -> list[tuple[str, list[str], list[tuple[str, list[str]]]]]:
    """The three statements of the median future: ``(title, years, [(line, cells in US$ billions)])``."""
    from gigawatt.analysis.statements import statements

    if TOTAL_ASSETS not in result.series:
        return []
    return [(lang._(table.title), [lang.year(y) for y in table.years],
             [(lang._(label), [money(v, billions=True, lang=lang) for v in values]) for _, label, values in table.rows])
            for table in statements(result)]


VALUATION = (ENTERPRISE_VALUE, TERMINAL_VALUE, IRR, IMPLIED_EV_TO_REVENUE)
"""The valuation rows, each under its catalogue label."""


def valuation_rows(result: Result, lang: Language) -> list[tuple[str, str, str]]:
    """``(label, P50, "P5 – P95")`` of each valuation scalar the result has."""
    import numpy as np

    from gigawatt.engine.result import percentiles

    rows = []
    for name in VALUATION:
        if name not in result.scalars:
            continue
        p5, p50, p95 = percentiles(np.asarray(result.scalars[name], dtype=float), [5.0, 50.0, 95.0])
        if name == IRR:
            cells = [percent(v, 1, lang) for v in (p50, p5, p95)]
        elif name == IMPLIED_EV_TO_REVENUE:
            cells = [lang.num(v, ",.1f") + "x" for v in (p50, p5, p95)]
        else:
            cells = [money(v, lang=lang) for v in (p50, p5, p95)]
        rows.append((output_words.label(name, lang), cells[0], f"{cells[1]} – {cells[2]}"))
    return rows


def _headline(result: Result, lang: Language) -> Any:
    if FUNDING_GAP not in result.scalars:
        return None
    from gigawatt.report.headline import headline

    return headline(result, lang)


def write_report(result: Result, path: Path | str, command: str | None = None, *,
                 generated: dt.date | None = None, local_drivers: bool = False,
                 progress: Progress | None = None, lang: Language | str = ENGLISH, digits: str | None = None,
                 network: NetworkSummary | None = None) -> Path:
    """Render the report (see :func:`render_report`) and write it atomically to ``path``; return the path."""
    target = Path(path)
    page = render_report(result, command, generated=generated, local_drivers=local_drivers, progress=progress,
                         lang=lang, digits=digits, network=network)
    atomic_write_text(target, page)
    return target
