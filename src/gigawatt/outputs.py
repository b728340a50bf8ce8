"""The output catalogue: every output of the model declared once, as data.

Each :class:`Output` gives a name (or a template such as ``revenue_{stream}``, one output
per stream), its canonical unit, its kind (``series``: one value per sample and year;
``scalar``: one per sample; ``event``: yes or no per sample, shown as a probability), the
group it belongs to (a sheet of the workbook, a section of docs/outputs.md), a short label,
its meaning, its number format and the model block that makes it. Tables, charts, exports, the API and docs/outputs.md read
labels, units and formats from here and nowhere else; :func:`check` makes a simulation of
the model fail on an output that is not declared, or declared with another unit or kind.

**Adding an output** is one line in :data:`CATALOGUE`, in the group it belongs to::

    Output("gross_margin", "fraction", "series", "ratios", "Gross margin", "Revenue less cost of revenue, over revenue.", block="cost_of_revenue"),

then ``make docs`` (docs/outputs.md is generated; a test says when it is stale). The
format follows from the unit (``USD``: billions, ``USD/year``: dollars per year, ``fraction``:
a percentage, ``GW``, counts, ``year``); pass ``fmt=`` for another (see :data:`FORMATS`). In
a template, ``{stream}``, ``{site}``, ``{country}``, ``{use}``, ``{counterparty}``, ``{link}``, ``{market}`` and
``{year}`` stand for a part of the name (lowercase letters, digits and ``_``; a year is four digits) and may appear
in the label.

``block`` names the model block that makes the output (``gigawatt.model.BLOCKS`` by their function names; a
test runs the model and holds every declaration to it). A formula in a scenario field may read an output
made by a block that runs before the block that reads the field: that is checked when the scenario loads,
from these declarations and the fields' readers (:mod:`gigawatt.scenario.order`), without running the model.

In a network (a scenario with ``entities``), entity ``e``'s outputs are named ``e.<output>`` and declared as the
company's output (:func:`find` reads the part after the ``.``; the label puts the entity in front); the network's
own outputs are named ``network.<output>`` and made by the ``network`` block (``gigawatt.model.network``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

KINDS = ("series", "scalar", "event")
GROUPS = {
    "demand": "Demand: users, payers, devices, tokens",
    "revenue": "Revenue",
    "compute": "Compute: demand, capacity and the balance, in GW",
    "costs": "Costs of compute and of running the company",
    "cash": "Profit, cash flow and cash",
    "ratios": "Ratios",
    "outcomes": "Outcomes: one number per sample",
    "probabilities": "Probabilities",
    "network": "Network: money between entities and counterparty risk",
}
"""Groups in the order shown, with their titles."""


@dataclass(frozen=True)
class Format:
    """How a number of one format is shown: in text (``short`` is the unit for a header) and in Excel."""

    short: str
    excel: str


FORMATS: dict[str, Format] = {
    "usd_billions": Format("$B", '"$"#,##0.0,,,"B";-"$"#,##0.0,,,"B"'),
    "usd": Format("$", '"$"#,##0;-"$"#,##0'),
    "usd_per_year": Format("$/yr", '"$"#,##0;-"$"#,##0'),
    "percent": Format("%", "0.0%"),
    "probability": Format("%", "0%"),
    "gw": Format("GW", "#,##0.00"),
    "count": Format("", "#,##0"),
    "year": Format("year", "0"),
    "years": Format("years", "0.0"),
    "scientific": Format("", "0.00E+00"),
    "multiple": Format("×", '0.0"×"'),
}
"""Every number format; ``short`` goes into headers, ``excel`` is the cell's number format."""

_DEFAULT_FORMAT = {"USD": "usd_billions", "USD/year": "usd_per_year", "fraction": "percent", "GW": "gw",
                   "year": "year", "event": "probability", "users": "count", "devices": "count",
                   "tokens": "count"}


@dataclass(frozen=True)
class Output:
    """One declared output (or a family of them, when ``name`` is a template)."""

    name: str
    unit: str
    kind: str
    group: str
    label: str
    meaning: str
    fmt: str = ""
    block: str = ""
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.block:
            raise ValueError(f"output {self.name}: give block=, the model block that makes it")
        if self.kind not in KINDS:
            raise ValueError(f"output {self.name}: kind {self.kind!r} is not one of {KINDS}")
        if self.group not in GROUPS:
            raise ValueError(f"output {self.name}: group {self.group!r} is not one of {list(GROUPS)}")
        fmt = self.fmt or _DEFAULT_FORMAT.get(self.unit, "")
        if fmt not in FORMATS:
            raise ValueError(f"output {self.name}: no format for unit {self.unit!r}; pass fmt= one of {list(FORMATS)}")
        object.__setattr__(self, "fmt", fmt)
        regex = re.escape(self.name)
        for part in re.findall(r"\\\{(\w+)\\\}", regex):
            regex = regex.replace(rf"\{{{part}\}}", rf"(?P<{part}>\d{{4}})" if part == "year" else rf"(?P<{part}>[a-z0-9_]+)")
        object.__setattr__(self, "pattern", re.compile(regex + r"\Z"))

    @property
    def is_template(self) -> bool:
        """Whether the name has a ``{part}`` that stands for many outputs."""
        return "{" in self.name


