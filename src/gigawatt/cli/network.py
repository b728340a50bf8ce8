"""`gigawatt network`: who pays whom in a network scenario, and who may not be paid; the tables `gigawatt run`
prints for a network."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table

from gigawatt.cli.app import (
    SIMULATE,
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

if TYPE_CHECKING:
    from gigawatt.analysis.network import NetworkSummary

NUMERIC = frozenset({"paid", "expected loss", "share lost", "default probability", "first default"})
"""Columns of numbers (right-aligned)."""


def _rows_table(title: str, rows: list[dict[str, str]]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True)
    for key in rows[0] if rows else ():
        table.add_column(key, justify="right" if key in NUMERIC else "left", overflow="fold")
    for row in rows:
        table.add_row(*(escape(v) for v in row.values()))
    return table


def network_tables(summary: NetworkSummary) -> list[RenderableType]:
    """The network's tables: every link (kind, payer, payee, mean paid, expected loss), every entity's default
    probability and first default year, and a line with the chance of a cascade."""
    from gigawatt.i18n import ENGLISH
    from gigawatt.report.network_rows import cards, entity_rows, link_rows, span

    links = _rows_table(f"Network links ({span(summary, ENGLISH)}; mean over futures)", link_rows(summary))
    entities = _rows_table("Defaults by entity (first default: median year among futures that default)",
                           entity_rows(summary))
    headline = "\n".join(f"[bold]{escape(c['label'])}[/]: {escape(c['value'])} ({escape(c['detail'])})"
                          for c in cards(summary))
    return [links, entities, headline]


@app.command(rich_help_panel=SIMULATE)
def network(
    scenario: ScenarioArg,
    samples: SamplesOpt = 2_000,
    seed: SeedOpt = 1,
    set_: SetOpt = None,
    json_: JsonOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Simulate a network scenario (one with `entities:`) and print who pays whom and who may not be paid:
    each link's mean payments and expected loss, each entity's default probability and first default year,
    and the chance that a default cascades.

    Examples:

    * `gigawatt network ai-compute-2025`
    * `gigawatt network ai-compute-2025 --samples 20000 --json network.json`
    * `gigawatt network ai-compute-2025 --json - --quiet | jq .default_probability`
    """
    import gigawatt

    to_stdout = json_ is not None and str(json_) == "-"
    with user_errors():
        loaded = gigawatt.load(scenario, overrides_from(set_))
        if not loaded.is_network:
            raise ValueError(f"{loaded.name} is a single company, not a network: a network scenario has `entities:` "
                             "(docs/analysis.md); `gigawatt run` shows a company")
        with progress_bar(f"Simulating {escape(loaded.name)}", console, enabled=not (quiet or to_stdout)) as progress:
            result = gigawatt.simulate(loaded, samples=samples, seed=seed, progress=progress)
        summary = gigawatt.network_summary(result)
    if not (quiet or to_stdout):
        for part in network_tables(summary):
            console.print(part)
    with user_errors():
        if json_ is not None:
            write_json(summary.to_dict(), json_)
            if not to_stdout and not quiet:
                console.print(f"Network summary written to {json_}")
