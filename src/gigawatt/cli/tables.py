"""Rich tables of a result: what `gigawatt run` prints."""

from __future__ import annotations

import math

import numpy as np
from rich.console import Console, Group
from rich.table import Table

from gigawatt.engine.result import Result


def money(value: float) -> str:
    """Dollars in billions with one decimal, e.g. ``$13.1B``."""
    if not math.isfinite(value):
        return "–"
    return f"{'-' if value < 0 else ''}${abs(value) / 1e9:,.1f}B"


def gw(value: float) -> str:
    """Gigawatts with one decimal."""
    return f"{value:,.1f}"


def _cell(result: Result, name: str, column: int, fmt: str) -> str:
    values = result.series[name][:, column]
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    show = money if fmt == "money" else gw
    if math.isclose(p5, p95, rel_tol=1e-9, abs_tol=1e-9):
        return show(p50)
    return f"{show(p50)}\n[dim]{show(p5)} – {show(p95)}[/]"


def series_table(result: Result, title: str, columns: dict[str, str], fmt: str) -> Table:
    """Rows are years; each cell shows the P50 and, beneath it, the P5 – P95 range."""
    table = Table(title=title, title_justify="left", show_lines=False, header_style="bold")
    table.add_column("year", justify="right")
    for label in columns.values():
        table.add_column(label, justify="right")
    for column, year in enumerate(result.years):
        table.add_row(str(int(year)), *(_cell(result, name, column, fmt) for name in columns))
    return table


def revenue_columns(result: Result) -> dict[str, str]:
    """Revenue series by stream (and resale), then the total."""
    names = {s.name: s.name for s in result.scenario.streams}
    columns = {f"revenue_{n}": label for n, label in names.items() if f"revenue_{n}" in result.series}
    columns["revenue_compute_resale"] = "compute resale"
    columns["revenue_total"] = "total"
    return columns


def headline(result: Result) -> Table:
    """The scalars that answer the question: funding gap, break-even, NPV."""
    table = Table(title="Headline", title_justify="left", header_style="bold")
    table.add_column("measure")
    table.add_column("P5", justify="right")
    table.add_column("P50", justify="right")
    table.add_column("P95", justify="right")
    for name in [n for n in result.scalars if n.startswith("funding_gap")] + ["npv"]:
        if name in result.scalars:
            p5, p50, p95 = np.percentile(result.scalars[name], [5, 50, 95])
            table.add_row(name, money(p5), money(p50), money(p95))
    if "breakeven_year" in result.scalars:
        years = result.scalars["breakeven_year"]
        p5, p50, p95 = np.percentile(years, [5, 50, 95])
        label = [str(int(y)) if math.isfinite(y) else "never" for y in (p5, p50, p95)]
        table.add_row("breakeven_year (first year with FCF >= 0)", *label)
    return table


def probabilities(result: Result) -> Table:
    """Probability of break-even by each year."""
    table = Table(title="Probability of break-even by year", title_justify="left", header_style="bold")
    names = [n for n in result.events if n.startswith("breakeven_by_")]
    for name in names:
        table.add_column(name.removeprefix("breakeven_by_"), justify="right")
    table.add_row(*(f"{result.events[n].mean():.0%}" for n in names))
    return table


def report_tables(result: Result) -> Group:
    """Everything `gigawatt run` prints, in order."""
    parts = [
        series_table(result, "Revenue by stream (P50; P5 – P95 beneath)", revenue_columns(result), "money"),
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


def print_result(result: Result, console: Console) -> None:
    """Print every table of a result."""
    console.print(report_tables(result))
    prob = result.probabilities.get("breakeven_by_2030")
    gap = np.percentile(result.scalars["funding_gap"], 50) if "funding_gap" in result.scalars else float("nan")
    summary = f"[bold]{result.scenario.name}[/]: {result.samples:,} samples, seed {result.seed}. "
    summary += f"Median funding gap {money(float(gap))}"
    if prob is not None:
        summary += f"; probability of free cash flow break-even by 2030: {prob:.0%}."
    console.print(summary)
