"""Capacity-expansion planning: where and when to build, which contracts to sign, under uncertain demand.

A two-stage stochastic linear programme (docs/planning.md) solved with HiGHS through linopy
(the ``[plan]`` extra)::

    import gigawatt
    from gigawatt.plan import plan
    result = plan(gigawatt.load("openai-2025"), samples=50, seed=1)
    result.to_dict()["builds"]

Write a problem by hand with :class:`PlanProblem` (demand samples as an array ``(K, Y)``)
and solve it with :func:`solve`; :func:`write_scenario` turns a plan into a scenario that
``gigawatt run`` simulates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gigawatt.plan.data import OfferOption, PlanProblem, RegionRule, SiteOption
from gigawatt.plan.problem import problem_from_scenario
from gigawatt.plan.result import Binding, PlanResult
from gigawatt.plan.solve import MissingSolver, PlanInfeasible, PlanSolverError, require_solver, solve
from gigawatt.plan.writeback import plan_scenario_text, write_scenario
from gigawatt.scenario.schema import Scenario

__all__ = [
    "Binding",
    "MissingSolver",
    "OfferOption",
    "PlanInfeasible",
    "PlanProblem",
    "PlanResult",
    "PlanSolverError",
    "RegionRule",
    "SiteOption",
    "plan",
    "plan_scenario_text",
    "problem_from_scenario",
    "require_solver",
    "solve",
    "write_scenario",
]


def plan(scenario: Scenario | str | Path, samples: int | None = None, seed: int = 1) -> PlanResult:
    """Plan the buildout of a scenario: least expected cost over ``samples`` simulated demand paths.

    Parameters
    ----------
    scenario
        A loaded scenario, a bundled name or a YAML file, with ``candidates`` or ``offers``.
    samples
        Demand samples K (default: the scenario's ``planning.demand_samples``, 50).
    seed
        Seed of the simulation that draws the demand samples.
    """
    require_solver()
    if not isinstance(scenario, Scenario):
        import gigawatt

        scenario = gigawatt.load(scenario)
    problem = problem_from_scenario(scenario, samples, seed)
    meta: dict[str, Any] = {"scenario": scenario.name, "seed": seed, "content_hash": scenario.content_hash}
    return solve(problem, meta=meta)
