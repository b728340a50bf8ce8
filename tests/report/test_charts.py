"""The chart builders: the right traces, axes titled with units, values equal to the result's percentiles."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from report_toy import ABILENE_GW, CONTRACT_GW, UAE_GW

from gigawatt.engine.result import Result
from gigawatt.report import charts
from gigawatt.report.html import chart_figures


def by_meta(fig, meta: str):  # noqa: ANN001, ANN201 - a plotly figure and trace
    (trace,) = [t for t in fig.data if t.meta == meta]
    return trace


@pytest.mark.parametrize(("name", "factor", "y_title"), [
    ("revenue_total", 1e-9, "US$ billions per year"),
    ("compute_spend", 1e-9, "US$ billions per year"),
    ("free_cash_flow", 1e-9, "US$ billions per year"),
    ("cash_before_financing", 1e-9, "US$ billions"),
    ("cash_balance", 1e-9, "US$ billions"),
    ("revenue_share_from_payers", 100.0, "percent"),
])
def test_fan_chart_bands_are_the_result_percentiles(hand_result: Result, name: str, factor: float,
                                                    y_title: str) -> None:
    fig = charts.fan_chart(hand_result, name)
    assert [t.meta for t in fig.data] == ["p5", "p95", "p25", "p75", "p50"]
    for stat in ("p5", "p25", "p50", "p75", "p95"):
        trace = by_meta(fig, stat)
        assert list(trace.x) == [2025, 2026, 2027, 2028, 2029, 2030]
        np.testing.assert_allclose(trace.y, np.percentile(hand_result.series[name], float(stat[1:]), axis=0) * factor)
    assert by_meta(fig, "p95").fill == "tonexty" and by_meta(fig, "p75").fill == "tonexty"
    assert by_meta(fig, "p5").fill is None
    assert fig.layout.yaxis.title.text == y_title
    assert fig.layout.xaxis.title.text == "year"
    assert fig.layout.title.text


def test_fan_chart_known_values(hand_result: Result) -> None:
    # the P50 of revenue in 2030 (ramp = 1): known from the hand-built closed form
    fig = charts.fan_chart(hand_result, "revenue_total")
    expected = np.median(hand_result.series["revenue_subs"][:, -1] + hand_result.series["revenue_ads"][:, -1]) / 1e9
    assert by_meta(fig, "p50").y[-1] == pytest.approx(expected)
    assert 40 < expected < 90  # 2.5B users x 10% x $240 + $100B x ~2.2% ~ $62B


def test_revenue_streams_are_stacked_means_that_add_up(hand_result: Result) -> None:
    fig = charts.revenue_streams_chart(hand_result)
    names = [t.name for t in fig.data]
    assert names == ["subs", "ads", "total (mean)"]  # resale is zero in every sample: not drawn
    for trace, series in zip(fig.data[:2], ("revenue_subs", "revenue_ads"), strict=True):
        assert trace.stackgroup == "streams"
        np.testing.assert_allclose(trace.y, hand_result.series[series].mean(axis=0) / 1e9)
    total = hand_result.series["revenue_total"].mean(axis=0) / 1e9
    np.testing.assert_allclose(fig.data[2].y, total)
    # the top of the stack is the total line: the view adds up (medians of the parts would not)
    np.testing.assert_allclose(np.asarray(fig.data[0].y) + np.asarray(fig.data[1].y), total, rtol=1e-12)
    medians = sum(np.median(hand_result.series[s], axis=0) for s in ("revenue_subs", "revenue_ads")) / 1e9
    assert not np.allclose(medians, np.median(hand_result.series["revenue_total"], axis=0) / 1e9, rtol=1e-6)
    assert fig.layout.yaxis.title.text == "US$ billions per year"


def test_compute_balance_marks_shortage_and_surplus(hand_result: Result) -> None:
    fig = charts.compute_balance_chart(hand_result)
    traces = {t.name: t for t in fig.data}
    assert {"demand P5", "demand P95", "demand (P50)", "capacity (P50)", "shortage", "surplus"} <= set(traces)
    demand = np.median(hand_result.series["compute_demand_gw"], axis=0)
    capacity = ABILENE_GW + UAE_GW + CONTRACT_GW
    np.testing.assert_allclose(traces["demand (P50)"].y, demand)
    np.testing.assert_allclose(traces["capacity (P50)"].y, capacity)
    short = demand > capacity
    assert short.any() and (~short).any()  # the toy has both
    assert list(traces["shortage"].x) == [int(y) for y in np.arange(2025, 2031)[short]]
    np.testing.assert_allclose(np.asarray(traces["shortage"].base, dtype=float), capacity[short])
    np.testing.assert_allclose(traces["shortage"].y, (demand - capacity)[short])
    np.testing.assert_allclose(np.asarray(traces["surplus"].base, dtype=float), demand[~short])
    np.testing.assert_allclose(traces["surplus"].y, (capacity - demand)[~short])
    assert fig.layout.yaxis.title.text == "GW (IT load)"


def test_capacity_by_site_and_country(hand_result: Result) -> None:
    sites = charts.capacity_by_site_chart(hand_result)
    traces = {t.name: t for t in sites.data}
    assert list(traces) == ["abilene", "stargate_uae", "contracts (cloud)"]
    np.testing.assert_allclose(traces["abilene"].y, ABILENE_GW)
    np.testing.assert_allclose(traces["stargate_uae"].y, UAE_GW)
    np.testing.assert_allclose(traces["contracts (cloud)"].y, CONTRACT_GW)
    assert sites.layout.barmode == "stack" and sites.layout.yaxis.title.text == "GW (IT load)"

    countries = charts.capacity_by_country_chart(hand_result)
    traces = {t.name: t for t in countries.data}
    assert list(traces) == ["US", "UAE"]  # largest first, labelled as written in the scenario
    np.testing.assert_allclose(traces["US"].y, ABILENE_GW + CONTRACT_GW)
    assert countries.layout.yaxis.title.text == "GW (IT load)"


def test_gap_histogram_shares_add_up(hand_result: Result) -> None:
    fig = charts.gap_histogram(hand_result, bins=40)
    (bars,) = fig.data
    assert len(bars.y) == 40
    assert float(np.sum(bars.y)) == pytest.approx(100.0)
    gap = hand_result.scalars["funding_gap"] / 1e9
    assert bars.x[0] - bars.width[0] / 2 == pytest.approx(gap.min())
    lines = sorted(shape.x0 for shape in fig.layout.shapes)
    np.testing.assert_allclose(lines, np.percentile(gap, [5, 50, 95]))
    assert fig.layout.xaxis.title.text == "new money needed, US$ billions"
    assert fig.layout.yaxis.title.text == "percent of simulated futures"


def test_exceedance_curve(hand_result: Result) -> None:
    fig = charts.exceedance_chart(hand_result)
    (curve,) = fig.data
    gap = hand_result.scalars["funding_gap"] / 1e9
    x, y = np.asarray(curve.x), np.asarray(curve.y)
    assert np.all(np.diff(y) <= 0)  # P(gap > x) never rises
    assert y[0] == pytest.approx(np.mean(gap > x[0]) * 100)
    assert y[-1] == 0.0
    middle = np.searchsorted(x, np.median(gap))
    assert y[middle] == pytest.approx(50, abs=2)
    assert "US$ billions" in fig.layout.xaxis.title.text and "percent" in fig.layout.yaxis.title.text


def test_breakeven_chart(hand_result: Result) -> None:
    fig = charts.breakeven_chart(hand_result)
    (bars,) = fig.data
    assert list(bars.x) == list(range(2025, 2031))
    expected = [hand_result.events[f"breakeven_by_{y}"].mean() * 100 for y in range(2025, 2031)]
    np.testing.assert_allclose(bars.y, expected)
    assert fig.layout.yaxis.title.text == "percent of futures"


def test_tornado_chart_from_rows() -> None:
    rows = [{"parameter": "a", "low": 10e9, "high": 30e9, "swing": 20e9},
            {"parameter": "b", "low": 25e9, "high": 15e9, "swing": -10e9},
            {"parameter": "c", "low": 19e9, "high": 21e9, "swing": 2e9}]
    fig = charts.tornado_chart(rows[::-1], base=20e9, top=2, low_label="low", high_label="high")
    low, high = fig.data
    assert (low.name, high.name) == ("low", "high")
    assert list(low.y) == ["a", "b"]  # largest swing first, top 2 only
    np.testing.assert_allclose(np.asarray(low.base, dtype=float), [20.0, 20.0])
    np.testing.assert_allclose(low.x, [-10.0, 5.0])  # bars run from the base to the value, in $B
    np.testing.assert_allclose(high.x, [10.0, -5.0])
    assert fig.layout.xaxis.title.text.replace("<br>", " ") == "funding gap (P50), US$ billions"  # two lines
    assert fig.layout.yaxis.autorange == "reversed"
    arabic = charts.tornado_chart(rows, base=20e9, output="فجوة التمويل (الوسيط)", lang="ar").layout.xaxis.title.text
    assert arabic == "\u2067فجوة التمويل (الوسيط)،\u2069<br>\u2067مليار دولار أمريكي\u2069"  # two lines, each read RTL


def test_every_chart_titles_its_axes(hand_result: Result) -> None:
    from gigawatt.report.drivers import drivers

    figures = chart_figures(hand_result, drivers(hand_result, local=True))
    assert len(figures) == 15
    for key, fig in figures.items():
        assert fig.layout.title.text, key
        assert fig.layout.xaxis.title.text, key
        if key != "tornado":  # the tornado's categories are input names
            assert fig.layout.yaxis.title.text, key


def test_charts_of_the_model(model_result: Result) -> None:
    figures = chart_figures(model_result)
    assert {"fan_revenue_total", "compute_balance", "capacity_sites", "capacity_countries"} <= set(figures)
    fig = figures["fan_cash_balance"]
    np.testing.assert_allclose(by_meta(fig, "p50").y, model_result.stat("cash_balance", "p50") * 1e-9)


def test_revenue_and_compute_spending_share_one_axis(hand_result: Result) -> None:
    from gigawatt.report.charts import revenue_vs_compute_chart

    fig = revenue_vs_compute_chart(hand_result)
    lines = [t for t in fig.data if t.meta == "p50"]
    assert [t.name for t in lines] == ["Revenue", "Compute spending"]
    assert {t.yaxis or "y" for t in fig.data} == {"y"}  # one axis: the two can be compared by eye
    for trace, name in zip(lines, ("revenue_total", "compute_spend"), strict=True):
        np.testing.assert_allclose(trace.y, hand_result.stat(name, "p50") * 1e-9)
    assert "US$ billions" in fig.layout.yaxis.title.text


def test_breakeven_labels_agree_with_the_table_on_small_shares(hand_result: Result) -> None:
    from gigawatt.report.assumptions import breakeven_rows
    from gigawatt.report.charts import breakeven_chart

    result = copy.copy(hand_result)
    events = dict(hand_result.events)
    rare = np.zeros(hand_result.samples, dtype=bool)
    rare[0] = True  # one sample in 400: 0.25%
    events["breakeven_by_2025"] = rare
    result.events = events
    chart = list(breakeven_chart(result).data[0].text)
    table = [share for _, share in breakeven_rows(result)]
    assert chart == table
    assert chart[0] == "<1%"


def test_histogram_labels_sit_inside_the_plot(hand_result: Result) -> None:
    from gigawatt.report.charts import gap_histogram

    fig = gap_histogram(hand_result)
    notes = [a for a in fig.layout.annotations if str(a.text).startswith(("P5", "P50", "P95"))]
    assert len(notes) == 3
    assert all(a.yref == "paper" and 0 < a.y <= 1 and a.yanchor == "top" for a in notes)
    assert len({a.y for a in notes}) == 3  # one row each: close percentiles do not overlap
    assert fig.layout.yaxis.range[1] > max(fig.data[0].y)  # head room above the tallest bar


def test_revenue_streams_legend_is_above_not_beside(hand_result: Result) -> None:
    from gigawatt.report.charts import revenue_streams_chart

    fig = revenue_streams_chart(hand_result)
    assert fig.layout.legend.orientation == "h"


def test_vline_is_the_shape_add_vline_adds() -> None:
    """The cheap vertical line gives the very figure plotly's add_vline gives, on a figure with content."""
    import plotly.graph_objects as go

    from gigawatt.report.charts import vline

    def figure() -> go.Figure:
        fig = go.Figure(go.Bar(x=[1, 2, 3], y=[3, 4, 1]))
        fig.add_annotation(x=2, y=4, text="peak")
        return fig

    line = {"color": "#123456", "width": 1, "dash": "dot"}
    reference, cheap = figure(), figure()
    for x in (1.5, 2.25):
        reference.add_vline(x=x, line=line)
        vline(cheap, x, line)
    assert cheap.to_plotly_json() == reference.to_plotly_json()
    assert len(cheap.layout.shapes) == 2


