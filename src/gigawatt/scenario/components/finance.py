"""Cash, the opening balance, financing structures, taxes, valuation and the horizon of the funding question.

Every financing item has a ``type`` (docs/model.md section 8): ``equity`` rounds,
``debt`` (bullet bonds or amortising term loans), ``delayed_draw`` facilities drawn
on need, ``gpu_backed`` debt secured on the year's purchases, ``vendor_equity``
invested by a supplier in step with the GW deployed, ``warrant`` shares of a
supplier vesting on deployment milestones, and ``acquisition`` paid in cash and/or
shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from gigawatt.scenario.components.base import Component, Named, ReadBy
from gigawatt.scenario.components.spending import CapexShare
from gigawatt.scenario.fields import Fraction, Gw, Multiple, Usd, UsdOnce, UsdPerGw, UsdSignedOnce
from gigawatt.scenario.units import to_canonical

if TYPE_CHECKING:
    from gigawatt.scenario.schema import Scenario


class FinancingBase(Named):
    """Fields every financing item has."""

    year: int = Field(..., description="Year the item starts (money arrives, a facility opens, a deal closes).")


class Equity(FinancingBase):
    """An equity round: cash in, no repayment; dilutes the holders before it."""

    type: Literal["equity"]
    amount: UsdOnce = Field(..., description="Cash received.")
    valuation_post: UsdOnce | None = Field(
        None, description="Post-money valuation of the round (for ownership and dilution); none: not tracked.")


class Debt(FinancingBase):
    """A loan or bond drawn in full in its year: a bullet bond or an amortising term loan."""

    type: Literal["debt"]
    amount: UsdOnce = Field(..., description="Cash received.")
    rate: Fraction = Field(0, description="Interest rate per year on the balance outstanding.")
    tenor_years: int = Field(5, ge=1, le=40, description="Years until the debt is repaid (the last repayment).")
    amortisation: Literal["bullet", "linear"] = Field(
        "bullet", description="`bullet`: repaid in one amount after `tenor_years`; `linear`: equal repayments in "
        "each of the `tenor_years` years after the draw (a term loan).")


class DelayedDraw(FinancingBase):
    """A committed facility drawn only when cash would fall below `min_cash`, up to its limit."""

    type: Literal["delayed_draw"]
    amount: UsdOnce = Field(..., description="Commitment: the most that can be drawn.")
    rate: Fraction = Field(0, description="Interest rate per year on the drawn balance.")
    commitment_fee: Fraction = Field(0, description="Fee per year on the undrawn commitment while it is available.")
    availability_years: int = Field(3, ge=1, le=40, description="Years from `year` in which draws can be made.")
    tenor_years: int = Field(5, ge=1, le=40, description="Years from `year` until the drawn balance is repaid "
                             "in one amount.")

    @model_validator(mode="after")
    def _repaid_after_drawn(self) -> DelayedDraw:
        if self.tenor_years < self.availability_years:
            raise ValueError("tenor_years must not be shorter than availability_years")
        return self


class GpuBacked(FinancingBase):
    """Project (SPV) debt secured on the GPUs and sites bought: a share of each year's capex, amortising."""

    type: Literal["gpu_backed"]
    advance_rate: Fraction = Field(..., description="Share of each year's capex lent against the assets bought "
                                   "(loan to value).")
    sites: list[str] | None = Field(None, description="Sites whose capex secures the debt (none: every owned or "
                                    "joint-venture site).")
    rate: Fraction = Field(0, description="Interest rate per year on the balance outstanding.")
    tenor_years: int = Field(5, ge=1, le=40, description="Years over which each year's draw is repaid in equal "
                             "amounts (the life of the GPUs).")
    last_year: int | None = Field(None, description="Last year with new draws (none: the horizon end).")


class VendorEquity(FinancingBase):
    """A supplier's equity investment in step with the GW deployed, which returns to it as purchases."""

    type: Literal["vendor_equity"]
    per_gw: UsdPerGw = Field(..., description="Equity invested per GW deployed.")
    deployed_gw: Gw = Field(..., description="GW of the supplier's systems deployed by year (cumulative).")
    limit: UsdOnce | None = Field(None, description="Most the supplier invests in all (none: no limit).")
    valuation_post: UsdOnce | None = Field(
        None, description="Valuation at which the supplier's shares are issued (for dilution); none: not tracked.")


