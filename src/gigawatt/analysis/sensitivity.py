"""Which uncertain inputs matter for a metric: tornado swings, Sobol indices, Morris screening.

- :func:`tornado` swings each uncertain input to its P10 and its P90 while every
  other input keeps its full distribution (common random numbers: the same draws
  as the base run), and ranks the inputs by the swing of a statistic.
- :func:`sobol` gives first-order and total variance shares (SALib, Saltelli scheme).
- :func:`morris` gives elementary effects, a cheaper screening.

Every design is evaluated with no Python loop over samples: rows are stacked
and simulated at once, each sample with its own input values
(``gigawatt.simulate(..., pinned={path: array})``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gigawatt.analysis.common import (
    BATCH_ROWS,
    Metric,
    Progress,
    check_stat,
    evaluate_rows,
    probe,
    resolve_metric,
)
from gigawatt.analysis.salib import Design, salib_problem
from gigawatt.engine.result import finite_or_none
from gigawatt.scenario.distributions import quantile
from gigawatt.scenario.paths import numeric_fields, uncertain_inputs
from gigawatt.scenario.schema import Scenario

METHODS = ("tornado", "sobol", "morris")

DEFAULT_SIZES = {"tornado": 2_000, "sobol": 512, "morris": 20}
"""Default ``samples``: Monte Carlo samples per tornado run, Sobol base samples N, Morris trajectories."""


@dataclass
class Sensitivity:
    """The outcome of a sensitivity analysis.

    Attributes
    ----------
    method
        ``tornado``, ``sobol`` or ``morris``.
    metric
        The metric analysed.
    stat
        The statistic (tornado only; Sobol and Morris use the per-sample value).
    rows
        One dict per uncertain input, most influential first.
    base
        The statistic with every input at its full distribution (tornado), or the
        mean of the metric over the design (Sobol, Morris).
    samples
        Tornado: samples per run; Sobol: base samples N; Morris: trajectories.
    evaluations
        Model evaluations (samples simulated) in all.
    seed
        The seed.
    notes
        Caveats worth printing.
    """

    method: str
    metric: Metric
    stat: str
    rows: list[dict[str, Any]]
    base: float
    samples: int
    evaluations: int
    seed: int
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape written by ``gigawatt sensitivity --json``."""
        return {
            "method": self.method,
            "metric": self.metric.name,
            "label": self.metric.label,
            "year": self.metric.year,
            "last": self.metric.last,
            "aggregate": self.metric.aggregate,
            "unit": self.metric.unit,
            "stat": self.stat if self.method == "tornado" else "per-sample value",
            "base": finite_or_none(self.base),
            "samples": self.samples,
            "evaluations": self.evaluations,
            "seed": self.seed,
            "notes": self.notes,
            "rows": [{k: finite_or_none(v) if isinstance(v, float) else v for k, v in row.items()}
                     for row in self.rows],
        }


