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

from gigawatt.atomic import atomic_write_text
from gigawatt.engine.result import Result
from gigawatt.outputs import (
    BREAKEVEN_BY,
    CASH_BALANCE,
    CASH_BEFORE_FINANCING,
    COMPUTE_CAPACITY_GW,
    COMPUTE_CAPACITY_GW_COUNTRY,
    COMPUTE_DEMAND_GW,
    COMPUTE_SPEND,
    FREE_CASH_FLOW,
    FUNDING_GAP,
    REVENUE_SHARE_FROM_PAYERS,
    REVENUE_STREAM,
    REVENUE_TOTAL,
    SITE_CAPACITY_GW,
    is_a,
)
from gigawatt.report import assumptions, charts
from gigawatt.report.drivers import Drivers, Progress, drivers

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

YEAR_TABLE = {REVENUE_TOTAL: "revenue", COMPUTE_SPEND: "compute spending", FREE_CASH_FLOW: "free cash flow",
              CASH_BEFORE_FINANCING: "cash before new financing", CASH_BALANCE: "cash after planned financing"}


def chart_figures(result: Result, found: Drivers | None = None) -> dict[str, go.Figure]:
    """Every chart of the report that the result has the outputs for, by key, in page order.

    Keys: ``gap_histogram``, ``gap_exceedance``, ``fan_<series>`` for the series in :data:`FANS`,
    ``revenue_streams``, ``breakeven``, ``compute_balance``, ``capacity_sites``, ``capacity_countries``,
    ``tornado``.
    """
    has = result.series.__contains__
    builders: dict[str, tuple[bool, Callable[[], go.Figure]]] = {
        "gap_histogram": (FUNDING_GAP in result.scalars, lambda: charts.gap_histogram(result)),
        "gap_exceedance": (FUNDING_GAP in result.scalars, lambda: charts.exceedance_chart(result)),
    }
    for name in FANS:
        builders[f"fan_{name}"] = (has(name), partial(charts.fan_chart, result, name))
    builders.update({
        "revenue_streams": (any(has(REVENUE_STREAM.format(stream=s.name)) for s in result.scenario.streams),
                            lambda: charts.revenue_streams_chart(result)),
        "breakeven": (any(is_a(n, BREAKEVEN_BY) for n in result.events),
                      lambda: charts.breakeven_chart(result)),
        "compute_balance": (has(COMPUTE_DEMAND_GW) and has(COMPUTE_CAPACITY_GW),
                            lambda: charts.compute_balance_chart(result)),
        "capacity_sites": (any(has(SITE_CAPACITY_GW.format(site=s.name)) for s in result.scenario.sites),
                           lambda: charts.capacity_by_site_chart(result)),
        "capacity_countries": (any(is_a(n, COMPUTE_CAPACITY_GW_COUNTRY) for n in result.series),
                               lambda: charts.capacity_by_country_chart(result)),
    })
    figures = {key: build() for key, (ok, build) in builders.items() if ok}
    if found is not None and found.rows:
        figures["tornado"] = charts.tornado_chart(found.rows, found.base, output="funding gap (P50)",
                                                  low_label=found.low_label, high_label=found.high_label)
    return figures


def _figure_html(key: str, fig: go.Figure) -> Markup:
    """A chart as HTML: its title as a heading of the page (crisper than in the plot), then the plot."""
    fig = go.Figure(fig)
    title = fig.layout.title.text or ""
    top = 8 if not fig.layout.showlegend or fig.layout.legend.orientation == "v" else 36
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


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("gigawatt.report", "templates"),
                      autoescape=select_autoescape(("html", "j2")), trim_blocks=True, lstrip_blocks=True)
    env.filters.update(dotbreak=_dotbreak, sentence=_sentence)
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
                  local_drivers: bool = False, progress: Progress | None = None) -> str:
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
    """
    from gigawatt import __version__

    found = None
    if FUNDING_GAP in result.scalars and result.inputs:
        found = drivers(result, local=local_drivers, progress=progress)
    figures = chart_figures(result, found)
    scenario = result.scenario
    context = {
        "result": result,
        "scenario": scenario,
        "title": f"Can the revenue catch up with the compute? {scenario.name}",
        "version": result.version or __version__,
        "generated": (generated or dt.datetime.now(dt.UTC).date()).isoformat(),
        "command": command or default_command(result),
        "headline": _headline(result),
        "charts": {key: _figure_html(key, fig) for key, fig in figures.items()},
        "chart_count": len(figures),
        "drivers": found,
        "year_table": assumptions.year_table(result, YEAR_TABLE),
        "breakeven": assumptions.breakeven_rows(result),
        "sites": assumptions.site_rows(result),
        "countries": assumptions.country_rows(result),
        "contracts": assumptions.contract_rows(scenario),
        "financing": assumptions.financing_rows(scenario),
        "inputs": assumptions.input_rows(scenario),
        "values": assumptions.value_rows(scenario),
        "correlations": [(c.between[0], c.between[1], f"{c.rank:+.2f}") for c in scenario.correlations],
        "csp": CONTENT_SECURITY_POLICY,
        "plotlyjs": _plotlyjs(),
        "min_cash": assumptions.value_text(scenario.finance.min_cash, "USD"),
        "starting_cash": assumptions.value_text(scenario.finance.starting_cash, "USD"),
    }
    return _environment().get_template("report.html.j2").render(**context)


def _headline(result: Result) -> Any:
    if FUNDING_GAP not in result.scalars:
        return None
    from gigawatt.report.headline import headline

    return headline(result)


def write_report(result: Result, path: Path | str, command: str | None = None, *,
                 generated: dt.date | None = None, local_drivers: bool = False,
                 progress: Progress | None = None) -> Path:
    """Render the report (see :func:`render_report`) and write it atomically to ``path``; return the path."""
    target = Path(path)
    page = render_report(result, command, generated=generated, local_drivers=local_drivers, progress=progress)
    atomic_write_text(target, page)
    return target