CATALOGUE: tuple[Output, ...] = (
    # demand
    Output("users_consumer", "users", "series", "demand", "Consumer users", "Weekly active consumer users.", block="demand"),
    Output("payers", "users", "series", "demand", "Paying users", "Consumers who pay: the paying share of users plus device owners turned payers.", block="demand"),
    Output("arpu_paid", "USD/year", "series", "demand", "Revenue per paying user", "Yearly price paid by a paying user, averaged over the tiers.", block="demand"),
    Output("device_units", "devices", "series", "demand", "Devices sold", "Devices sold in the year: first purchases plus replacements, over every device stream.", block="demand"),
    Output("device_installed_base", "devices", "series", "demand", "Devices in use", "Installed base of devices at the end of the year.", block="demand"),
    Output("tokens_total", "tokens", "series", "demand", "Tokens demanded", "Tokens a year that every stream needs served: the demand for compute.", block="revenue_potential"),
    # revenue
    Output("revenue_{stream}", "USD", "series", "revenue", "Revenue: {stream}", "Realised revenue of one stream, after any compute shortage.", block="supply"),
    Output("revenue_compute_resale", "USD", "series", "revenue", "Revenue: compute resale", "Surplus compute rented to others.", block="supply"),
    Output("revenue_total", "USD", "series", "revenue", "Revenue", "Revenue of every stream plus compute resale.", block="supply"),
    Output("revenue_required", "USD", "series", "revenue", "Revenue required", "Capital spending over `finance.sustainable_capex_share`: the revenue at which the buildout pays its way (only with that share).", block="requirement"),
    Output("revenue_shortfall", "USD", "series", "revenue", "Revenue shortfall", "Revenue required less revenue: what is missing (negative: a margin to spare).", block="requirement"),
    # compute
    Output("frontier_flops_per_watt", "FLOP/s/W", "series", "compute", "Frontier efficiency", "FLOP/s per watt delivered by IT installed in the year.", fmt="scientific", block="fleet"),
    Output("fleet_flops_per_watt", "FLOP/s/W", "series", "compute", "Fleet efficiency", "FLOP/s per watt the whole fleet delivers, weighted by GW (the frontier without capacity).", fmt="scientific", block="fleet"),
    Output("fleet_age_years", "year", "series", "compute", "Fleet age", "Years since the fleet's IT was installed, weighted by GW (0 without capacity).", fmt="years", block="fleet"),
    Output("inference_gw", "GW", "series", "compute", "Inference demand", "Power that serving the tokens takes.", block="compute"),
    Output("training_gw", "GW", "series", "compute", "Training demand", "Power for training runs.", block="compute"),
    Output("compute_demand_gw", "GW", "series", "compute", "Compute demand", "Inference plus training demand, plus the capacity sold to customers.", block="compute"),
    Output("sold_gw_{stream}", "GW", "series", "compute", "Sold: {stream}", "GW a capacity stream sells to its customer (served before every use of the company's own).", block="supply"),
    Output("shipped_gw_{stream}", "GW", "series", "compute", "Shipped: {stream}", "GW of systems an equipment stream ships in the year.", block="supply"),
    Output("site_capacity_gw_{site}", "GW", "series", "compute", "Capacity at {site}", "Capacity online at one site.", block="supply"),
    Output("compute_capacity_gw", "GW", "series", "compute", "Compute capacity", "Capacity of every site and contract.", block="supply"),
    Output("compute_capacity_gw_{country}", "GW", "series", "compute", "Capacity in {country}", "Capacity in one country (its name in lowercase).", block="supply"),
    Output("served_gw", "GW", "series", "compute", "Demand served", "The smaller of demand and capacity.", block="supply"),
    Output("compute_shortage_gw", "GW", "series", "compute", "Shortage", "Demand that capacity cannot serve.", block="supply"),
    Output("compute_surplus_gw", "GW", "series", "compute", "Surplus", "Capacity that demand leaves idle.", block="supply"),
    Output("resale_gw", "GW", "series", "compute", "Resold capacity", "Part of the surplus rented to others.", block="supply"),
    Output("served_gw_{use}", "GW", "series", "compute", "Served: {use}", "GW that capacity serves to one use: a stream with tokens, training or free users.", block="supply"),
    Output("unserved_gw_{use}", "GW", "series", "compute", "Unserved: {use}", "GW of one use of compute that capacity cannot serve, in the order of priority.", block="supply"),
    Output("purchased_gw", "GW", "series", "compute", "Purchased capacity", "GW of the purchases delivered.", block="fleet"),
    Output("leased_shell_gw", "GW", "series", "compute", "Leased shells", "GW of purchases held in powered shells leased because their hosts are full.", block="fleet"),
    Output("host_shortfall_gw", "GW", "series", "compute", "Waiting for a host", "GW of purchases that neither the named hosts nor leased shells can hold.", block="fleet"),
    Output("delivered_gw_{counterparty}", "GW", "series", "compute", "Delivered by {counterparty}", "GW that one contract counterparty delivers.", block="compute_costs"),
    # costs
    Output("capex", "USD", "series", "costs", "Capital spending", "The company's share of spending on new and refreshed capacity.", block="fleet"),
    Output("capex_gross", "USD", "series", "costs", "Capital spending, all partners", "Capital spending on the listed sites by every partner.", block="fleet"),
    Output("depreciation", "USD", "series", "costs", "Depreciation", "Straight-line write-off of the company's capital spending.", block="fleet"),
    Output("power_cost", "USD", "series", "costs", "Power", "Electricity of owned and joint-venture sites.", block="compute_costs"),
    Output("lease_cost", "USD", "series", "costs", "Leases", "Leased capacity and partners' share of joint ventures.", block="compute_costs"),
    Output("contract_cost", "USD", "series", "costs", "Cloud contracts", "What the capacity contracts cost: committed part plus used part.", block="compute_costs"),
    Output("contract_commitments", "USD", "series", "costs", "Contract commitments", "What every contract is worth in the year if fully taken.", block="compute_costs"),
    Output("sales_backlog", "USD", "series", "revenue", "Sales backlog", "Remaining performance obligation of the capacity sold at year end: signed value not yet earned.", block="supply"),
    Output("contract_backlog", "USD", "series", "costs", "Contract backlog", "Remaining performance obligation at year end: signed contract value not yet taken.", block="compute_costs"),
    Output("compute_spend", "USD", "series", "costs", "Compute spending", "Capital spending, leases, contracts and power.", block="compute_costs"),
    Output("app_store_fees", "USD", "series", "costs", "App-store fees", "What the app stores keep of subscriptions (already out of revenue).", block="cost_of_revenue"),
    Output("device_cogs", "USD", "series", "costs", "Device cost of goods", "Cost of the devices sold.", block="cost_of_revenue"),
    Output("equipment_cogs", "USD", "series", "costs", "Equipment cost of goods", "Cost of the systems the equipment streams sell.", block="cost_of_revenue"),
    Output("revenue_share_cost", "USD", "series", "costs", "Revenue shares", "Revenue paid to partners.", block="cost_of_revenue"),
    Output("cost_of_revenue", "USD", "series", "costs", "Cost of revenue", "Compute cost of the served inference and resold GW (running costs and depreciation) plus direct costs (full-year rate).", block="cost_of_revenue"),
    Output("staff_cost", "USD", "series", "costs", "Staff", "Headcount times cost per head.", block="opex"),
    Output("sales_marketing", "USD", "series", "costs", "Sales and marketing", "A share of revenue.", block="opex"),
    Output("general_admin", "USD", "series", "costs", "General and administrative", "As given in the scenario.", block="opex"),
    Output("other_opex", "USD", "series", "costs", "Other operating costs", "The cash lines of opex.", block="opex"),
    Output("stock_compensation", "USD", "series", "costs", "Stock-based compensation", "Non-cash cost: lowers operating income, uses no cash.", block="opex"),
    Output("opex_cash", "USD", "series", "costs", "Operating costs (cash)", "Staff, sales and marketing, general and administrative, other lines.", block="opex"),
    Output("direct_costs", "USD", "series", "costs", "Direct costs", "Device and equipment cost of goods plus revenue shares.", block="cost_of_revenue"),
    Output("compute_cost", "USD", "series", "costs", "Cost of compute", "Leases, contracts, power and depreciation.", block="cost_of_revenue"),
    Output("serving_compute_cost", "USD", "series", "costs", "Compute cost of serving", "Cost of compute per GW times the inference GW served and the GW resold.", block="cost_of_revenue"),
    Output("research_compute_cost", "USD", "series", "costs", "Compute cost of research", "Cost of compute less the compute cost of serving: training and idle GW.", block="cost_of_revenue"),
    Output("cost_per_million_tokens", "USD", "series", "costs", "Cost per million tokens", "The serving cost of the tokens served, per million tokens.", fmt="usd", block="cost_of_revenue"),
    Output("cost_to_serve_{stream}", "USD", "series", "costs", "Cost to serve: {stream}", "Cost of compute per GW times the GW served to one stream (streams with tokens).", block="cost_of_revenue"),
    Output("inference_compute_cost", "USD", "series", "costs", "Inference compute cost", "Compute cost of serving (running costs and depreciation of the served inference and resold GW), for the period.", block="finance"),
    Output("training_compute_cost", "USD", "series", "costs", "Training compute cost", "Compute cost of research (running costs and depreciation of the training and idle GW), for the period.", block="finance"),
    Output("cost_of_revenue_total", "USD", "series", "costs", "Cost of revenue (with inference compute)", "Cost of revenue for the period (the first year scaled by its fraction).", block="finance"),
    Output("research_development", "USD", "series", "costs", "Research and development (with training compute)", "Staff cost plus the compute cost of research, for the period.", block="finance"),
    Output("admin_and_other", "USD", "series", "costs", "General, administrative and other", "General and administrative and other operating costs.", block="finance"),
    # cash
    Output("ebitda", "USD", "series", "cash", "EBITDA", "Operating income plus depreciation and stock compensation.", block="finance"),
    Output("operating_income", "USD", "series", "cash", "EBIT (operating income)", "EBITDA less depreciation and stock compensation.", block="finance"),
    Output("taxes", "USD", "series", "cash", "Taxes", "Tax on operating income after losses carried forward.", block="finance"),
    Output("gross_profit", "USD", "series", "cash", "Gross profit", "Revenue less total cost of revenue.", block="finance"),
    Output("other_income", "USD", "series", "cash", "Other income (warrants vesting)", "Value of supplier warrants vesting (non-cash).", block="finance"),
    Output("interest_expense", "USD", "series", "cash", "Interest expense", "Interest on debt and the revolver outstanding.", block="finance"),
    Output("interest_income", "USD", "series", "cash", "Interest income", "Interest earned on cash.", block="finance"),
    Output("pre_tax_income", "USD", "series", "cash", "Pre-tax income", "Operating income plus other income and interest income, less interest expense.", block="finance"),
    Output("net_income", "USD", "series", "cash", "Net income", "Pre-tax income less taxes.", block="finance"),
    Output("cash_from_operations", "USD", "series", "cash", "Cash from operations", "Net income plus depreciation and stock compensation, less non-cash other income.", block="finance"),
    Output("cash_from_investing", "USD", "series", "cash", "Cash from investing", "Minus capital spending and acquisitions paid in cash.", block="finance"),
    Output("cash_from_financing", "USD", "series", "cash", "Cash from financing", "Equity raised and debt and facilities drawn, less repayments.", block="finance"),
    Output("unlevered_free_cash_flow", "USD", "series", "cash", "Unlevered free cash flow", "Free cash flow before interest.", block="finance"),
    Output("pp_e_net", "USD", "series", "cash", "Property, plant and equipment (net)", "Capital spending less depreciation to date, at year end.", block="finance"),
    Output("other_assets", "USD", "series", "cash", "Other assets", "Assets beside cash and plant, such as vested warrants, at year end.", block="finance"),
    Output("total_assets", "USD", "series", "cash", "Total assets", "Cash, plant, other assets and right-of-use assets at year end.", block="finance"),
    Output("right_of_use_assets", "USD", "series", "cash", "Right-of-use assets", "Leases on the balance sheet (finance.leases): the right to use leased capacity, equal to the lease liability.", block="finance"),
    Output("debt_balance", "USD", "series", "cash", "Debt", "Debt outstanding at year end.", block="finance"),
    Output("revolver_balance", "USD", "series", "cash", "Revolving facility", "Drawn revolving credit at year end.", block="finance"),
    Output("lease_liabilities", "USD", "series", "cash", "Lease liabilities", "Present value at year end of the lease payments committed after it (finance.leases).", block="finance"),
    Output("lease_interest", "USD", "series", "cash", "Interest on lease liabilities", "The lease liability's interest in the year, part of the lease cost (finance.leases).", block="finance"),
    Output("total_liabilities", "USD", "series", "cash", "Total liabilities", "Debt, revolver and lease liabilities at year end.", block="finance"),
    Output("equity_balance", "USD", "series", "cash", "Equity", "Opening equity plus cumulative net income, stock compensation and equity raised; equals total assets less liabilities.", block="finance"),
    Output("free_cash_flow", "USD", "series", "cash", "Free cash flow", "EBITDA less capital spending, taxes and interest.", block="finance"),
    Output("cash_before_financing", "USD", "series", "cash", "Cash before new financing", "Starting cash plus cumulative free cash flow.", block="finance"),
    Output("cash_balance", "USD", "series", "cash", "Cash after the planned financing", "Cash before financing plus cumulative financing.", block="finance"),
    Output("investments", "USD", "series", "cash", "Investments in other companies", "Cash invested in other companies of a network to date, at cost, at year end (an asset).", block="finance"),
    Output("borrowing_need", "USD", "series", "cash", "Borrowing need", "Revolver drawn plus any cash below the minimum, at year end: what the company must borrow (with `finance.borrowing_limit`).", block="outcomes"),
    # ratios
    Output("compute_cost_to_revenue", "fraction", "series", "ratios", "Compute spending over revenue", "Compute spending divided by revenue (at least 1 USD).", block="outcomes"),
    Output("paying_share_of_users", "fraction", "series", "ratios", "Paying share of users", "Payers over consumer users.", block="outcomes"),
    Output("revenue_share_from_payers", "fraction", "series", "ratios", "Share of revenue from paying consumers", "Revenue of the payer streams over total revenue.", block="outcomes"),
    Output("gross_margin", "fraction", "series", "ratios", "Gross margin", "Gross profit over revenue.", block="cost_of_revenue"),
    Output("revenue_per_gw", "USD/GW/year", "series", "ratios", "Revenue per GW", "Revenue over compute capacity, in USD per GW-year.", fmt="usd_billions", block="cost_of_revenue"),
    Output("existing_holders_ownership", "fraction", "series", "ratios", "Existing holders' share", "Share of the company the holders before the first planned round still own.", block="finance"),
    # outcomes
    Output("funding_gap", "USD", "scalar", "outcomes", "Funding gap", "New money needed to keep cash at or above the minimum in every year.", block="outcomes"),
    Output("funding_gap_by_{year}", "USD", "scalar", "outcomes", "Funding gap to {year}", "The funding gap over the years up to the funding-gap year.", block="outcomes"),
    Output("funding_gap_after_financing", "USD", "scalar", "outcomes", "Funding gap after the planned financing", "The funding gap of the cash balance after the planned financing.", block="outcomes"),
    Output("funding_gap_after_financing_by_{year}", "USD", "scalar", "outcomes", "Funding gap after financing to {year}", "The funding gap after the planned financing over the years up to the funding-gap year.", block="outcomes"),
    Output("breakeven_year", "year", "scalar", "outcomes", "Break-even year", "First year with free cash flow at or above zero; never when it does not come.", block="outcomes"),
    Output("first_breakeven_year", "year", "scalar", "outcomes", "First break-even year", "First year with free cash flow at or above zero, even if it falls below again; never when it does not come.", block="outcomes"),
    Output("default_year", "year", "scalar", "outcomes", "Default year", "First year whose borrowing need is above `finance.borrowing_limit`; never when it stays within it.", block="outcomes"),
    Output("npv", "USD", "scalar", "outcomes", "Net present value", "Free cash flows discounted at the scenario's rate to the first year.", block="outcomes"),
    Output("peak_funding_need_year", "year", "scalar", "outcomes", "Year of the lowest cash", "Year of the lowest cash before financing.", block="outcomes"),
    Output("contract_signed_value", "USD", "scalar", "outcomes", "Contracts signed", "Signed value of every capacity contract.", block="compute_costs"),
    Output("contract_signed_gw", "GW", "scalar", "outcomes", "Contracted GW signed", "GW signed in every capacity contract.", block="compute_costs"),
    Output("terminal_value", "USD", "scalar", "outcomes", "Terminal value", "Value at the last year of the years after it: Gordon growth, an exit multiple, or none.", block="outcomes"),
    Output("enterprise_value", "USD", "scalar", "outcomes", "Enterprise value", "Unlevered free cash flows and the terminal value, discounted to the first year.", block="outcomes"),
    Output("irr", "fraction", "scalar", "outcomes", "Internal rate of return", "Rate that makes the present value of the unlevered flows and terminal value zero (-99% or +1000% when none exists).", block="outcomes"),
    Output("implied_ev_to_revenue", "fraction", "scalar", "outcomes", "Enterprise value over revenue", "Enterprise value over revenue of the first year (0 below 1 USD of revenue).", fmt="multiple", block="outcomes"),
    # probabilities
    Output("breakeven_by_{year}", "event", "event", "probabilities", "Break-even by {year}", "Free cash flow has reached zero by the year.", block="outcomes"),
    Output("in_default", "event", "event", "probabilities", "Default", "The borrowing need rises above `finance.borrowing_limit` within the horizon.", block="outcomes"),
    Output("irr_exists", "event", "event", "probabilities", "An IRR exists", "The unlevered flows have a rate of return between -99% and +1000% a year.", block="outcomes"),
    # network: a scenario with entities (docs/model.md section 12); each entity's own outputs are named `<entity>.<output>`
    Output("network.flow_{link}", "USD", "series", "network", "Flow: {link}", "Paid along the link in the year: the buyer's payments on the contract or purchase, or the investor's cash for the equity item, after any default.", block="network"),
    Output("network.exposure_{link}", "USD", "series", "network", "Exposure: {link}", "Payments on the link still due after the year end when no entity defaults: the payee's remaining claim on the payer.", block="network"),
    Output("network.loss_{link}", "USD", "scalar", "network", "Loss: {link}", "Payments on the link over the horizon that a default left unpaid (no-default payments less those made).", block="network"),
    Output("network.others_{market}", "USD", "series", "network", "Left to others: {market}", "The part of a shared market that no entity's share takes.", block="network"),
    Output("network.cascade", "event", "event", "network", "A default cascades", "An entity defaults that does not default when every other entity pays in full.", block="network"),
    Output("network.defaults", "entities", "scalar", "network", "Entities in default", "How many entities default within the horizon.", fmt="count", block="network"),
)
"""Every output of the model, grouped as shown."""


