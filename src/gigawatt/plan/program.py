"""The capacity-expansion programme in linopy, one ``define_*`` function per part.

Two stages (docs/planning.md gives the equations):

- first stage, shared by every demand sample: ``build[site, year]`` (new GW online that
  year), ``sign[offer, start]`` (GW contracted from that start year), ``take[offer]`` (binary,
  only when an offer has a minimum size);
- second stage, per sample ``k`` and year: ``unserved[sample, year]`` (GW of demand not
  served) and ``unserved_sovereign[sample, year, region]`` (sovereign demand not served in
  its region).

Money inside the programme is in billions of USD (:data:`MONEY`) so that the coefficients stay
near 1; :mod:`gigawatt.plan.result` converts back to USD.
"""

from __future__ import annotations

from dataclasses import dataclass

import linopy  # the `[plan]` extra: gigawatt.plan.solve.require_solver checks for it first
import numpy as np
import xarray as xr

from gigawatt.plan.costs import Coefficients, coefficients
from gigawatt.plan.data import FloatArray, PlanProblem, RegionRule

MONEY = 1e9
"""USD per money unit inside the LP (billions)."""


@dataclass
class PlanModel:
    """A built programme with what is needed to read its solution."""

    model: linopy.Model
    problem: PlanProblem
    coef: Coefficients
    sovereign: list[RegionRule]
    has_binaries: bool


def _years(problem: PlanProblem) -> list[int]:
    return problem.year_list


def _da(values: np.ndarray, *dims: tuple[str, list]) -> xr.DataArray:
    return xr.DataArray(np.asarray(values), coords=[(name, labels) for name, labels in dims])


def define_builds(m: linopy.Model, p: PlanProblem, c: Coefficients) -> linopy.Variable | None:
    """``build[site, year] >= 0``: new GW online in ``year``; fixed at 0 before the site's earliest year."""
    if not p.sites:
        return None
    upper = np.where(c.build_open, np.inf, 0.0)
    return m.add_variables(lower=0.0, upper=_da(upper, ("site", [s.name for s in p.sites]), ("year", _years(p))),
                           name="build")


def define_offers(
    m: linopy.Model, p: PlanProblem, c: Coefficients, fixed_take: dict[str, float] | None, relax: bool
) -> tuple[linopy.Variable | None, linopy.Variable | None]:
    """``sign[offer, start] >= 0`` (0 outside the start window) and, when an offer has a minimum, ``take[offer]``.

    ``take`` is binary (continuous in [0, 1] with ``relax``); it is not created when
    ``fixed_take`` gives its values (the LP re-solve for shadow prices) or no offer needs it.
    """
    if not p.offers:
        return None, None
    names = [o.name for o in p.offers]
    upper = np.where(c.offer_open, np.inf, 0.0)
    sign = m.add_variables(lower=0.0, upper=_da(upper, ("offer", names), ("start", _years(p))), name="sign")
    if fixed_take is not None or not any(o.min_gw > 0 for o in p.offers):
        return sign, None
    if relax:
        take = m.add_variables(lower=0.0, upper=1.0, coords=[("offer", names)], name="take")
    else:
        take = m.add_variables(binary=True, coords=[("offer", names)], name="take")
    return sign, take


def define_unserved(
    m: linopy.Model, p: PlanProblem, sovereign: list[RegionRule]
) -> tuple[linopy.Variable, linopy.Variable | None]:
    """Unserved GW per sample and year: the flexible part and, per sovereign region, the sovereign part.

    Bounds: each part at most the demand it belongs to (``sovereign share x demand`` for a
    region, the rest for the flexible part).
    """
    samples, years = list(range(p.n_samples)), _years(p)
    demand = p.demand
    sovereign_demand = _sovereign_demand(p, sovereign)
    flexible = np.maximum(demand - sovereign_demand.sum(axis=2), 0.0)
    unserved = m.add_variables(lower=0.0, upper=_da(flexible, ("sample", samples), ("year", years)), name="unserved")
    if not sovereign:
        return unserved, None
    upper = _da(sovereign_demand, ("sample", samples), ("year", years), ("region", [r.name for r in sovereign]))
    return unserved, m.add_variables(lower=0.0, upper=upper, name="unserved_sovereign")


def _sovereign_demand(p: PlanProblem, sovereign: list[RegionRule]) -> FloatArray:
    """``(K, Y, R)``: sovereign demand of each region."""
    shares = np.array([r.sovereign_share for r in sovereign], dtype=float).reshape(1, 1, -1)
    return p.demand[:, :, None] * shares


def _membership(p: PlanProblem, sovereign: list[RegionRule], countries: list[str], dim: str,
                names: list[str]) -> xr.DataArray:
    table = np.array([[1.0 if p.in_region(r, c) else 0.0 for c in countries] for r in sovereign]).reshape(
        len(sovereign), len(countries))
    return _da(table, ("region", [r.name for r in sovereign]), (dim, names))


