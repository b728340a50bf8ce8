"""`gigawatt plan`: where and when to build, which contracts to sign, at the least expected cost."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table

from gigawatt.cli.app import (
    EXIT_BAD_INPUT,
    PLAN,
    JsonOpt,
    QuietOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    app,
    console,
    errors,
    overrides_from,
    user_errors,
    write_json,
)
from gigawatt.cli.progress import progress_bar

if TYPE_CHECKING:
    from gigawatt.plan.result import PlanResult

def gw(value: float) -> str:
    """Gigawatts with two decimals (plans add capacity in fractions of a GW)."""
    return f"{value:,.2f}"


PlanSamplesOpt = Annotated[
    int | None,
    typer.Option("--samples", "-n", min=1, help="Demand samples K the plan must serve (default: the scenario's "
                 "planning.demand_samples, 50). The LP grows with K."),
]
WriteOpt = Annotated[
    Path | None,
    typer.Option("--write-scenario", help="Write the plan as a scenario FILE (built sites and signed contracts "
                 "added) that `gigawatt run FILE` simulates."),
]


@app.command(rich_help_panel=PLAN)
def plan(
    scenario: ScenarioArg = "openai-2025",
    samples: PlanSamplesOpt = None,
    seed: SeedOpt = 1,
    set_: SetOpt = None,
    json_: JsonOpt = None,
    write_scenario: WriteOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Plan the buildout: which candidate sites to build in which years and which offers to sign,
    at the least expected cost over simulated demand (a linear programme solved with HiGHS).

    Prints the build plan by site and year, the contracts signed, expected unserved demand, the
    cost breakdown and the limits that bind with their shadow prices (what one more GW at a site
    is worth). Needs the `plan` extra: `pip install 'gigawatt[plan]'`. An infeasible plan (e.g. a
    cap on unserved demand that the candidates cannot meet) is an error naming the conflicting
    constraints (exit code 2).

    Examples:

    * `gigawatt plan` (the bundled openai-2025 scenario, with its 200 demand samples)
    * `gigawatt plan my.yaml --samples 100 --seed 7`
    * `gigawatt plan --set 'planning.capex_budget=$300B' --json plan.json`
    * `gigawatt plan --json - --quiet | jq .builds`
    * `gigawatt plan --write-scenario planned.yaml && gigawatt run planned.yaml`
    """
    import gigawatt
    from gigawatt.plan import MissingSolver, PlanInfeasible, PlanSolverError, require_solver

    to_stdout = json_ is not None and str(json_) == "-"
    try:
        require_solver()
    except MissingSolver as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    from gigawatt.plan import plan as make_plan
    from gigawatt.plan import write_scenario as write_plan

    with user_errors():
        loaded = gigawatt.load(scenario, overrides_from(set_))
        try:
            with progress_bar(f"Planning {loaded.name}", console, enabled=not (quiet or to_stdout)):
                result = make_plan(loaded, samples=samples, seed=seed)
        except PlanInfeasible as exc:
            fail(str(exc), EXIT_BAD_INPUT)
        except PlanSolverError as exc:
            fail(str(exc), 1)
    if not (quiet or to_stdout):
        print_plan(result, console)
    if json_ is not None:
        write_json(result.to_dict(), json_)
        if not (to_stdout or quiet):
            console.print(f"Plan written to {json_}")
    if write_scenario is not None:
        write_plan(result, loaded, write_scenario, source=None if set_ else scenario)
        if not (to_stdout or quiet):
            console.print(f"Scenario written to {write_scenario}; simulate it with `gigawatt run {write_scenario}`")


