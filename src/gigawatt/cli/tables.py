"""Rich tables of a result: what `gigawatt run` prints.

Every function takes a :class:`Result` or a summary dict (``Result.summary()`` or the
streamed ``gigawatt.summarize()``): the cells are P5, P50 and P95 either way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table

from gigawatt.engine.result import Result, percentiles
from gigawatt.scenario.schema import Scenario

Source = Result | Mapping[str, Any]
"""A result, or its summary in the JSON shape of DESIGN.md ("Outputs")."""


def _p5_p50_p95(source: Source, name: str) -> np.ndarray:
    """Shape ``(3,)`` for a scalar, ``(3, years)`` for a series."""
    if isinstance(source, Result):
        return percentiles(source[name], [5, 50, 95])
    entry = source["series"].get(name) or source["scalars"][name]
    return np.array([entry[k] for k in ("p5", "p50", "p95")], dtype=float)  # None (not finite) -> nan


def _names(source: Source, kind: str) -> list[str]:
    """Names of the series or scalars (``kind``) of a result or summary."""
    return list(getattr(source, kind) if isinstance(source, Result) else source[kind])


def _probabilities(source: Source) -> dict[str, float]:
    return source.probabilities if isinstance(source, Result) else dict(source["probabilities"])


def money(value: float) -> str:
    """Dollars in billions with one decimal, e.g. ``$13.1B``."""
    if not math.isfinite(value):
        return "–"
    return f"{'-' if value < 0 else ''}${abs(value) / 1e9:,.1f}B"


def gw(value: float) -> str:
    """Gigawatts with one decimal."""
    return f"{value:,.1f}"


def _cell(quantiles: np.ndarray, column: int, fmt: str) -> str:
    p5, p50, p95 = quantiles[:, column]
    show = money if fmt == "money" else gw
    if math.isclose(p5, p95, rel_tol=1e-9, abs_tol=1e-9):
        return show(p50)
    return f"{show(p50)}\n[dim]{show(p5)} – {show(p95)}[/]"


def series_table(result: Source, title: str, columns: dict[str, str], fmt: str) -> Table:
    """Rows are years; each cell shows the P50 and, beneath it, the P5 – P95 range."""
    table = Table(title=title, title_justify="left", show_lines=False, header_style="bold")
    table.add_column("year", justify="right")
    for label in columns.values():
        table.add_column(label, justify="right")
    cells = {name: _p5_p50_p95(result, name) for name in columns}
    years = result.years if isinstance(result, Result) else result["years"]
    for column, year in enumerate(years):
        table.add_row(str(int(year)), *(_cell(cells[name], column, fmt) for name in columns))
    return table


def revenue_columns(result: Source, scenario: Scenario | None = None) -> dict[str, str]:
    """Revenue series by stream (and resale), then the total (a summary needs its ``scenario``)."""
    scenario = result.scenario if isinstance(result, Result) else scenario
    names = {s.name: s.name for s in scenario.streams} if scenario is not None else {}
    series = _names(result, "series")
    columns = {f"revenue_{n}": label for n, label in names.items() if f"revenue_{n}" in series}
    columns["revenue_compute_resale"] = "compute resale"
    columns["revenue_total"] = "total"
    return columns


def headline(result: Source) -> Table:
    """The scalars that answer the question: funding gap, break-even, NPV."""
    table = Table(title="Headline", title_justify="left", header_style="bold")
    table.add_column("measure")
    table.add_column("P5", justify="right")
    table.add_column("P50", justify="right")
    table.add_column("P95", justify="right")
    scalars = _names(result, "scalars")
    for name in [n for n in scalars if n.startswith("funding_gap")] + ["npv"]:
        if name in scalars:
            p5, p50, p95 = _p5_p50_p95(result, name)
            table.add_row(name, money(p5), money(p50), money(p95))
    if "breakeven_year" in scalars:
        p5, p50, p95 = _p5_p50_p95(result, "breakeven_year")
        label = [str(int(y)) if math.isfinite(y) else "never" for y in (p5, p50, p95)]
        table.add_row("breakeven_year (FCF >= 0 from then on)", *label)
    return table


def probabilities(result: Source) -> Table:
    """Probability of break-even by each year."""
    table = Table(title="Probability of break-even by year", title_justify="left", header_style="bold")
    shares = _probabilities(result)
    names = [n for n in shares if n.startswith("breakeven_by_")]
    for name in names:
        table.add_column(name.removeprefix("breakeven_by_"), justify="right")
    table.add_row(*(f"{shares[n]:.0%}" for n in names))
    return table


def report_tables(result: Source, scenario: Scenario | None = None) -> Group:
    """Everything `gigawatt run` prints, in order (a summary needs its ``scenario`` for the stream names)."""
    parts = [
        series_table(result, "Revenue by stream (P50; P5 – P95 beneath)", revenue_columns(result, scenario),
                     "money"),
        series_table(result, "Spending and cash (P50; P5 – P95 beneath)", {
            "compute_spend": "compute spend", "free_cash_flow": "free cash flow",
            "cash_before_financing": "cash before financing", "cash_balance": "cash after financing"}, "money"),
        series_table(result, "Compute, GW (P50; P5 – P95 beneath)", {
            "compute_demand_gw": "demand", "compute_capacity_gw": "capacity",
            "compute_shortage_gw": "shortage", "compute_surplus_gw": "surplus"}, "gw"),
        headline(result),
        probabilities(result),
    ]
    return Group(*parts)


def print_result(result: Source, console: Console, scenario: Scenario | None = None) -> None:
    """Print every table of a result or summary (a summary needs its ``scenario`` for the stream names)."""
    console.print(report_tables(result, scenario))
    prob = _probabilities(result).get("breakeven_by_2030")
    gap = _p5_p50_p95(result, "funding_gap")[1] if "funding_gap" in _names(result, "scalars") else float("nan")
    if isinstance(result, Result):
        name, samples, seed = result.scenario.name, result.samples, result.seed
    else:
        name, samples, seed = result["scenario"], result["samples"], result["seed"]
    summary = f"[bold]{escape(str(name))}[/]: {samples:,} samples, seed {seed}. "
    summary += f"Median funding gap {money(float(gap))}"
    if prob is not None:
        summary += f"; probability of free cash flow break-even by 2030: {prob:.0%}."
    console.print(summary)
    if not isinstance(result, Result) and result.get("quantiles"):
        console.print(f"Quantiles are estimates of a streamed run: {escape(str(result['quantiles']))}.",
                      highlight=False)
