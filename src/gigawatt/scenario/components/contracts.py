"""Cloud and compute commitments with a counterparty."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from gigawatt.scenario.components.base import Named, read_shares
from gigawatt.scenario.errors import PathProblems
from gigawatt.scenario.fields import Fraction, Gw, Life, UsdOnce, UsdPerGwYear
from gigawatt.scenario.values import may_reach_zero


class Contract(Named):
    """A compute commitment (MODEL.md section 2): a GW path, or a total value over a term."""

    counterparty: str = Field(..., description="Who provides the capacity (e.g. `Oracle`).")
    country: str = Field("US", description="Where the contracted capacity mostly sits.")
    capacity_gw: Gw | None = Field(None, description="Contracted GW by year (give this or `total_value`).")
    total_value: UsdOnce | None = Field(None, description="Total contract value, spread evenly over `years`.")
    start_year: int | None = Field(None, description="First year of a `total_value` contract.")
    years: int | None = Field(None, ge=1, le=30, description="Term of a `total_value` contract, in years.")
    price_per_gw_year: UsdPerGwYear = Field("$12B", description="Price per GW-year of contracted capacity.")
    committed_share: Fraction = Field(1, description="Take-or-pay share: paid whatever the demand.")
    it_life_years: Life = Field(5, description="Years before the provider refreshes the contracted IT (what it "
                                "delivers per watt; its cost is in the price).")
    opening_vintages: dict[int, float] = Field(
        default_factory=dict, description="Build years of the GW contracted at the start, each with its share "
        "(summing to 1; none: all built in the first year).")
    inside_sites: bool = Field(
        False,
        description="True when these GW already sit inside listed sites (e.g. chips for Stargate): counted "
        "as a commitment, but adds no capacity and no cost beyond the sites' own.",
    )

    @field_validator("opening_vintages", mode="before")
    @classmethod
    def _percent(cls, raw: object) -> object:
        return read_shares(raw)

    @model_validator(mode="after")
    def _one_form(self) -> Contract:
        by_value = self.total_value is not None
        if by_value == (self.capacity_gw is not None):
            raise ValueError("give either capacity_gw (a GW path) or total_value with start_year and years")
        if by_value and (self.start_year is None or self.years is None):
            raise ValueError("a total_value contract needs start_year and years")
        if by_value and may_reach_zero(self.price_per_gw_year):
            raise PathProblems([(f"contracts.{self.name}.price_per_gw_year",
                                 "a total_value contract's GW are its value per year over price_per_gw_year: the "
                                 "price must be above 0 in every year and every draw")])
        return self
