"""A toy 10-year model written four ways: gigawatt, hand-written numpy, squigglepy and Squiggle.

The model: consumer users start at "700M to 900M" and grow "20% to 60%" a year; a
share beta(5, 95) of them pays an ARPU of "$200 to $300" a year; a yearly cost of
"$40B to $70B"; the gap is the sum over the 10 years of cost minus revenue. Every
"a to b" is a lognormal with that 90% interval, one draw per sample (reused in every
year). Each implementation is timed on sampling plus the arithmetic (not imports, not
process start), and its mean and 5/50/95 percentiles are checked against a large
numpy reference within Monte Carlo error.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.registry import Rows, Skip, register

YEARS = 10
Z90 = 1.6448536269514722
"""Standard normal quantile at 95%: an "a to b" interval holds 90% of the mass."""
SQUIGGLE_DIR = Path(__file__).resolve().parent / "squiggle"

TOY_YAML = """\
name: toy-10y
description: The peer benchmark's toy model (benchmarks/bench_peers.py).
horizon: {start: 2025, end: 2034}
consumer:
  users: {start: 700M to 900M, growth: 20% to 60%}
  paying_share: {beta: {a: 5, b: 95}}
  tiers:
    - {name: paid, share_of_payers: 100%, price: 200 USD/year to 300 USD/year}
opex:
  general_admin: $40B to $70B
"""

SIZES = {
    "smoke": {"gigawatt": 4_000, "numpy": 4_000, "squigglepy": 300, "squiggle": 2_000, "reference": 400_000},
    "full": {"gigawatt": 1_000_000, "numpy": 1_000_000, "squigglepy": 20_000, "squiggle": 200_000,
             "reference": 4_000_000},
}
QUANTILES = (5.0, 50.0, 95.0)
Z_CHECK = 4.0
"""Agreement tolerance in standard errors (a false alarm has odds of about 1 in 10,000 per check)."""


# --- gigawatt ---------------------------------------------------------------------------------

def toy_block(scenario: Any, x: Any, computed: Mapping[str, np.ndarray]) -> dict[str, Any]:
    """The toy as a gigawatt model block: the scenario language and the engine do the sampling."""
    from gigawatt.engine.result import Out

    users = x(scenario.consumer.users)  # (n, years): start x (1 + growth) ** t
    revenue = users * x(scenario.consumer.paying_share) * x(scenario.consumer.tiers[0].price)
    gap = (x(scenario.opex.general_admin) - revenue).sum(axis=1)
    return {"gap": Out(gap, "USD")}


def gigawatt_gap(samples: int, seed: int) -> tuple[np.ndarray, float]:
    """Draws of the gap through gigawatt's engine (``engine.runner.run`` with :func:`toy_block`)."""
    import gigawatt
    from gigawatt.engine.runner import run

    scenario = gigawatt.loads(TOY_YAML)
    run(scenario, [toy_block], samples=10, seed=seed)  # warm-up: lazy imports (scipy.special)
    started = time.perf_counter()
    result = run(scenario, [toy_block], samples=samples, seed=seed)
    return result.scalars["gap"], time.perf_counter() - started


# --- hand-written numpy -----------------------------------------------------------------------

def lognormal_90(rng: np.random.Generator, low: float, high: float, n: int) -> np.ndarray:
    """Lognormal draws whose 5% and 95% quantiles are ``low`` and ``high``."""
    mu = (math.log(low) + math.log(high)) / 2
    sigma = (math.log(high) - math.log(low)) / (2 * Z90)
    return rng.lognormal(mu, sigma, n)


