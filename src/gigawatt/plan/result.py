"""What a solved plan says: builds, contracts, unserved demand, costs and shadow prices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gigawatt.plan.costs import Coefficients
from gigawatt.plan.data import FloatArray, PlanProblem

#: Limits the planner reports when they bind: constraint -> (dimensions, scenario setting, unit, meaning).
LIMITS: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "site_max": (("site",), "candidates.{site}.max_gw", "USD per GW", "one more GW allowed at {site}"),
    "build_limit": (("site", "year"), "candidates.{site}.build_limit_gw_per_year", "USD per GW",
                    "one more GW buildable at {site} in {year}"),
    "offer_max": (("offer",), "offers.{offer}.max_gw", "USD per GW", "one more GW on offer from {offer}"),
    "offer_min": (("offer",), "offers.{offer}.min_gw", "USD per GW", "a minimum deal 1 GW larger at {offer}"),
    "capex_budget": ((), "planning.capex_budget", "USD per USD", "one more dollar of capex budget"),
    "unserved_cap": (("year",), "planning.max_expected_unserved_gw", "USD per GW",
                     "allowing 1 GW more expected unserved demand in {year}"),
}

TOLERANCE = 1e-7
"""Shadow prices smaller than this (in the LP's money unit per unit) count as zero: the limit does not bind."""


@dataclass(frozen=True)
class Binding:
    """A limit that binds at the optimum, with its shadow price.

    ``shadow_price`` is the change of the optimal expected cost (USD, present value at the
    first year) per unit more of the limit: negative when raising the limit saves money.
    """

    constraint: str
    at: dict[str, Any]
    shadow_price: float
    unit: str
    setting: str
    meaning: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"constraint": self.constraint, "at": self.at, "shadow_price": self.shadow_price, "unit": self.unit,
                "setting": self.setting, "meaning": self.meaning}


