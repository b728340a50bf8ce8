"""Rich tables of a result: what `gigawatt run` prints, in 80 columns or whatever the terminal has.

Every function takes a :class:`Result`, of every sample or streamed (``gigawatt.summarize()``):
the cells are P50 with P5 – P95 beneath. Labels, units and number formats come from the output
catalogue (:mod:`gigawatt.outputs`); the unit is in the header, so a cell holds the number only.
A table wider than the console is split into several, each repeating the year column, and a
cell wraps rather than cut a number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rich import box
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table

from gigawatt import outputs
from gigawatt.engine.result import Result, percentiles
from gigawatt.outputs import (
    BREAKEVEN_BY,
    BREAKEVEN_YEAR,
    CASH_BALANCE,
    CASH_BEFORE_FINANCING,
    COMPUTE_CAPACITY_GW,
    COMPUTE_DEMAND_GW,
    COMPUTE_SHORTAGE_GW,
    COMPUTE_SPEND,
    COMPUTE_SURPLUS_GW,
    DEFAULT_YEAR,
    FREE_CASH_FLOW,
    FUNDING_GAP,
    FUNDING_GAP_AFTER_FINANCING,
    FUNDING_GAP_BY,
    IN_DEFAULT,
    NPV,
    REVENUE_COMPUTE_RESALE,
    REVENUE_STREAM,
    REVENUE_TOTAL,
    part,
)
from gigawatt.scenario.schema import Scenario

Source = Result
WIDTH = 80
"""Width of a table when the console's is not known (and the most any table takes)."""


def _p5_p50_p95(source: Source, name: str) -> np.ndarray:
    """Shape ``(3,)`` for a scalar, ``(3, years)`` for a series."""
    if source.is_streamed or name in source.events:  # statistics kept by the stream; an event's share
        return np.array([source.stat(name, s) for s in ("p5", "p50", "p95")], dtype=float)
    return percentiles(source[name], [5.0, 50.0, 95.0])  # one sort for the three


def money(value: float) -> str:
    """Dollars in billions with one decimal, e.g. ``$13.1B``."""
    if not math.isfinite(value):
        return "–"
    return f"{'-' if value < 0 else ''}${abs(value) / 1e9:,.1f}B"


def _cell(quantiles: np.ndarray, column: int, name: str) -> str:
    p5, p50, p95 = (float(v) for v in quantiles[:, column])
    show = outputs.text(p50, name, with_unit=False)
    if math.isclose(p5, p95, rel_tol=1e-9, abs_tol=1e-9):
        return show
    low, high = (outputs.text(v, name, with_unit=False) for v in (p5, p95))
    return f"{show}\n[dim]{low} – {high}[/]"


def _table(title: str, first: str) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True)
    table.add_column(first, justify="right" if first == "year" else "left", no_wrap=True)
    return table


def split_to_fit(title: str, first: str, rows: Sequence[str], columns: Sequence[tuple[str, Sequence[str]]],
                 width: int) -> list[Table]:
    """Tables of ``columns`` (header, one cell per row) beside a first column of ``rows``, as many as it
    takes for each to fit ``width`` characters; every number is shown whole."""
    console = Console(width=10_000)
    tables: list[Table] = []
    chosen: list[tuple[str, Sequence[str]]] = []

    def build(cols: Sequence[tuple[str, Sequence[str]]], probe: bool = False) -> Table:
        table = _table(f"{title} (continued)" if tables else title, first)
        for header, _ in cols:  # a probe's header is its longest word: headers wrap between words
            table.add_column(max(header.split(), key=len, default="") if probe else header, justify="right",
                             overflow="fold")
        for i, row in enumerate(rows):
            table.add_row(row, *(cells[i] for _, cells in cols))
        return table

    for column in columns:
        trial = build([*chosen, column], probe=True)
        if chosen and console.measure(trial).maximum > width:
            tables.append(build(chosen))
            chosen = [column]
        else:
            chosen.append(column)
    if chosen:
        tables.append(build(chosen))
    return tables


def series_tables(result: Source, title: str, names: Sequence[str], width: int = WIDTH) -> list[Table]:
    """Rows are years; each cell shows the P50 and, beneath it, the P5 – P95 range (unit in the header)."""
    present = [n for n in names if n in result.series_names]
    years = [str(int(y)) for y in result.years]
    columns = []
    for name in present:
        cells = _p5_p50_p95(result, name)
        header = f"{short_label(name, result)}\n{outputs.short_unit(name)}".rstrip()
        columns.append((header, [_cell(cells, j, name) for j in range(len(years))]))
    return split_to_fit(f"{title} (P50; P5 – P95 beneath)", "year", years, columns, width)


def short_label(name: str, result: Source) -> str:
    """The label of a column: a stream's name alone under "Revenue by stream"."""
    if name == REVENUE_TOTAL:
        return "total"
    return outputs.member_label(name) if outputs.group(name) == "revenue" else outputs.label(name)


def revenue_columns(result: Source, scenario: Scenario | None = None) -> list[str]:
    """Revenue series by stream (and resale), then the total."""
    names = [REVENUE_STREAM.format(stream=s.name) for s in result.scenario.streams]
    return [n for n in [*names, REVENUE_COMPUTE_RESALE, REVENUE_TOTAL] if n in result.series_names]


