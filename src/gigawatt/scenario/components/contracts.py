"""Cloud and compute commitments with a counterparty."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from gigawatt.scenario.components.base import Named, PriceBy, ReadBy, price_by_field, read_shares, signing_lead_field
from gigawatt.scenario.errors import PathProblems
from gigawatt.scenario.fields import Delay, Fraction, Gw, Life, UsdOnce, UsdPerGwYear
from gigawatt.scenario.values import Const, Dist, may_reach_zero


class Contract(Named):
    """A compute commitment (docs/model.md, section 4): a GW path, or a total value over a term."""

    read_by = ReadBy("fleet", compute_costs=("committed_share", "signed_gw", "signed_value"))

    counterparty: str = Field(..., description="Who provides the capacity (e.g. `Oracle`).")
    country: str = Field("US", description="Where the contracted capacity mostly sits.")
    capacity_gw: Gw | None = Field(None, description="Contracted GW by year (give this or `total_value`).")
    total_value: UsdOnce | None = Field(None, description="Total contract value, spread evenly over `years`.")
    start_year: int | None = Field(None, description="First year of a `total_value` contract.")
    years: int | None = Field(None, ge=1, le=30, description="Term of a `total_value` contract, in years.")
    price_per_gw_year: UsdPerGwYear = Field("$12B", description="Price per GW-year of contracted capacity.")
    signed_value: UsdOnce | None = Field(
        None, description="Total value signed, beside the delivery schedule `capacity_gw` (e.g. $1.8T signed, a "
        "third delivered by 2030): the backlog runs down from it as GW are delivered; none: `total_value`, or the "
        "value of the schedule over the horizon.")
    signed_gw: Gw | None = Field(None, description="GW signed in all, beside the delivery schedule (one value; "
                                 "for `contract_signed_gw`; none: the schedule's most GW).")
    committed_share: Fraction = Field(1, description="Take-or-pay share: paid whatever the demand.")
    it_life_years: Life = Field(5, description="Years before the provider refreshes the contracted IT (what it "
                                "delivers per watt; its cost is in the price).")
    slip_years: Delay = Field(0, description="Years this contract's GW come later than the path says, beyond "
                              "`compute.build_delay_years`; what is online in the first year stays (may be uncertain).")
    common_delay: bool = Field(True, description="False: `compute.build_delay_years` does not move this contract "
                               "(a schedule a plan wrote, or one already delivered).")
    price_by: PriceBy = price_by_field("price_per_gw_year")
    signing_lead_years: int = signing_lead_field()
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
        if by_value and self.signed_value is not None:
            raise ValueError("a total_value contract is signed for its total_value: drop signed_value")
        if self.signed_gw is not None and not isinstance(self.signed_gw, (Const, Dist)):
            raise ValueError("signed_gw is one value (the GW signed in all), not a time path")
        if by_value and (self.start_year is None or self.years is None):
            raise ValueError("a total_value contract needs start_year and years")
        if by_value and may_reach_zero(self.price_per_gw_year):
            raise PathProblems([(f"contracts.{self.name}.price_per_gw_year",
                                 "a total_value contract's GW are its value per year over price_per_gw_year: the "
                                 "price must be above 0 in every year and every draw")])
        return self
