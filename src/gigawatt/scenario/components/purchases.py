"""Purchases of IT equipment by the GW (chips and systems) and where they are hosted."""

from __future__ import annotations

from pydantic import Field

from gigawatt.scenario.components.base import Named
from gigawatt.scenario.fields import Gw, Life, UsdPerGw, UsdPerGwYear


class Purchase(Named):
    """IT bought by the GW (docs/model.md section 5): a one-off price, capitalised and depreciated; it needs hosts."""

    counterparty: str = Field(..., description="Who sells the equipment (e.g. `AMD`).")
    country: str = Field("US", description="Where GW in leased shells sit.")
    capacity_gw: Gw = Field(..., description="GW of purchased IT delivered by year (cumulative): the schedule.")
    price_per_gw: UsdPerGw = Field(..., description="Price of one GW of this IT by delivery year, paid on delivery.")
    it_life_years: Life = Field(5, description="Years over which the IT is written off (a purchase is not refreshed; "
                                "may be uncertain, rounded to whole years).")
    hosts: list[str] = Field(default_factory=list, description="Sites marked `shell_only` whose shells hold these GW, "
                             "filled in this order (after purchases listed earlier).")
    shell_price_per_gw_year: UsdPerGwYear | None = Field(
        None, description="Price per GW-year of powered shells leased for the GW the named hosts cannot hold, power "
        "included (none: no shells are leased; those GW wait, as `host_shortfall_gw`).")
    must_be_hosted: bool = Field(False, description="True: a scenario whose hosts cannot hold these GW in some year "
                                 "is an error (checked where the GW and host capacities are fixed values).")