NETWORK_KEEPS: tuple[str, ...] = (
    "revenue_total", "revenue_{stream}", "revenue_compute_resale", "sales_backlog",
    "compute_demand_gw", "compute_capacity_gw", "served_gw", "compute_shortage_gw", "compute_surplus_gw",
    "purchased_gw", "delivered_gw_{counterparty}", "sold_gw_{stream}", "shipped_gw_{stream}",
    "capex", "depreciation", "power_cost", "lease_cost", "contract_cost", "contract_commitments", "contract_backlog",
    "compute_spend", "cost_of_revenue", "equipment_cogs", "opex_cash",
    "ebitda", "operating_income", "interest_expense", "taxes", "net_income", "cash_from_operations",
    "cash_from_investing", "cash_from_financing", "free_cash_flow", "cash_before_financing", "cash_balance",
    "debt_balance", "revolver_balance", "investments", "borrowing_need", "total_assets", "total_liabilities",
    "equity_balance", "gross_margin", "compute_cost_to_revenue",
)
"""The series a network keeps of each entity, by declared name (a template keeps all its outputs): a network of
ten companies at 20,000 samples would otherwise hold every one of their ~140 series (about 2.5 GB; measured in
docs/performance.md). Every scalar and event of an entity is kept; the entity's blocks still compute every series
(its formulas and its statements within the run read them)."""