def fail(message: str, code: int) -> NoReturn:
    """Print ``error: message`` on stderr (brackets kept, not read as markup) and exit with ``code``."""
    errors.print(f"[bold red]error[/]: {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def build_table(result: PlanResult) -> Table:
    """New GW online per year (rows) at each built site (columns), with the total and each site's limit."""
    table = Table(title="Build plan (new GW online per year)", title_justify="left", header_style="bold")
    table.add_column("year", justify="right")
    built = [i for i, _ in enumerate(result.problem.sites) if result.build[i].sum() > 1e-6]
    for i in built:
        site = result.problem.sites[i]
        table.add_column(f"{site.name}\n[dim]{site.country}[/]", justify="right")
    table.add_column("all sites", justify="right")
    for j, year in enumerate(result.years):
        cells = [gw(result.build[i, j]) if result.build[i, j] >= 5e-3 else "·" for i in built]
        table.add_row(str(year), *cells, gw(float(result.build[:, j].sum())))
    table.add_section()
    table.add_row("total", *(gw(float(result.build[i].sum())) for i in built), gw(float(result.build.sum())),
                  style="bold")
    table.add_row("max", *(gw(result.problem.sites[i].max_gw) for i in built), "", style="dim")
    unbuilt = [s.name for i, s in enumerate(result.problem.sites) if i not in built]
    if unbuilt:
        table.caption = "not built: " + ", ".join(unbuilt)
    return table


def contract_table(result: PlanResult) -> Table:
    """Offers signed: GW, start years, term and payments."""
    from gigawatt.cli.tables import money  # tables imports numpy and the engine: not at start-up

    table = Table(title="Contracts signed", title_justify="left", header_style="bold")
    for label in ("offer", "counterparty", "country", "GW", "starts", "term", "payments"):
        table.add_column(label, justify="right" if label in ("GW", "term", "payments") else "left")
    from gigawatt.plan.costs import coefficients

    paid = coefficients(result.problem).offer_paid
    for o, offer in enumerate(result.problem.offers):
        signs = result.sign[o]
        starts = ", ".join(f"{y}: {gw(v)}" for y, v in zip(result.years, signs, strict=True) if v > 1e-6)
        table.add_row(offer.name, offer.counterparty, offer.country, gw(float(signs.sum())), starts or "not signed",
                      f"{offer.term_years} y", money(float((paid[o] * signs).sum())),
                      style=None if signs.sum() > 1e-6 else "dim")
    return table


def unserved_table(result: PlanResult) -> Table:
    """Demand, capacity and unserved GW per year."""
    import numpy as np

    from gigawatt.cli.tables import money  # tables imports numpy and the engine: not at start-up

    p = result.problem
    table = Table(title="Demand and unserved GW (mean over samples)", title_justify="left", header_style="bold")
    for label in ("year", "demand", "existing", "added", "unserved", "unserved p95", "samples short", "1 GW more"):
        table.add_column(label, justify="right")
    table.caption = "1 GW more: what one more GW online that year (in every sample) would save, present value"
    added = result.online.sum(axis=0) + result.contracted.sum(axis=0)
    p95 = np.quantile(result.unserved, 0.95, axis=0)
    short = (result.unserved > 1e-6).mean(axis=0)
    for j, year in enumerate(result.years):
        table.add_row(str(year), gw(float(p.demand[:, j].mean())), gw(float(p.existing[:, j].mean())),
                      gw(float(added[j])), gw(float(result.unserved[:, j].mean())), gw(float(p95[j])),
                      f"{short[j]:.0%}", money(float(result.capacity_value[j])))
    return table


def cost_table(result: PlanResult) -> Table:
    """The expected cost and its parts."""
    from gigawatt.cli.tables import money  # tables imports numpy and the engine: not at start-up

    labels = {"capex_annuities": "capital (annuities)", "power": "power", "contracts": "contracts",
              "unserved_penalty": "unserved demand (penalty)", "total": "total expected cost",
              "capex_spend": "capex spend (cash, undiscounted)",
              "contract_payments": "contract payments (undiscounted)"}
    table = Table(title=f"Costs (present value at {result.years[0]} unless said)", title_justify="left",
                  header_style="bold")
    table.add_column("cost")
    table.add_column("USD", justify="right")
    for key, label in labels.items():
        table.add_row(label, money(result.costs[key]), style="bold" if key == "total" else None)
    return table


def binding_table(result: PlanResult) -> Table:
    """Limits that bind, with their shadow prices (what relaxing each is worth)."""
    from gigawatt.cli.tables import money  # tables imports numpy and the engine: not at start-up

    table = Table(title="Binding limits (shadow prices, present value)", title_justify="left", header_style="bold")
    for label in ("limit", "setting", "worth", "per"):
        table.add_column(label, justify="right" if label == "worth" else "left")
    for b in result.binding[:20]:
        unit = "USD" if b.constraint == "capex_budget" else "GW"
        worth = f"{-b.shadow_price:,.3f}" if unit == "USD" else money(-b.shadow_price)
        table.add_row(b.meaning, b.setting, worth, unit)
    if len(result.binding) > 20:
        table.caption = f"and {len(result.binding) - 20} more in --json"
    if not result.binding:
        table.caption = "no limit binds: more room at a site or a bigger budget would not lower the cost"
    return table


def print_plan(result: PlanResult, out: Console) -> None:
    """Every table of a plan."""
    parts: list[Table] = [build_table(result)]
    if result.problem.offers:
        parts.append(contract_table(result))
    parts += [unserved_table(result), cost_table(result), binding_table(result)]
    out.print(Group(*parts))
