"""Revenue streams: nine types, each with the driver of its revenue and of its compute.

Every stream may start in a given year (revenue and tokens are zero before) and
may carry compute: tokens that become inference demand (docs/model.md, sections 2-3).
A compute seller sells GW (`capacity`), a chip maker GW of systems (`equipment`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from gigawatt.scenario.components.base import Named, ReadBy
from gigawatt.scenario.fields import (
    Count,
    CountPerDay,
    CountPerYear,
    Fraction,
    Gw,
    Multiple,
    Rate,
    Usd,
    UsdOnce,
    UsdPerGw,
    UsdPerGwYear,
    UsdPerYear,
)


class StreamBase(Named):
    """Fields every revenue stream has."""

    read_by = ReadBy("revenue_potential")

    start_year: int | None = Field(None, description="First year with revenue (none before); default: horizon start.")
    payer_revenue: bool = Field(
        False, description="True when this revenue comes from paying consumers (for `revenue_share_from_payers`)."
    )
    follows: str | None = Field(
        None, description="A use whose tokens carry this revenue (`free_users` or a stream's name): under a "
        "shortage it loses what that use loses (advertising follows free users); none: its own tokens.")


class Subscription(StreamBase):
    """Paying consumers x ARPU of the tiers, net of app-store fees."""

    type: Literal["subscription"]
    payer_revenue: bool = Field(True, description="Subscriptions come from paying consumers.")
    store_fee_share: Fraction = Field(0, description="Share of subscription revenue billed through app stores.")
    store_fee: Fraction = Field(0.3, description="App-store fee on that revenue.")
    tokens_per_user_per_day: CountPerDay = Field(0, description="Tokens a consumer user (free or paying) uses a day.")
    payer_token_multiple: Multiple = Field(1, description="A payer uses this many times a free user's tokens.")


class Seats(StreamBase):
    """Business seats x monthly seat price x 12."""

    type: Literal["seats"]
    seats: Count = Field(..., description="Paid business seats by year.")
    seat_price: UsdPerYear = Field(..., description="Price per seat; monthly prices become yearly.")
    tokens_per_seat_per_day: CountPerDay = Field(0, description="Tokens a seat uses a day.")


class Usage(StreamBase):
    """Tokens sold through the API x price per million tokens."""

    type: Literal["usage"]
    tokens: CountPerYear = Field(..., description="Tokens sold per year.")
    price_per_million_tokens: Usd = Field(..., description="Blended price per million tokens (usually falls).")


class MarketShare(StreamBase):
    """A market (advertising, enterprise AI, government) x the company's share of it."""

    type: Literal["market_share"]
    market: UsdPerYear | None = Field(None, description="Size of the addressable market per year (required, except "
                                      "in a network whose `markets` list this stream: the network's market is its "
                                      "market).")
    share: Fraction = Field(..., description="Company's share of that market.")
    tokens_per_dollar: Multiple = Field(0, description="Tokens served per dollar of this revenue.")


class TakeRate(StreamBase):
    """Gross merchandise value (commerce, agents buying for users) x take rate."""

    type: Literal["take_rate"]
    gmv: UsdPerYear = Field(..., description="Gross merchandise value transacted through the product per year.")
    take_rate: Fraction = Field(..., description="Share of GMV the company keeps.")
    tokens_per_dollar: Multiple = Field(0, description="Tokens served per dollar of this revenue.")


class Device(StreamBase):
    """A hardware device: Bass diffusion from a launch year, with replacements."""

    read_by = ReadBy("revenue_potential", demand=("market_potential", "innovation", "imitation", "attach_uplift"))

    type: Literal["device"]
    launch_year: int = Field(..., description="First year units are sold.")
    market_potential: Count = Field(..., description="Bass market potential m: devices eventually adopted.")
    innovation: Rate = Field(0.01, description="Bass coefficient of innovation p (per year).")
    imitation: Rate = Field(0.4, description="Bass coefficient of imitation q (per year).")
    price: Usd = Field(..., description="Average selling price per unit.")
    gross_margin: Rate = Field(0.3, description="Gross margin; cost of goods = (1 - margin) x device revenue.")
    replacement_years: int = Field(4, ge=1, le=20, description="Owners buy a new unit after this many years.")
    tokens_per_device_per_day: CountPerDay = Field(0, description="Tokens a device in use draws a day.")
    attach_uplift: Fraction = Field(
        0, description="Share of device owners (not already paying) who become paying consumers."
    )


class Fixed(StreamBase):
    """A known amount per year (a contract)."""

    type: Literal["fixed"]
    amount: UsdPerYear = Field(..., description="Revenue per year.")
    tokens_per_dollar: Multiple = Field(0, description="Tokens served per dollar of this revenue.")


class Capacity(StreamBase):
    """Compute sold by the GW-year to a customer (a cloud's contract: Oracle OCI, CoreWeave, Azure).

    Its GW are a use of the seller's own capacity, served before every token use; its revenue is the
    GW served x the price. In a network, a contract of the buyer feeds its GW and revenue (docs/model.md
    section 11): the link then takes the place of `gw` and `price_per_gw_year`.
    """

    read_by = ReadBy("revenue_potential", supply=("signed_value",))

    type: Literal["capacity"]
    gw: Gw = Field(..., description="GW sold to this customer by year (the GW it takes from the seller's capacity).")
    price_per_gw_year: UsdPerGwYear = Field(..., description="Price the customer pays per GW-year.")
    signed_value: UsdOnce | None = Field(
        None, description="Total value signed (the remaining performance obligation runs down from it as revenue is "
        "earned: `sales_backlog`); none: the revenue of the schedule over the horizon.")


class Equipment(StreamBase):
    """Chips and systems sold by the GW (Nvidia, AMD): the GW shipped x the price per GW, less cost of goods.

    In a network, a purchase of the buyer feeds its GW and revenue (docs/model.md section 11): the link
    then takes the place of `gw` and `price_per_gw`.
    """

    type: Literal["equipment"]
    gw: Gw = Field(..., description="GW shipped in all from the start of the first year, by year (cumulative: "
                   "the first year's value is shipped in the first year).")
    price_per_gw: UsdPerGw = Field(..., description="Price of one GW shipped, by year.")
    gross_margin: Rate = Field(..., description="Gross margin; cost of goods = (1 - margin) x revenue.")


Stream = Annotated[
    Subscription | Seats | Usage | MarketShare | TakeRate | Device | Fixed | Capacity | Equipment,
    Field(discriminator="type"),
]
STREAM_TYPES = ("subscription", "seats", "usage", "market_share", "take_rate", "device", "fixed", "capacity",
                "equipment")