def kept_in_network(name: str) -> bool:
    """Whether a network keeps an entity's output ``name`` (the name within the entity): every scalar and event,
    and the series of :data:`NETWORK_KEEPS`."""
    found = _find(name)
    return found is not None and (found[0].kind != "series" or found[0].name in NETWORK_KEEPS)


class UndeclaredOutputError(ValueError):
    """An output of the model that the catalogue does not declare, or declares otherwise."""


ENTITY_PREFIX = re.compile(r"(?P<entity>[a-z][a-z0-9_]*)\.(?P<rest>.+)\Z")
"""An entity's output in a network: ``<entity>.<output>`` (``oracle.free_cash_flow``)."""


def entity_of(name: str) -> tuple[str, str] | None:
    """``(entity, output)`` of an entity's output in a network (``oracle.free_cash_flow``), or None for an output
    of a company or of the network as a whole (``network.cascade``)."""
    match = ENTITY_PREFIX.match(name)
    if match is None or match["entity"] == "network":
        return None
    return match["entity"], match["rest"]


@lru_cache(maxsize=4096)
def _find(name: str) -> tuple[Output, tuple[tuple[str, str], ...]] | None:
    for out in CATALOGUE:  # exact names first: revenue_total is not the stream "total"
        if not out.is_template and out.name == name:
            return out, ()
    for out in CATALOGUE:
        match = out.pattern.match(name)
        if out.is_template and match:
            return out, tuple(match.groupdict().items())
    entity = entity_of(name)
    if entity is not None:  # an entity's output: declared as the company's
        return _find(entity[1])
    if "@" in name:  # a year or a window of a series (revenue_total@2030): declared by its output
        from gigawatt.metrics import derived_output

        return derived_output(name)
    return None


