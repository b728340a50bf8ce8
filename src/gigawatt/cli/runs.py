"""`gigawatt runs list | show | diff`, and what `gigawatt run` does after printing: export, then record.

Order matters: a run's output (tables, ``--json``, ``--export``) is written
before the run is recorded, so a locked or damaged store can never lose a
result; when recording fails, a warning says where the summary is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from gigawatt import outputs
from gigawatt.cli.app import ANALYSE, EXIT_BAD_INPUT, JsonOpt, app, console, errors, user_errors, write_json
from gigawatt.metrics import HELP as METRIC_HELP

if TYPE_CHECKING:
    from gigawatt.engine.result import Result
    from gigawatt.scenario.schema import Scenario
    from gigawatt.store import RunStore

EXPORT_SUFFIXES = (".xlsx", ".csv", ".parquet")


def _check_export(value: Path | None) -> Path | None:
    if value is not None and value.suffix.lower() not in EXPORT_SUFFIXES:
        raise typer.BadParameter(f"{value.name!r}: use a file ending in {', '.join(EXPORT_SUFFIXES)}")
    return value


StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="Run store (a DuckDB file); default $GIGAWATT_STORE, else runs.duckdb in your data folder.")]
NoStoreOpt = Annotated[bool, typer.Option("--no-store", help="Do not record this run in the run store.")]
ExportOpt = Annotated[Path | None, typer.Option(
    "--export", callback=_check_export,
    help="Write P5/P25/P50/P75/P95 and mean of every output to FILE: .xlsx (a sheet per group), .csv or "
         ".parquet (tidy: metric, unit, year, statistic, value).")]
SamplesOfOpt = Annotated[list[str] | None, typer.Option(
    "--samples-of", help="Also export the raw samples of this output (.parquet or .csv; repeatable).")]


def _store(path: Path | None) -> RunStore:
    from gigawatt.store import RunStore

    return RunStore(path)


def finish_run(
    result: Result,
    *,
    scenario: Scenario | None = None,
    store: Path | None = None,
    no_store: bool = False,
    export: Path | None = None,
    samples_of: list[str] | None = None,
    json_path: Path | None = None,
    quiet: bool = False,
    summary: dict[str, Any] | None = None,
) -> None:
    """After `gigawatt run` has printed and written its JSON: export, then record in the run store.

    ``result`` is a :class:`Result`; of a streamed run, the store records the summary alone (there are no
    samples to export). ``scenario`` is kept for callers that pass it; the result carries its own.
    Messages go to standard error when ``quiet`` (so that ``--json -`` stays clean). ``summary`` is
    ``result.summary()`` when the caller has it already (for ``--json``): it is not computed twice.
    An export error exits with code 2 -- after the run is recorded.
    """
    from gigawatt.store import StoreError, unrecorded_path

    out = errors if quiet else console
    failed = False
    if samples_of and export is None:
        errors.print("[bold red]error[/]: --samples-of needs --export FILE.parquet (or .csv)", highlight=False)
        failed = True
    if export is not None and not result.is_streamed:
        from gigawatt.analysis.export import export as write_export

        try:
            with user_errors():
                write_export(result, export, samples_of=samples_of or [])
            if not quiet:
                console.print(f"Exported to {export}")
        except typer.Exit:
            failed = True
    if not no_store:
        run_store = _store(store)
        streamed = result.is_streamed
        if summary is None:
            summary = result.summary()
        recorded = result.scenario
        try:
            run_id = run_store.record_summary(recorded, summary)
            if not quiet:
                what = " (its summary: a streamed run keeps no samples)" if streamed else ""
                out.print(f"Recorded as run {run_id} in {run_store.path}{what} (`gigawatt runs show {run_id}`)",
                          highlight=False)
        except (StoreError, OSError) as exc:
            where = json_path if json_path is not None and str(json_path) != "-" else None
            if where is None:
                where = unrecorded_path(run_store.path)
                try:
                    write_json(summary, where)
                except OSError as write_exc:
                    where = None
                    errors.print(f"[yellow]warning[/]: could not save the summary either: {write_exc}")
            saved = f"the summary is in {where}" if where is not None else "the summary was printed above"
            errors.print(f"[yellow]warning[/]: the run was not recorded: {exc}. {saved}.", highlight=False,
                         soft_wrap=True)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


runs_app = typer.Typer(
    name="runs", help="The run store: every `gigawatt run` is recorded (unless --no-store). List, show and diff runs.",
    no_args_is_help=True, rich_markup_mode="markdown",
)
app.add_typer(runs_app, name="runs", rich_help_panel=ANALYSE)


@runs_app.command("list")
def list_runs(
    limit: Annotated[int, typer.Option("--limit", "-l", min=1, help="Most runs to list, newest first.")] = 20,
    scenario: Annotated[str | None, typer.Option("--scenario", help="Only runs of this scenario.")] = None,
    store: StoreOpt = None,
    json_: JsonOpt = None,
) -> None:
    """List recorded runs, newest first, with the median funding gap of each.

    Examples:

    * `gigawatt runs list`
    * `gigawatt runs list --scenario openai-2025 --limit 5 --json -`
    """
    from gigawatt.cli.analysis import show
    from gigawatt.store import StoreError

    run_store = _store(store)
    try:
        runs = run_store.list(limit=limit, scenario=scenario)
    except StoreError as exc:
        errors.print(f"[bold red]error[/]: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if json_ is not None:
        write_json([{"id": r.id, "time": r.time.isoformat() + "Z", "scenario": r.scenario,
                     "content_hash": r.content_hash, "seed": r.seed, "samples": r.samples, "version": r.version,
                     "funding_gap_p50": r.funding_gap_p50}
                    for r in runs], json_)
        return
    if not runs:
        console.print(f"No runs recorded in {run_store.path} yet: `gigawatt run` records one.")
        return
    table = Table(title=f"Runs in {run_store.path}", title_justify="left", header_style="bold")
    for col in ("id", "time (UTC)", "scenario", "hash", "seed", "samples", "version", "funding gap P50"):
        table.add_column(col, justify="right" if col in ("id", "seed", "samples", "funding gap P50") else "left",
                         overflow="fold")
    for r in runs:
        table.add_row(str(r.id), r.time.strftime("%Y-%m-%d %H:%M:%S"), r.scenario, r.content_hash, str(r.seed),
                      f"{r.samples:,}", r.version, show(r.funding_gap_p50, "USD"))
    console.print(table)


@runs_app.command("show")
def show_run(
    run_id: Annotated[int, typer.Argument(help="Run id (see `gigawatt runs list`).")],
    text: Annotated[bool, typer.Option("--text", help="Print the scenario text (YAML) of the run.")] = False,
    store: StoreOpt = None,
    json_: JsonOpt = None,
) -> None:
    """Show one recorded run: settings, headline numbers, probabilities (and its scenario text with --text).

    Examples:

    * `gigawatt runs show 12`
    * `gigawatt runs show 12 --text > scenario-of-run-12.yaml`
    * `gigawatt runs show 12 --json run12.json`
    """
    from gigawatt.cli.analysis import show
    from gigawatt.store import StoreError

    try:
        run = _store(store).get(run_id)
    except StoreError as exc:
        errors.print(f"[bold red]error[/]: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if json_ is not None:
        write_json(run.to_dict(), json_)
        return
    if text:
        typer.echo(run.text, nl=False)
        return
    console.print(f"[bold]run {run.id}[/]: {escape(run.scenario)} (hash {run.content_hash}), {run.samples:,} samples, "
                  f"seed {run.seed}, gigawatt {run.version}, {run.time:%Y-%m-%d %H:%M:%S} UTC", highlight=False)
    summary = run.summary or {}
    if summary.get("quantiles"):
        console.print(f"Streamed run: quantiles are estimates, {escape(str(summary['quantiles']))}.", highlight=False)
    table = Table(title="Scalars", title_justify="left", header_style="bold")
    for col in ("measure", "P5", "P50", "P95", "mean"):
        table.add_column(col, justify="left" if col == "measure" else "right")
    for name, entry in summary.get("scalars", {}).items():
        table.add_row(name, *(show(entry.get(s), entry["unit"]) for s in ("p5", "p50", "p95", "mean")))
    console.print(table)
    probabilities = summary.get("probabilities", {})
    if probabilities:
        ptable = Table(title="Probabilities", title_justify="left", header_style="bold")
        for name in probabilities:
            ptable.add_column(outputs.label(name), justify="right")
        ptable.add_row(*(f"{p:.0%}" for p in probabilities.values()))
        console.print(ptable)


@runs_app.command("diff")
def diff_runs(
    a: Annotated[int, typer.Argument(help="Run id A.")],
    b: Annotated[int, typer.Argument(help="Run id B.")],
    metric: Annotated[list[str] | None, typer.Option(
        "--metric", "-m", help=f"{METRIC_HELP} (repeatable); a window a run was recorded without is reduced by "
        "running its recorded text and seed again.")]
    = None,
    stat: Annotated[str, typer.Option("--stat", help="mean, p5, p50 or p95.")] = "p50",
    store: StoreOpt = None,
    json_: JsonOpt = None,
) -> None:
    """Two recorded runs: changed settings, the scenario text diff, and key metrics side by side.

    Examples:

    * `gigawatt runs diff 3 4`
    * `gigawatt runs diff 3 4 --metric revenue_total@2030 --stat mean --json -`
    """
    from gigawatt.cli.analysis import print_comparison
    from gigawatt.store import StoreError

    try:
        with user_errors():
            out = _store(store).diff(a, b, metric, stat)
    except StoreError as exc:
        errors.print(f"[bold red]error[/]: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if json_ is not None:
        write_json(out, json_)
        if str(json_) == "-":
            return
    for key, (va, vb) in out["settings"].items():
        console.print(f"{key}: {va} -> {vb}", highlight=False)
    if out["text_diff"]:
        from rich.syntax import Syntax

        console.print(Syntax("\n".join(out["text_diff"]), "diff", theme="ansi_dark", background_color="default"))
    else:
        console.print("Same scenario text.")
    print_comparison(out["rows"], f"run {a}", f"run {b}", f"{stat} of each metric")
