"""Chart builders: a :class:`~gigawatt.Result` in, a Plotly figure out, one function per chart.

The HTML report and the web dashboard both draw with these functions, so the
two never disagree. Every builder reads the result only; money is shown in US$
billions, power in GW of IT load, shares in percent, and every axis is titled
with its unit. Percentiles are those of :meth:`Result.stat` (linear
interpolation over samples).

Every builder takes ``lang`` (default English): titles, legends and hovers come from the
language's catalog. In a right-to-left language the text of a chart reads right to left, titles
and legends sit at the right; the axes keep their direction (time runs left to right, as numbers do).

The dashboard redraws its charts on every change, so the builders it draws (fan, revenue against
compute, funding-gap histogram, compute balance, break-even) write their figure as a plain dict
(``*_spec``: the ``{"data", "layout"}`` that plotly's ``Figure.to_plotly_json()`` gives, arrays as
plotly's typed-array specs); the builder of the same name returns ``go.Figure(spec)``. Building the
dict skips plotly's validation and copies (about 40 ms a dashboard answer); ``tests/report`` checks
that plotly reads every spec back as the same figure.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from gigawatt import outputs
from gigawatt.engine.result import Result, percentiles
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


Spec = dict[str, Any]
"""A figure as a plain dict: ``{"data": [trace, ...], "layout": {...}}``, as ``Figure.to_plotly_json()`` gives it."""

_TYPED = {"float64": "f8", "float32": "f4", "int32": "i4", "int16": "i2", "int8": "i1", "uint8": "u1",
          "uint16": "u2", "uint32": "u4"}


def _array(values: Any) -> Any:
    """A numpy array as plotly.py sends it to the page: a typed-array spec (``dtype``, base64 ``bdata``,
    ``shape`` when 2-d), 64-bit integers narrowed to the smallest integer type that holds them, an empty
    array as an empty list (the rule of plotly's ``to_typed_array_spec``)."""
    v = np.ascontiguousarray(values)
    if v.size == 0:
        return v.tolist()
    if v.dtype == np.int64:
        for narrow in (np.int8, np.int16, np.int32):
            info = np.iinfo(narrow)
            if info.min <= v.min() and v.max() <= info.max:
                v = v.astype(narrow)
                break
    code = _TYPED.get(str(v.dtype))
    if code is None:
        return v.tolist()
    spec: dict[str, Any] = {"dtype": code, "bdata": base64.b64encode(v.tobytes()).decode("ascii")}
    if v.ndim > 1:
        spec["shape"] = str(v.shape)[1:-1]
    return spec


def _scatter(**attributes: Any) -> dict[str, Any]:
    return {**attributes, "type": "scatter"}


def _bar(**attributes: Any) -> dict[str, Any]:
    return {**attributes, "type": "bar"}


def _house_layout(layout: dict[str, Any], title: str, x_title: str, y_title: str, *, height: int,
                  legend: str | None, lang: Language) -> dict[str, Any]:
    """``layout`` (a dict, changed in place) with the house style merged over it; its text read right to left
    in a right-to-left language."""
    rtl = lang.rtl
    legends: dict[str, dict[str, Any]] = {
        "top": {"orientation": "h", "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left", "y": 1.02,
                "yanchor": "bottom"},
        "right": {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
    }
    axis = {"gridcolor": GRID, "linecolor": "#c5ccd6", "zerolinecolor": "#9aa4b1", "zerolinewidth": 1,
            "tickfont": {"color": MUTED}, "automargin": True}
    style = {
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
    _merged(layout, style)
    layout["template"] = {"data": {"scatter": [{"type": "scatter"}]}}  # template="none", as plotly writes it
    if rtl:
        line = _rtl_text(lang)
        texts = (layout["title"], layout["xaxis"]["title"], layout["yaxis"]["title"], *layout.get("annotations", ()))
        for item in texts:
            if "text" in item:
                item["text"] = line(item["text"])
    return layout


def _styled(spec: Spec, title: str, x_title: str, y_title: str, *, height: int = 380,
            legend: str | None = "top", lang: Language = ENGLISH, update: Mapping[str, Any] | None = None,
            typed: bool = True) -> Spec:
    """A spec in the house style (:func:`_house_layout`), then ``update`` merged over its layout as
    ``update_layout`` would (``{"yaxis": {"range": ...}}`` changes only the range).

    ``typed``: the traces' numpy arrays as plotly.js typed arrays (:func:`_array`), as ``to_plotly_json`` gives
    them; else left as numpy arrays, for ``go.Figure`` (whose traces then hold numpy arrays, as before).
    """
    _house_layout(spec["layout"], title, x_title, y_title, height=height, legend=legend, lang=lang)
    if lang.rtl:
        for trace in spec["data"]:
            _rtl_trace(trace, _rtl_text(lang))
    _merged(spec["layout"], update or {})
    if typed:
        spec["data"] = [{key: _array(value) if isinstance(value, np.ndarray) else value
                         for key, value in trace.items()} for trace in spec["data"]]
    return spec


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, *, height: int = 380,
            legend: str | None = "top", lang: Language = ENGLISH) -> go.Figure:
    """The house style on a plotly figure: system fonts, light grid, a legend above the plot (``"top"``),
    at the right or none.

    In a right-to-left language the title and a legend above the plot start at the right, and every
    text of the figure (titles, legend, hovers, annotations) is set to read right to left.
    """
    # One Layout built from a dict, merged over what the builder set before: the same figure as
    # update_layout + update_xaxes + update_yaxes, in a third of the time.
    fig.layout = go.Layout(_house_layout(fig.layout.to_plotly_json(), title, x_title, y_title, height=height,
                                         legend=legend, lang=lang))
    if lang.rtl:
        line = _rtl_text(lang)
        for trace in fig.data:
            for key in ("name", "hovertemplate"):
                if getattr(trace, key, None):
                    trace[key] = _rtl_value(key, trace[key], line)
    return fig


def _rtl_text(lang: Language) -> Any:
    """Every line of a text (lines split at ``<br>``) as a right-to-left line (Plotly draws SVG text left to
    right); anything not a non-empty string as it is."""
    def line(text: Any) -> Any:
        if not isinstance(text, str) or not text:
            return text
        return "<br>".join(lang.rtl_line(part) for part in text.split("<br>"))
    return line


def _rtl_value(key: str, value: Any, line: Any) -> Any:
    if key == "hovertemplate":  # the part before <extra> only
        body, tag, tail = str(value).partition("<extra>")
        return line(body) + tag + tail
    return line(value)


def _rtl_trace(trace: dict[str, Any], line: Any) -> None:
    for key in ("name", "hovertemplate"):
        if trace.get(key):
            trace[key] = _rtl_value(key, trace[key], line)


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


def _pcts(result: Result, name: str, stats: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Several percentiles of one series (``("p5", "p50", ...)``) from one sort of its samples: the numbers of
    :func:`_pct` for each, bit for bit (``tests/report/test_charts.py``)."""
    values = None if result.streamed is not None or name in result.events else result[name]
    if values is None or values.ndim != 2:
        return {stat: _pct(result, name, stat) for stat in stats}
    table = percentiles(values, [float(stat[1:]) for stat in stats])
    return {stat: np.asarray(table[i], dtype=float) for i, stat in enumerate(stats)}


def fan_chart_spec(result: Result, name: str, *, title: str | None = None, color: str | None = None,
                   lang: Language | str = ENGLISH, typed: bool = True) -> Spec:
    """A fan chart of one series as a dict (:data:`Spec`): the P5–P95 and P25–P75 bands and the P50 line.

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
    stats = ("p5", "p25", "p50", "p75", "p95")
    q = {stat: values * factor for stat, values in _pcts(result, name, stats).items()}
    hover = {stat: "%{" + field + ":" + fmt + "}" for stat, field in (
        ("p50", "y"), ("p5", "customdata[0]"), ("p25", "customdata[1]"), ("p75", "customdata[2]"),
        ("p95", "customdata[3]"))}
    data: list[dict[str, Any]] = []
    for low, high, alpha, legend in (("p5", "p95", 0.16, lang._("90% of futures (P5–P95)")),
                                     ("p25", "p75", 0.32, lang._("half of futures (P25–P75)"))):
        data.append(_scatter(x=years, y=q[low], name=low.upper(), meta=low, mode="lines",
                             line={"width": 0, "color": color}, showlegend=False, hoverinfo="skip"))
        data.append(_scatter(x=years, y=q[high], name=legend, meta=high, mode="lines", fill="tonexty",
                             fillcolor=_hex_rgba(color, alpha), line={"width": 0, "color": color},
                             hoverinfo="skip"))
    data.append(_scatter(
        x=years, y=q["p50"], name=lang._("median (P50)"), meta="p50", mode="lines+markers",
        line={"width": 2.5, "color": color}, marker={"size": 5},
        customdata=np.column_stack([q["p5"], q["p25"], q["p75"], q["p95"]]),
        hovertemplate="<b>%{x}</b><br>" + lang._(
            "median {p50}<br>middle half {p25} – {p75}<br>90% range {p5} – {p95}", **hover) + "<extra></extra>",
    ))
    return _styled({"data": data, "layout": {}}, title or label(name, lang), lang._("year"), y_title, lang=lang,
                   typed=typed)


def fan_chart(result: Result, name: str, *, title: str | None = None, color: str | None = None,
              lang: Language | str = ENGLISH) -> go.Figure:
    """:func:`fan_chart_spec` as a plotly figure (the traces' statistic in ``meta``: p5, p95, p25, p75, p50)."""
    return go.Figure(fan_chart_spec(result, name, title=title, color=color, lang=lang, typed=False))


def revenue_vs_compute_spec(result: Result, lang: Language | str = ENGLISH, typed: bool = True) -> Spec:
    """Revenue and compute spending on the same axes (US$ billions a year): the P5–P95 band and the P50 line
    of each, the question of the project in one picture (a dict, :data:`Spec`)."""
    lang = language(lang)
    years = _years(result)
    data: list[dict[str, Any]] = []
    for name, color in ((REVENUE_TOTAL, BLUE), (COMPUTE_SPEND, ORANGE)):
        q = {stat: values * 1e-9 for stat, values in _pcts(result, name, ("p5", "p50", "p95")).items()}
        title = label(name, lang)
        data.append(_scatter(x=years, y=q["p5"], mode="lines", line={"width": 0, "color": color},
                             showlegend=False, hoverinfo="skip", meta="p5"))
        data.append(_scatter(x=years, y=q["p95"], mode="lines", fill="tonexty",
                             fillcolor=_hex_rgba(color, 0.18), line={"width": 0, "color": color}, showlegend=False,
                             hoverinfo="skip", meta="p95"))
        data.append(_scatter(
            x=years, y=q["p50"], name=title, mode="lines+markers", meta="p50",
            line={"width": 2.5, "color": color}, marker={"size": 5},
            customdata=np.column_stack([q["p5"], q["p95"]]),
            hovertemplate=lang._("{name}: {amount}", name=title, amount=lang._("${n}B", n="%{y:,.1f}"))
            + " (P5–P95 %{customdata[0]:,.0f}–%{customdata[1]:,.0f})<extra></extra>"))
    return _styled({"data": data, "layout": {}}, lang._("Revenue against compute spending (P50; P5–P95 shaded)"),
                   lang._("year"), lang._("US$ billions per year"), lang=lang,
                   update={"hovermode": "x unified"}, typed=typed)


def revenue_vs_compute_chart(result: Result, lang: Language | str = ENGLISH) -> go.Figure:
    """:func:`revenue_vs_compute_spec` as a plotly figure."""
    return go.Figure(revenue_vs_compute_spec(result, lang, typed=False))


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


def compute_balance_spec(result: Result, lang: Language | str = ENGLISH, typed: bool = True) -> Spec:
    """Compute demand against capacity in GW, with the gap between the medians marked (a dict, :data:`Spec`).

    Traces: the P5–P95 band of demand (``demand P5``, ``demand P95``), ``demand (P50)``,
    ``capacity (P50)``, then bars from one median line to the other: ``shortage`` where demand
    exceeds capacity, ``surplus`` where capacity exceeds demand. The hover of a bar gives the
    share of futures with a shortage that year.
    """
    lang = language(lang)
    years = np.asarray(_years(result))
    demand = _pcts(result, COMPUTE_DEMAND_GW, ("p5", "p50", "p95"))
    capacity = _pct(result, COMPUTE_CAPACITY_GW, "p50")
    short_share = (result.series[COMPUTE_SHORTAGE_GW] > 1e-9).mean(axis=0) if (
        COMPUTE_SHORTAGE_GW in result.series) else (result.series[COMPUTE_DEMAND_GW] > (
            result.series[COMPUTE_CAPACITY_GW] + 1e-9)).mean(axis=0)
    data: list[dict[str, Any]] = [
        _scatter(x=years, y=demand["p5"], name="demand P5", mode="lines",
                 line={"width": 0, "color": BLUE}, showlegend=False, hoverinfo="skip"),
        _scatter(x=years, y=demand["p95"], name="demand P95", mode="lines", fill="tonexty",
                 fillcolor=_hex_rgba(BLUE, 0.15), line={"width": 0, "color": BLUE}, hoverinfo="skip",
                 showlegend=False)]
    gap = demand["p50"] - capacity
    bars = ((N_("shortage"), N_("shortage between the medians: {gw} GW<br>futures with a shortage: {share}"),
             gap > 1e-9, RED),
            (N_("surplus"), N_("surplus between the medians: {gw} GW<br>futures with a shortage: {share}"),
             gap < -1e-9, GREEN))
    for trace_name, hover, mask, color in bars:
        base = np.where(gap > 0, capacity, demand["p50"])[mask]
        data.append(_bar(
            x=years[mask], y=np.abs(gap)[mask], base=base.tolist(), name=lang._(trace_name),
            width=0.45, legendrank=3, marker={"color": _hex_rgba(color, 0.55), "line": {"width": 0}},
            customdata=np.column_stack([np.abs(gap)[mask], short_share[mask] * 100]),
            hovertemplate=lang._(hover, gw="%{customdata[0]:,.2f}", share="%{customdata[1]:.0f}" + lang.number("%"))
            + "<extra></extra>",
        ))
    data.append(_scatter(x=years, y=demand["p50"], name=lang._("demand (P50)"),
                         mode="lines+markers", legendrank=1, line={"width": 2.5, "color": BLUE}, marker={"size": 5},
                         customdata=np.column_stack([demand["p5"], demand["p95"]]),
                         hovertemplate=lang._("demand: {gw} GW (90% range {p5} – {p95})", gw="%{y:,.2f}",
                                              p5="%{customdata[0]:,.2f}", p95="%{customdata[1]:,.2f}")
                         + "<extra></extra>"))
    data.append(_scatter(x=years, y=capacity, name=lang._("capacity (P50)"), mode="lines+markers",
                         legendrank=2, line={"width": 2.5, "color": INK}, marker={"size": 5, "symbol": "square"},
                         hovertemplate=lang._("capacity: {gw} GW", gw="%{y:,.2f}") + "<extra></extra>"))
    return _styled({"data": data, "layout": {}},
                   lang._("Compute demand against capacity (shaded: 90% range of demand)"),
                   lang._("year"), lang._("GW (IT load)"), height=420, lang=lang,
                   update={"barmode": "overlay", "hovermode": "x unified", "legend": {"traceorder": "normal"}},
                   typed=typed)


def compute_balance_chart(result: Result, lang: Language | str = ENGLISH) -> go.Figure:
    """:func:`compute_balance_spec` as a plotly figure."""
    return go.Figure(compute_balance_spec(result, lang, typed=False))


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


def gap_histogram_spec(result: Result, name: str = FUNDING_GAP, bins: int = 50,
                       lang: Language | str = ENGLISH, typed: bool = True) -> Spec:
    """The distribution of a money scalar (default ``funding_gap``): share of futures per bin of US$ billions
    (a dict, :data:`Spec`).

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
    data = [_bar(
        x=centers, y=share, width=np.diff(edges), name=lang._("share of futures"),
        marker={"color": _hex_rgba(RED, 0.7)}, customdata=np.column_stack([edges[:-1], edges[1:]]),
        hovertemplate=lang._("{low} – {high}: {share} of futures", low=lang._("${n}B", n="%{customdata[0]:,.0f}"),
                             high=lang._("${n}B", n="%{customdata[1]:,.0f}"), share="%{y:.1f}" + lang.number("%"))
        + "<extra></extra>",
    )]
    shapes, notes = _percentile_marks(values, lang)
    return _styled({"data": data, "layout": {"shapes": shapes, "annotations": notes}},
                   lang._("{output}: how often each amount comes up", output=label(name, lang)),
                   lang._("new money needed, US$ billions"), lang._("percent of simulated futures"), legend=None,
                   lang=lang, update={"bargap": 0.02,  # and head room above the bars for the labels
                                      "yaxis": {"range": [0, float(share.max()) * 1.35 if share.size else 1]}},
                   typed=typed)


def gap_histogram(result: Result, name: str = FUNDING_GAP, bins: int = 50,
                  lang: Language | str = ENGLISH) -> go.Figure:
    """:func:`gap_histogram_spec` as a plotly figure."""
    return go.Figure(gap_histogram_spec(result, name, bins, lang, typed=False))


def _vline_shape(x: float, line: dict[str, Any]) -> dict[str, Any]:
    return {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain", "line": line}


def vline(fig: go.Figure, x: float, line: dict[str, Any]) -> None:
    """A vertical line across the plot at ``x``: the shape ``fig.add_vline`` adds, without its deep copies of
    the figure (about 8 ms a line; this is under 1 ms). ``tests/report`` checks the two give the same figure."""
    fig.add_shape(**_vline_shape(x, line))


def _percentile_marks(values: np.ndarray, lang: Language) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Dotted lines at P5, P50 and P95 (shapes), each labelled inside the plot on a row of its own (annotations:
    labels of close percentiles never overlap, and none is cut at the plot's edge: P5 reads to the right of its
    line, P95 to the left)."""
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    shapes, notes = [], []
    for row, (x, text, anchor) in enumerate(((p5, N_("P5 {amount}"), "left"), (p50, N_("P50 {amount}"), "left"),
                                             (p95, N_("P95 {amount}"), "right"))):
        shapes.append(_vline_shape(float(x), {"color": INK, "width": 1, "dash": "dot"}))
        notes.append({"x": float(x), "xref": "x", "y": 1 - 0.08 * row, "yref": "paper", "yanchor": "top",
                      "xanchor": anchor, "xshift": 4 if anchor == "left" else -4, "showarrow": False,
                      "text": lang._(text, amount=money(float(x) * 1e9, lang=lang)),
                      "font": {"size": 11, "color": MUTED}, "bgcolor": "rgba(255,255,255,0.8)"})
    return shapes, notes


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


def breakeven_spec(result: Result, lang: Language | str = ENGLISH, typed: bool = True) -> Spec:
    """The probability that free cash flow has turned positive by each year (events ``breakeven_by_<year>``),
    a dict (:data:`Spec`)."""
    lang = language(lang)
    names = sorted((n for n in result.events if is_a(n, BREAKEVEN_BY)),
                   key=lambda n: int(part(n, BREAKEVEN_BY)))
    years = [int(part(n, BREAKEVEN_BY)) for n in names]
    shares = [float(result.events[n].mean()) * 100 for n in names]
    data = [_bar(x=years, y=shares, name=lang._("break-even by year"), marker={"color": GREEN},
                 text=[percent(s / 100, lang=lang) for s in shares], textposition="outside", cliponaxis=False,
                 hovertemplate=lang._("by {year}: {share} of futures", year="%{x}",
                                      share="%{y:.1f}" + lang.number("%")) + "<extra></extra>")]
    return _styled({"data": data, "layout": {}}, lang._("Chance that free cash flow has turned positive, by year"),
                   lang._("year"), lang._("percent of futures"), legend=None, lang=lang,
                   update={"yaxis": {"range": [0, 105]}}, typed=typed)


def breakeven_chart(result: Result, lang: Language | str = ENGLISH) -> go.Figure:
    """:func:`breakeven_spec` as a plotly figure."""
    return go.Figure(breakeven_spec(result, lang, typed=False))


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