def find(name: str) -> tuple[Output, tuple[tuple[str, str], ...]] | None:
    """The declaration of ``name`` and the parts its template's ``{...}`` stand for (``None``: not declared)."""
    return _find(name)


def declaration(name: str) -> Output:
    """The declaration of an output name (exact or by template); ``KeyError`` naming the nearest."""
    found = _find(name)
    if found is None:
        from gigawatt.scenario.errors import did_you_mean

        raise KeyError(f"no output named {name!r} is declared{did_you_mean(name, [o.name for o in CATALOGUE])}")
    return found[0]


def is_declared(name: str) -> bool:
    """Whether ``name`` is a declared output."""
    return _find(name) is not None


def part_words(part: str, value: str) -> str:
    """A part of a name as a label shows it: ``chatgpt_plus`` -> ``chatgpt plus``, a short country code upper-case."""
    if part == "country" and len(value) <= 3:
        return value.upper()
    return value.replace("_", " ")


def label(name: str) -> str:
    """The short label of an output: ``"Revenue"``, ``"Revenue: chatgpt subscriptions"``."""
    found = _find(name)
    if found is None:
        return name
    out, parts = found
    entity = entity_of(name)
    if entity is not None and not is_network_output(name):
        return f"{entity[0]}: {label(entity[1])}"
    return out.label.format(**{k: part_words(k, v) for k, v in parts})