@pytest.fixture(scope="module")
def bundled_result() -> Result:
    """openai-2025 simulated (300 samples): compute shortages and surpluses, break-even events, a funding gap."""
    import gigawatt

    return gigawatt.simulate("openai-2025", samples=300, seed=3)


def _specs(result: Result, lang: str) -> dict[str, dict]:
    from gigawatt.report.html import FANS

    specs = {"gap_histogram": charts.gap_histogram_spec(result, lang=lang),
             "revenue_vs_compute": charts.revenue_vs_compute_spec(result, lang),
             "breakeven": charts.breakeven_spec(result, lang),
             "compute_balance": charts.compute_balance_spec(result, lang)}
    for name in FANS:
        if name in result.series:
            specs[f"fan_{name}"] = charts.fan_chart_spec(result, name, lang=lang)
    return specs


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("which", ["hand_result", "bundled_result", "model_result"])
def test_plain_dict_figures_are_what_plotly_reads_back(which: str, lang: str, request: pytest.FixtureRequest) -> None:
    """Each figure written as a plain dict (``*_spec``, what the dashboard sends) is the very figure plotly builds
    from it: ``go.Figure(spec).to_plotly_json()`` gives the same JSON, so plotly rejected, coerced or filled in
    nothing; and the plotly builder of the same name is that figure."""
    import json

    import plotly.graph_objects as go
    from plotly.io.json import to_json_plotly

    result = request.getfixturevalue(which)
    specs = _specs(result, lang)
    assert len(specs) >= 6
    builders = {"gap_histogram": lambda: charts.gap_histogram(result, lang=lang),
                "revenue_vs_compute": lambda: charts.revenue_vs_compute_chart(result, lang),
                "breakeven": lambda: charts.breakeven_chart(result, lang),
                "compute_balance": lambda: charts.compute_balance_chart(result, lang)}
    for key, spec in specs.items():
        sent = json.loads(to_json_plotly(spec))
        assert json.loads(to_json_plotly(go.Figure(spec).to_plotly_json())) == sent, key
        build = builders.get(key) or (lambda key=key: charts.fan_chart(result, key.removeprefix("fan_"), lang=lang))
        assert json.loads(to_json_plotly(build().to_plotly_json())) == sent, key
    balance = specs["compute_balance"]["data"]
    assert [t["type"] for t in balance].count("bar") == 2
    if which == "bundled_result":  # both a shortage and a surplus year: bars of both kinds are drawn
        assert all(bar["x"] for bar in balance if bar["type"] == "bar")


