"""Planning inputs: candidate sites, contract offers, sovereign regions and planner settings.

`gigawatt plan` reads these sections (docs/planning.md); `gigawatt run`
ignores them. The planner is a linear programme: every numeric field here enters it as one
number per year, each uncertain part at its median (P50). Demand and the capacity that
already exists keep their full uncertainty through the demand samples.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from gigawatt.scenario.components.base import PLANNER, Component, Named, ReadBy
from gigawatt.scenario.fields import Fraction, Gw, NumSpec, Pue, Usd, UsdPerGw, UsdPerGwYear, UsdPerMwh
from gigawatt.scenario.values import Const, Value

#: A power in GW that must be one value, not a time path (a total, not a yearly figure).
GwTotal = Annotated[Value, NumSpec("GW", lo=0, path_ok=False)]


class Candidate(Named):
    """A site the company could build (or extend): how much, from when, how fast, at what cost."""

    read_by = ReadBy(PLANNER)

    country: str = Field(..., description="Country where the site would sit (e.g. `US`); decides sovereignty.")
    partners: list[str] = Field(default_factory=list, description="Builders, operators, investors and suppliers.")
    max_gw: GwTotal = Field(..., description="Most IT capacity the site can ever hold (GW, one value).")
    earliest_year: int = Field(..., description="First year new capacity at the site can be online.")
    build_limit_gw_per_year: Gw | None = Field(
        None, description="Most new GW that can come online in one year (none: no limit)."
    )
    capex_per_gw: UsdPerGw = Field("$50B/GW", description="All-in capital cost per GW, by year the GW come online.")
    it_share_of_capex: Fraction = Field(0.7, description="Share of capex that is IT hardware (refreshed).")
    it_life_years: int = Field(5, ge=1, le=15, description="Years before IT hardware is replaced.")
    facility_life_years: int = Field(20, ge=1, le=60, description="Economic life of buildings and power equipment.")
    build_years: int = Field(2, ge=1, le=6, description="Years over which capex is spent before GW are online.")
    power_price: UsdPerMwh = Field("60 USD/MWh", description="Electricity price paid at the site.")
    pue: Pue = Field(1.2, description="Power usage effectiveness: facility power over IT power.")
    utilisation: Fraction = Field(0.8, description="Average share of IT power drawn over the year.")


class Offer(Named):
    """A compute contract on offer: GW from a counterparty for a term, at a price per GW-year."""

    read_by = ReadBy(PLANNER)

    counterparty: str = Field(..., description="Who would provide the capacity (e.g. `Oracle`).")
    country: str = Field("US", description="Where the offered capacity sits; decides sovereignty.")
    gw: GwTotal = Field(..., description="GW on offer; by default the deal is all or nothing at this size.")
    min_gw: GwTotal | None = Field(
        None, description="Smallest deal the counterparty accepts if signed at all (default: `gw`; 0: any size)."
    )
    max_gw: GwTotal | None = Field(None, description="Largest deal the counterparty accepts (default: `gw`).")
    price_per_gw_year: UsdPerGwYear = Field("$12B", description="Take-or-pay price per GW-year, by year paid.")
    term_years: int = Field(5, ge=1, le=30, description="Years the contract runs from its first year.")
    earliest_year: int = Field(..., description="First year the contracted capacity can start.")
    latest_year: int | None = Field(
        None, description="Last year it can start (default: `earliest_year`, a fixed start)."
    )


class Region(Named):
    """A group of countries with its share of demand, part of which must be served in-country."""

    read_by = ReadBy(PLANNER)

    countries: list[str] = Field(..., min_length=1, description="Countries of the region (as in `country` fields).")
    share_of_demand: Fraction = Field(..., description="Share of the company's compute demand from this region.")
    sovereign_share: Fraction = Field(
        0, description="Share of the region's demand that must be served by capacity in its own countries."
    )


class Planning(Component):
    """Settings of the capacity-expansion planner (`gigawatt plan`)."""

    read_by = ReadBy(PLANNER)

    demand_samples: int = Field(50, ge=1, le=5000, description="Demand samples K the plan must serve (LP size).")
    unserved_penalty_per_gw_year: UsdPerGwYear = Field(
        "$20B",
        description="Cost charged per GW-year of demand left unserved (lost revenue and users); set it above "
        "the yearly cost of a GW (~$12B at $50B/GW) or the plan prefers shortage.",
    )
    capex_budget: Usd | None = Field(
        None, description="Most capex (new GW and their IT refreshes, undiscounted) over the horizon (none: no cap)."
    )
    max_expected_unserved_gw: Gw | None = Field(
        None, description="Hard cap on the expected (mean over samples) unserved GW in every year (none: no cap)."
    )


def _const(value: Value | None) -> float | None:
    return value.value if isinstance(value, Const) else None


def planning_problems(
    horizon: tuple[int, int],
    candidates: list[Candidate],
    offers: list[Offer],
    regions: list[Region],
    taken: dict[str, set[str]],
) -> list[tuple[str, str]]:
    """Cross-field checks of the planning sections, as ``(dotted path, message)`` pairs.

    ``taken`` maps ``"sites"`` and ``"contracts"`` to the names already used there: a plan
    written back as a scenario turns candidates into sites and offers into contracts, so
    the names must not clash.
    """
    end = horizon[1]
    problems: list[tuple[str, str]] = []
    for c in candidates:
        if c.earliest_year > end:
            problems.append((f"candidates.{c.name}.earliest_year", f"{c.earliest_year} is after the horizon end {end}"))
        if c.name in taken.get("sites", set()):
            problems.append((f"candidates.{c.name}", f"a site is already named {c.name!r}; rename the candidate"))
    for o in offers:
        where = f"offers.{o.name}"
        latest = o.latest_year if o.latest_year is not None else o.earliest_year
        if o.earliest_year > end:
            problems.append((f"{where}.earliest_year", f"{o.earliest_year} is after the horizon end {end}"))
        if latest < o.earliest_year:
            problems.append((f"{where}.latest_year", f"{latest} is before earliest_year {o.earliest_year}"))
        low, high = _const(o.min_gw), _const(o.max_gw)
        if low is not None and high is not None and low > high:
            problems.append((f"{where}.min_gw", f"min_gw ({low:g} GW) is above max_gw ({high:g} GW)"))
        if o.name in taken.get("contracts", set()):
            problems.append((where, f"a contract is already named {o.name!r}; rename the offer"))
    seen: dict[str, str] = {}
    for r in regions:
        for country in r.countries:
            key = country.strip().lower()
            if key in seen:
                problems.append((f"regions.{r.name}.countries", f"{country} is already in region {seen[key]!r}"))
            seen[key] = r.name
    shares = [_const(r.share_of_demand) for r in regions]
    if shares and all(s is not None for s in shares) and sum(s or 0.0 for s in shares) > 1 + 1e-9:
        problems.append(("regions", f"share_of_demand sums to {sum(s or 0.0 for s in shares):.1%}; at most 100%"))
    return problems