def is_network_output(name: str) -> bool:
    """Whether ``name`` is an output of the network as a whole (``network.flow_<link>``, ``network.cascade``)."""
    return name.startswith("network.")


def member_label(name: str) -> str:
    """The label within its group, as a legend or a column under a group's title shows it: a stream's
    name for ``revenue_{stream}`` (``"chatgpt subscriptions"``), the part after the colon otherwise."""
    found = _find(name)
    if found is None:
        return name
    out, parts = found
    if parts:
        return part_words(parts[0][0], parts[0][1])
    return label(name).split(": ", 1)[-1]


def is_calendar_year(name: str) -> bool:
    """Whether the values of an output are calendar years (whole numbers, shown as ``2031`` or ``never``),
    as the break-even year is; a duration in years (``fleet_age_years``) is not. ``False`` when undeclared."""
    found = _find(name)
    return found is not None and found[0].fmt == "year"


def unit(name: str) -> str:
    """The canonical unit of an output."""
    return declaration(name).unit


def fmt(name: str) -> str:
    """The number format of an output (a key of :data:`FORMATS`)."""
    return declaration(name).fmt


def short_unit(name: str) -> str:
    """The unit as a header shows it: ``$B``, ``$/yr``, ``%``, ``GW``, ``year`` (empty for counts)."""
    return FORMATS[fmt(name)].short


def header(name: str) -> str:
    """Label and short unit, as a column header: ``"Revenue ($B)"``, ``"Devices sold"``."""
    short = short_unit(name)
    return f"{label(name)} ({short})" if short else label(name)