def numpy_gap(samples: int, seed: int) -> tuple[np.ndarray, float]:
    """The same arithmetic written directly in numpy."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    users0 = lognormal_90(rng, 700e6, 900e6, samples)
    growth = lognormal_90(rng, 0.2, 0.6, samples)
    share = rng.beta(5, 95, samples)
    arpu = lognormal_90(rng, 200, 300, samples)
    cost = lognormal_90(rng, 40e9, 70e9, samples)
    t = np.arange(YEARS)
    users = users0[:, None] * (1 + growth[:, None]) ** t
    gap = (cost[:, None] - users * (share * arpu)[:, None]).sum(axis=1)
    return gap, time.perf_counter() - started


# --- squigglepy (Python) ----------------------------------------------------------------------

def squigglepy_gap(samples: int, seed: int) -> tuple[np.ndarray, float]:
    """The model in squigglepy, the idiomatic way for inputs used in several years: ``~dist``
    draws once inside a model function (a node used twice in an expression would be drawn
    twice, squigglepy#47), and ``sq.sample`` calls it once per sample."""
    try:
        import squigglepy as sq
    except ImportError as exc:
        raise Skip("squigglepy is not installed (it is in the [dev] extra)") from exc

    def model() -> float:
        users0 = ~sq.to(700e6, 900e6)
        growth = ~sq.to(0.2, 0.6)
        share = ~sq.beta(5, 95)
        arpu = ~sq.to(200, 300)
        cost = ~sq.to(40e9, 70e9)
        return float(sum(cost - users0 * (1 + growth) ** t * share * arpu for t in range(YEARS)))

    sq.set_seed(seed)
    started = time.perf_counter()
    gap = np.asarray(sq.sample(model, n=samples, verbose=False), dtype=float)
    return gap, time.perf_counter() - started


# --- Squiggle (JavaScript) --------------------------------------------------------------------

def squiggle_missing() -> str | None:
    """Why the Squiggle peer cannot run here, or ``None``."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (SQUIGGLE_DIR / "node_modules" / "@quri" / "squiggle-lang").is_dir():
        return "benchmarks/squiggle/node_modules is absent: run `npm ci --prefix benchmarks/squiggle`"
    return None


def squiggle_gap(samples: int, seed: int) -> tuple[np.ndarray, float, float]:
    """The model in Squiggle (``benchmarks/squiggle/toy.mjs``): draws, run() seconds, seconds with node's start."""
    missing = squiggle_missing()
    if missing:
        raise Skip(missing)
    started = time.perf_counter()
    done = subprocess.run(["node", "toy.mjs", str(samples), str(seed)], cwd=SQUIGGLE_DIR, capture_output=True,
                          text=True, check=False, timeout=600)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"Squiggle failed: {done.stderr[-1000:]}")
    out = json.loads(done.stdout)
    return np.asarray(out["samples"], dtype=float), float(out["seconds"]), wall


# --- the comparison ---------------------------------------------------------------------------

def agreement(values: np.ndarray, reference: np.ndarray) -> tuple[bool, str]:
    """Whether ``values`` match the reference's mean and 5/50/95 percentiles within Monte Carlo error.

    Mean: within :data:`Z_CHECK` standard errors of the difference. Percentile ``q``: the
    sample quantile must fall between the reference's quantiles at ``q -/+`` Z_CHECK binomial
    standard errors of the rank (distribution-free).
    """
    n, m = values.size, reference.size
    sd = float(reference.std())
    problems = []
    if abs(values.mean() - reference.mean()) > Z_CHECK * sd * math.sqrt(1 / n + 1 / m):
        problems.append("mean")
    for q in QUANTILES:
        p = q / 100
        spread = Z_CHECK * (math.sqrt(p * (1 - p) / n) + math.sqrt(p * (1 - p) / m))
        low, high = np.percentile(reference, [100 * max(0.0, p - spread), 100 * min(1.0, p + spread)])
        if not low <= np.percentile(values, q) <= high:
            problems.append(f"p{q:g}")
    return not problems, ", ".join(problems) or "mean, p5, p50, p95 agree"


def compare(size: str, seed: int = 1, include: tuple[str, ...] = ("gigawatt", "numpy", "squigglepy", "squiggle")
            ) -> Rows:
    """Run the implementations and return one row each, plus notes on skipped peers."""
    sizes = SIZES[size]
    reference, _ = numpy_gap(sizes["reference"], seed + 1000)
    runners = {"gigawatt": gigawatt_gap, "numpy": numpy_gap, "squigglepy": squigglepy_gap}
    rows: Rows = []
    numpy_rate = None
    for name in include:
        n = sizes[name]
        extra: dict[str, Any] = {}
        try:
            if name == "squiggle":
                values, seconds, wall = squiggle_gap(n, seed)
                extra["note"] = f"{wall:.2f} s with node's start"
            else:
                values, seconds = runners[name](n, seed)
        except Skip as why:
            rows.append({"implementation": name, "samples": n, "note": f"skipped: {why}"})
            continue
        ok, detail = agreement(values, reference)
        rate = n / seconds
        if name == "numpy":
            numpy_rate = rate
        rows.append({"implementation": name, "samples": n, "seconds": seconds, "samples/s": rate,
                     "mean $B": float(values.mean()) / 1e9,
                     **{f"p{q:g} $B": float(np.percentile(values, q)) / 1e9 for q in QUANTILES},
                     "agrees": ok, "note": extra.get("note", "") if ok else detail})
    for row in rows:
        if numpy_rate and "samples/s" in row:
            row["numpy / this"] = numpy_rate / row["samples/s"]
    return rows


@register("peers", "Toy 10-year model: gigawatt vs hand-written numpy, squigglepy, Squiggle")
def run(size: str) -> Rows:
    """Samples per second of each implementation, their ratio to numpy, and whether they agree."""
    rows = compare(size)
    failed = [r["implementation"] for r in rows if r.get("agrees") is False]
    if failed:
        raise AssertionError(f"{', '.join(failed)} disagree with the reference: "
                             + "; ".join(str(r["note"]) for r in rows if r.get("agrees") is False))
    return rows
