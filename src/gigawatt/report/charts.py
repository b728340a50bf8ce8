"""Chart builders: a :class:`~gigawatt.Result` in, a Plotly figure out, one function per chart.

The HTML report and the web dashboard both draw with these functions, so the
two never disagree. Every builder reads the result only; money is shown in US$
billions, power in GW of IT load, shares in percent, and every axis is titled
with its unit. Percentiles are those of :meth:`Result.stat` (linear
interpolation over samples).

Every builder takes ``lang`` (default English): titles, legends and hovers come from the
language's catalog. In a right-to-left language the text of a chart reads right to left, titles
and legends sit at the right; the axes keep their direction (time runs left to right, as numbers do).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from gigawatt import outputs
from gigawatt.engine.result import Result
from gigawatt.i18n import ENGLISH, N_, Language, language
from gigawatt.i18n import outputs as output_words
from gigawatt.outputs import (
    BREAKEVEN_BY,
    CASH_BALANCE,
    CASH_BEFORE_FINANCING,
    COMPUTE_CAPACITY_GW,
    COMPUTE_CAPACITY_GW_COUNTRY,
    COMPUTE_DEMAND_GW,
    COMPUTE_SHORTAGE_GW,
    COMPUTE_SPEND,
    CONTRACT_BACKLOG,
    CONTRACT_COMMITMENTS,
    FREE_CASH_FLOW,
    FUNDING_GAP,
    NPV,
    REVENUE_COMPUTE_RESALE,
    REVENUE_SHARE_FROM_PAYERS,
    REVENUE_STREAM,
    REVENUE_TOTAL,
    SITE_CAPACITY_GW,
    is_a,
    part,
)
from gigawatt.report.format import country_label, money, percent

__all__ = [
    "FONT",
    "axis_scale",
    "breakeven_chart",
    "capacity_by_country_chart",
    "capacity_by_site_chart",
    "compute_balance_chart",
    "exceedance_chart",
    "fan_chart",
    "gap_histogram",
    "revenue_streams_chart",
    "revenue_vs_compute_chart",
    "tornado_chart",
]

FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
"""System fonts only: the report never loads a web font."""

INK, GRID, MUTED = "#1d2733", "#e6e9ee", "#6b7785"
BLUE, RED, GREEN, ORANGE, GREY = "#1f5fa8", "#c0392b", "#2e8b57", "#d9822b", "#8a94a3"
PALETTE = ("#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#17a2b8", "#b8860b", "#e377c2",
           "#5d6d7e", "#7fb800", "#9b59b6", "#1abc9c")
"""Colour-blind-friendly enough, and distinct in print."""

STOCKS = frozenset({CASH_BEFORE_FINANCING, CASH_BALANCE, CONTRACT_COMMITMENTS, CONTRACT_BACKLOG})
"""Money series that are balances at year end (not flows per year)."""

FAN_COLORS = {REVENUE_TOTAL: BLUE, COMPUTE_SPEND: ORANGE, FREE_CASH_FLOW: GREEN,
              CASH_BEFORE_FINANCING: RED, CASH_BALANCE: "#8e44ad", REVENUE_SHARE_FROM_PAYERS: BLUE}


def label(name: str, lang: Language | str = ENGLISH) -> str:
    """The title of an output: the catalogue's label (:mod:`gigawatt.outputs`) in ``lang``."""
    return output_words.label(name, lang)


def axis_scale(unit: str, name: str = "", lang: Language | str = ENGLISH) -> tuple[float, str, str]:
    """How an output is drawn: ``(factor, axis title, hover number format)``.

    Values are multiplied by ``factor``: USD becomes US$ billions (per year for flows),
    a fraction becomes percent; GW and other units are drawn as they are.
    """
    lang = language(lang)
    if unit == "USD":
        stock = name in STOCKS or name.startswith((FUNDING_GAP, NPV))
        return 1e-9, lang._("US$ billions") if stock else lang._("US$ billions per year"), ",.1f"
    if unit == "fraction":
        return 100.0, lang._("percent"), ".1f"
    if unit == "GW":
        return 1.0, lang._("GW (IT load)"), ",.2f"
    return 1.0, unit, ",.3~g"