def test_typed_arrays_hold_the_numbers() -> None:
    """``_array`` writes plotly.js's typed-array spec: the bytes of the float64 (or narrowed integer) values."""
    import base64

    values = np.array([[1.5, -2.0], [np.inf, 3.25]])
    spec = charts._array(values)
    assert spec["dtype"] == "f8" and spec["shape"] == "2, 2"
    assert np.array_equal(np.frombuffer(base64.b64decode(spec["bdata"])).reshape(2, 2), values)
    years = charts._array(np.array([2025, 2026]))
    assert years["dtype"] == "i2"
    assert list(np.frombuffer(base64.b64decode(years["bdata"]), dtype=np.int16)) == [2025, 2026]
    assert charts._array(np.array([], dtype=float)) == []


@pytest.mark.parametrize("which", ["hand_result", "bundled_result"])
def test_percentiles_from_one_sort_are_those_of_each(which: str, request: pytest.FixtureRequest) -> None:
    """``_pcts`` (one sort for several percentiles) gives each percentile of ``Result.stat``, bit for bit."""
    result = request.getfixturevalue(which)
    stats = ("p5", "p25", "p50", "p75", "p95")
    for name in ("revenue_total", "compute_spend", "cash_before_financing", "compute_demand_gw"):
        together = charts._pcts(result, name, stats)
        for stat in stats:
            assert np.array_equal(together[stat], charts._pct(result, name, stat), equal_nan=True), (name, stat)
