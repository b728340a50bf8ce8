"""`gigawatt run`, `validate`, `scenarios` and `fields`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from gigawatt.cli.app import (
    SIMULATE,
    JsonOpt,
    QuietOpt,
    RunSamplesOpt,
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
from gigawatt.cli.runs import ExportOpt, NoStoreOpt, SamplesOfOpt, StoreOpt, finish_run
from gigawatt.cli.scale import ClusterOpt, StreamOpt, WorkersOpt, simulate_or_stream
from gigawatt.metrics import HELP as METRIC_HELP

DEFAULT_SCENARIO = "openai-2025"
MetricsOpt = Annotated[list[str] | None, typer.Option(
    "--metric", "-m", help=f"Also compute {METRIC_HELP} (repeatable): a table of them, and a scalar of each "
    "in --json, --export and the run store.")]


@app.command(rich_help_panel=SIMULATE)
def run(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    samples: RunSamplesOpt = 20_000,
    seed: SeedOpt = 1,
    set_: SetOpt = None,
    json_: JsonOpt = None,
    quiet: QuietOpt = False,
    export: ExportOpt = None,
    samples_of: SamplesOfOpt = None,
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    stream: StreamOpt = False,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
    metric: MetricsOpt = None,
) -> None:
    """Simulate a scenario and print revenue, spending, cash and compute per year, then the headline.

    Examples:

    * `gigawatt run` (the bundled openai-2025 scenario, 20,000 samples)
    * `gigawatt run openai-2025-bear --samples 50000 --seed 7`
    * `gigawatt run my.yaml --set consumer.paying_share.2030=12% --json result.json`
    * `gigawatt run --json - --quiet | jq .scalars.funding_gap`
    * `gigawatt run --export result.xlsx --no-store`
    * `gigawatt run -m 'contract_cost@2025..2030 sum' -m 'free_cash_flow@2026..2029 sum' -m revenue_total@2030`
    * `gigawatt run --samples 10000000` (streams: summaries only, bounded memory)
    * `gigawatt run --samples 2000000 --workers 2` or `--cluster tcp://HOST:8786` (Dask, docs/scale.md)
    """
    import gigawatt

    to_stdout = json_ is not None and str(json_) == "-"
    with user_errors():
        loaded = gigawatt.load(scenario, overrides_from(set_))
        for note in loaded.notes if not (quiet or to_stdout) else []:
            console.print(f"note: {note}")
        label = f"Simulating {escape(loaded.name)}"
        with progress_bar(label, console, enabled=not (quiet or to_stdout)) as progress:
            result = simulate_or_stream(loaded, samples, seed, progress, stream=stream, workers=workers,
                                        cluster=cluster, export=export, metrics=metric or ())
    if not (quiet or to_stdout):
        from gigawatt.cli.tables import print_result

        print_result(result, console, loaded, metrics=metric or ())
    with user_errors():
        summary = None
        if json_ is not None:
            summary = result.summary()
            write_json(summary, json_)
            if not to_stdout and not quiet:
                console.print(f"Summary written to {json_}")
        finish_run(result, scenario=loaded, store=store, no_store=no_store, export=export, samples_of=samples_of,
                   json_path=json_, quiet=quiet or to_stdout, summary=summary)  # export, then record


@app.command(rich_help_panel=SIMULATE)
def validate(
    file: Annotated[str, typer.Argument(help="A scenario YAML file (or a bundled name).")],
    set_: SetOpt = None,
) -> None:
    """Check a scenario file: every problem with FILE:LINE:COL, the field and what was expected.

    Exit code 0 when the scenario is valid, 2 when it is not.

    Examples:

    * `gigawatt validate my.yaml`
    * `gigawatt validate openai-2025 --set consumer.paying_share.2030=9%` (checks the override too)
    """
    import gigawatt
    from gigawatt.scenario.paths import uncertain_inputs

    with user_errors():
        loaded = gigawatt.load(file, overrides_from(set_))
    inputs = uncertain_inputs(loaded)
    for note in loaded.notes:
        console.print(f"note: {escape(note)}")
    console.print(f"[green]valid[/]: {escape(loaded.name)} — {len(loaded.streams)} streams, {len(loaded.sites)} sites, "
                  f"{len(loaded.contracts)} contracts, {len(inputs)} uncertain inputs, "
                  f"years {loaded.horizon.start}-{loaded.horizon.end}")


@app.command(rich_help_panel=SIMULATE)
def scenarios() -> None:
    """List the bundled scenarios with a one-line description and source each.

    Any of them can be run (`gigawatt run openai-2025-bear`) or extended by your own file
    (`extends: openai-2025`, see docs/scenarios.md).
    """
    from rich.table import Table

    import gigawatt
    from gigawatt.scenario.loader import bundled_names

    table = Table(header_style="bold")
    table.add_column("scenario")
    table.add_column("extends")
    table.add_column("description")
    table.add_column("source")
    for name in bundled_names():
        with user_errors():
            loaded = gigawatt.load(name)
        table.add_row(name, loaded.extends or "", loaded.description, loaded.source)
    console.print(table)


@app.command(rich_help_panel=SIMULATE)
def init(
    name: Annotated[str, typer.Argument(help="Name of the new scenario (lower-case letters, digits, - and _).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where to write it (default: NAME.yaml here); an existing file is never replaced.")
    ] = None,
) -> None:
    """Write a commented skeleton scenario for a new company: every section, neutral stream names, each
    field's unit and meaning. It validates and runs as written; replace its example values with sourced ones.

    Examples: `gigawatt init acme`, then `gigawatt run acme.yaml`; `gigawatt init acme -o models/acme.yaml`.
    """
    from gigawatt.atomic import atomic_write_text
    from gigawatt.scenario.skeleton import skeleton

    with user_errors():
        text = skeleton(name)
        target = output if output is not None else Path(f"{name}.yaml")
        if target.exists():
            raise ValueError(f"{target} exists; choose another name or --output (init never replaces a file)")
        atomic_write_text(target, text)
    console.print(f"Skeleton scenario written to {target}: check it with `gigawatt validate {target}`")


@app.command(rich_help_panel=SIMULATE)
def fields(
    path: Annotated[str | None, typer.Argument(
        help="Only the fields at or under this dotted path, as a table (e.g. `sites`, "
             "`consumer.paying_share`, `sites.abilene.capex_per_gw`).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the Markdown to a file.")] = None,
    embed: Annotated[Path | None, typer.Option(
        "--embed", help="Put the reference at the end of a Markdown page, after its `<!-- field reference -->` line.")
    ] = None,
) -> None:
    """Print the reference of every scenario field (unit, default, meaning) as Markdown.

    Examples: `gigawatt fields sites` (a table of the site fields), `gigawatt fields consumer.paying_share`,
    `gigawatt fields | less`, `gigawatt fields -o docs/fields.md`,
    `gigawatt fields --embed docs/model.md` (what `make docs` does).
    """
    from gigawatt.scenario.docs import embed_reference, field_reference

    if path is not None:
        from rich.table import Table

        from gigawatt.scenario.docs import matching_fields

        with user_errors():
            rows = matching_fields(path)
            if not rows:
                from gigawatt.scenario.docs import field_sections
                from gigawatt.scenario.errors import did_you_mean

                known = sorted({title.split(" (type:")[0].split("[")[0] for title, _, _ in field_sections()})
                raise KeyError(f"no scenario field at {path!r}{did_you_mean(path, known)}")
        table = Table(title=f"Scenario fields under {path}", title_justify="left", header_style="bold")
        table.add_column("field", no_wrap=True, overflow="fold", max_width=44)
        for column in ("unit / type", "default", "meaning"):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return

    if embed is not None:
        from gigawatt.atomic import atomic_write_text

        with user_errors():
            if not embed.is_file():
                raise ValueError(f"no Markdown page at {embed} to embed the field reference in")
            atomic_write_text(embed, embed_reference(embed.read_text(encoding="utf-8")))
        console.print(f"Field reference embedded in {embed}")
        return
    text = field_reference()
    if output is None:
        typer.echo(text)
    else:
        from gigawatt.atomic import atomic_write_text

        atomic_write_text(output, text)
        console.print(f"Field reference written to {output}")


@app.command(rich_help_panel=SIMULATE)
def fidelity(
    scenario: Annotated[str | None, typer.Argument(
        help="A bundled scenario or a YAML file with a `published` section (default: every bundled reproduction).")
    ] = None,
    embed: Annotated[Path | None, typer.Option(
        "--embed", help="Put the table of every bundled reproduction in a Markdown page, between its fidelity marks.")
    ] = None,
) -> None:
    """Compare a scenario's run with the published figures it reproduces: published | gigawatt | error.

    Examples: `gigawatt fidelity hsbc-2025`, `gigawatt fidelity` (every bundled reproduction),
    `gigawatt fidelity --embed docs/fidelity.md` (what `make docs` does). Exits with code 1 when a
    figure is outside its tolerance.
    """
    import gigawatt
    from gigawatt.analysis.fidelity import bundled_table, embed_table, reproduce, reproductions, table

    if embed is not None:
        from gigawatt.atomic import atomic_write_text

        with user_errors():
            if not embed.is_file():
                raise ValueError(f"no Markdown page at {embed} to embed the fidelity table in")
            atomic_write_text(embed, embed_table(embed.read_text(encoding="utf-8"), bundled_table()))
        console.print(f"Fidelity table embedded in {embed}")
        return
    with user_errors():
        names = [scenario] if scenario is not None else reproductions()
        loaded = [gigawatt.load(name) for name in names]
        if scenario is not None and not loaded[0].published:
            raise ValueError(f"{scenario} has no `published` section: no figures to compare with")
        rows = [row for name in names for row in reproduce(name)]
    typer.echo(table(rows, loaded))
    missed = [row for row in rows if not row.reproduced]
    if missed:
        for row in missed:
            console.print(f"[red]not reproduced[/]: {row.scenario} {row.name}: error {row.error:+.1%}, "
                          f"tolerance {row.tolerance:.0%}")
        raise typer.Exit(1)


@app.command(name="outputs", rich_help_panel=SIMULATE)
def outputs_reference(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the Markdown to a file.")] = None,
) -> None:
    """Print the reference of every output (unit, kind, format, meaning) as Markdown.

    Examples: `gigawatt outputs | less`, `gigawatt outputs -o docs/outputs.md` (what `make docs` does).
    """
    from gigawatt.outputs import reference

    text = reference() + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    from gigawatt.atomic import atomic_write_text

    with user_errors():
        atomic_write_text(output, text)
    console.print(f"Output reference written to {output}")
