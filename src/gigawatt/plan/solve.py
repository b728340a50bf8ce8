"""Solving a plan with HiGHS: build -> solve -> read the solution -> shadow prices; or say why it cannot.

- The solver never writes to standard output: file descriptor 1 points at 2 while HiGHS runs
  (it prints a banner on stdout even with its output off), so ``gigawatt plan --json -`` stays
  valid JSON.
- An infeasible plan raises :class:`PlanInfeasible`, naming the constraints of an irreducible
  infeasible subsystem (IIS) that HiGHS computes, and the scenario settings behind them --
  never a plan of zeros.
- With an all-or-nothing offer the programme is mixed-integer; the shadow prices then come
  from the LP with the sign-or-not choices fixed at their optimum.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from time import perf_counter
from typing import TYPE_CHECKING, Any

import numpy as np

from gigawatt.plan.data import PlanProblem
from gigawatt.plan.result import LIMITS, PlanResult, binding_limits, cost_breakdown

if TYPE_CHECKING:
    from gigawatt.plan.program import PlanModel

INSTALL_HINT = "pip install 'gigawatt[plan]'"
MIP_GAP = 1e-6
"""Relative optimality gap of mixed-integer solves."""

#: What each constraint of the programme stands for, for messages about infeasibility.
EXPLAIN: dict[str, str] = {
    "capacity": "demand is served by capacity or counted as unserved",
    "sovereign": "sovereign demand is served in its region or counted as unserved",
    "new_capacity": "definition of the GW the plan adds",
    "new_capacity_region": "definition of the GW the plan adds in a region",
    **{name: f"setting {setting}" for name, (_, setting, _, _) in LIMITS.items()},
}


class MissingSolver(ImportError):
    """linopy or highspy (the ``[plan]`` extra) is not installed."""


class PlanInfeasible(ValueError):
    """No plan meets every constraint. ``.constraints`` lists ``(name, coordinates)`` of an IIS."""

    def __init__(self, message: str, constraints: list[tuple[str, dict[str, Any]]]) -> None:
        super().__init__(message)
        self.constraints = constraints


class PlanSolverError(RuntimeError):
    """The solver stopped without an answer (neither optimal nor infeasible)."""


def require_solver() -> None:
    """Raise :class:`MissingSolver` with the install command when linopy or highspy is missing."""
    missing = []
    for name in ("linopy", "highspy"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise MissingSolver(f"the planner needs {' and '.join(missing)} (the `plan` extra): {INSTALL_HINT}")


def _flush_c_stdio() -> None:
    """Flush C stdio buffers, so text the solver printed leaves while fd 1 still points at stderr."""
    try:
        import ctypes

        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError):  # pragma: no cover - platforms without a C library handle
        pass


@contextmanager
def quiet_linopy() -> Iterator[None]:
    """Hold back linopy's log warnings (an infeasible solve is reported by :class:`PlanInfeasible` instead)."""
    logger = logging.getLogger("linopy")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def solver_output_silenced() -> Iterator[None]:
    """Point file descriptor 1 at the null device for the duration: HiGHS prints its banner there from C,
    before any option can turn it off, and it must reach neither the terminal nor JSON on stdout."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):  # no usable fd 1: nothing to protect
        yield
        return
    _flush_c_stdio()
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    try:
        yield
    finally:
        with suppress(OSError, ValueError):  # a closed stdout
            sys.stdout.flush()  # Python text printed inside goes where fd 1 pointed then
        _flush_c_stdio()
        os.dup2(saved, 1)
        os.close(saved)


def _run(pm: PlanModel) -> str:
    """Solve with HiGHS; the termination condition (``"optimal"``, ``"infeasible"``, ...)."""
    _, condition = pm.model.solve(solver_name="highs", io_api="direct", progress=False, output_flag=False,
                                  log_to_console=False, mip_rel_gap=MIP_GAP)
    return str(condition)


def solve(problem: PlanProblem, *, meta: dict[str, Any] | None = None) -> PlanResult:
    """Find the least expected-cost plan for ``problem``.

    Raises
    ------
    MissingSolver
        linopy or highspy is not installed.
    PlanInfeasible
        No plan meets the hard limits (its message names the constraints that conflict).
    PlanSolverError
        HiGHS stopped for another reason.
    """
    require_solver()
    from gigawatt.plan.program import build_model

    with solver_output_silenced(), quiet_linopy():
        start = perf_counter()
        pm = build_model(problem)
        built = perf_counter()
        condition = _run(pm)
        if condition != "optimal":
            _fail(problem, condition)
        mixed = pm.has_binaries
        if mixed:
            take = pm.model.variables["take"].solution
            chosen = {str(k): float(round(float(v))) for k, v in zip(take.coords["offer"].values, take.values,
                                                                       strict=True)}
            fixed_start = perf_counter()
            pm = build_model(problem, fixed_take=chosen)
            built += perf_counter() - fixed_start
            condition = _run(pm)
            if condition != "optimal":  # pragma: no cover - the fixed LP contains the MIP optimum
                raise PlanSolverError(f"the LP with the offers fixed ended as {condition!r}")
        solved = perf_counter()
    return read_result(pm, mixed=mixed, build_seconds=built - start, solve_seconds=solved - built, meta=meta)


def read_result(pm: PlanModel, *, mixed: bool, build_seconds: float, solve_seconds: float,
                meta: dict[str, Any] | None = None) -> PlanResult:
    """Assign the solution of a solved model to a :class:`PlanResult` (USD, GW)."""
    from gigawatt.plan.program import MONEY

    p, m = pm.problem, pm.model
    variables = m.variables

    def values(name: str, shape: tuple[int, ...], dims: tuple[str, ...]) -> np.ndarray:
        if name not in variables:
            return np.zeros(shape)
        return np.nan_to_num(np.asarray(variables[name].solution.transpose(*dims).values, dtype=float))

    n_sites, n_offers, n_years = len(p.sites), len(p.offers), p.n_years
    build = values("build", (n_sites, n_years), ("site", "year"))
    sign = values("sign", (n_offers, n_years), ("offer", "start"))
    flexible = values("unserved", (p.n_samples, n_years), ("sample", "year"))
    sovereign = values("unserved_sovereign", (p.n_samples, n_years, len(pm.sovereign)), ("sample", "year", "region"))
    unserved = flexible + sovereign.sum(axis=2)
    costs = cost_breakdown(p, pm.coef, build, sign, unserved)
    duals = {name: m.constraints[name].dual for name in LIMITS if name in m.constraints}
    capacity = m.constraints["capacity"].dual.transpose("sample", "year").values
    return PlanResult(
        problem=p,
        objective=_objective(m) * MONEY,
        build=build,
        sign=sign,
        unserved=unserved,
        unserved_sovereign=sovereign,
        sovereign_regions=[r.name for r in pm.sovereign],
        costs=costs,
        binding=binding_limits(duals, MONEY),
        capacity_value=np.nan_to_num(np.asarray(capacity, dtype=float)).sum(axis=0) * MONEY,
        mixed_integer=mixed,
        build_seconds=build_seconds,
        solve_seconds=solve_seconds,
        meta=dict(meta or {}),
    )


def _objective(m: Any) -> float:
    value = m.objective.value
    if value is None or not np.isfinite(value):  # never report a missing optimum as 0
        raise PlanSolverError("HiGHS reported an optimal plan without an objective value")
    return float(value)


def _fail(problem: PlanProblem, condition: str) -> None:
    """Raise the error that explains a solve that did not end optimal."""
    if "infeasible" not in condition:
        raise PlanSolverError(f"HiGHS stopped without a plan: {condition}")
    from gigawatt.plan.program import build_model

    relaxed = build_model(problem, relax=True)
    if _run(relaxed) == "optimal":
        raise PlanInfeasible(
            "no plan meets every constraint once offers are all or nothing: sign-or-not choices with a minimum "
            "size (offers.*.min_gw) cannot be met together with the other limits; lower a min_gw or relax "
            "planning.max_expected_unserved_gw / planning.capex_budget", [])
    found = conflicting_constraints(relaxed)
    raise PlanInfeasible(explain(found, problem), found)


def conflicting_constraints(pm: PlanModel) -> list[tuple[str, dict[str, Any]]]:
    """``(constraint, coordinates)`` of the rows of an irreducible infeasible subsystem (HiGHS IIS).

    Bounds in the IIS that stop a site from building before its earliest year are reported as
    ``earliest_year`` rows.
    """
    import highspy

    m = pm.model
    try:
        labels = m.compute_infeasibilities()
    except RuntimeError as exc:  # linopy's word for "HiGHS found no IIS" (numerically delicate problems)
        raise PlanInfeasible(
            f"no plan for {pm.problem.name} meets every constraint, and HiGHS could not isolate which constraints "
            "conflict; check for limits that are tiny or huge next to the others (shares near 0, budgets near 0) "
            "and plan again", []) from exc
    found: list[tuple[str, dict[str, Any]]] = []
    for label in labels:
        position = m.constraints.get_label_position(label)
        if isinstance(position, tuple) and isinstance(position[0], str) and isinstance(position[1], dict):
            found.append((position[0], {str(k): _plain(v) for k, v in position[1].items()}))
    solver = m.solver_model
    if isinstance(solver, highspy.Highs):
        status, iis = solver.getIis()
        if status != highspy.HighsStatus.kError and iis.valid_:
            vlabels = m.variables.label_index.vlabels
            for pos in np.asarray(iis.col_index_, dtype=np.intp):
                position = m.variables.get_label_position(int(vlabels[pos]))
                coords = position[1] if isinstance(position, tuple) else None
                if isinstance(position, tuple) and position[0] == "build" and isinstance(coords, dict):
                    site = next(s for s in pm.problem.sites if s.name == coords["site"])
                    if int(coords["year"]) < site.earliest_year:
                        found.append(("earliest_year", {"site": site.name, "year": int(coords["year"])}))
    return found


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def explain(found: list[tuple[str, dict[str, Any]]], problem: PlanProblem) -> str:
    """A message naming each conflicting constraint group, where it applies and the setting behind it."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for name, coords in found:
        groups.setdefault(name, []).append(coords)
    order = ["unserved_cap", "capex_budget", "offer_min", "site_max", "build_limit", "earliest_year", "offer_max",
             "sovereign", "capacity", "new_capacity_region", "new_capacity"]
    names = sorted(groups, key=lambda n: order.index(n) if n in order else len(order))
    lines = [f"no plan for {problem.name} meets every constraint; these cannot all hold "
             "(an irreducible infeasible set found by HiGHS):"]
    for name in names:
        if name.startswith("new_capacity"):
            continue
        where = _where(groups[name])
        if name == "earliest_year":
            sites = sorted({str(c["site"]) for c in groups[name]})
            what = "setting " + ", ".join(f"candidates.{s}.earliest_year" for s in sites)
        else:
            what = EXPLAIN.get(name, "")
            if name in LIMITS:
                dims, template = LIMITS[name][0], LIMITS[name][1]
                values = {k: sorted({str(c.get(k, "*")) for c in groups[name]}) for k in dims}
                what = "setting " + template.format(**{k: v[0] if len(v) == 1 else "*" for k, v in values.items()})
        lines.append(f"  - {name}{where}: {what}")
    lines.append("Relax one of the settings named (or add candidates or offers) and plan again.")
    return "\n".join(lines)


def _where(coords: list[dict[str, Any]]) -> str:
    if not coords or not coords[0]:
        return ""
    parts = []
    for dim in coords[0]:
        values = sorted({c[dim] for c in coords})
        if len(values) <= 4:
            parts.append(f"{dim}={','.join(str(v) for v in values)}")
        else:
            parts.append(f"{dim}={values[0]}..{values[-1]} ({len(values)})")
    return "[" + ", ".join(parts) + "]"