def tornado(
    scenario: Scenario,
    metric: str,
    *,
    year: int | None = None,
    stat: str = "p50",
    samples: int = DEFAULT_SIZES["tornado"],
    seed: int = 1,
    low: float = 0.10,
    high: float = 0.90,
    progress: Progress | None = None,
    client: Any = None,
    whole_paths: bool = False,
) -> Sensitivity:
    """Swing each uncertain input to its ``low`` and ``high`` quantiles; rank inputs by the swing of ``stat``.

    The result equals, input by input, ``gigawatt.simulate(scenario, samples, seed,
    pinned={path: P10})`` and the same at P90 (common random numbers), but every
    run is stacked into batches of one vectorised simulation.

    Parameters
    ----------
    scenario
        The scenario.
    metric, year
        The output, and the year for a series (default: the last year).
    stat
        ``p50``, ``mean``, ``p5`` ...; an event's statistic is its probability.
    samples
        Monte Carlo samples per run.
    seed
        Seed shared by every run.
    low, high
        Quantiles of each input's swing (0.10 and 0.90: P10 and P90).
    progress
        Called with (samples done, samples in all).
    whole_paths
        Swing a whole field at once: every uncertain part of a time path (each anchor, a ceiling and a
        midpoint) to its ``low`` quantile together, then to its ``high`` one: one row per field.

    Returns
    -------
    Sensitivity
        Rows ``{parameter, low, high, swing, input_low, input_high}`` (statistic with the
        input at ``low`` and at ``high``, in the metric's unit; inputs in canonical units),
        largest swing first; ``base`` is the statistic of the unpinned run.
    """
    import gigawatt

    check_stat(stat)
    if not 0 < low < high < 1:
        raise ValueError(f"tornado quantiles need 0 < low < high < 1; got {low} and {high}")
    inputs = uncertain_inputs(scenario)
    base_run = gigawatt.simulate(scenario, samples=samples, seed=seed)
    chosen = resolve_metric(base_run, metric, year)
    base = float(chosen.statistic(chosen.values(base_run), stat))
    if not inputs:
        return Sensitivity("tornado", chosen, stat, [], base, samples, samples, seed,
                           [f"{scenario.name} has no uncertain inputs"])
    paths = list(inputs)
    groups = _whole_paths(scenario, paths) if whole_paths else {p: [p] for p in paths}
    labels = list(groups)
    group_of = {p: labels.index(label) for label, members in groups.items() for p in members}
    ends = {p: (quantile(inputs[p], low), quantile(inputs[p], high)) for p in paths}
    base_draws = {p: base_run.inputs[p] for p in paths}
    runs = 2 * len(labels)  # run b pins every input of group b // 2 to its low (b even) or high (b odd) end

    def draws(start: int, stop: int) -> dict[str, np.ndarray]:
        row = np.arange(start, stop)
        run, sample = row // samples, row % samples
        out = {}
        for path in paths:
            values = base_draws[path][sample]
            mine = run // 2 == group_of[path]
            values[mine] = np.where(run[mine] % 2 == 0, ends[path][0], ends[path][1])
            out[path] = values
        return out

    batch = max(1, BATCH_ROWS // samples) * samples
    values = evaluate_rows(scenario, runs * samples, draws, chosen, progress=progress, batch_rows=batch,
                           client=client)
    stats = chosen.statistic(values.reshape(runs, samples), stat, axis=1).reshape(len(labels), 2)
    rows: list[dict[str, Any]] = []
    for j, label in enumerate(labels):
        first = groups[label][0]
        row: dict[str, Any] = {"parameter": label, "low": float(stats[j, 0]), "high": float(stats[j, 1]),
                               "swing": float(abs(stats[j, 1] - stats[j, 0])), "input_low": float(ends[first][0]),
                               "input_high": float(ends[first][1])}
        if whole_paths:
            row["inputs"] = groups[label]  # input_low / input_high are those of the first of them
        rows.append(row)
    rows.sort(key=lambda r: -float(r["swing"]) if np.isfinite(r["swing"]) else np.inf)
    notes = []
    if scenario.correlations:
        notes.append("inputs keep their declared correlations in the base draws; the swung input is fixed")
    return Sensitivity("tornado", chosen, stat, rows, base, samples, samples * (runs + 1), seed, notes)


def _whole_paths(scenario: Scenario, paths: list[str]) -> dict[str, list[str]]:
    """The uncertain inputs grouped by the field that holds them (a time path's anchors together)."""
    groups: dict[str, list[str]] = {}
    for item in numeric_fields(scenario):
        members = [p for p in paths if p == item.path or p.startswith(f"{item.path}.")]
        if members:
            groups[item.path] = members
    return groups


def _variance_design(
    method: str,
    scenario: Scenario,
    metric: str,
    year: int | None,
    samples: int,
    seed: int,
    progress: Progress | None,
    client: Any = None,
    whole_paths: bool = False,
) -> Sensitivity:
    chosen = probe(scenario, metric, year)
    inputs = uncertain_inputs(scenario)
    members = _whole_paths(scenario, list(inputs)) if whole_paths else None
    groups = {p: label for label, paths in members.items() for p in paths} if members is not None else None
    problem = salib_problem(scenario, groups)
    design = Design.sobol(problem, samples, seed) if method == "sobol" else Design.morris(problem, samples, seed)
    y = evaluate_rows(scenario, design.rows, lambda a, b: design.values(inputs, a, b), chosen, progress=progress,
                      client=client)
    rows = design.analyse(y)
    if members is not None:
        for row in rows:
            row["inputs"] = members.get(row["parameter"], [])
    key = "ST" if method == "sobol" else "mu_star"
    rows.sort(key=lambda r: -r[key])
    notes = []
    if scenario.correlations:
        notes.append(f"{method} treats inputs as independent: the scenario's correlations are not applied")
    if whole_paths and method == "morris":
        notes.append("sigma is not defined for a field of several inputs moved together (SALib): left out")
    if float(np.ptp(y)) == 0.0:
        notes.append(f"{chosen.label} is the same in every sample: every index is 0")
    return Sensitivity(method, chosen, "value", rows, float(np.mean(y)), samples, design.rows, seed, notes)


def sobol(
    scenario: Scenario,
    metric: str,
    *,
    year: int | None = None,
    samples: int = DEFAULT_SIZES["sobol"],
    seed: int = 1,
    progress: Progress | None = None,
    client: Any = None,
    whole_paths: bool = False,
) -> Sensitivity:
    """First-order and total Sobol indices of a metric's per-sample value (SALib, Saltelli scheme).

    The model runs ``samples * (D + 2)`` times for ``D`` uncertain inputs (``D`` fields with
    ``whole_paths``: every uncertain part of a field moves together and the row is the field's);
    ``samples`` (N) must be a power of two. Rows ``{parameter, S1, S1_conf, ST, ST_conf}``
    (shares of variance, with 95% bootstrap half-widths), largest ``ST`` first.
    """
    return _variance_design("sobol", scenario, metric, year, samples, seed, progress, client, whole_paths)


def morris(
    scenario: Scenario,
    metric: str,
    *,
    year: int | None = None,
    samples: int = DEFAULT_SIZES["morris"],
    seed: int = 1,
    progress: Progress | None = None,
    client: Any = None,
    whole_paths: bool = False,
) -> Sensitivity:
    """Morris elementary effects of a metric's per-sample value (SALib), ``samples`` trajectories.

    The model runs ``samples * (D + 1)`` times (``D`` fields with ``whole_paths``). Rows ``{parameter, mu_star,
    mu_star_conf, sigma, mu}`` in the metric's unit (the effect of moving an input across its
    90% interval), largest ``mu_star`` first.
    """
    return _variance_design("morris", scenario, metric, year, samples, seed, progress, client, whole_paths)


def sensitivity(
    scenario: Scenario,
    metric: str,
    *,
    method: str = "tornado",
    year: int | None = None,
    stat: str = "p50",
    samples: int | None = None,
    seed: int = 1,
    progress: Progress | None = None,
    client: Any = None,
    whole_paths: bool = False,
) -> Sensitivity:
    """Run one of :data:`METHODS` (``samples`` defaults per method: :data:`DEFAULT_SIZES`).

    With a Dask ``client`` the model runs on its workers; the numbers are the same. ``whole_paths``
    moves every uncertain part of a field together (each anchor of a time path, a ceiling and a midpoint):
    one row per field, with its ``inputs``.
    """
    if method not in METHODS:
        from gigawatt.scenario.errors import did_you_mean

        raise ValueError(f"unknown method {method!r}{did_you_mean(method, METHODS)}; use {', '.join(METHODS)}")
    size = samples if samples is not None else DEFAULT_SIZES[method]
    if method == "tornado":
        return tornado(scenario, metric, year=year, stat=stat, samples=size, seed=seed, progress=progress,
                       client=client, whole_paths=whole_paths)
    if method == "sobol":
        return sobol(scenario, metric, year=year, samples=size, seed=seed, progress=progress, client=client,
                     whole_paths=whole_paths)
    return morris(scenario, metric, year=year, samples=size, seed=seed, progress=progress, client=client,
                  whole_paths=whole_paths)
