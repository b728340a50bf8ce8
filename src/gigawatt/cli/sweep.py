"""`gigawatt sweep`: a grid of scenario variants, one row of metrics each."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from gigawatt.cli.app import (
    ANALYSE,
    JsonOpt,
    QuietOpt,
    SamplesOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    app,
    console,
    overrides_from,
    user_errors,
    write_json,
)
from gigawatt.cli.progress import progress_bar
from gigawatt.cli.scale import ClusterOpt, WorkersOpt, dask_client
from gigawatt.metrics import HELP as METRIC_HELP

GridOpt = Annotated[
    list[str],
    typer.Option("--grid", "-g", help="PATH=V1,V2,... : values of one field, in file syntax (repeatable; "
                 "the variants are every combination)."),
]
MetricOpt = Annotated[
    list[str] | None,
    typer.Option("--metric", "-m", help=f"{METRIC_HELP} (repeatable); default funding_gap, npv, "
                 "breakeven_by_2030."),
]
CsvOpt = Annotated[Path | None, typer.Option("--csv", help="Write the rows as CSV to FILE (`-` for standard output).")]


def _show(value: Any, unit: str) -> str:
    if value is None or not math.isfinite(value):
        return "never" if unit == "year" else "–"  # a year that never comes (breakeven_year = inf)
    if unit == "USD":
        from gigawatt.cli.tables import money

        return money(value)
    if unit == "probability":
        return f"{value:.0%}"
    if unit == "year":
        return f"{value:.0f}"
    return f"{value:,.3g}"


def sweep_table(data: dict[str, Any]) -> Table:
    """One line per variant: the grid's values, then P50 with P5 – P95 of each metric."""
    table = Table(title=f"Sweep of {data['scenario']} ({data['samples']:,} samples a variant, seed {data['seed']})",
                  title_justify="left", header_style="bold")
    for path in data["grid"]:
        table.add_column(path)
    for label in data["metrics"]:
        table.add_column(label, justify="right")
    for row in data["rows"]:
        cells = [str(row["variant"][p]) for p in data["grid"]]
        for label in data["metrics"]:
            m = row["metrics"][label]
            if "probability" in m:
                cells.append(_show(m["probability"], "probability"))
            else:
                cells.append(f"{_show(m['p50'], m['unit'])}\n[dim]{_show(m['p5'], m['unit'])} – "
                             f"{_show(m['p95'], m['unit'])}[/]")
        table.add_row(*cells)
    return table


@app.command(rich_help_panel=ANALYSE)
def sweep(
    scenario: ScenarioArg,
    grid: GridOpt,
    metric: MetricOpt = None,
    samples: SamplesOpt = 20_000,
    seed: SeedOpt = 1,
    set_: SetOpt = None,
    json_: JsonOpt = None,
    csv: CsvOpt = None,
    quiet: QuietOpt = False,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
) -> None:
    """Run a grid of variants of a scenario and tabulate chosen metrics (P50, with P5 – P95) per variant.

    All variants share the seed, so each uncertain input keeps its draws across rows
    (common random numbers). Summaries stream (quantiles within 0.5%), locally or on Dask.

    Examples:

    * `gigawatt sweep openai-2025 --grid consumer.paying_share.2030=8%,10%,12%`
    * `gigawatt sweep openai-2025 -g finance.min_cash=$5B,$20B -m funding_gap -m revenue_total@2030`
    * `gigawatt sweep my.yaml -g horizon.discount_rate=6%,8%,10% -m npv --json sweep.json --csv sweep.csv`
    * `gigawatt sweep openai-2025 -g consumer.paying_share.2030=8%,10%,12% --workers 2`
    """
    from gigawatt.analysis.sweep import DEFAULT_METRICS, parse_grid
    from gigawatt.analysis.sweep import sweep as run_sweep

    quiet_out = quiet or (json_ is not None and str(json_) == "-") or (csv is not None and str(csv) == "-")
    with user_errors():
        parsed = parse_grid(grid)
        base = overrides_from(set_)
        with progress_bar("Sweeping", console, enabled=not quiet_out) as progress, \
                dask_client(workers, cluster) as client:
            out = run_sweep(scenario, parsed, metrics=metric or list(DEFAULT_METRICS), samples=samples, seed=seed,
                            overrides=base, client=client, progress=progress)
    data = out.to_json()
    if not quiet_out:
        console.print(sweep_table(data))
    if json_ is not None:
        write_json(data, json_)
    if csv is not None:
        if str(csv) == "-":
            typer.echo(out.to_csv(), nl=False)
        else:
            from gigawatt.atomic import atomic_write_text

            atomic_write_text(csv, out.to_csv())
    for target in (json_, csv):
        if target is not None and str(target) != "-" and not quiet_out:
            console.print(f"Written to {target}")
