"""How tokens become compute demand, and what happens to a shortage or a surplus."""

from __future__ import annotations

from pydantic import Field

from gigawatt.scenario.components.base import Component, ReadBy
from gigawatt.scenario.fields import Delay, Flop, FlopPerSW, Fraction, Gw, Multiple, UsdPerGwYear


class Resale(Component):
    """Selling surplus capacity to others (the "compute provider" line)."""

    read_by = ReadBy("supply")

    share: Fraction = Field(0, description="Share of surplus capacity that can be sold.")
    market_cap_gw: Gw = Field(0, description="Most GW the market will rent from the company in a year.")
    price_per_gw_year: UsdPerGwYear = Field(0, description="Price earned per GW-year of resold capacity.")


class Compute(Component):
    """Compute demand from tokens, training, and the balance with capacity (docs/model.md, sections 3-4)."""

    read_by = ReadBy("fleet", compute=("flop_per_token", "training_to_inference", "training_gw"),
                     supply=("shortage_revenue_elasticity",))

    flop_per_token: Flop = Field("2e12 FLOP", description="Delivered compute per token served (forward pass).")
    flops_per_watt_effective: FlopPerSW = Field(
        "1e11 FLOP/s/W",
        description="Delivered FLOP/s per watt of IT power, utilisation included; rises with hardware generations.",
    )
    build_delay_years: Delay = Field(
        0, description="Years every site and contract slips in common (grid interconnection, power equipment); "
        "added to each one's `slip_years`; may be uncertain.")
    frontier_growth_before_start: Multiple = Field(
        0, description="Yearly growth of the frontier FLOP/s per watt before the horizon: a vintage built k years "
        "before the start delivers `flops_per_watt_effective` of the start / (1 + growth)^k.")
    training_to_inference: Multiple | None = Field(
        None, description="Training GW as a multiple of inference GW (used when `training_gw` is not given)."
    )
    training_gw: Gw | None = Field(None, description="Training and research load in GW (overrides the ratio).")
    shortage_revenue_elasticity: Fraction = Field(
        0.5, description="Share of compute-driven revenue lost per unit of unserved demand share (0: none, 1: all)."
    )
    serve_order: list[str] | None = Field(
        None, description="Uses served first under a shortage, in order: stream names, `training`, `free_users`; "
        "the other streams follow by revenue per token, highest first, then free users. Training not named keeps "
        "its share of a shortage (the share of its GW that demand as a whole gets) and the uses share the rest. "
        "Capacity sold (`capacity` streams) comes before all of them.")
    resale: Resale = Field(default_factory=Resale, description="Resale of surplus capacity.")