class Warrant(FinancingBase):
    """Warrants on a supplier's shares granted to the company, vesting with the GW deployed (non-cash)."""

    type: Literal["warrant"]
    value_per_gw: UsdPerGw = Field(..., description="Value of the warrants that vest per GW deployed.")
    deployed_gw: Gw = Field(..., description="GW of the supplier's systems deployed by year (cumulative).")
    limit: UsdOnce | None = Field(None, description="Most value that can vest in all (none: no limit).")


class Acquisition(FinancingBase):
    """A company bought in cash and/or shares: an intangible asset, cash out for the cash part."""

    type: Literal["acquisition"]
    amount: UsdOnce = Field(..., description="Price paid (cash and shares together).")
    share_paid: Fraction = Field(0, description="Part of the price paid in the company's shares (1: all stock).")
    valuation_post: UsdOnce | None = Field(
        None, description="Valuation at which the shares are issued (for dilution); none: not tracked.")


Financing = Annotated[
    Equity | Debt | DelayedDraw | GpuBacked | VendorEquity | Warrant | Acquisition, Field(discriminator="type")
]
FINANCING_TYPES = ("equity", "debt", "delayed_draw", "gpu_backed", "vendor_equity", "warrant", "acquisition")


class OpeningDebt(Named):
    """Debt outstanding at the start of the horizon."""

    balance: UsdOnce = Field(..., description="Amount outstanding at the start of the first year.")
    rate: Fraction = Field(0, description="Interest rate per year on the balance outstanding.")
    maturity_year: int = Field(..., description="Year of the last repayment (after the first year).")
    amortisation: Literal["bullet", "linear"] = Field(
        "bullet", description="`bullet`: repaid in one amount in `maturity_year`; `linear`: equal repayments in "
        "each year after the first up to `maturity_year`.")


class Revolver(Component):
    """A revolving facility that carries any cash below `min_cash`, repaid from cash above it."""

    rate: Fraction = Field(..., description="Interest rate per year on the balance drawn (a cost; it compounds).")


class Leases(Component):
    """Leases on the balance sheet (docs/model.md section 8): a right-of-use asset and a lease liability."""

    rate: Fraction = Field(..., description="Discount rate of the lease payments per year (the incremental "
                           "borrowing rate): the liability is their present value and accrues interest at it.")
    committed_years: int | None = Field(
        None, ge=1, le=40, description="Years of lease payments committed at any time (the term of leases "
        "renewed as they run out); none: every lease payment of the horizon is committed at its start.")


class Valuation(Component):
    """How `enterprise_value` values the years after the horizon."""

    read_by = ReadBy("outcomes")

    terminal: Literal["gordon", "exit_multiple", "none"] = Field(
        "gordon", description="`gordon`: the last year's unlevered free cash flow grows at `growth` for ever; "
        "`exit_multiple`: `multiple` x the last year's `multiple_of`; `none`: no value after the horizon.")
    growth: float = Field(0.02, ge=-0.5, lt=1, description="Growth per year of cash flow after the horizon "
                          "(`gordon`; below `horizon.discount_rate`; `2%` works).")
    multiple: Multiple = Field(10, description="Exit multiple (`exit_multiple`).")
    multiple_of: Literal["revenue", "ebitda"] = Field(
        "ebitda", description="What the exit multiple applies to in the last year.")

    @field_validator("growth", mode="before")
    @classmethod
    def _percent(cls, raw: Any) -> Any:
        return to_canonical(raw, "fraction") if isinstance(raw, str) else raw


