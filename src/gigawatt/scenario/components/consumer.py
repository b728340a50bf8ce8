"""Consumer users, the share who pay, and the tiers they pay for."""

from __future__ import annotations

from pydantic import Field

from gigawatt.scenario.components.base import Component, Named, ReadBy
from gigawatt.scenario.fields import Count, Fraction, UsdPerYear


class Tier(Named):
    """A paid consumer plan (e.g. Go, Plus, Pro)."""

    share_of_payers: Fraction = Field(..., description="Share of paying consumers on this tier.")
    price: UsdPerYear = Field(..., description="List price; monthly prices (`20 USD/month`) become yearly.")


class Consumer(Component):
    """Who uses the consumer product and who pays (docs/model.md, section 1)."""

    read_by = ReadBy("demand")

    users: Count = Field(0, description="Regular (weekly active) consumer users; usually a logistic S-curve.")
    paying_share: Fraction = Field(0, description="Share of consumer users who pay for a tier.")
    tiers: list[Tier] = Field(default_factory=list, description="Paid tiers; their `share_of_payers` sum to 1.")
