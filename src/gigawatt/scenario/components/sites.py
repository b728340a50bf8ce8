"""Data-centre campuses: capacity, ownership, capital cost and power."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from gigawatt.scenario.components.base import Named, PriceBy, ReadBy, price_by_field, read_shares, signing_lead_field
from gigawatt.scenario.fields import Delay, Fraction, Gw, Life, Pue, UsdPerGw, UsdPerGwYear, UsdPerMwh
from gigawatt.scenario.values import Const


class Site(Named):
    """A data-centre campus (docs/model.md, sections 4-5)."""

    read_by = ReadBy("fleet", compute_costs=("power_price", "pue", "utilisation", "lease_price_per_gw_year"))

    country: str = Field(..., description="ISO-style country code or name where the capacity sits (e.g. `US`).")
    partners: list[str] = Field(default_factory=list, description="Builders, operators, investors and suppliers.")
    sovereign: bool = Field(False, description="True where the capacity must serve users of its own country.")
    ownership: Literal["owned", "joint_venture", "leased"] = Field(
        "leased", description="`owned` (company pays capex), `joint_venture` (pays its equity share), `leased`."
    )
    shell_only: bool = Field(
        False, description="True when the site is a powered shell for purchased IT (see `purchases`): its "
        "`capex_per_gw` is the shell's (no IT is bought or refreshed here) and only the GW purchases fill count.")
    equity_share: Fraction = Field(0, description="Company's share of a joint venture's capex and power.")
    capacity_gw: Gw = Field(..., description="IT capacity online (GW) by year; usually anchor years.")
    capex_per_gw: UsdPerGw = Field("$50B/GW", description="All-in capital cost per GW (facility and IT).")
    it_share_of_capex: Fraction = Field(0.7, description="Share of capex that is IT hardware (refreshed).")
    it_life_years: Life = Field(5, description="Years before IT hardware is replaced and written off "
                                "(may be uncertain; rounded to whole years).")
    facility_life_years: int = Field(20, ge=1, le=60, description="Depreciation life of buildings and power.")
    build_years: int = Field(2, ge=1, le=6, description="Years over which capex is spent before capacity is online.")
    power_price: UsdPerMwh = Field("60 USD/MWh", description="Electricity price paid at the site.")
    pue: Pue = Field(1.2, description="Power usage effectiveness: facility power over IT power.")
    utilisation: Fraction = Field(0.8, description="Average share of IT power drawn over the year.")
    slip_years: Delay = Field(0, description="Years this site's GW come later than the path says, beyond "
                              "`compute.build_delay_years`; what is online in the first year stays (may be uncertain).")
    common_delay: bool = Field(True, description="False: `compute.build_delay_years` does not move this site "
                               "(a schedule a plan wrote, or one already delivered).")
    price_by: PriceBy = price_by_field("lease_price_per_gw_year")
    signing_lead_years: int = signing_lead_field()
    opening_vintages: dict[int, float] = Field(
        default_factory=dict, description="Build years of the capacity online at the start, each with its share "
        "(summing to 1; none: all built in the first year).")
    lease_price_per_gw_year: UsdPerGwYear = Field(
        "$10B", description="Price per GW-year for capacity others paid for (leased GW, partners' JV share)."
    )
    lease_includes_power: bool = Field(
        True, description="True when `lease_price_per_gw_year` includes the power of the GW it covers: a joint "
        "venture then pays power on its own share only, a leased site none. False: the company pays the power of "
        "every GW of the site on top of the lease.")

    @field_validator("opening_vintages", mode="before")
    @classmethod
    def _percent(cls, raw: object) -> object:
        return read_shares(raw)

    @model_validator(mode="after")
    def _equity_share_fits_ownership(self) -> Site:
        if self.ownership == "joint_venture" and isinstance(self.equity_share, Const) and self.equity_share.value == 0:
            raise ValueError("a joint_venture site needs an equity_share above 0")
        return self
