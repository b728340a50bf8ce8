"""Cash, financing events, taxes and the horizon of the funding question."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from gigawatt.scenario.components.base import Component, Named
from gigawatt.scenario.fields import Fraction, Usd, UsdOnce, UsdSignedOnce


class Financing(Named):
    """An equity round or a loan that adds cash."""

    type: Literal["equity", "debt"] = Field(..., description="`equity` (no repayment) or `debt` (interest, repaid).")
    year: int = Field(..., description="Year the money arrives.")
    amount: UsdOnce = Field(..., description="Cash received.")
    rate: Fraction = Field(0, description="Interest rate per year (debt).")
    tenor_years: int = Field(5, ge=1, le=40, description="Years until a debt is repaid in one amount.")


class Finance(Component):
    """Starting position and financing (docs/model.md, section 8)."""

    starting_cash: UsdSignedOnce = Field(0, description="Cash and securities at the start of the first year.")
    min_cash: Usd = Field(0, description="Cash the company must keep at all times.")
    tax_rate: Fraction = Field(0, description="Tax on positive income after losses carried forward (0: off).")
    funding_gap_year: int | None = Field(
        None, description="Year of `funding_gap_by_<year>` (default: 5 years after the horizon start)."
    )
    financing: list[Financing] = Field(default_factory=list, description="Equity rounds and loans.")