def _hex_rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, *, height: int = 380,
            legend: str | None = "top", lang: Language = ENGLISH) -> go.Figure:
    """The house style: system fonts, light grid, a legend above the plot (``"top"``), at the right or none.

    In a right-to-left language the title and a legend above the plot start at the right, and every
    text of the figure (titles, legend, hovers, annotations) is set to read right to left.
    """
    rtl = lang.rtl
    legends: dict[str, dict[str, Any]] = {
        "top": {"orientation": "h", "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left", "y": 1.02,
                "yanchor": "bottom"},
        "right": {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
    }
    axis = {"gridcolor": GRID, "linecolor": "#c5ccd6", "zerolinecolor": "#9aa4b1", "zerolinewidth": 1,
            "tickfont": {"color": MUTED}, "automargin": True}
    style = {
        "template": "none",
        "title": {"text": title, "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left", "y": 0.99,
                  "yanchor": "top", "yref": "container", "font": {"size": 16, "color": INK}},
        "font": {"family": FONT, "size": 13, "color": INK},
        "height": height,
        "margin": {"l": 64, "r": 20, "t": 84 if legend == "top" else 48, "b": 52, "autoexpand": True},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "showlegend": legend is not None,
        "legend": {**legends.get(legend or "top", {}), "font": {"size": 12}, "bgcolor": "rgba(0,0,0,0)"},
        "hoverlabel": {"font": {"family": FONT}},
        "separators": lang.plotly_separators,
        "xaxis": {"title": {"text": x_title, "font": {"color": MUTED}}, **axis},
        "yaxis": {"title": {"text": y_title, "font": {"color": MUTED}}, **axis},
    }
    # One Layout built from a dict, merged over what the builder set before: the same figure as
    # update_layout + update_xaxes + update_yaxes, in a third of the time (the dashboard redraws on every change).
    fig.layout = go.Layout(_merged(fig.layout.to_plotly_json(), style))
    if rtl:
        _read_right_to_left(fig, lang)
    return fig


def _read_right_to_left(fig: go.Figure, lang: Language) -> None:
    """Every text of the figure as right-to-left lines (Plotly draws SVG text left to right)."""
    def line(text: Any) -> Any:
        if not isinstance(text, str) or not text:
            return text
        return "<br>".join(lang.rtl_line(part) for part in text.split("<br>"))

    for trace in fig.data:
        for key in ("name", "hovertemplate"):
            if getattr(trace, key, None):
                if key == "hovertemplate":
                    body, tag, tail = str(trace[key]).partition("<extra>")
                    trace[key] = line(body) + tag + tail
                else:
                    trace[key] = line(trace[key])
    layout = fig.layout
    layout.title.text = line(layout.title.text)
    for axis in (layout.xaxis, layout.yaxis):
        axis.title.text = line(axis.title.text)
    for note in layout.annotations or ():
        note.text = line(note.text)


def _merged(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``top`` in place, nested mappings key by key (``update_layout``'s rule)."""
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merged(base[key], value)
        else:
            base[key] = value
    return base


def _years(result: Result) -> list[int]:
    return [int(y) for y in result.years]


def _pct(result: Result, name: str, stat: str) -> np.ndarray:
    return np.asarray(result.stat(name, stat), dtype=float)


def fan_chart(result: Result, name: str, *, title: str | None = None, color: str | None = None,
              lang: Language | str = ENGLISH) -> go.Figure:
    """A fan chart of one series: the P5–P95 and P25–P75 bands and the P50 line.

    Traces, in order, each with its statistic in ``meta``: ``p5`` (edge), ``p95`` (filled down to P5),
    ``p25`` (edge), ``p75`` (filled down to P25), ``p50`` (the line; its hover gives all five).
    Money is in US$ billions, shares in percent.

    Parameters
    ----------
    result
        A simulation result holding the series ``name``.
    name
        An output series, e.g. ``revenue_total`` (USD per year) or ``revenue_share_from_payers``.
    title
        Chart title (default: the plain-language name of the output).
    color
        Hex colour of the line and bands.
    lang
        The language of the title, legend and hovers.
    """
    lang = language(lang)
    factor, y_title, fmt = axis_scale(result.units.get(name, ""), name, lang)
    color = color or FAN_COLORS.get(name, BLUE)
    years = _years(result)
    q = {stat: _pct(result, name, stat) * factor for stat in ("p5", "p25", "p50", "p75", "p95")}
    hover = {stat: "%{" + field + ":" + fmt + "}" for stat, field in (
        ("p50", "y"), ("p5", "customdata[0]"), ("p25", "customdata[1]"), ("p75", "customdata[2]"),
        ("p95", "customdata[3]"))}
    fig = go.Figure()
    for low, high, alpha, legend in (("p5", "p95", 0.16, lang._("90% of futures (P5–P95)")),
                                     ("p25", "p75", 0.32, lang._("half of futures (P25–P75)"))):
        fig.add_trace(go.Scatter(x=years, y=q[low], name=low.upper(), meta=low, mode="lines",
                                 line={"width": 0, "color": color}, showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=years, y=q[high], name=legend, meta=high, mode="lines", fill="tonexty",
                                 fillcolor=_hex_rgba(color, alpha), line={"width": 0, "color": color},
                                 hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=years, y=q["p50"], name=lang._("median (P50)"), meta="p50", mode="lines+markers",
        line={"width": 2.5, "color": color}, marker={"size": 5},
        customdata=np.column_stack([q["p5"], q["p25"], q["p75"], q["p95"]]),
        hovertemplate="<b>%{x}</b><br>" + lang._(
            "median {p50}<br>middle half {p25} – {p75}<br>90% range {p5} – {p95}", **hover) + "<extra></extra>",
    ))
    return _layout(fig, title or label(name, lang), lang._("year"), y_title, lang=lang)


def revenue_vs_compute_chart(result: Result, lang: Language | str = ENGLISH) -> go.Figure:
    """Revenue and compute spending on the same axes (US$ billions a year): the P5–P95 band and the P50 line
    of each, the question of the project in one picture."""
    lang = language(lang)
    years = _years(result)
    fig = go.Figure()
    for name, color in ((REVENUE_TOTAL, BLUE), (COMPUTE_SPEND, ORANGE)):
        q = {stat: _pct(result, name, stat) * 1e-9 for stat in ("p5", "p50", "p95")}
        title = label(name, lang)
        fig.add_trace(go.Scatter(x=years, y=q["p5"], mode="lines", line={"width": 0, "color": color},
                                 showlegend=False, hoverinfo="skip", meta="p5"))
        fig.add_trace(go.Scatter(x=years, y=q["p95"], mode="lines", fill="tonexty", fillcolor=_hex_rgba(color, 0.18),
                                 line={"width": 0, "color": color}, showlegend=False, hoverinfo="skip", meta="p95"))
        fig.add_trace(go.Scatter(
            x=years, y=q["p50"], name=title, mode="lines+markers", meta="p50", line={"width": 2.5, "color": color},
            marker={"size": 5}, customdata=np.column_stack([q["p5"], q["p95"]]),
            hovertemplate=lang._("{name}: {amount}", name=title, amount=lang._("${n}B", n="%{y:,.1f}"))
            + " (P5–P95 %{customdata[0]:,.0f}–%{customdata[1]:,.0f})<extra></extra>"))
    _layout(fig, lang._("Revenue against compute spending (P50; P5–P95 shaded)"), lang._("year"),
            lang._("US$ billions per year"), lang=lang)
    fig.update_layout(hovermode="x unified")
    return fig


def revenue_streams_chart(result: Result, lang: Language | str = ENGLISH) -> go.Figure:
    """Revenue by stream, stacked: the mean over futures of each ``revenue_<stream>`` (and compute resale).

    Means add up (the mean of a sum is the sum of the means), so the stack reaches the mean of
    ``revenue_total``, drawn as a dashed line; medians of the parts would not add up to the median
    of the whole.
    """
    lang = language(lang)
    years = _years(result)
    names = [REVENUE_STREAM.format(stream=s.name) for s in result.scenario.streams
             if REVENUE_STREAM.format(stream=s.name) in result.series]
    if REVENUE_COMPUTE_RESALE in result.series and float(np.max(result.series[REVENUE_COMPUTE_RESALE])) > 0:
        names.append(REVENUE_COMPUTE_RESALE)
    fig = go.Figure()
    for i, name in enumerate(names):
        stream = output_words.member_label(name, lang)
        fig.add_trace(go.Scatter(
            x=years, y=result.series[name].mean(axis=0) * 1e-9, name=stream, stackgroup="streams", mode="lines",
            line={"width": 0.5, "color": PALETTE[i % len(PALETTE)]},
            hovertemplate=lang._("{name}: {amount}", name=stream, amount=lang._("${n}B", n="%{y:,.1f}"))
            + "<extra></extra>",
        ))
    if REVENUE_TOTAL in result.series:
        fig.add_trace(go.Scatter(
            x=years, y=result.series[REVENUE_TOTAL].mean(axis=0) * 1e-9, name=lang._("total (mean)"), mode="lines",
            line={"width": 2, "color": INK, "dash": "dash"},
            hovertemplate=lang._("total: {amount}", amount=lang._("${n}B", n="%{y:,.1f}")) + "<extra></extra>",
        ))
    _layout(fig, lang._("Revenue by stream (mean over futures; adds up to the mean total)"), lang._("year"),
            lang._("US$ billions per year"),
            height=460, legend="top", lang=lang)
    fig.update_layout(hovermode="x unified", legend_traceorder="reversed")
    return fig


def compute_balance_chart(result: Result, lang: Language | str = ENGLISH) -> go.Figure:
    """Compute demand against capacity in GW, with the gap between the medians marked.

    Traces: the P5–P95 band of demand (``demand P5``, ``demand P95``), ``demand (P50)``,
    ``capacity (P50)``, then bars from one median line to the other: ``shortage`` where demand
    exceeds capacity, ``surplus`` where capacity exceeds demand. The hover of a bar gives the
    share of futures with a shortage that year.
    """
    lang = language(lang)
    years = np.asarray(_years(result))
    demand = {s: _pct(result, COMPUTE_DEMAND_GW, s) for s in ("p5", "p50", "p95")}
    capacity = _pct(result, COMPUTE_CAPACITY_GW, "p50")
    short_share = (result.series[COMPUTE_SHORTAGE_GW] > 1e-9).mean(axis=0) if (
        COMPUTE_SHORTAGE_GW in result.series) else (result.series[COMPUTE_DEMAND_GW] > (
            result.series[COMPUTE_CAPACITY_GW] + 1e-9)).mean(axis=0)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=years, y=demand["p5"], name="demand P5", mode="lines",
                             line={"width": 0, "color": BLUE}, showlegend=False, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=years, y=demand["p95"], name="demand P95", mode="lines", fill="tonexty",
                             fillcolor=_hex_rgba(BLUE, 0.15), line={"width": 0, "color": BLUE}, hoverinfo="skip",
                             showlegend=False))
    gap = demand["p50"] - capacity
    bars = ((N_("shortage"), N_("shortage between the medians: {gw} GW<br>futures with a shortage: {share}"),
             gap > 1e-9, RED),
            (N_("surplus"), N_("surplus between the medians: {gw} GW<br>futures with a shortage: {share}"),
             gap < -1e-9, GREEN))
    for trace_name, hover, mask, color in bars:
        base = np.where(gap > 0, capacity, demand["p50"])[mask]
        fig.add_trace(go.Bar(
            x=years[mask], y=np.abs(gap)[mask], base=base, name=lang._(trace_name), width=0.45, legendrank=3,
            marker={"color": _hex_rgba(color, 0.55), "line": {"width": 0}},
            customdata=np.column_stack([np.abs(gap)[mask], short_share[mask] * 100]),
            hovertemplate=lang._(hover, gw="%{customdata[0]:,.2f}", share="%{customdata[1]:.0f}" + lang.number("%"))
            + "<extra></extra>",
        ))
    fig.add_trace(go.Scatter(x=years, y=demand["p50"], name=lang._("demand (P50)"), mode="lines+markers",
                             legendrank=1, line={"width": 2.5, "color": BLUE}, marker={"size": 5},
                             customdata=np.column_stack([demand["p5"], demand["p95"]]),
                             hovertemplate=lang._("demand: {gw} GW (90% range {p5} – {p95})", gw="%{y:,.2f}",
                                                  p5="%{customdata[0]:,.2f}", p95="%{customdata[1]:,.2f}")
                             + "<extra></extra>"))
    fig.add_trace(go.Scatter(x=years, y=capacity, name=lang._("capacity (P50)"), mode="lines+markers", legendrank=2,
                             line={"width": 2.5, "color": INK}, marker={"size": 5, "symbol": "square"},
                             hovertemplate=lang._("capacity: {gw} GW", gw="%{y:,.2f}") + "<extra></extra>"))
    _layout(fig, lang._("Compute demand against capacity (shaded: 90% range of demand)"), lang._("year"),
            lang._("GW (IT load)"), height=420, lang=lang)
    fig.update_layout(barmode="overlay", hovermode="x unified", legend_traceorder="normal")
    return fig


def _site_series(result: Result) -> dict[str, str]:
    return {SITE_CAPACITY_GW.format(site=s.name): s.name for s in result.scenario.sites
            if SITE_CAPACITY_GW.format(site=s.name) in result.series}


def capacity_by_site_chart(result: Result, lang: Language | str = ENGLISH) -> go.Figure:
    """GW online by site (P50 of each ``site_capacity_gw_<site>``), stacked bars per year.

    Contracted capacity outside the listed sites (cloud contracts) is one more bar,
    ``contracts``: the P50 of ``compute_capacity_gw`` minus the sites, sample by sample.
    """
    lang = language(lang)
    years = _years(result)
    sites = _site_series(result)
    fig = go.Figure()
    for i, (name, site) in enumerate(sites.items()):
        fig.add_trace(go.Bar(x=years, y=_pct(result, name, "p50"), name=site, marker={"color": PALETTE[i % 12]},
                             hovertemplate=lang._("{name}: {gw} GW", name=site, gw="%{y:,.2f}")
                             + "<extra></extra>"))
    if COMPUTE_CAPACITY_GW in result.series:
        others = result.series[COMPUTE_CAPACITY_GW] - sum(
            (result.series[n] for n in sites), np.zeros_like(result.series[COMPUTE_CAPACITY_GW]))
        contracted = np.percentile(others, 50, axis=0)
        if float(np.max(np.abs(contracted))) > 1e-9:
            fig.add_trace(go.Bar(x=years, y=contracted, name=lang._("contracts (cloud)"), marker={"color": GREY},
                                 hovertemplate=lang._("contracts: {gw} GW", gw="%{y:,.2f}") + "<extra></extra>"))
    _layout(fig, lang._("Capacity by site (median GW online)"), lang._("year"), lang._("GW (IT load)"), height=420,
            legend="right", lang=lang)
    fig.update_layout(barmode="stack", hovermode="x unified", bargap=0.25, legend_traceorder="reversed")
    return fig


def capacity_by_country_chart(result: Result, lang: Language | str = ENGLISH) -> go.Figure:
    """GW by country (P50 of each ``compute_capacity_gw_<country>``, sites and contracts), stacked bars."""
    lang = language(lang)
    years = _years(result)
    countries = [s.country for s in result.scenario.sites] + [c.country for c in result.scenario.contracts]
    fig = go.Figure()
    keys = outputs.of(COMPUTE_CAPACITY_GW_COUNTRY, result.series)
    keys.sort(key=lambda n: -float(np.median(result.series[n][:, -1])))
    for i, name in enumerate(keys):
        country = country_label(part(name, COMPUTE_CAPACITY_GW_COUNTRY), countries)
        fig.add_trace(go.Bar(x=years, y=_pct(result, name, "p50"), name=country, marker={"color": PALETTE[i % 12]},
                             hovertemplate=lang._("{name}: {gw} GW", name=country, gw="%{y:,.2f}")
                             + "<extra></extra>"))
    _layout(fig, lang._("Capacity by country (median GW)"), lang._("year"), lang._("GW (IT load)"), height=420,
            legend="right", lang=lang)
    fig.update_layout(barmode="stack", hovermode="x unified", bargap=0.25, legend_traceorder="reversed")
    return fig


def gap_histogram(result: Result, name: str = FUNDING_GAP, bins: int = 50,
                  lang: Language | str = ENGLISH) -> go.Figure:
    """The distribution of a money scalar (default ``funding_gap``): share of futures per bin of US$ billions.

    The bins are computed here (``numpy.histogram``), so the page carries ``bins`` bars, not every sample;
    the bar heights (percent of futures) add up to 100. Dotted lines mark P5, P50 and P95.
    """
    lang = language(lang)
    values = result.scalars[name] * 1e-9
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        high = low + 1.0
    counts, edges = np.histogram(values, bins=bins, range=(low, high))
    share = counts / max(len(values), 1) * 100
    centers = (edges[:-1] + edges[1:]) / 2
    fig = go.Figure(go.Bar(
        x=centers, y=share, width=np.diff(edges), name=lang._("share of futures"),
        marker={"color": _hex_rgba(RED, 0.7)}, customdata=np.column_stack([edges[:-1], edges[1:]]),
        hovertemplate=lang._("{low} – {high}: {share} of futures", low=lang._("${n}B", n="%{customdata[0]:,.0f}"),
                             high=lang._("${n}B", n="%{customdata[1]:,.0f}"), share="%{y:.1f}" + lang.number("%"))
        + "<extra></extra>",
    ))
    _mark_percentiles(fig, values, lang)
    _layout(fig, lang._("{output}: how often each amount comes up", output=label(name, lang)),
            lang._("new money needed, US$ billions"), lang._("percent of simulated futures"), legend=None, lang=lang)
    fig.update_layout(bargap=0.02)
    fig.update_yaxes(range=[0, float(share.max()) * 1.35 if share.size else 1])  # head room for the labels
    return fig


def vline(fig: go.Figure, x: float, line: dict[str, Any]) -> None:
    """A vertical line across the plot at ``x``: the shape ``fig.add_vline`` adds, without its deep copies of
    the figure (about 8 ms a line; this is under 1 ms). ``tests/report`` checks the two give the same figure."""
    fig.add_shape(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", line=line)


def _mark_percentiles(fig: go.Figure, values: np.ndarray, lang: Language) -> None:
    """Dotted lines at P5, P50 and P95, each labelled inside the plot on a row of its own (labels of close
    percentiles never overlap, and none is cut at the plot's edge: P5 reads to the right of its line,
    P95 to the left)."""
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    for row, (x, text, anchor) in enumerate(((p5, N_("P5 {amount}"), "left"), (p50, N_("P50 {amount}"), "left"),
                                             (p95, N_("P95 {amount}"), "right"))):
        vline(fig, float(x), {"color": INK, "width": 1, "dash": "dot"})
        fig.add_annotation(x=float(x), xref="x", y=1 - 0.08 * row, yref="paper", yanchor="top", xanchor=anchor,
                           xshift=4 if anchor == "left" else -4, showarrow=False,
                           text=lang._(text, amount=money(float(x) * 1e9, lang=lang)),
                           font={"size": 11, "color": MUTED}, bgcolor="rgba(255,255,255,0.8)")


def exceedance_chart(result: Result, name: str = FUNDING_GAP, points: int = 201,
                     lang: Language | str = ENGLISH) -> go.Figure:
    """The exceedance curve P(gap > x): for each amount x (US$ billions), the percent of futures needing more.

    Evaluated on ``points`` amounts from 0 (or the smallest value) to the largest value.
    """
    lang = language(lang)
    values = np.sort(result.scalars[name]) * 1e-9
    low = min(0.0, float(values[0]))
    grid = np.linspace(low, float(values[-1]), points)
    exceed = 1.0 - np.searchsorted(values, grid, side="right") / len(values)
    fig = go.Figure(go.Scatter(
        x=grid, y=exceed * 100, name=lang._("P(gap > x)"), mode="lines", line={"width": 2.5, "color": RED},
        hovertemplate=lang._("more than {amount}: {share} of futures", amount=lang._("${n}B", n="%{x:,.0f}"),
                             share="%{y:.1f}" + lang.number("%")) + "<extra></extra>",
    ))
    for level in (50, 5):
        fig.add_hline(y=level, line={"color": GREY, "width": 1, "dash": "dot"},
                      annotation={"text": lang.number(f"{level}%"), "font": {"size": 11, "color": MUTED}},
                      annotation_position="top right")  # inside the plot: the right margin is narrow
    _layout(fig, lang._("Chance of needing more than a given amount"), lang._("new money needed, US$ billions (x)"),
            lang._("percent of futures needing more than x"), legend=None, lang=lang)
    fig.update_yaxes(range=[0, 101])
    return fig


def breakeven_chart(result: Result, lang: Language | str = ENGLISH) -> go.Figure:
    """The probability that free cash flow has turned positive by each year (events ``breakeven_by_<year>``)."""
    lang = language(lang)
    names = sorted((n for n in result.events if is_a(n, BREAKEVEN_BY)),
                   key=lambda n: int(part(n, BREAKEVEN_BY)))
    years = [int(part(n, BREAKEVEN_BY)) for n in names]
    shares = [float(result.events[n].mean()) * 100 for n in names]
    fig = go.Figure(go.Bar(x=years, y=shares, name=lang._("break-even by year"), marker={"color": GREEN},
                           text=[percent(s / 100, lang=lang) for s in shares], textposition="outside",
                           cliponaxis=False,
                           hovertemplate=lang._("by {year}: {share} of futures", year="%{x}",
                                                share="%{y:.1f}" + lang.number("%")) + "<extra></extra>"))
    _layout(fig, lang._("Chance that free cash flow has turned positive, by year"), lang._("year"),
            lang._("percent of futures"), legend=None, lang=lang)
    fig.update_yaxes(range=[0, 105])
    return fig


def _wrap_path(text: str, width: int = 24) -> str:
    """A long dotted path on lines of about ``width`` characters, broken after its dots (tick labels that
    fit a phone's screen instead of squeezing the bars out)."""
    if len(text) <= width or "." not in text:
        return text
    lines, line = [], ""
    for piece in text.split("."):
        part = piece if not line else "." + piece
        if line and len(line) + len(part) > width:
            lines.append(line + ".")
            line = piece
        else:
            line += part
    lines.append(line)
    return "<br>".join(lines)


def tornado_chart(
    rows: Sequence[Mapping[str, Any]],
    base: float,
    *,
    output: str = "funding gap (P50)",
    unit: str = "USD",
    low_label: str = "input low",
    high_label: str = "input high",
    top: int = 12,
    labels: Mapping[str, str] | None = None,
    lang: Language | str = ENGLISH,
) -> go.Figure:
    """A tornado chart: how far the output moves when each input goes from low to high.

    Parameters
    ----------
    rows
        ``{"parameter", "low", "high", "swing"}`` per input, as ``gigawatt.analysis.tornado`` gives them:
        ``low`` and ``high`` are the output (in ``unit``) with the input low and high; ``swing`` the size of
        the move. The ``top`` rows by ``|swing|`` are drawn, largest on top.
    base
        The output at the centre (e.g. the P50 funding gap), in ``unit``; bars start there.
    output, unit
        What the output is and its unit (USD is drawn in US$ billions).
    low_label, high_label
        Legend names of the two bar colours (what "low" and "high" mean).
    labels
        Readable names of parameters (dotted paths by default).
    lang
        The language of the title, axis and hovers (``output`` and the labels are given translated).
    """
    lang = language(lang)
    factor, axis_title, fmt = axis_scale(unit, FUNDING_GAP, lang)
    chosen = sorted(rows, key=lambda r: -abs(float(r["swing"])))[:top]
    names = [_wrap_path((labels or {}).get(str(r["parameter"]), str(r["parameter"]))) for r in chosen]
    fig = go.Figure()
    for key, trace_name, color in (("low", low_label, BLUE), ("high", high_label, ORANGE)):
        ends = np.array([float(r[key]) for r in chosen]) * factor
        fig.add_trace(go.Bar(
            y=names, x=ends - base * factor, base=base * factor, orientation="h", name=trace_name,
            marker={"color": _hex_rgba(color, 0.8)}, customdata=ends,
            hovertemplate="%{y}<br>" + lang._("{name}: {value}", name=trace_name, value="%{customdata:" + fmt + "}")
            + "<extra></extra>",
        ))
    vline(fig, base * factor, {"color": INK, "width": 1})
    # the axis title on two short lines for a phone, after its comma (Arabic's is "،")
    x_title = re.sub(r"([,،]) ", r"\1<br>", lang._("{output}, {unit}", output=output, unit=axis_title), count=1)
    _layout(fig, lang._("What moves the {output} most", output=output), x_title, "",
            height=max(300, 60 + 34 * len(names)), lang=lang)
    fig.update_layout(barmode="overlay", margin={"l": 20})
    fig.update_xaxes(title_standoff=8)
    fig.update_yaxes(autorange="reversed", tickfont={"color": INK}, gridcolor="rgba(0,0,0,0)")
    return fig
