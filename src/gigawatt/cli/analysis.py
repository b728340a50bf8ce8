"""`gigawatt sensitivity`, `solve` and `compare`: thin layers over :mod:`gigawatt.analysis`."""

from __future__ import annotations

import math
from typing import Annotated, Any

import typer
from rich.table import Table

from gigawatt.cli.app import (
    ANALYSE,
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
from gigawatt.cli.scale import ClusterOpt, WorkersOpt, dask_client
from gigawatt.metrics import HELP as METRIC_HELP

DEFAULT_SCENARIO = "openai-2025"
EXIT_UNREACHABLE = 1

YearOpt = Annotated[int | None, typer.Option("--year", "-y", help="Year of a series metric (default: the last).")]


def show(value: float | None, unit: str, name: str | None = None) -> str:
    """A value for people: ``$13.1B``, ``$254/yr``, ``1.25 GW``, ``12.0%``, ``2031``, ``never``.

    An output ``name`` the catalogue declares is written in its declared format; a year that is
    ``None`` (not finite in JSON) is a year that never comes, as `gigawatt run` shows it.
    """
    from gigawatt import outputs

    if value is None and unit == "year":
        return "never"
    if name is not None and outputs.is_declared(name) and unit != "probability":
        return outputs.text(value, name)
    if value is None or not math.isfinite(value):
        return "–" if value is None or math.isnan(value) else ("never" if unit == "year" else str(value))
    if unit == "USD/year" and abs(value) < 1e6:
        return f"{'-' if value < 0 else ''}${abs(value):,.0f}/yr"
    if unit.startswith("USD"):
        return f"{'-' if value < 0 else ''}${abs(value) / 1e9:,.2f}B"
    if unit == "GW":
        return f"{value:,.3g} GW"
    if unit in ("fraction", "probability", "event"):
        return f"{value:.1%}"
    if unit == "year":
        return f"{value:.1f}" if value != int(value) else str(int(value))
    return f"{value:,.4g}" + (f" {unit}" if unit else "")


def show_change(value: float | None) -> str:
    """A relative change: ``+12.3%``."""
    return "–" if value is None or not math.isfinite(value) else f"{value:+.1%}"


def show_diff(value: float | None, unit: str, name: str | None = None) -> str:
    """A difference B - A: percentage points between probabilities (``+4.0 pp``), else in the metric's unit."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit in ("probability", "event", "fraction"):
        return f"{value * 100:+.1f} pp"
    if unit == "year":
        return f"{value:+.1f} years" if value != int(value) else f"{int(value):+d} years"
    return ("+" if value > 0 else "") + show(value, unit, name)


def _input(value: float, unit: str | None = None) -> str:
    """An input value in its field's unit (``$463B``, ``1.2%``, ``$45B/GW``); a plain number without one."""
    if unit is not None:
        from gigawatt.report.format import quantity

        return quantity(value, unit)
    from gigawatt.scenario.distributions import format_number

    return format_number(value)


@app.command(rich_help_panel=ANALYSE)
def sensitivity(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    metric: Annotated[str, typer.Option("--metric", "-m", help=f"Output to analyse: {METRIC_HELP}.")]
    = ...,  # type: ignore[assignment]
    year: YearOpt = None,
    stat: Annotated[str, typer.Option("--stat", help="Tornado statistic: p50, mean, p5, p95 ...")] = "p50",
    method: Annotated[str, typer.Option("--method", help="tornado, sobol or morris.")] = "tornado",
    samples: Annotated[int | None, typer.Option(
        "--samples", "-n", min=2,
        help="tornado: samples per run (2000); sobol: base samples N, a power of two (512; the model runs "
             "N x (inputs + 2) times); morris: trajectories (20).")] = None,
    seed: SeedOpt = 1,
    set_: SetOpt = None,
    top: Annotated[int, typer.Option("--top", help="Rows to print (the JSON has all).", min=1)] = 15,
    json_: JsonOpt = None,
    quiet: QuietOpt = False,
    workers: WorkersOpt = None,
    cluster: ClusterOpt = None,
    whole_paths: Annotated[bool, typer.Option(
        "--whole-paths", help="Move every uncertain part of a field together (one row per time path); "
        "tornado, sobol and morris.")
    ] = False,
) -> None:
    """Which uncertain inputs drive a metric: tornado swings, Sobol indices or Morris screening.

    **tornado** swings each uncertain input to its P10 and P90 while the others keep their full
    distributions (same draws: common random numbers) and ranks inputs by the swing of `--stat`.
    **sobol** gives first-order (S1) and total (ST) shares of the metric's variance, with 95%
    confidence half-widths; **morris** gives elementary effects (mu*, sigma), a cheaper screening.

    Examples:

    * `gigawatt sensitivity --metric funding_gap`
    * `gigawatt sensitivity --metric revenue_total --year 2030 --stat mean`
    * `gigawatt sensitivity my.yaml --metric funding_gap_by_2030 --method sobol --samples 1024 --json sobol.json`
    * `gigawatt sensitivity --metric npv --method morris`
    * `gigawatt sensitivity --metric funding_gap --whole-paths` (each time path swung as one input)
    * `gigawatt sensitivity --metric funding_gap --workers 2` (or `--cluster tcp://HOST:8786`: Dask)
    """
    import gigawatt
    from gigawatt.analysis import sensitivity as analyse

    to_stdout = json_ is not None and str(json_) == "-"
    with user_errors():
        loaded = gigawatt.load(scenario, overrides_from(set_))
        label = f"{method} of {metric} ({loaded.name})"
        with dask_client(workers, cluster) as client, progress_bar(label, console,
                                                                  enabled=not (quiet or to_stdout)) as progress:
            out = analyse(loaded, metric, method=method, year=year, stat=stat, samples=samples, seed=seed,
                          progress=progress, client=client, whole_paths=whole_paths)
    if json_ is not None:
        write_json(out.to_dict(), json_)
    if quiet or to_stdout:
        return
    unit = out.metric.unit
    name = out.metric.name
    what = out.metric.label
    from gigawatt.scenario.paths import value_units

    input_units = value_units(loaded)
    table = Table(header_style="bold", title_justify="left")
    table.add_column("input", overflow="fold")
    if out.method == "tornado":
        table.title = f"Tornado: {out.stat} of {what} with each input at its P10 / P90"
        for col in ("input P10 – P90", f"{out.stat} at P10", f"{out.stat} at P90", "swing"):
            table.add_column(col, justify="right")
        for row in out.rows[:top]:
            field_unit = input_units.get(str(row["parameter"]))
            ends = (f"{_input(row['input_low'], field_unit)} – {_input(row['input_high'], field_unit)}"
                    if len(row.get("inputs", [1])) == 1 else f"{len(row['inputs'])} inputs, each at P10 / P90")
            table.add_row(row["parameter"], ends, show(row["low"], unit, name), show(row["high"], unit, name),
                          show(row["swing"], unit, name))
        base = f"Base {out.stat} of {what}: {show(out.base, unit, name)}"
    elif out.method == "sobol":
        table.title = f"Sobol indices of {what} (share of its variance)"
        for col in ("S1 (first order)", "ST (total)"):
            table.add_column(col, justify="right")
        for row in out.rows[:top]:
            table.add_row(row["parameter"], f"{row['S1']:.3f} ± {row['S1_conf']:.3f}",
                          f"{row['ST']:.3f} ± {row['ST_conf']:.3f}")
        base = f"Mean of {what} over the design: {show(out.base, unit)}"
    else:
        table.title = f"Morris elementary effects on {what} (input moved across its 90% interval)"
        for col in ("mu* (mean |effect|)", "sigma"):
            table.add_column(col, justify="right")
        for row in out.rows[:top]:
            table.add_row(row["parameter"], f"{show(row['mu_star'], unit)} ± {show(row['mu_star_conf'], unit)}",
                          show(row["sigma"], unit))
        base = f"Mean of {what} over the design: {show(out.base, unit)}"
    console.print(table)
    shown = f" (top {top} of {len(out.rows)})" if len(out.rows) > top else ""
    console.print(f"{base}. {out.evaluations:,} samples simulated, seed {out.seed}{shown}.")
    for note in out.notes:
        console.print(f"[dim]note: {note}[/]")
    if json_ is not None:
        console.print(f"Written to {json_}")


@app.command(rich_help_panel=ANALYSE)
def solve(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    vary: Annotated[str, typer.Option("--vary", help="Dotted path of the numeric field to vary, e.g. "
                                      "consumer.paying_share.2030; a whole time path (consumer.paying_share) "
                                      "is varied by a multiplier on every anchor.")] = ...,  # type: ignore[assignment]
    target: Annotated[str, typer.Option("--target", help='"METRIC STAT = VALUE", METRIC one of '
                                        f"{METRIC_HELP}, e.g. 'funding_gap_by_2030 p50 = 0', "
                                        "'revenue_total@2030 mean = $60B' or 'free_cash_flow@2026..2029 sum p50 = "
                                        "$10B' (single quotes keep the shell off the $).")]
    = ...,  # type: ignore[assignment]
    range_: Annotated[tuple[str, str] | None, typer.Option(
        "--range", help="LO HI to search, in the scenario syntax (e.g. `--range 5% 30%`, "
        "`--range '$10/month' '$90/month'`); default: the field's bounds, or 0 to 4x its current value "
        "(a year such as midpoint_year: 10 years either side of the horizon).")] = None,
    samples: Annotated[int, typer.Option("--samples", "-n", min=1, help="Monte Carlo samples per trial.")] = 5_000,
    seed: SeedOpt = 1,
    set_: SetOpt = None,
    json_: JsonOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Goal seek: the value of one field at which a statistic of a metric reaches a target.

    Every trial uses the same seed (common random numbers), and Brent's method finds the
    root in the range. Exit code 1 when the target cannot be reached in the range (the
    statistic at both ends is printed), or when the statistic only jumps across it.

    Examples:

    * `gigawatt solve --vary consumer.paying_share.2030 --target 'funding_gap_by_2030 p50 = $100B'`
    * `gigawatt solve a.yaml --vary consumer.tiers.plus.price --target 'revenue_total@2030 p50 = $60B'`
    * `gigawatt solve a.yaml --vary consumer.tiers.plus.price --target 'npv p50 = 0' --range '$10/month' '$90/month'`
    * `gigawatt solve a.yaml --vary sites.abilene.capex_per_gw --target 'breakeven_by_2030 = 50%' --json solve.json`
    * `gigawatt solve --vary consumer.paying_share.2030 --target 'free_cash_flow@2026..2030 sum p50 = 0'`
    """
    from gigawatt.analysis import solve as seek

    to_stdout = json_ is not None and str(json_) == "-"
    lo, hi = range_ if range_ is not None else (None, None)
    with user_errors(), progress_bar(f"Solving for {vary}", console, enabled=not (quiet or to_stdout)):
        out = seek(scenario, vary, target, lo=lo, hi=hi, overrides=overrides_from(set_), samples=samples, seed=seed)
    if json_ is not None:
        write_json(out.to_dict(), json_)
    unit = "probability" if out.metric.kind == "event" else out.metric.unit
    what = f"{out.metric.label} {out.stat if out.metric.kind != 'event' else 'probability'}"
    if not out.reached and out.jump is not None:
        at, before, after = out.jump
        errors.print(
            f"[bold red]not reached[/]: {what} = {show(out.target, unit)}: the statistic jumps across the target "
            f"at {vary} = {_input(at, out.unit)} (from {show(before, unit)} to {show(after, unit)}), so no value of "
            f"{vary} gives it ({out.evaluations} trials). Choose a target on one side of the jump, or another "
            "field.", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_UNREACHABLE)
    if not out.reached:
        low, high = _input(out.lo, out.unit), _input(out.hi, out.unit)
        errors.print(
            f"[bold red]cannot reach[/] {what} = {show(out.target, unit)} by varying {vary} over "
            f"[{low}, {high}]: it is {show(out.at_lo, unit)} at {low} and "
            f"{show(out.at_hi, unit)} at {high} ({out.evaluations} trials). Widen --range, or choose "
            "another field.", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_UNREACHABLE)
    if quiet or to_stdout:
        return
    assert out.value is not None
    import shlex

    name = out.metric.name
    multiplier = out.unit == "multiplier"
    shown = f"x{out.value:.10g} (a multiplier on every anchor)" if multiplier else _input(out.value, out.unit)
    console.print(f"[bold]{vary} = {shown}[/] gives {what} = {show(out.achieved, unit, name)} "
                  f"(target {show(out.target, unit, name)})", highlight=False)
    sets = " ".join(f"--set {shlex.quote(item)}" for item in (set_ or []) if not item.startswith(f"{vary}="))
    check = (f"(pinned: {vary} is in a correlation, which --set cannot keep)" if out.correlated else
             f"Check: gigawatt run {shlex.quote(scenario)} {sets + ' ' if sets else ''}"
             f"--set {vary}={'x' if multiplier else ''}{out.value:.10g} --seed {seed} -n {samples}")
    console.print(f"{out.iterations} iterations, {out.evaluations} simulations of {samples:,} samples, seed {seed}. "
                  f"{check}", highlight=False, soft_wrap=True)
    if json_ is not None:
        console.print(f"Written to {json_}")


def print_comparison(rows: list[dict[str, Any]], label_a: str, label_b: str, title: str) -> None:
    """The side-by-side table of :func:`gigawatt.analysis.compare_summaries` rows."""
    table = Table(title=title, title_justify="left", header_style="bold")
    for col, justify in (("metric", "left"), (label_a, "right"), (label_b, "right"), ("B - A", "right"),
                         ("change", "right")):
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        name = row.get("label", row["metric"]) + (f" {row['year']}" if row["year"] is not None else "")
        stat = "" if row["stat"] == "probability" else f" [dim]{row['stat']}[/]"
        unit = row["unit"]
        diff = row["diff"]
        output = row["metric"]
        table.add_row(name + stat, show(row["a"], unit, output), show(row["b"], unit, output),
                      show_diff(diff, unit, output),
                      "–" if unit in ("probability", "year") else show_change(row["rel_diff"]))
    console.print(table)


@app.command(rich_help_panel=ANALYSE)
def compare(
    a: Annotated[str, typer.Argument(help="Scenario A: a bundled name or a YAML file.")],
    b: Annotated[str | None, typer.Argument(help="Scenario B (default: A, changed by --set-b).")] = None,
    metric: Annotated[list[str] | None, typer.Option(
        "--metric", "-m", help=f"{METRIC_HELP} (repeatable); "
        "default: revenue, free cash flow, funding gap, NPV, break-even.")] = None,
    stat: Annotated[str, typer.Option("--stat", help="mean, p5, p50 or p95.")] = "p50",
    set_: SetOpt = None,
    set_b: Annotated[list[str] | None, typer.Option(
        "--set-b", help="Override a field of B only: PATH=VALUE (repeatable).")] = None,
    samples: Annotated[int, typer.Option("--samples", "-n", min=1, help="Monte Carlo samples of each run.")] = 20_000,
    seed: SeedOpt = 1,
    json_: JsonOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Two scenarios side by side (same seed): key metrics with absolute and relative differences.

    `--set` changes both scenarios, `--set-b` only B; leave out B to compare a scenario with a variant of itself.

    Examples:

    * `gigawatt compare openai-2025 openai-2025-bear`
    * `gigawatt compare openai-2025 --set-b consumer.paying_share.2030=12%`
    * `gigawatt compare a.yaml b.yaml --metric revenue_total@2030 --metric funding_gap --stat mean --json diff.json`
    """
    import gigawatt
    from gigawatt.analysis import compare as run_compare

    to_stdout = json_ is not None and str(json_) == "-"
    with user_errors():
        if b is None and not set_b:
            raise ValueError("give scenario B, or change A with --set-b PATH=VALUE")
        both = overrides_from(set_)
        only_b = overrides_from(set_b)
        scenario_a = gigawatt.load(a, both)
        scenario_b = gigawatt.load(b if b is not None else a, {**both, **only_b})
        changes = [f"{k}={v}" for k, v in only_b.items()]
        with progress_bar("Comparing", console, enabled=not (quiet or to_stdout)):
            out = run_compare(scenario_a, scenario_b, metrics=metric, stat=stat, samples=samples, seed=seed,
                              changes=changes)
    if json_ is not None:
        write_json(out.to_dict(), json_)
    if quiet or to_stdout:
        return
    label_a = f"A: {out.a}"
    label_b = f"B: {out.b}" + (" (" + ", ".join(changes) + ")" if changes else "")
    print_comparison(out.rows, label_a, label_b, f"{out.stat} of each metric, {samples:,} samples, seed {seed}")
    if json_ is not None:
        console.print(f"Written to {json_}")


@app.command("required-revenue", rich_help_panel=ANALYSE)
def required_revenue(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    return_: Annotated[str, typer.Option("--return", "-r", help="Target return a year on the buildout, e.g. 10%.")]
    = "10%",
    samples: Annotated[int, typer.Option("--samples", "-n", min=1, help="Monte Carlo samples.")] = 2_000,
    seed: SeedOpt = 1,
    set_: SetOpt = None,
    json_: JsonOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """The revenue each future needs for the buildout to earn a target return (its IRR), with its spread.

    Every revenue stream is scaled by one factor per sample until the unlevered free cash flows and the
    terminal value are worth 0 at the target return; capacity and compute costs stay as simulated,
    costs proportional to revenue scale with it (docs/analysis.md).

    Examples:

    * `gigawatt required-revenue openai-2025 --return 10%`
    * `gigawatt required-revenue a.yaml -r 15% -n 5000 --json required.json`
    """
    from gigawatt.analysis import required_revenue as find

    to_stdout = json_ is not None and str(json_) == "-"
    with user_errors():
        out = find(scenario, return_, samples=samples, seed=seed, overrides=overrides_from(set_))
    summary = out.to_dict()
    if json_ is not None:
        write_json(summary, json_)
    if quiet or to_stdout:
        return
    scale = summary["scale"]
    table = Table(title=f"Revenue for a {out.target:.1%} return on the buildout: P50 (P5 – P95), "
                  f"{samples:,} samples, seed {seed}")
    for column in ("year", "required revenue", "simulated revenue", "required / simulated"):
        table.add_column(column, justify="right")
    ratio = f"{show(scale['p50'], '')}x ({show(scale['p5'], '')} – {show(scale['p95'], '')})"
    for i, year in enumerate(summary["years"]):
        req, sim = summary["required_revenue"], summary["simulated_revenue"]
        table.add_row(str(year), f"{show(req['p50'][i], 'USD')} ({show(req['p5'][i], 'USD')} – "
                      f"{show(req['p95'][i], 'USD')})", show(sim["p50"][i], "USD"), ratio if i == 0 else "")
    console.print(table)
    if summary["unreachable_share"]:
        console.print(f"{summary['unreachable_share']:.1%} of futures reach the return at no revenue factor "
                      "up to a million (no margin on revenue).", highlight=False)
    if json_ is not None:
        console.print(f"Written to {json_}")