def define_new_capacity(
    m: linopy.Model,
    p: PlanProblem,
    c: Coefficients,
    build: linopy.Variable | None,
    sign: linopy.Variable | None,
    sovereign: list[RegionRule],
) -> tuple[linopy.Variable, linopy.Variable | None]:
    """``new_gw[year]`` (and ``new_gw_region[region, year]``): GW the plan adds, defined by equalities.

    ``new_capacity``: ``new_gw[y] = sum_i sum_{t<=y} build[i, t] + sum_o sum_t active[o, t, y] sign[o, t]``;
    ``new_capacity_region``: the same over the sites and offers in a region's countries.
    The auxiliary variables keep the per-sample rows short (3 terms, not one per site).
    """
    years = _years(p)
    online = build.cumsum("year") if build is not None else None
    contracted = None
    if sign is not None:
        active = _da(c.offer_active, ("offer", [o.name for o in p.offers]), ("start", years), ("year", years))
        contracted = (sign * active).sum("start")
    new_gw = m.add_variables(lower=0.0, coords=[("year", years)], name="new_gw")
    lhs = new_gw.to_linexpr()
    if online is not None:
        lhs = lhs - online.sum("site")
    if contracted is not None:
        lhs = lhs - contracted.sum("offer")
    m.add_constraints(lhs == 0.0, name="new_capacity")
    if not sovereign:
        return new_gw, None
    regions = [r.name for r in sovereign]
    new_region = m.add_variables(lower=0.0, coords=[("region", regions), ("year", years)], name="new_gw_region")
    lhs = new_region.to_linexpr()
    if online is not None:
        names = [s.name for s in p.sites]
        lhs = lhs - (online * _membership(p, sovereign, [s.country for s in p.sites], "site", names)).sum("site")
    if contracted is not None:
        names = [o.name for o in p.offers]
        lhs = lhs - (contracted * _membership(p, sovereign, [o.country for o in p.offers], "offer", names)).sum(
            "offer")
    m.add_constraints(lhs == 0.0, name="new_capacity_region")
    return new_gw, new_region


def define_capacity(
    m: linopy.Model,
    p: PlanProblem,
    new_gw: linopy.Variable,
    unserved: linopy.Variable,
    unserved_sovereign: linopy.Variable | None,
) -> None:
    """``capacity[k, y]``: ``new_gw[y] + unserved[k, y] + sum_r unserved_sovereign[k, y, r] >= D[k, y] - E[k, y]``."""
    rhs = _da(p.demand - p.existing, ("sample", list(range(p.n_samples))), ("year", _years(p)))
    lhs = new_gw + unserved
    if unserved_sovereign is not None:
        lhs = lhs + unserved_sovereign.sum("region")
    m.add_constraints(lhs >= rhs, name="capacity")


def define_sovereign(
    m: linopy.Model,
    p: PlanProblem,
    sovereign: list[RegionRule],
    new_region: linopy.Variable | None,
    unserved_sovereign: linopy.Variable | None,
) -> None:
    """``sovereign[k, y, r]``: ``new_gw_region[r, y] + unserved_sovereign[k, y, r] >= S_r[k, y] - E_r[k, y]``.

    Sovereign demand is served by capacity in the region's countries or not at all.
    """
    if not sovereign or new_region is None or unserved_sovereign is None:
        return
    existing = np.stack([p.region_existing(r) for r in sovereign], axis=2)
    rhs = _da(_sovereign_demand(p, sovereign) - existing, ("sample", list(range(p.n_samples))),
              ("year", _years(p)), ("region", [r.name for r in sovereign]))
    m.add_constraints(new_region + unserved_sovereign >= rhs, name="sovereign")


def define_site_max(m: linopy.Model, p: PlanProblem, build: linopy.Variable | None) -> None:
    """``site_max[i]``: ``sum_t build[i, t] <= max_gw_i``."""
    if build is None:
        return
    limit = _da(np.array([s.max_gw for s in p.sites], dtype=float), ("site", [s.name for s in p.sites]))
    m.add_constraints(build.sum("year") <= limit, name="site_max")


def define_build_limit(m: linopy.Model, p: PlanProblem, c: Coefficients, build: linopy.Variable | None) -> None:
    """``build_limit[i, t]``: ``build[i, t] <= limit_i(t)`` where a limit is given (rows with no limit are dropped)."""
    if build is None or not np.any(np.isfinite(c.build_limit) & c.build_open):
        return
    limit = _da(np.where(c.build_open, c.build_limit, np.inf), ("site", [s.name for s in p.sites]),
                ("year", _years(p)))
    m.add_constraints(build <= limit, name="build_limit")


