"""Cost coefficients of the planning LP, from a :class:`~gigawatt.plan.data.PlanProblem`.

Index ``t`` is the year new capacity comes online (or a contract starts), ``y`` a year of the
horizon, ``d(y) = (1 + r)^-(y - y0)`` the discount factor. All money in USD.

- A GW online at site ``i`` from year ``t`` costs, every year ``y >= t`` of the horizon, its
  capital annuity ``a_i(t) = capex_i(t) x (s CRF(r, L_IT) + (1 - s) CRF(r, L_facility))`` (``s``:
  IT share; the IT annuity over the IT life stands for buying the hardware again at each
  refresh) plus its power ``p_i(y)``. Annuities keep the end of the horizon fair: a GW built
  in the last year pays one year of its cost, not all of it.
- A GW of offer ``o`` starting in ``t`` pays ``price_o(y)`` in each year of its term.
- Capex spend (for the budget and the report) counts the full capex of new GW and the IT
  part again at each refresh that falls in the horizon, undiscounted -- the cash the
  simulation's ``capex`` series shows for those GW.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gigawatt.plan.data import FloatArray, PlanProblem, SiteOption, capital_recovery_factor


@dataclass(frozen=True)
class Coefficients:
    """Per-unit costs and availability of every first-stage decision.

    Attributes
    ----------
    build_capex_pv, build_power_pv
        ``(S, Y)``: present value of capital annuities and of power over the horizon for one
        GW online from year ``t``, USD per GW.
    build_spend
        ``(S, Y)``: undiscounted capex (with IT refreshes in the horizon) per GW online from ``t``.
    build_open
        ``(S, Y)`` bool: the site can add GW online in year ``t``.
    build_limit
        ``(S, Y)``: most new GW online at the site in year ``t`` (``inf``: no limit).
    offer_pv
        ``(O, Y)``: present value of payments per GW of an offer starting in ``t``.
    offer_paid
        ``(O, Y)``: undiscounted payments in the horizon per GW of an offer starting in ``t``.
    offer_open
        ``(O, Y)`` bool: the offer can start in year ``t``.
    offer_active
        ``(O, Y, Y)``: 1 when a GW starting in ``t`` (axis 1) is online in year ``y`` (axis 2).
    unserved_pv
        ``(Y,)``: present value of one GW unserved in year ``y`` in every sample, divided by K
        (the weight of one sample's unserved GW in the expected cost).
    discount
        ``(Y,)``: discount factors.
    """

    build_capex_pv: FloatArray
    build_power_pv: FloatArray
    build_spend: FloatArray
    build_open: np.ndarray
    build_limit: FloatArray
    offer_pv: FloatArray
    offer_paid: FloatArray
    offer_open: np.ndarray
    offer_active: FloatArray
    unserved_pv: FloatArray
    discount: FloatArray


def annuity_factor(site: SiteOption, rate: float) -> float:
    """Yearly capital cost per dollar of capex at a site (IT and facility annuities blended)."""
    return site.it_share * capital_recovery_factor(rate, site.it_life_years) + (
        1.0 - site.it_share) * capital_recovery_factor(rate, site.facility_life_years)


def _from_t(values: FloatArray) -> FloatArray:
    """``out[..., t] = sum of values[..., y] for y >= t`` (a reversed cumulative sum over years)."""
    return np.flip(np.cumsum(np.flip(values, axis=-1), axis=-1), axis=-1)


def _site_rows(problem: PlanProblem, site: SiteOption, discount: FloatArray) -> tuple[np.ndarray, ...]:
    years = np.asarray(problem.years)
    capex = problem.yearly(site.capex_per_gw, f"{site.name}.capex_per_gw")
    power = problem.yearly(site.power_per_gw_year, f"{site.name}.power_per_gw_year")
    remaining_pv = _from_t(discount)  # sum of d(y) for y >= t
    capex_pv = capex * annuity_factor(site, problem.discount_rate) * remaining_pv
    power_pv = _from_t(discount * power)
    spend = capex.copy()
    life = site.it_life_years
    for t in range(len(years)):
        refresh = np.arange(t + life, len(years), life)
        spend[t] += site.it_share * capex[refresh].sum()
    limit = problem.yearly(site.build_limit_gw, f"{site.name}.build_limit_gw")
    return capex_pv, power_pv, spend, years >= site.earliest_year, limit


def coefficients(problem: PlanProblem) -> Coefficients:
    """Every cost coefficient of the LP (see the module docstring for the formulas)."""
    years = np.asarray(problem.years)
    n_years = len(years)
    discount = problem.discount()
    rows = [_site_rows(problem, site, discount) for site in problem.sites]

    def stack(i: int, dtype: type = float) -> np.ndarray:
        return np.array([r[i] for r in rows], dtype=dtype).reshape(len(rows), n_years)

    active = np.zeros((len(problem.offers), n_years, n_years))
    price = np.zeros((len(problem.offers), n_years))
    offer_open = np.zeros((len(problem.offers), n_years), dtype=bool)
    start, online = years.reshape(-1, 1), years.reshape(1, -1)
    for o, offer in enumerate(problem.offers):
        active[o] = (online >= start) & (online < start + offer.term_years)
        price[o] = problem.yearly(offer.price_per_gw_year, f"{offer.name}.price_per_gw_year")
        offer_open[o] = (years >= offer.earliest_year) & (years <= offer.latest_year)
    return Coefficients(
        build_capex_pv=stack(0),
        build_power_pv=stack(1),
        build_spend=stack(2),
        build_open=stack(3, bool),
        build_limit=stack(4),
        offer_pv=np.einsum("oty,oy,y->ot", active, price, discount),
        offer_paid=np.einsum("oty,oy->ot", active, price),
        offer_open=offer_open,
        offer_active=active,
        unserved_pv=discount * problem.yearly(problem.unserved_penalty) / problem.n_samples,
        discount=discount,
    )
