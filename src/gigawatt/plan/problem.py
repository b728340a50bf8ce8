"""From a scenario to a :class:`~gigawatt.plan.data.PlanProblem`.

Demand and existing capacity come from simulating the scenario itself
(``gigawatt.simulate(scenario, samples=K, seed=...)``): ``compute_demand_gw``,
``compute_capacity_gw`` and ``compute_capacity_gw_<country>`` keep every source of
uncertainty. The planning parameters (candidates, offers, regions, settings) enter the LP as
one number per year: each uncertain part at its median (P50), constants as written.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Result
from gigawatt.model.common import slug
from gigawatt.outputs import COMPUTE_CAPACITY_GW, COMPUTE_CAPACITY_GW_COUNTRY, COMPUTE_DEMAND_GW
from gigawatt.plan.data import FloatArray, OfferOption, PlanProblem, RegionRule, SiteOption, power_cost_per_gw_year
from gigawatt.scenario.components.planning import Candidate, Offer, Region
from gigawatt.scenario.distributions import quantile
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.values import Const, Dist, Value, formulas_in, leaves, map_parts


def median_value(value: Value) -> Value:
    """``value`` with every uncertain part replaced by its median (a path stays a path)."""
    if isinstance(value, Dist):
        return Const(quantile(value, 0.5))
    return map_parts(value, lambda _, part: median_value(part))


def median_path(value: Value, years: list[int]) -> FloatArray:
    """The median path of ``value`` over ``years``, shape ``(Y,)``, in the field's canonical unit.

    A formula is evaluated with every field it names at its median (model outputs are not known here:
    a formula that reads one is an error naming it)."""
    draws = {dist.path: np.array([quantile(dist, 0.5)]) for dist in _formula_inputs(value)}
    inputs = Inputs(np.asarray(years), draws, 1)
    return np.asarray(inputs(median_value(value))[0], dtype=float)


def _formula_inputs(value: Value) -> list[Dist]:
    """The uncertain inputs of the fields the formulas in ``value`` name (a formula, or a path's formula
    anchors), through other formulas."""
    found: list[Dist] = []
    for formula in formulas_in(value):
        for named, _ in formula.fields.values():
            found += leaves(named) + _formula_inputs(named)
    return found


def _at(value: Value, years: list[int], year: int) -> float:
    """The median of ``value`` in ``year`` (clamped to the horizon)."""
    index = int(np.clip(year - years[0], 0, len(years) - 1))
    return float(median_path(value, years)[index])


def site_option(c: Candidate, years: list[int]) -> SiteOption:
    """A candidate as the LP sees it (medians; power cost per GW-year from price, PUE and utilisation)."""
    first = max(c.earliest_year, years[0])
    limit = median_path(c.build_limit_gw_per_year, years) if c.build_limit_gw_per_year is not None else np.inf
    return SiteOption(
        name=c.name,
        country=c.country,
        max_gw=_at(c.max_gw, years, first),
        earliest_year=c.earliest_year,
        capex_per_gw=median_path(c.capex_per_gw, years),
        power_per_gw_year=power_cost_per_gw_year(median_path(c.power_price, years), median_path(c.pue, years),
                                                 median_path(c.utilisation, years)),
        build_limit_gw=limit,
        it_share=_at(c.it_share_of_capex, years, first),
        it_life_years=c.it_life_years,
        facility_life_years=c.facility_life_years,
    )


def offer_option(o: Offer, years: list[int]) -> OfferOption:
    """An offer as the LP sees it: ``min_gw`` and ``max_gw`` default to ``gw`` (all or nothing)."""
    size = _at(o.gw, years, o.earliest_year)
    low = _at(o.min_gw, years, o.earliest_year) if o.min_gw is not None else size
    high = _at(o.max_gw, years, o.earliest_year) if o.max_gw is not None else size
    return OfferOption(
        name=o.name,
        counterparty=o.counterparty,
        country=o.country,
        min_gw=low,
        max_gw=max(high, low) if o.max_gw is None else high,
        price_per_gw_year=median_path(o.price_per_gw_year, years),
        term_years=o.term_years,
        earliest_year=o.earliest_year,
        latest_year=o.latest_year if o.latest_year is not None else o.earliest_year,
    )


def region_rule(r: Region, years: list[int], result: Result) -> RegionRule:
    """A region as the LP sees it: its sovereign share of all demand and the capacity already in it."""
    existing = np.zeros((result.samples, len(years)))
    for country in r.countries:
        name = COMPUTE_CAPACITY_GW_COUNTRY.format(country=slug(country))
        if name in result.series:
            existing = existing + result[name]
    share = _at(r.share_of_demand, years, years[0]) * _at(r.sovereign_share, years, years[0])
    return RegionRule(name=r.name, countries=tuple(r.countries), sovereign_share=share, existing_gw=existing)


Simulate = Callable[[Scenario, int, int], Result]


def _simulate(scenario: Scenario, samples: int, seed: int) -> Result:
    import gigawatt

    return gigawatt.simulate(scenario, samples=samples, seed=seed)


def problem_from_scenario(
    scenario: Scenario, samples: int | None = None, seed: int = 1, *, simulate: Simulate = _simulate
) -> PlanProblem:
    """Simulate ``samples`` demand paths of ``scenario`` and state its planning problem.

    Parameters
    ----------
    scenario
        A loaded scenario with ``candidates`` or ``offers``.
    samples
        Demand samples K (default: ``planning.demand_samples``).
    seed
        Seed of the simulation that draws the demand samples.
    simulate
        The simulation to use (tests may pass a stand-in).
    """
    if not scenario.candidates and not scenario.offers:
        raise ValueError(f"scenario {scenario.name!r} has nothing to plan: add `candidates:` (sites that could be "
                         "built) or `offers:` (contracts that could be signed); see docs/planning.md")
    k = samples if samples is not None else scenario.planning.demand_samples
    if k < 1:
        raise ValueError(f"the planner needs at least 1 demand sample; got {k}")
    result = simulate(scenario, k, seed)
    years = [int(y) for y in result.years]
    settings = scenario.planning
    cap = settings.max_expected_unserved_gw
    budget = settings.capex_budget
    return PlanProblem(
        years=years,
        demand_gw=result[COMPUTE_DEMAND_GW],
        existing_gw=result[COMPUTE_CAPACITY_GW],
        sites=[site_option(c, years) for c in scenario.candidates],
        offers=[offer_option(o, years) for o in scenario.offers],
        regions=[region_rule(r, years, result) for r in scenario.regions],
        discount_rate=scenario.horizon.discount_rate,
        unserved_penalty=median_path(settings.unserved_penalty_per_gw_year, years),
        capex_budget=_at(budget, years, years[0]) if budget is not None else None,
        max_expected_unserved_gw=median_path(cap, years) if cap is not None else None,
        name=scenario.name,
    )
