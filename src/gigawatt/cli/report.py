"""`gigawatt report`: the answer as pictures, in one self-contained HTML file."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from gigawatt.cli.app import (
    SIMULATE,
    QuietOpt,
    SamplesOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    app,
    console,
    overrides_from,
    user_errors,
)
from gigawatt.cli.progress import progress_bar
from gigawatt.filenames import slug

DEFAULT_SCENARIO = "openai-2025"

OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="The HTML file to write (default: the scenario's name as a slug, "
                 "e.g. openai-2025.html, in this folder)."),
]


LangOpt = Annotated[
    str, typer.Option("--lang", help="The language of the report: en (English) or ar (Arabic, right to left).")
]
DigitsOpt = Annotated[
    str | None, typer.Option("--digits", help="Digits of the numbers: latn (Western 0-9, the default) or arab "
                             "(Arabic-Indic).")
]


def report_command(scenario: str, output: Path, samples: int, seed: int, sets: list[str],
                   local_drivers: bool = False, lang: str = "en", digits: str | None = None) -> str:
    """The exact `gigawatt report` command line that reproduces a report (shown in the report)."""
    words = ["gigawatt", "report", scenario, "--samples", str(samples), "--seed", str(seed)]
    for item in sets:
        words += ["--set", item]
    if local_drivers:
        words.append("--local-drivers")
    if lang != "en":
        words += ["--lang", lang]
    if digits is not None:
        words += ["--digits", digits]
    return shlex.join([*words, "-o", str(output)])


@app.command(rich_help_panel=SIMULATE)
def report(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    output: OutputOpt = None,
    samples: SamplesOpt = 20_000,
    seed: SeedOpt = 1,
    set_: SetOpt = None,
    local_drivers: Annotated[
        bool, typer.Option("--local-drivers", help="Estimate the tornado from this run's own futures "
                           "(conditional medians) instead of re-simulating each input at P10 and P90: faster.")
    ] = False,
    lang: LangOpt = "en",
    digits: DigitsOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Simulate a scenario and write an HTML report: the answer as charts, in words, with every assumption.

    The file is self-contained (plotly.js embedded, about 5 MB) and opens offline in any browser:
    it loads nothing from the network.

    Examples:

    * `gigawatt report` (openai-2025, 20,000 samples, writes openai-2025.html)
    * `gigawatt report -o out/openai-2025.html`
    * `gigawatt report openai-2025 --samples 50000 --seed 7 -o bigger.html`
    * `gigawatt report my.yaml --set consumer.paying_share.2030=12% -o what-if.html`
    * `gigawatt report --lang ar -o openai-2025-ar.html` (Arabic; `--digits arab` for Arabic-Indic digits)
    """
    import gigawatt
    from gigawatt.i18n import language
    from gigawatt.report import write_report

    with user_errors():
        speaks = language(lang, digits)
        loaded = gigawatt.load(scenario, overrides_from(set_))
        with progress_bar(f"Simulating {escape(loaded.name)}", console, enabled=not quiet) as progress:
            result = gigawatt.simulate(loaded, samples=samples, seed=seed, progress=progress)
    target = output if output is not None else Path(f"{slug(loaded.name)}.html")  # never a path from the text
    command = report_command(scenario, target, samples, seed, list(set_ or []), local_drivers, lang, digits)
    with user_errors(), progress_bar("Ranking the drivers of the funding gap", console,
                                     enabled=not (quiet or local_drivers)) as progress:
        write_report(result, target, command=command, local_drivers=local_drivers, progress=progress, lang=speaks)
    if not quiet:
        size = target.stat().st_size / 1e6
        console.print(f"Report written to {target} ({size:.1f} MB)", highlight=False, soft_wrap=True)