def define_offer_size(
    m: linopy.Model,
    p: PlanProblem,
    sign: linopy.Variable | None,
    take: linopy.Variable | None,
    fixed_take: dict[str, float] | None,
) -> None:
    """``offer_max[o]``: ``sum_t sign[o, t] <= max_gw_o x take_o``; ``offer_min[o]``: ``>= min_gw_o x take_o``.

    Without binaries ``take_o = 1`` (``offer_max`` alone); with ``fixed_take`` its values are constants.
    """
    if sign is None:
        return
    names = [o.name for o in p.offers]
    high = _da(np.array([o.max_gw for o in p.offers], dtype=float), ("offer", names))
    low = _da(np.array([o.min_gw for o in p.offers], dtype=float), ("offer", names))
    total = sign.sum("start")
    if take is not None:
        m.add_constraints(total - high * take <= 0.0, name="offer_max")
        m.add_constraints(total - low * take >= 0.0, name="offer_min")
        return
    chosen = _da(np.array([(fixed_take or {}).get(n, 1.0) for n in names], dtype=float), ("offer", names))
    m.add_constraints(total <= high * chosen, name="offer_max")
    if any(o.min_gw > 0 for o in p.offers):
        m.add_constraints(total >= low * chosen, name="offer_min")


def define_capex_budget(m: linopy.Model, p: PlanProblem, c: Coefficients, build: linopy.Variable | None) -> None:
    """``capex_budget``: ``sum_{i,t} spend_i(t) build[i, t] <= budget`` (undiscounted capex with IT refreshes)."""
    if p.capex_budget is None or build is None:
        return
    spend = _da(c.build_spend / MONEY, ("site", [s.name for s in p.sites]), ("year", _years(p)))
    m.add_constraints((spend * build).sum() <= p.capex_budget / MONEY, name="capex_budget")


def define_unserved_cap(
    m: linopy.Model, p: PlanProblem, unserved: linopy.Variable, unserved_sovereign: linopy.Variable | None
) -> None:
    """``unserved_cap[y]``: ``(1/K) sum_k (unserved[k, y] + sum_r unserved_sovereign[k, y, r]) <= cap(y)``."""
    if p.max_expected_unserved_gw is None:
        return
    total = unserved.sum("sample")
    if unserved_sovereign is not None:
        total = total + unserved_sovereign.sum(["sample", "region"])
    cap = _da(np.asarray(p.max_expected_unserved_gw, dtype=float), ("year", _years(p)))
    m.add_constraints(total / p.n_samples <= cap, name="unserved_cap")


def define_objective(
    m: linopy.Model,
    p: PlanProblem,
    c: Coefficients,
    build: linopy.Variable | None,
    sign: linopy.Variable | None,
    unserved: linopy.Variable,
    unserved_sovereign: linopy.Variable | None,
) -> None:
    """Minimise the expected present value: site annuities and power, contract payments, unserved penalty."""
    years = _years(p)
    weight = _da(c.unserved_pv / MONEY, ("year", years))
    objective = (unserved * weight).sum()
    if unserved_sovereign is not None:
        objective = objective + (unserved_sovereign * weight).sum()
    if build is not None:
        cost = _da((c.build_capex_pv + c.build_power_pv) / MONEY, ("site", [s.name for s in p.sites]), ("year", years))
        objective = objective + (build * cost).sum()
    if sign is not None:
        cost = _da(c.offer_pv / MONEY, ("offer", [o.name for o in p.offers]), ("start", years))
        objective = objective + (sign * cost).sum()
    m.add_objective(objective)


def build_model(problem: PlanProblem, *, fixed_take: dict[str, float] | None = None, relax: bool = False) -> PlanModel:
    """Create the programme for ``problem``.

    Parameters
    ----------
    problem
        The planning problem.
    fixed_take
        ``{offer: 0 or 1}``: fix the sign-or-not choices (an LP whose duals are the shadow prices
        of the mixed-integer optimum).
    relax
        Make ``take`` continuous in [0, 1] (the LP relaxation, used to explain infeasibility).
    """
    m = linopy.Model()
    c = coefficients(problem)
    sovereign = [r for r in problem.regions if r.sovereign_share > 0]
    build = define_builds(m, problem, c)
    sign, take = define_offers(m, problem, c, fixed_take, relax)
    unserved, unserved_sovereign = define_unserved(m, problem, sovereign)
    new_gw, new_region = define_new_capacity(m, problem, c, build, sign, sovereign)
    define_capacity(m, problem, new_gw, unserved, unserved_sovereign)
    define_sovereign(m, problem, sovereign, new_region, unserved_sovereign)
    define_site_max(m, problem, build)
    define_build_limit(m, problem, c, build)
    define_offer_size(m, problem, sign, take, fixed_take)
    define_capex_budget(m, problem, c, build)
    define_unserved_cap(m, problem, unserved, unserved_sovereign)
    define_objective(m, problem, c, build, sign, unserved, unserved_sovereign)
    return PlanModel(m, problem, c, sovereign, has_binaries=take is not None and not relax)
