"""Benchmark of the capacity planner: build and solve time and peak memory of the LP.

``run("full")``: 20 candidate sites x 11 years x 100 demand samples, 3 contract offers and 2
sovereign regions; ``run("smoke")``: a tiny instance that checks the benchmark still works.
The demand samples are synthetic (lognormal growth), so the figures measure the planner alone,
not the simulation. Run it with::

    .venv/bin/python benchmarks/bench_plan.py full
"""

from __future__ import annotations

import json
import resource
import sys
import tracemalloc
from time import perf_counter
from typing import Any

import numpy as np

from gigawatt.plan import OfferOption, PlanProblem, RegionRule, SiteOption, solve
from gigawatt.plan.solve import solver_output_silenced

SIZES: dict[str, tuple[int, int, int]] = {"smoke": (3, 4, 5), "full": (20, 11, 100)}
"""size -> (candidate sites, years, demand samples)."""

COUNTRIES = ["US", "US", "US", "AE", "IN", "NO", "GB"]


def problem(sites: int, years: int, samples: int, seed: int = 1) -> PlanProblem:
    """A synthetic planning problem of the given size (USD, GW)."""
    rng = np.random.default_rng(seed)
    span = list(range(2025, 2025 + years))
    growth = rng.lognormal(np.log(1.25), 0.12, size=(samples, years))
    growth[:, 0] = 1.0
    demand = 2.0 * np.cumprod(growth, axis=1)
    existing = np.minimum(np.linspace(1.8, 12.0, years), 16.0)
    options = [
        SiteOption(f"site_{i:02d}", COUNTRIES[i % len(COUNTRIES)], float(rng.uniform(0.5, 5.0)),
                   2026 + int(rng.integers(0, 4)), capex_per_gw=rng.uniform(40e9, 60e9) * np.linspace(1, 0.8, years),
                   power_per_gw_year=float(rng.uniform(0.2e9, 1.5e9)), build_limit_gw=float(rng.uniform(0.3, 2.0)),
                   it_share=0.7)
        for i in range(sites)
    ]
    offers = [OfferOption(f"offer_{o}", f"Cloud {o}", "US", 0.0 if o else 1.0, 2.0, rng.uniform(10e9, 14e9),
                          term_years=5, earliest_year=min(2026 + o, span[-1]), latest_year=span[-1])
              for o in range(3)]
    regions = [RegionRule("india", ("IN",), 0.03), RegionRule("gulf", ("AE",), 0.01)]
    return PlanProblem(years=span, demand_gw=demand, existing_gw=existing, sites=options, offers=offers,
                       regions=regions, discount_rate=0.11, unserved_penalty=20e9, capex_budget=2e12,
                       name=f"bench-{sites}x{years}x{samples}")


def run(size: str) -> list[dict[str, Any]]:
    """Build and solve the planner at ``size`` ("smoke" or "full"); one record of timings and memory."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; expected one of {', '.join(SIZES)}")
    sites, years, samples = SIZES[size]
    plan_problem = problem(sites, years, samples)
    solve(problem(2, 2, 1))  # warm up imports (linopy, highspy) outside the measurement
    start = perf_counter()
    result = solve(plan_problem)
    total = perf_counter() - start
    from gigawatt.plan.program import build_model

    with solver_output_silenced():
        built = build_model(plan_problem).model
    tracemalloc.start()
    solve(plan_problem)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return [{
        "benchmark": "plan",
        "size": size,
        "sites": sites,
        "years": years,
        "samples": samples,
        "variables": int(built.nvars),
        "constraints": int(built.ncons),
        "mixed_integer": result.mixed_integer,
        "build_seconds": round(result.build_seconds, 4),
        "solve_seconds": round(result.solve_seconds, 4),
        "total_seconds": round(total, 4),
        "peak_python_mb": round(peak / 2**20, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "objective_usd": result.objective,
    }]


if __name__ == "__main__":
    for record in run(sys.argv[1] if len(sys.argv) > 1 else "smoke"):
        print(json.dumps(record))