def excel_format(name: str) -> str:
    """The Excel number format of an output's cells (values stay in the canonical unit)."""
    return FORMATS[fmt(name)].excel


def group(name: str) -> str:
    """The group of an output (a key of :data:`GROUPS`)."""
    return declaration(name).group


_COUNTS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def _sig(x: float) -> str:
    if x == 0:
        return "0"
    decimals = max(0, 2 - int(math.floor(math.log10(abs(x)))))
    return f"{x:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{x:,.0f}"


def text(value: float | None, name: str, *, with_unit: bool = True) -> str:
    """One value of an output as a reader wants it: ``$13.1B``, ``$254/yr``, ``12.5%``, ``3.4 GW``,
    ``800M``, ``2031`` or ``never``; ``–`` when there is no value. ``with_unit=False`` leaves out
    what a header already says (``13.1`` under ``$B``, ``3.4`` under ``GW``)."""
    kind = fmt(name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "year":
        return "never" if math.isinf(value) else f"{value:.0f}"
    if kind == "years":
        return "–" if not math.isfinite(value) else (f"{value:.1f} years" if with_unit else f"{value:.1f}")
    if kind == "scientific":
        return "–" if not math.isfinite(value) else f"{value:.3g}"
    if kind == "multiple":
        return "–" if not math.isfinite(value) else (f"{value:.1f}×" if with_unit else f"{value:.1f}")
    if not math.isfinite(value):
        return "–"
    sign = "-" if value < 0 else ""
    x = abs(value)
    if kind == "usd_billions":
        return f"{sign}${x / 1e9:,.1f}B" if with_unit else f"{value / 1e9:,.1f}"
    if kind in ("usd", "usd_per_year"):
        tail = "/yr" if kind == "usd_per_year" and with_unit else ""
        return f"{sign}${x:,.0f}{tail}" if with_unit else f"{value:,.0f}"
    if kind == "percent":
        return f"{value * 100:.1f}%" if with_unit else f"{value * 100:.1f}"
    if kind == "probability":
        if 0 < value < 0.005:
            shown = "<1"
        elif 0.995 <= value < 1:
            shown = ">99"
        else:
            shown = f"{value * 100:.0f}"
        return f"{shown}%" if with_unit else shown
    if kind == "gw":
        return f"{value:,.1f} GW" if with_unit else f"{value:,.1f}"
    for scale, suffix in _COUNTS:
        if x >= scale:
            return f"{sign}{_sig(x / scale)}{suffix}"
    return f"{sign}{_sig(x)}"


def check(units: Mapping[str, str], kinds: Mapping[str, str]) -> None:
    """Raise :class:`UndeclaredOutputError` for an output that is not declared, or not with this unit or kind."""
    problems = []
    for name, got in units.items():
        found = _find(name)
        if found is None:
            problems.append(f"{name}: not declared in gigawatt.outputs.CATALOGUE")
            continue
        out = found[0]
        if got != out.unit:
            problems.append(f"{name}: unit {got!r}, declared {out.unit!r}")
        if kinds.get(name, out.kind) != out.kind:
            problems.append(f"{name}: a {kinds[name]}, declared a {out.kind}")
    if problems:
        raise UndeclaredOutputError("outputs of the model that the catalogue does not declare so:\n  "
                                    + "\n  ".join(problems))


def ordered(names: Iterable[str], in_group: str | None = None) -> list[str]:
    """``names`` in catalogue order (a template's outputs in the order given), optionally of one group."""
    position = {out.name: i for i, out in enumerate(CATALOGUE)}
    chosen = [n for n in names if is_declared(n) and (in_group is None or group(n) == in_group)]
    return sorted(chosen, key=lambda n: position.get(declaration(n).name, len(position)))


def reference() -> str:
    """docs/outputs.md: every output by group, with unit, kind, format and meaning."""
    lines = ["# Outputs", "",
             "Every output of the model, generated from the catalogue in `src/gigawatt/outputs.py`",
             "(`make docs`; a test fails when this page is stale). Values are in the canonical unit;",
             "the format says how tables, charts and the workbook show them. In a name, `{stream}`,",
             "`{site}`, `{country}`, `{use}`, `{counterparty}`, `{link}`, `{market}` and `{year}` stand for one output",
             "per stream, site, country, use of compute, contract counterparty, network link, shared market or year.",
             "In a network (a scenario with `entities`) entity `e`'s outputs are named `e.<output>`, declared as",
             "below; the network's own outputs are named `network.<output>`.",
             "A series has one value per sample and year, a scalar one per sample; an event is yes or no",
             "per sample and is reported as the share of samples where it happens.", ""]
    for key, title in GROUPS.items():
        members = [o for o in CATALOGUE if o.group == key]
        if not members:
            continue
        lines += [f"## {title}", "", "| name | unit | kind | shown as | label | meaning |", "|---|---|---|---|---|---|"]
        for o in members:
            shown = FORMATS[o.fmt].short or "count"
            lines.append(f"| `{o.name}` | {o.unit} | {o.kind} | {shown} | {o.label} | {o.meaning} |")
        lines.append("")
    return "\n".join(lines)


# Names that tables, charts and exports pick by hand: a constant here, so no interface spells an output.
REVENUE_TOTAL = "revenue_total"
REVENUE_STREAM = "revenue_{stream}"
REVENUE_COMPUTE_RESALE = "revenue_compute_resale"
REVENUE_SHARE_FROM_PAYERS = "revenue_share_from_payers"
COMPUTE_SPEND = "compute_spend"
CAPEX = "capex"
CONTRACT_COMMITMENTS = "contract_commitments"
CONTRACT_BACKLOG = "contract_backlog"
FREE_CASH_FLOW = "free_cash_flow"
CASH_BEFORE_FINANCING = "cash_before_financing"
CASH_BALANCE = "cash_balance"
COMPUTE_DEMAND_GW = "compute_demand_gw"
COMPUTE_CAPACITY_GW = "compute_capacity_gw"
COMPUTE_CAPACITY_GW_COUNTRY = "compute_capacity_gw_{country}"
SITE_CAPACITY_GW = "site_capacity_gw_{site}"
COMPUTE_SHORTAGE_GW = "compute_shortage_gw"
COMPUTE_SURPLUS_GW = "compute_surplus_gw"
FUNDING_GAP = "funding_gap"
FUNDING_GAP_BY = "funding_gap_by_{year}"
FUNDING_GAP_AFTER_FINANCING = "funding_gap_after_financing"
BREAKEVEN_YEAR = "breakeven_year"
BREAKEVEN_BY = "breakeven_by_{year}"
PEAK_FUNDING_NEED_YEAR = "peak_funding_need_year"
NPV = "npv"

EBITDA = "ebitda"
STOCK_COMPENSATION = "stock_compensation"
SALES_MARKETING = "sales_marketing"
DEPRECIATION = "depreciation"
COST_OF_REVENUE = "cost_of_revenue"
CASH_FROM_OPERATIONS = "cash_from_operations"
EQUITY_BALANCE = "equity_balance"
INTEREST_INCOME = "interest_income"
ADMIN_AND_OTHER = "admin_and_other"
NET_INCOME = "net_income"
PRE_TAX_INCOME = "pre_tax_income"
OTHER_ASSETS = "other_assets"
CASH_FROM_INVESTING = "cash_from_investing"
OPERATING_INCOME = "operating_income"
COST_OF_REVENUE_TOTAL = "cost_of_revenue_total"
DEBT_BALANCE = "debt_balance"
TAXES = "taxes"
CASH_FROM_FINANCING = "cash_from_financing"
OTHER_INCOME = "other_income"
GROSS_PROFIT = "gross_profit"
TOTAL_ASSETS = "total_assets"
INTEREST_EXPENSE = "interest_expense"
REVOLVER_BALANCE = "revolver_balance"
RESEARCH_DEVELOPMENT = "research_development"
TOTAL_LIABILITIES = "total_liabilities"
PP_E_NET = "pp_e_net"
RIGHT_OF_USE_ASSETS = "right_of_use_assets"
INVESTMENTS = "investments"
LEASE_LIABILITIES = "lease_liabilities"
REVENUE_PER_GW = "revenue_per_gw"
FRONTIER_FLOPS_PER_WATT = "frontier_flops_per_watt"
GROSS_MARGIN = "gross_margin"
FLEET_AGE_YEARS = "fleet_age_years"
COST_PER_MILLION_TOKENS = "cost_per_million_tokens"
FLEET_FLOPS_PER_WATT = "fleet_flops_per_watt"
PURCHASED_GW = "purchased_gw"
HOST_SHORTFALL_GW = "host_shortfall_gw"
ENTERPRISE_VALUE = "enterprise_value"
IRR = "irr"
IMPLIED_EV_TO_REVENUE = "implied_ev_to_revenue"
TERMINAL_VALUE = "terminal_value"
DEFAULT_YEAR = "default_year"
IN_DEFAULT = "in_default"
NETWORK_FLOW = "network.flow_{link}"
NETWORK_EXPOSURE = "network.exposure_{link}"
NETWORK_LOSS = "network.loss_{link}"
NETWORK_OTHERS = "network.others_{market}"
NETWORK_CASCADE = "network.cascade"
NETWORK_DEFAULTS = "network.defaults"


def is_a(name: str, template: str) -> bool:
    """Whether ``name`` is one of the outputs of ``template`` (``is_a("revenue_api", REVENUE_STREAM)``)."""
    found = _find(name)
    return found is not None and found[0].name == template


def part(name: str, template: str) -> str:
    """The part of ``name`` that the template's ``{...}`` stands for: ``part("breakeven_by_2030", BREAKEVEN_BY)``
    is ``"2030"``; ``KeyError`` when ``name`` is not of the template."""
    found = _find(name)
    if found is None or found[0].name != template or not found[1]:
        raise KeyError(f"{name!r} is not an output of {template!r}")
    return found[1][0][1]


def of(template: str, names: Iterable[str]) -> list[str]:
    """The outputs among ``names`` that ``template`` declares, in the order given."""
    return [n for n in names if is_a(n, template)]