@dataclass
class PlanResult:
    """An optimal plan.

    Attributes
    ----------
    problem
        The problem solved.
    objective
        Optimal expected cost, USD, present value at the first year.
    build
        ``(S, Y)``: new GW online at each site in each year.
    sign
        ``(O, Y)``: GW contracted from each offer starting in each year.
    unserved
        ``(K, Y)``: unserved GW per demand sample and year (sovereign parts included).
    unserved_sovereign
        ``(K, Y, R)``: sovereign demand not served in its region (R: regions with a sovereign share).
    costs
        Present values (USD) of ``capex_annuities``, ``power``, ``contracts``, ``unserved_penalty``
        and ``total``; undiscounted ``capex_spend`` and ``contract_payments`` within the horizon.
    binding
        Limits that bind, with shadow prices.
    capacity_value
        ``(Y,)``: fall of the expected cost (USD, present value) if 1 GW more were available in
        that year in every sample -- what capacity is worth to the plan, year by year.
    mixed_integer
        True when some offer had a minimum size (solved as a MIP, shadow prices from the LP with
        the sign-or-not choices fixed).
    """

    problem: PlanProblem
    objective: float
    build: FloatArray
    sign: FloatArray
    unserved: FloatArray
    unserved_sovereign: FloatArray
    sovereign_regions: list[str]
    costs: dict[str, float]
    binding: list[Binding]
    capacity_value: FloatArray
    mixed_integer: bool = False
    build_seconds: float = 0.0
    solve_seconds: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        """Planning years."""
        return self.problem.year_list

    @property
    def online(self) -> FloatArray:
        """``(S, Y)``: GW the plan has online at each site (cumulative builds)."""
        return np.cumsum(self.build, axis=1)

    @property
    def contracted(self) -> FloatArray:
        """``(O, Y)``: GW active from each signed offer in each year."""
        if not self.problem.offers:
            return np.zeros((0, self.problem.n_years))
        from gigawatt.plan.costs import coefficients

        return np.einsum("ot,oty->oy", self.sign, coefficients(self.problem).offer_active)

    @property
    def expected_unserved(self) -> FloatArray:
        """``(Y,)``: mean unserved GW over the demand samples."""
        return np.asarray(self.unserved.mean(axis=0))

    def site_values(self) -> dict[str, float]:
        """What one more GW of ``max_gw`` at each site would save (USD, present value; 0 when not binding)."""
        out = {s.name: 0.0 for s in self.problem.sites}
        for b in self.binding:
            if b.constraint == "site_max":
                out[str(b.at["site"])] = -b.shadow_price
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``gigawatt plan --json`` (GW, USD; present values at the first year)."""
        p = self.problem
        years = self.years
        builds = {s.name: _row(self.build[i]) for i, s in enumerate(p.sites) if self.build[i].sum() > 1e-9}
        contracts = []
        for o, offer in enumerate(p.offers):
            if self.sign[o].sum() <= 1e-9:
                continue
            starts = {str(y): round(float(v), 6) for y, v in zip(years, self.sign[o], strict=True) if v > 1e-9}
            contracts.append({"offer": offer.name, "counterparty": offer.counterparty, "country": offer.country,
                              "gw": round(float(self.sign[o].sum()), 6), "starts": starts,
                              "term_years": offer.term_years, "gw_by_year": _row(self.contracted[o])})
        unserved = self.unserved
        return {
            **self.meta,
            "years": years,
            "samples": p.n_samples,
            "objective": self.objective,
            "mixed_integer": self.mixed_integer,
            "builds": builds,
            "online": {s.name: _row(self.online[i]) for i, s in enumerate(p.sites) if self.build[i].sum() > 1e-9},
            "contracts": contracts,
            "unserved_gw": {"mean": _row(unserved.mean(axis=0)), "p95": _row(np.quantile(unserved, 0.95, axis=0)),
                            "share_of_samples_short": _row((unserved > 1e-6).mean(axis=0))},
            "unserved_sovereign_gw": {r: _row(self.unserved_sovereign[:, :, j].mean(axis=0))
                                      for j, r in enumerate(self.sovereign_regions)},
            "demand_gw": {"mean": _row(p.demand.mean(axis=0)), "p95": _row(np.quantile(p.demand, 0.95, axis=0))},
            "existing_gw": {"mean": _row(p.existing.mean(axis=0))},
            "costs": self.costs,
            "capacity_value_per_gw": _row(self.capacity_value),
            "site_value_per_gw": self.site_values(),
            "binding": [b.to_dict() for b in self.binding],
            "timing": {"build_seconds": self.build_seconds, "solve_seconds": self.solve_seconds},
        }


def _row(values: FloatArray) -> list[float]:
    return [round(float(v), 6) for v in np.asarray(values)]


def cost_breakdown(problem: PlanProblem, coef: Coefficients, build: FloatArray, sign: FloatArray,
                   unserved: FloatArray) -> dict[str, float]:
    """Present values (USD) of each cost of a plan, and its undiscounted capex and contract payments."""
    costs = {
        "capex_annuities": float((coef.build_capex_pv * build).sum()),
        "power": float((coef.build_power_pv * build).sum()),
        "contracts": float((coef.offer_pv * sign).sum()),
        "unserved_penalty": float((unserved.sum(axis=0) * coef.unserved_pv).sum()),
    }
    costs["total"] = sum(costs.values())
    costs["capex_spend"] = float((coef.build_spend * build).sum())
    costs["contract_payments"] = float((coef.offer_paid * sign).sum())
    return costs


def binding_limits(duals: dict[str, Any], money: float) -> list[Binding]:
    """The limits with a shadow price, from ``{constraint: dual DataArray}`` (LP money units)."""
    out: list[Binding] = []
    for name, (dims, setting, unit, meaning) in LIMITS.items():
        dual = duals.get(name)
        if dual is None:
            continue
        scale = 1.0 if name == "capex_budget" else money
        if dims:
            dual = dual.transpose(*dims)
        values = np.nan_to_num(np.asarray(dual.values, dtype=float).reshape(-1) if dims else
                               np.asarray([float(dual.values)]))
        coords = [dict(zip(dims, idx, strict=True)) for idx in _index(dual, dims)]
        for value, at in zip(values, coords, strict=True):
            if abs(value) <= TOLERANCE:
                continue
            out.append(Binding(name, at, float(value) * scale, unit, setting.format(**at), meaning.format(**at)))
    return sorted(out, key=lambda b: b.shadow_price)


def _index(dual: Any, dims: tuple[str, ...]) -> list[tuple[Any, ...]]:
    if not dims:
        return [()]
    labels = [[_plain(v) for v in dual.coords[d].values] for d in dims]
    grids = np.meshgrid(*[np.arange(len(v)) for v in labels], indexing="ij")
    return [tuple(labels[j][int(g.reshape(-1)[i])] for j, g in enumerate(grids)) for i in range(grids[0].size)]


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value
