"""Purchases of IT equipment by the GW (chips and systems) and where they are hosted."""

from __future__ import annotations

from pydantic import Field

from gigawatt.scenario.components.base import Named, ReadBy
from gigawatt.scenario.fields import Delay, Gw, Life, UsdPerGw, UsdPerGwYear


class Purchase(Named):
    """IT bought by the GW (docs/model.md section 5): a one-off price, capitalised and depreciated; it needs hosts."""

    read_by = ReadBy("fleet", compute_costs=("shell_price_per_gw_year",))

    counterparty: str = Field(..., description="Who sells the equipment (e.g. `AMD`).")
    country: str = Field("US", description="Where GW in leased shells sit.")
    capacity_gw: Gw = Field(..., description="GW of purchased IT delivered by year (cumulative): the schedule.")
    price_per_gw: UsdPerGw = Field(..., description="Price of one GW of this IT by delivery year, paid on delivery.")
    it_life_years: Life = Field(5, description="Years before the purchased IT is replaced (`refresh`) and over which "
                                "it is written off (may be uncertain, rounded to whole years).")
    refresh: bool = Field(True, description="True: the GW still delivered are bought again every `it_life_years` at "
                          "that year's `price_per_gw` (capex), as a site's IT is; false: the IT runs on, written off, "
                          "at the efficiency of its delivery year.")
    slip_years: Delay = Field(0, description="Years the deliveries come later than `capacity_gw` says, beyond "
                              "`compute.build_delay_years`; what is delivered in the first year stays (may be "
                              "uncertain).")
    common_delay: bool = Field(True, description="False: `compute.build_delay_years` does not move these deliveries "
                               "(the shells they need are late with the grid and power equipment; the chips may not "
                               "be).")
    hosts: list[str] = Field(default_factory=list, description="Sites marked `shell_only` whose shells hold these GW, "
                             "filled in this order (after purchases listed earlier).")
    shell_price_per_gw_year: UsdPerGwYear | None = Field(
        None, description="Price per GW-year of powered shells leased for the GW the named hosts cannot hold, power "
        "included (none: no shells are leased; those GW wait, as `host_shortfall_gw`).")
    must_be_hosted: bool = Field(False, description="True: a scenario whose hosts cannot hold these GW in some year "
                                 "is an error (checked where the GW, the host capacities and their slips are fixed "
                                 "values, the purchase and its hosts slipping alike).")
