"""The network's views: a :class:`~gigawatt.analysis.network.NetworkSummary` in, figures and table rows out.

The HTML report, the dashboard and the exports draw a network run with these functions, as they draw a
company with :mod:`gigawatt.report.charts`:

- :func:`flow_chart`: a Sankey diagram of the money paid between entities over the horizon (link widths are
  ``total_flows``), coloured by the kind of link;
- :func:`default_chart`: the probability that each entity defaults within the horizon;
- :func:`exposure_chart`: who owes whom at a year end (payer x payee), with a slider over the years;

and the tables beside them come from :mod:`gigawatt.report.network_rows`.

Money is drawn in US$ billions; every word comes from the language's catalog.
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go

from gigawatt.analysis.network import NetworkSummary
from gigawatt.i18n import ENGLISH, Language, language
from gigawatt.report.charts import GRID, INK, MUTED, PALETTE, _hex_rgba, _layout
from gigawatt.report.format import money, percent
from gigawatt.report.network_rows import KINDS, span

__all__ = ["default_chart", "exposure_chart", "figures", "flow_chart", "peak_year"]



def _rtl(lang: Language, text: str) -> str:
    """A line Plotly draws, read right to left in a right-to-left language (``<br>`` separates lines)."""
    return "<br>".join(lang.rtl_line(part) for part in text.split("<br>"))


def _entity_colors(summary: NetworkSummary) -> dict[str, str]:
    return {e: PALETTE[i % len(PALETTE)] for i, e in enumerate(summary.entities)}


def flow_chart(summary: NetworkSummary, lang: Language | str = ENGLISH) -> go.Figure:
    """The money paid between entities over the horizon (mean over futures), as a Sankey diagram.

    One node per entity (in ``summary.entities`` order), one band per link with a positive total flow, as wide
    as its ``total_flows`` (US$ billions), coloured by its kind (:data:`KINDS`). The band's ``customdata`` is
    ``[link name, kind words, total, expected loss]`` written out for the hover.
    """
    lang = language(lang)
    index = {e: i for i, e in enumerate(summary.entities)}
    colors = _entity_colors(summary)
    shown = [i for i in summary.links
             if math.isfinite(summary.total_flows.get(i.name, 0.0)) and summary.total_flows.get(i.name, 0.0) > 0]
    words = {kind: lang._(text) for kind, (text, _) in KINDS.items()}
    hover = _rtl(lang, lang._("{name} ({kind})<br>{payer} → {payee}: {amount}<br>expected loss {loss}",
                              name="%{customdata[0]}", kind="%{customdata[1]}", payer="%{source.label}",
                              payee="%{target.label}", amount="%{customdata[2]}", loss="%{customdata[3]}"))
    node_hover = _rtl(lang, lang._("{entity}<br>pays {paid}<br>is paid {received}", entity="%{label}",
                                   paid="%{customdata[0]}", received="%{customdata[1]}"))
    paid = {e: sum(summary.total_flows[i.name] for i in shown if i.payer == e) for e in summary.entities}
    received = {e: sum(summary.total_flows[i.name] for i in shown if i.payee == e) for e in summary.entities}
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        valueformat=",.1f",
        valuesuffix="B",
        node={"label": [lang.isolate(e) for e in summary.entities],
              "color": [colors[e] for e in summary.entities], "pad": 18, "thickness": 16,
              "line": {"color": "white", "width": 0.5},
              "customdata": [[money(paid[e], lang=lang), money(received[e], lang=lang)] for e in summary.entities],
              "hovertemplate": node_hover + "<extra></extra>"},
        link={
            "source": [index[i.payer] for i in shown],
            "target": [index[i.payee] for i in shown],
            "value": [summary.total_flows[i.name] / 1e9 for i in shown],
            "label": [i.name for i in shown],
            "color": [_hex_rgba(KINDS[i.kind][1], 0.45) for i in shown],
            "customdata": [[i.name, words[i.kind], money(summary.total_flows[i.name], lang=lang),
                            money(summary.expected_loss.get(i.name, math.nan), lang=lang)] for i in shown],
            "hovertemplate": hover + "<extra></extra>",
        },
    ))
    title = lang._("Money between entities, {years} (mean over futures, US$ billions)", years=span(summary, lang))
    _layout(fig, title, "", "", height=max(380, 60 * len(summary.entities)), legend=None, lang=lang)
    fig.update_layout(xaxis_visible=False, yaxis_visible=False, margin={"l": 16, "r": 16, "t": 48, "b": 16})
    kinds = [f"<span style='color:{color}'>■</span> {lang._(text)}" for kind, (text, color) in KINDS.items()
             if any(i.kind == kind for i in shown)]
    if kinds:  # the legend of the band colours: one line of text above the diagram (a Sankey has no legend)
        fig.data[0].domain = {"x": [0, 1], "y": [0, 0.9]}
        fig.add_annotation(text=_rtl(lang, "   ".join(kinds)), showarrow=False, xref="paper", yref="paper",
                           x=1 if lang.rtl else 0, xanchor="right" if lang.rtl else "left", y=1, yanchor="top",
                           font={"size": 12, "color": MUTED})
    return fig


def default_chart(summary: NetworkSummary, lang: Language | str = ENGLISH) -> go.Figure:
    """The probability that each entity defaults within the horizon (percent of futures), one bar per entity.

    The hover adds the median first default year among the futures in which it defaults.
    """
    lang = language(lang)
    colors = _entity_colors(summary)
    shares = [100 * float(summary.default_probability.get(e, 0.0)) for e in summary.entities]
    when = [lang._("median first default {year}", year=lang.year(y)) if (y := summary.first_default_year.get(e))
            is not None and math.isfinite(y) else lang._("no default") for e in summary.entities]
    fig = go.Figure(go.Bar(
        x=[lang.isolate(e) for e in summary.entities], y=shares, name=lang._("default probability"),
        marker={"color": [_hex_rgba(colors[e], 0.85) for e in summary.entities]},
        text=[percent(s / 100, lang=lang) for s in shares], textposition="outside", cliponaxis=False,
        customdata=when,
        hovertemplate=_rtl(lang, lang._("{entity}: {share} of futures<br>{when}", entity="%{x}",
                                        share="%{y:.1f}" + lang.number("%"), when="%{customdata}"))
        + "<extra></extra>",
    ))
    _layout(fig, lang._("Chance that each entity defaults by {year}", year=lang.year(summary.years[-1])),
            "", lang._("percent of futures"), legend=None, lang=lang)
    top = max(shares, default=0.0)
    fig.update_yaxes(range=[0, max(10.0, min(100.0, top * 1.25) if top < 80 else 105.0)])
    return fig


def peak_year(summary: NetworkSummary) -> int:
    """The year whose total exposure (every payer to every payee) is largest: the heatmap's first year."""
    totals = [sum(values[t] for row in summary.exposure.values() for values in row.values())
              for t in range(len(summary.years))]
    return summary.years[max(range(len(totals)), key=lambda t: (totals[t], -t))] if totals else summary.years[0]