def headline(result: Source, entity: str | None = None) -> Table:
    """The scalars that answer the question: funding gap, break-even, NPV (of one ``entity`` of a network,
    with its default probability and default year)."""
    prefix = f"{entity}." if entity else ""
    table = _table(f"Headline: {escape(entity)}" if entity else "Headline", "measure")
    for column in ("P5", "P50", "P95"):
        table.add_column(column, justify="right", overflow="fold")
    scalars = [n[len(prefix):] for n in result.scalar_names if n.startswith(prefix)]
    picks = [FUNDING_GAP, *outputs.of(FUNDING_GAP_BY, scalars), FUNDING_GAP_AFTER_FINANCING, NPV, BREAKEVEN_YEAR,
             *([DEFAULT_YEAR] if entity else [])]
    for name in picks:
        if name in scalars:
            label = outputs.label(name)
            if name == BREAKEVEN_YEAR:
                label += " (FCF ≥ 0 from then on)"
            table.add_row(label, *(outputs.text(float(v), name) for v in _p5_p50_p95(result, prefix + name)))
    share = result.probabilities.get(prefix + IN_DEFAULT) if entity else None
    if share is not None:
        table.add_row(outputs.label(IN_DEFAULT), "", outputs.text(share, IN_DEFAULT), "")
    return table


def probabilities(result: Source, width: int = WIDTH) -> list[Table]:
    """Probability of break-even by each year."""
    shares = result.probabilities
    names = outputs.of(BREAKEVEN_BY, shares)
    columns = [(part(n, BREAKEVEN_BY), [outputs.text(shares[n], n)]) for n in names]
    return split_to_fit("Probability of break-even by year", "", ["by"], columns, width)


def metrics_table(result: Source, metrics: Sequence[str]) -> Table:
    """The metrics asked for with ``--metric`` (:mod:`gigawatt.metrics`): P5, P50, P95 of each, or its probability."""
    from gigawatt.metrics import labels

    table = _table("Metrics", "metric")
    for column in ("P5", "P50", "P95"):
        table.add_column(column, justify="right", overflow="fold")
    for name in labels(metrics, [int(y) for y in result.years]):
        if name in result.event_names:
            table.add_row(outputs.label(name), "", outputs.text(result.probabilities[name], name), "")
            continue
        table.add_row(outputs.label(name), *(outputs.text(float(v), name) for v in _p5_p50_p95(result, name)))
    return table


def report_tables(result: Source, scenario: Scenario | None = None, width: int = WIDTH,
                  metrics: Sequence[str] = ()) -> Group:
    """Everything `gigawatt run` prints, in order, each table at most ``width`` characters wide."""
    parts: list[RenderableType] = [
        *series_tables(result, "Revenue by stream", revenue_columns(result), width),
        *series_tables(result, "Spending and cash",
                       [COMPUTE_SPEND, FREE_CASH_FLOW, CASH_BEFORE_FINANCING, CASH_BALANCE], width),
        *series_tables(result, "Compute", [COMPUTE_DEMAND_GW, COMPUTE_CAPACITY_GW, COMPUTE_SHORTAGE_GW,
                                           COMPUTE_SURPLUS_GW], width),
        headline(result),
        *probabilities(result, width),
        *([metrics_table(result, metrics)] if metrics else []),
    ]
    return Group(*parts)


def print_network(result: Source, console: Console, metrics: Sequence[str] = ()) -> None:
    """Print a network run: each entity's headline, then the network's links, defaults and chance of a cascade."""
    from gigawatt.analysis.network import network_summary
    from gigawatt.cli.network import network_tables

    for entity in result.scenario.entities:
        console.print(headline(result, entity))
    for table in network_tables(network_summary(result)):
        console.print(table)
    if metrics:
        console.print(metrics_table(result, metrics))
    name = escape(result.scenario.name)
    console.print(f"[bold]{name}[/]: {result.samples:,} samples, seed {result.seed}, "
                  f"{len(result.scenario.entities)} entities. `gigawatt network {name} --json -` gives the network "
                  "as data.")


def print_result(result: Source, console: Console, scenario: Scenario | None = None,
                 metrics: Sequence[str] = ()) -> None:
    """Print every table of a result, each as wide as the console at most (and the ``metrics`` asked for)."""
    if result.scenario.is_network:
        print_network(result, console, metrics)
        return
    console.print(report_tables(result, scenario, width=console.width, metrics=metrics))
    by_2030 = BREAKEVEN_BY.format(year=2030)
    prob = result.probabilities.get(by_2030)
    gap = _p5_p50_p95(result, FUNDING_GAP)[1] if FUNDING_GAP in result.scalar_names else float("nan")
    summary = f"[bold]{escape(result.scenario.name)}[/]: {result.samples:,} samples, seed {result.seed}. "
    summary += f"Median funding gap {outputs.text(float(gap), FUNDING_GAP)}"
    if prob is not None:
        summary += f"; probability of free cash flow break-even by 2030: {outputs.text(prob, by_2030)}."
    console.print(summary)
    if result.streamed is not None and result.streamed.get("quantiles"):
        console.print(f"Quantiles are estimates of a streamed run: {escape(str(result.streamed['quantiles']))}.",
                      highlight=False)