class Finance(Component):
    """Opening balance, financing, taxes and valuation (docs/model.md section 8)."""

    read_by = ReadBy("finance", requirement=("sustainable_capex_share",),
                     outcomes=("borrowing_limit", "default_share"))  # the default share: a network reads it

    starting_cash: UsdSignedOnce = Field(0, description="Cash and securities at the start of the first year.")
    min_cash: Usd = Field(0, description="Cash the company must keep at all times.")
    tax_rate: Fraction = Field(0, description="Tax on positive income after interest and losses carried "
                               "forward (0: off).")
    opening_tax_losses: UsdOnce = Field(0, description="Tax losses carried forward into the first year.")
    opening_other_assets: UsdOnce = Field(
        0, description="Assets other than cash and the sites' plant at the start (investments, intangibles).")
    opening_debt: list[OpeningDebt] = Field(default_factory=list, description="Debt outstanding at the start.")
    first_year_fraction: float = Field(
        1.0, gt=0, le=1, description="Share of the first year inside the horizon (0.5: it starts on 1 July); "
        "the first year's flows in the statements are scaled by it.")
    cash_rate: Fraction = Field(0, description="Interest earned per year on cash held (on the opening balance).")
    revolver: Revolver | None = Field(
        None, description="A revolving facility carrying cash below `min_cash` (none: cash may fall below it, "
        "uncharged).")
    leases: Leases | None = Field(
        None, description="Leases on the balance sheet as operating leases (a right-of-use asset and a lease "
        "liability at the present value of the committed lease payments; the lease cost stays one operating cost "
        "as paid); none: off the balance sheet.")
    borrowing_limit: Usd | None = Field(
        None, description="Most the company can borrow: once its `borrowing_need` (revolver drawn plus any cash "
        "below `min_cash`, at a year end) is above it, the company is in default (`default_year`); may be uncertain "
        "or a path; none: no limit (it never defaults).")
    default_share: Fraction = Field(
        1, description="Share of its remaining commitments (contract payments, new purchases, investments in "
        "other companies) the company stops paying from its default year, in a network of companies; on its own "
        "the default is reported only.")
    funding_gap_year: int | None = Field(
        None, description="Year of `funding_gap_by_<year>` (default: 5 years after the horizon start)."
    )
    financing: list[Financing] = Field(default_factory=list, description="Equity, debt and other financing.")
    valuation: Valuation = Field(default_factory=Valuation, description="Terminal value of `enterprise_value`.")
    sustainable_capex_share: CapexShare | None = Field(
        None, description="Share of revenue that capital spending can take for the buildout to pay its way: "
        "`revenue_required` = capex / this share (Sequoia: 50%, Bain: cloud providers' ~25%); none: not computed.")


def finance_problems(scenario: Scenario) -> list[tuple[str, str]]:
    """``(dotted path, what is wrong)`` for finance fields that contradict the rest of the scenario."""
    start, end = scenario.horizon.start, scenario.horizon.end
    spec = scenario.finance
    problems: list[tuple[str, str]] = []
    for debt in spec.opening_debt:
        if debt.maturity_year <= start:
            problems.append((f"finance.opening_debt.{debt.name}.maturity_year",
                             f"{debt.maturity_year} must be after the first year {start}"))
    sites = {site.name: site for site in scenario.sites}
    names: set[str] = set()
    for item in spec.financing:
        path = f"finance.financing.{item.name}"
        if item.name in names:
            problems.append((f"{path}.name", f"two financing items are named {item.name!r}; names must be unique"))
        names.add(item.name)
        if isinstance(item, GpuBacked):
            for name in item.sites or []:
                if name not in sites:
                    problems.append((f"{path}.sites", f"no site named {name!r}"))
                elif sites[name].ownership == "leased":
                    problems.append((f"{path}.sites", f"site {name!r} is leased: the company buys none of its GPUs"))
            if item.last_year is not None and not item.year <= item.last_year <= end:
                problems.append((f"{path}.last_year", f"{item.last_year} is outside {item.year}-{end}"))
    valuation = spec.valuation
    if valuation.terminal == "gordon" and valuation.growth >= scenario.horizon.discount_rate:
        problems.append(("finance.valuation.growth", f"{valuation.growth:.1%} must be below horizon.discount_rate "
                         f"({scenario.horizon.discount_rate:.1%}) for a Gordon terminal value"))
    return problems
