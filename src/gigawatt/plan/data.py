"""The planning problem as plain numbers: what the LP is built from.

A :class:`PlanProblem` holds demand samples and existing capacity as arrays ``(K, Y)`` and
the options (candidate sites, contract offers) and rules (sovereign regions, budget, cap on
unserved demand) with one number per year. It can be written by hand -- the tests do, so
that hand-solved instances do not depend on the simulation -- or made from a scenario with
:func:`gigawatt.plan.problem.problem_from_scenario`.

Money is in USD, power in GW of IT load, years are calendar years.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from gigawatt.model.common import slug

FloatArray = npt.NDArray[np.float64]
Number = float | int | npt.ArrayLike

HOURS_PER_YEAR = 8760.0
"""Hours of electricity billed in a year (as in the model's power cost)."""


def power_cost_per_gw_year(power_price: Number, pue: Number, utilisation: Number) -> FloatArray:
    """Electricity cost of one GW of IT capacity for a year, USD: ``1000 MW x 8760 h x util x PUE x $/MWh``."""
    return np.asarray(power_price, dtype=float) * np.asarray(pue, dtype=float) * np.asarray(
        utilisation, dtype=float) * HOURS_PER_YEAR * 1000.0


def capital_recovery_factor(rate: float, life_years: int) -> float:
    """The annuity per dollar of capital: ``r / (1 - (1 + r)^-L)``, or ``1 / L`` when ``r = 0``."""
    if life_years < 1:
        raise ValueError(f"an asset life must be at least 1 year; got {life_years}")
    if rate == 0:
        return 1.0 / life_years
    return float(rate / -np.expm1(-life_years * np.log1p(rate)))  # stable for tiny rates


@dataclass(frozen=True)
class SiteOption:
    """A candidate site. Yearly fields take one number or one per planning year.

    Parameters
    ----------
    name, country
        Identifier and country (matched to regions case-insensitively).
    max_gw
        Most GW the site can ever hold.
    earliest_year
        First year new GW can be online.
    capex_per_gw
        Capital cost per GW, USD, by the year the GW come online.
    power_per_gw_year
        Electricity per GW-year of capacity, USD, by year (see :func:`power_cost_per_gw_year`).
    build_limit_gw
        Most new GW online in one year (``inf``: no limit).
    it_share, it_life_years, facility_life_years
        Split of capex into IT (refreshed every ``it_life_years``) and facility, for the annuity.
    """

    name: str
    country: str
    max_gw: float
    earliest_year: int
    capex_per_gw: Number
    power_per_gw_year: Number = 0.0
    build_limit_gw: Number = np.inf
    it_share: float = 0.7
    it_life_years: int = 5
    facility_life_years: int = 20


@dataclass(frozen=True)
class OfferOption:
    """A contract offer: between ``min_gw`` and ``max_gw`` GW (or nothing) starting in a year of the window.

    ``price_per_gw_year`` (USD, one number or one per year) is paid in every year of the term
    that falls in the horizon, whatever the demand (take or pay). With ``min_gw > 0`` the
    choice "sign or not" is a binary variable and the plan a mixed-integer programme.
    """

    name: str
    counterparty: str
    country: str
    min_gw: float
    max_gw: float
    price_per_gw_year: Number
    term_years: int
    earliest_year: int
    latest_year: int


@dataclass(frozen=True)
class RegionRule:
    """Sovereignty: ``sovereign_share`` of all demand must be served by capacity in ``countries``.

    ``sovereign_share`` is the region's share of demand times its sovereign share;
    ``existing_gw`` (``(K, Y)`` or ``(Y,)``) is the capacity already in those countries.
    """

    name: str
    countries: tuple[str, ...]
    sovereign_share: float
    existing_gw: Number = 0.0


@dataclass
class PlanProblem:
    """Everything the planner needs, checked and broadcast to shape on creation.

    Parameters
    ----------
    years
        Planning years, consecutive, shape ``(Y,)``.
    demand_gw
        Demand samples, GW, shape ``(K, Y)`` (a ``(Y,)`` array is one sample).
    existing_gw
        Capacity already online or contracted, GW, ``(K, Y)`` or ``(Y,)``.
    sites, offers, regions
        The options and the sovereignty rules.
    discount_rate
        Yearly rate; costs are discounted to the first year.
    unserved_penalty
        USD per GW-year of unserved demand, one number or ``(Y,)``.
    capex_budget
        Most capex (new GW and their IT refreshes in the horizon, undiscounted), USD; ``None``: no cap.
    max_expected_unserved_gw
        Cap on the mean unserved GW of each year, one number or ``(Y,)``; ``None``: no cap.
    name
        A label for messages and outputs.
    """

    years: npt.ArrayLike
    demand_gw: npt.ArrayLike
    existing_gw: Number = 0.0
    sites: list[SiteOption] = field(default_factory=list)
    offers: list[OfferOption] = field(default_factory=list)
    regions: list[RegionRule] = field(default_factory=list)
    discount_rate: float = 0.1
    unserved_penalty: Number = 20e9
    capex_budget: float | None = None
    max_expected_unserved_gw: Number | None = None
    name: str = "plan"

    def __post_init__(self) -> None:
        self.years = np.asarray(self.years, dtype=int).reshape(-1)
        if self.years.size == 0 or np.any(np.diff(self.years) != 1):
            raise ValueError(f"planning years must be consecutive and not empty; got {self.years.tolist()}")
        demand = _samples(self.demand_gw, self.n_years, "demand_gw")
        existing = _samples(self.existing_gw, self.n_years, "existing_gw")
        if existing.shape[0] not in (1, demand.shape[0]) and demand.shape[0] != 1:
            raise ValueError(f"existing_gw has {existing.shape[0]} samples but demand_gw has {demand.shape[0]}")
        shape = (max(demand.shape[0], existing.shape[0]), self.n_years)
        self.demand_gw = np.broadcast_to(demand, shape).copy()
        self.existing_gw = np.broadcast_to(existing, shape).copy()
        if np.any(self.demand_gw < 0) or np.any(self.existing_gw < 0):
            raise ValueError("demand_gw and existing_gw must not be negative")
        penalty = self.yearly(self.unserved_penalty, "unserved_penalty")
        if np.any(penalty < 0) or not np.all(np.isfinite(penalty)):
            raise ValueError(f"unserved_penalty must be finite and >= 0; got {self.unserved_penalty}")
        self.unserved_penalty = penalty
        if not 0 <= self.discount_rate < 1:
            raise ValueError(f"discount_rate must be in [0, 1); got {self.discount_rate}")
        if self.max_expected_unserved_gw is not None:
            self.max_expected_unserved_gw = self.yearly(self.max_expected_unserved_gw, "max_expected_unserved_gw")
        names = [s.name for s in self.sites] + [o.name for o in self.offers]
        if len(set(names)) != len(names):
            raise ValueError(f"site and offer names must be unique; got {names}")
        for site in self.sites:
            self._check_site(site)
        for offer in self.offers:
            if not 0 <= offer.min_gw <= offer.max_gw:
                raise ValueError(f"offer {offer.name}: need 0 <= min_gw <= max_gw; got {offer.min_gw}, {offer.max_gw}")
            if offer.latest_year < offer.earliest_year:
                raise ValueError(f"offer {offer.name}: latest_year is before earliest_year")
        if sum(r.sovereign_share for r in self.regions) > 1 + 1e-9:
            raise ValueError("the sovereign shares of the regions add up to more than all of demand")

    def _check_site(self, site: SiteOption) -> None:
        if site.max_gw < 0 or not np.isfinite(site.max_gw):
            raise ValueError(f"site {site.name}: max_gw must be a finite number >= 0; got {site.max_gw}")
        for label in ("capex_per_gw", "power_per_gw_year", "build_limit_gw"):
            if np.any(self.yearly(getattr(site, label), f"{site.name}.{label}") < 0):
                raise ValueError(f"site {site.name}: {label} must not be negative")

    @property
    def demand(self) -> FloatArray:
        """Demand samples, GW, ``(K, Y)``."""
        return np.asarray(self.demand_gw, dtype=float)

    @property
    def existing(self) -> FloatArray:
        """Existing capacity, GW, ``(K, Y)``."""
        return np.asarray(self.existing_gw, dtype=float)

    @property
    def year_list(self) -> list[int]:
        """The planning years as Python ints."""
        return [int(y) for y in np.asarray(self.years)]

    @property
    def n_years(self) -> int:
        """Number of planning years Y."""
        return int(np.asarray(self.years).size)

    @property
    def n_samples(self) -> int:
        """Number of demand samples K."""
        return int(self.demand.shape[0])

    def yearly(self, value: Number, label: str = "value") -> FloatArray:
        """``value`` as one float per planning year, shape ``(Y,)``."""
        out = np.asarray(value, dtype=float)
        if out.ndim == 0:
            return np.full(self.n_years, float(out))
        if out.shape != (self.n_years,):
            raise ValueError(f"{label}: expected one number or {self.n_years} (one per year); got shape {out.shape}")
        return out

    def discount(self) -> FloatArray:
        """Discount factor of each year, ``(1 + r)^-(y - first year)``, shape ``(Y,)``."""
        return (1.0 + self.discount_rate) ** -(np.asarray(self.years) - int(np.asarray(self.years)[0])).astype(float)

    def region_existing(self, region: RegionRule) -> FloatArray:
        """Existing capacity in a region's countries, ``(K, Y)``."""
        return np.broadcast_to(_samples(region.existing_gw, self.n_years, f"{region.name}.existing_gw"),
                               self.demand.shape).astype(float)

    def in_region(self, region: RegionRule, country: str) -> bool:
        """True when ``country`` is one of the region's countries (compared as output-name slugs: ``UAE`` = ``uae``)."""
        return slug(country) in {slug(c) for c in region.countries}


def _samples(value: Number, n_years: int, label: str) -> FloatArray:
    out = np.asarray(value, dtype=float)
    if out.ndim == 0:
        out = np.full((1, n_years), float(out))
    elif out.ndim == 1:
        out = out.reshape(1, -1)
    if out.ndim != 2 or out.shape[1] != n_years:
        raise ValueError(f"{label}: expected shape (samples, {n_years}); got {np.shape(value)}")
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{label}: contains values that are not finite")
    return out