def exposure_chart(summary: NetworkSummary, year: int | None = None, lang: Language | str = ENGLISH) -> go.Figure:
    """Who owes whom at the end of ``year`` (default :func:`peak_year`): payers down, payees across, the mean
    USD still due in US$ billions; a slider shows every other year."""
    lang = language(lang)
    chosen = peak_year(summary) if year is None else year
    names = [lang.isolate(e) for e in summary.entities]
    matrices = {y: [[v / 1e9 for v in row] for row in summary.exposure_matrix(y)] for y in summary.years}
    top = max((v for m in matrices.values() for row in m for v in row), default=0.0)
    hover = _rtl(lang, lang._("{payer} owes {payee}: {amount}", payer="%{y}", payee="%{x}",
                              amount=lang._("${n}B", n="%{z:,.1f}")))
    fig = go.Figure(go.Heatmap(
        z=matrices[chosen], x=names, y=names, zmin=0, zmax=top if top > 0 else 1,
        colorscale=[[0, "#ffffff"], [0.15, "#dbe7f5"], [1, "#1f5fa8"]], xgap=2, ygap=2,
        text=_cells(matrices[chosen], lang), texttemplate="%{text}", textfont={"size": 12},
        showscale=False,  # every cell is written
        hovertemplate=hover + "<extra></extra>",
    ))
    _layout(fig, lang._("Who owes whom: commitments still due at year end (mean, US$ billions)"),
            lang._("payee (is owed)"), lang._("payer (owes)"), height=max(360, 120 + 44 * len(names)),
            legend=None, lang=lang)
    fig.update_yaxes(autorange="reversed", gridcolor=GRID, tickfont={"color": INK})
    fig.update_xaxes(tickfont={"color": INK}, side="bottom")
    steps = [{"label": lang.year(y), "method": "restyle",
              "args": [{"z": [matrices[y]], "text": [_cells(matrices[y], lang)]}, [0]]} for y in summary.years]
    fig.update_layout(sliders=[{
        "active": summary.years.index(chosen), "steps": steps, "x": 0, "len": 1, "y": -0.12, "yanchor": "top",
        "currentvalue": {"prefix": lang._("year end") + " ", "font": {"color": MUTED}},
        "pad": {"t": 36}, "font": {"color": MUTED},
    }], margin={"b": 120})
    return fig


def _cells(matrix: list[list[float]], lang: Language) -> list[list[str]]:
    """The numbers written in the heatmap's cells (US$ billions, one decimal); a pair with nothing due is blank."""
    return [[lang.num(v, ",.1f") if abs(v) >= 0.05 else "" for v in row] for row in matrix]


def figures(summary: NetworkSummary, lang: Language | str = ENGLISH) -> dict[str, Any]:
    """The three network charts by key (``network_flows``, ``network_defaults``, ``network_exposure``)."""
    return {"network_flows": flow_chart(summary, lang), "network_defaults": default_chart(summary, lang),
            "network_exposure": exposure_chart(summary, lang=lang)}
