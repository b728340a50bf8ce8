"""With one demand sample the plan is a plain LP: the same problem written independently with scipy's linprog
must give the same optimum."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

from gigawatt.plan import OfferOption, PlanProblem, RegionRule, SiteOption, solve

from .helpers import B

YEARS = [2025, 2026, 2027, 2028]
RATE = 0.08


def _problem(seed: int) -> PlanProblem:
    rng = np.random.default_rng(seed)
    sites = [
        SiteOption(f"s{i}", country, float(rng.uniform(0.5, 2.0)), 2025 + int(rng.integers(0, 3)),
                   capex_per_gw=rng.uniform(30, 60, size=4) * B, power_per_gw_year=float(rng.uniform(0.3, 0.8)) * B,
                   build_limit_gw=float(rng.choice([0.4, 0.8, np.inf])), it_share=float(rng.uniform(0.5, 0.8)),
                   it_life_years=int(rng.integers(3, 6)), facility_life_years=20)
        for i, country in enumerate(["US", "US", "UAE"])
    ]
    offers = [OfferOption("cloud", "Cloud Co", "US", 0.0, float(rng.uniform(0.5, 1.5)),
                          price_per_gw_year=rng.uniform(10, 14, size=4) * B, term_years=2, earliest_year=2026,
                          latest_year=2027)]
    demand = np.cumsum(rng.uniform(0.5, 1.2, size=4))
    region = RegionRule("gulf", ("UAE",), sovereign_share=0.15, existing_gw=[0.05, 0.05, 0.05, 0.05])
    return PlanProblem(years=YEARS, demand_gw=demand, existing_gw=0.3, sites=sites, offers=offers,
                       regions=[region], discount_rate=RATE, unserved_penalty=25 * B, capex_budget=120 * B,
                       max_expected_unserved_gw=[2.0, 1.5, 1.5, 1.5])


def _crf(rate: float, life: int) -> float:
    return rate / (1 - (1 + rate) ** -life)


def _by_linprog(p: PlanProblem) -> float:
    """Variables: build[i, t] (S x Y), sign[o, t] (O x Y), unserved[y] (Y), unserved_sovereign[y] (Y)."""
    n_y, n_s, n_o = len(YEARS), len(p.sites), len(p.offers)
    disc = np.array([(1 + RATE) ** -j for j in range(n_y)])
    demand, existing = p.demand[0], p.existing[0]
    region = p.regions[0]
    sov_demand = region.sovereign_share * demand
    sov_existing = np.asarray(region.existing_gw, dtype=float).reshape(-1)
    n = n_s * n_y + n_o * n_y + 2 * n_y
    b = lambda i, t: i * n_y + t  # noqa: E731
    s = lambda o, t: n_s * n_y + o * n_y + t  # noqa: E731
    u = lambda y: n_s * n_y + n_o * n_y + y  # noqa: E731
    v = lambda y: n_s * n_y + n_o * n_y + n_y + y  # noqa: E731
    cost = np.zeros(n)
    bounds: list[tuple[float, float | None]] = [(0.0, None)] * n
    a_ub: list[np.ndarray] = []
    b_ub: list[float] = []

    def row() -> np.ndarray:
        return np.zeros(n)

    for i, site in enumerate(p.sites):
        capex = np.asarray(site.capex_per_gw, dtype=float)
        annuity = site.it_share * _crf(RATE, site.it_life_years) + (1 - site.it_share) * _crf(
            RATE, site.facility_life_years)
        for t in range(n_y):
            cost[b(i, t)] = sum(disc[y] * (capex[t] * annuity + float(site.power_per_gw_year))
                                for y in range(t, n_y))
            if YEARS[t] < site.earliest_year:
                bounds[b(i, t)] = (0.0, 0.0)
            elif np.isfinite(float(site.build_limit_gw)):
                bounds[b(i, t)] = (0.0, float(site.build_limit_gw))
        r = row()
        r[[b(i, t) for t in range(n_y)]] = 1.0
        a_ub.append(r)
        b_ub.append(site.max_gw)
    for o, offer in enumerate(p.offers):
        price = np.asarray(offer.price_per_gw_year, dtype=float)
        for t in range(n_y):
            cost[s(o, t)] = sum(disc[y] * price[y] for y in range(t, min(t + offer.term_years, n_y)))
            if not offer.earliest_year <= YEARS[t] <= offer.latest_year:
                bounds[s(o, t)] = (0.0, 0.0)
        r = row()
        r[[s(o, t) for t in range(n_y)]] = 1.0
        a_ub.append(r)
        b_ub.append(offer.max_gw)
    for y in range(n_y):
        cost[u(y)] = cost[v(y)] = disc[y] * 25 * B
        bounds[u(y)] = (0.0, demand[y] - sov_demand[y])
        bounds[v(y)] = (0.0, sov_demand[y])
        # capacity: everything new online in y, plus unserved, covers demand beyond existing  (as <=: negate)
        total, in_region = row(), row()
        for i, site in enumerate(p.sites):
            for t in range(y + 1):
                total[b(i, t)] = -1.0
                if site.country == "UAE":
                    in_region[b(i, t)] = -1.0
        for o, offer in enumerate(p.offers):
            for t in range(n_y):
                if t <= y < t + offer.term_years:
                    total[s(o, t)] = -1.0
        total[u(y)] = total[v(y)] = -1.0
        a_ub.append(total)
        b_ub.append(existing[y] - demand[y])
        in_region[v(y)] = -1.0
        a_ub.append(in_region)
        b_ub.append(sov_existing[y] - sov_demand[y])
        cap = row()
        cap[[u(y), v(y)]] = 1.0
        a_ub.append(cap)
        b_ub.append(float(np.asarray(p.max_expected_unserved_gw)[y]))
    budget = row()
    for i, site in enumerate(p.sites):
        capex = np.asarray(site.capex_per_gw, dtype=float)
        for t in range(n_y):
            refreshes = range(t + site.it_life_years, n_y, site.it_life_years)
            budget[b(i, t)] = capex[t] + site.it_share * sum(capex[k] for k in refreshes)
    a_ub.append(budget)
    b_ub.append(120 * B)
    scale = 1e9
    solution = linprog(cost / scale, A_ub=np.array(a_ub) / np.array([[scale if r is budget else 1.0]
                                                                    for r in a_ub]),
                       b_ub=np.array(b_ub) / np.array([scale if r is budget else 1.0 for r in a_ub]),
                       bounds=bounds, method="highs")
    assert solution.status == 0, solution.message
    return float(solution.fun) * scale


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_sample_optimum_equals_linprog(seed: int) -> None:
    problem = _problem(seed)
    result = solve(problem)
    assert result.objective == pytest.approx(_by_linprog(problem), rel=1e-7)
    assert result.costs["total"] == pytest.approx(result.objective, rel=1e-7)
    assert result.costs["capex_spend"] <= 120 * B * (1 + 1e-9)
