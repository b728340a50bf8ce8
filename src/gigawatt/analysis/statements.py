"""The three statements of one simulated future, years across: what the report and the workbook show.

A statement of medians would not balance (the median of a sum is not the sum of the medians),
so the tables show one whole future: the *median future*, the sample whose cumulative free cash
flow over the horizon is nearest the median of all samples. Lines from the blocks before
``finance`` are full-year rates; in a table they are scaled like the statements' own flows by
``finance.first_year_fraction`` in the first year (docs/model.md section 8).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gigawatt.engine.result import Result
from gigawatt.i18n import N_

Line = tuple[str, str, bool]
"""``(output name, label, a full-year rate to scale by the first-year fraction)``."""

STATEMENTS: dict[str, list[Line]] = {
    N_("income statement"): [
        ("revenue_total", N_("Revenue"), True),
        ("cost_of_revenue_total", N_("Cost of revenue (with inference compute)"), False),
        ("gross_profit", N_("Gross profit"), False),
        ("research_development", N_("Research and development (with training compute)"), False),
        ("sales_marketing", N_("Sales and marketing"), True),
        ("admin_and_other", N_("General, administrative and other"), False),
        ("ebitda", N_("EBITDA"), False),
        ("stock_compensation", N_("Stock-based compensation"), True),
        ("depreciation", N_("Depreciation"), True),
        ("operating_income", N_("EBIT (operating income)"), False),
        ("other_income", N_("Other income (warrants vesting)"), False),
        ("interest_income", N_("Interest income"), False),
        ("interest_expense", N_("Interest expense"), False),
        ("pre_tax_income", N_("Pre-tax income"), False),
        ("taxes", N_("Taxes"), False),
        ("net_income", N_("Net income"), False),
    ],
    N_("cash flows"): [
        ("cash_from_operations", N_("Cash from operations"), False),
        ("cash_from_investing", N_("Cash from investing"), False),
        ("cash_from_financing", N_("Cash from financing"), False),
        ("free_cash_flow", N_("Free cash flow"), False),
        ("cash_balance", N_("Cash at year end"), False),
    ],
    N_("balance sheet"): [
        ("cash_balance", N_("Cash"), False),
        ("pp_e_net", N_("Plant, property and equipment (net)"), False),
        ("other_assets", N_("Other assets"), False),
        ("total_assets", N_("Total assets"), False),
        ("debt_balance", N_("Debt"), False),
        ("revolver_balance", N_("Revolving facility"), False),
        ("total_liabilities", N_("Total liabilities"), False),
        ("equity_balance", N_("Equity"), False),
    ],
}
"""Each statement's lines, in order."""


@dataclass
class Statement:
    """One statement of one future: its lines' values by year (USD)."""

    title: str
    years: list[int]
    sample: int
    rows: list[tuple[str, str, list[float]]]  # (output name, label, value per year)


def median_future(result: Result) -> int:
    """The sample whose cumulative free cash flow is nearest the median over samples."""
    total = result["free_cash_flow"].sum(axis=1)
    return int(np.argmin(np.abs(total - np.median(total))))


def statements(result: Result, sample: int | None = None) -> list[Statement]:
    """The three statements of ``sample`` (default: :func:`median_future`); lines the result lacks are left out."""
    chosen = median_future(result) if sample is None else sample
    years = [int(y) for y in result.years]
    weights = np.ones(len(years))
    weights[0] = result.scenario.finance.first_year_fraction
    out = []
    for title, lines in STATEMENTS.items():
        rows = []
        for name, label, rate in lines:
            if name not in result.series:
                continue
            values = result.series[name][chosen] * (weights if rate else 1.0)
            rows.append((name, label, [float(v) for v in values]))
        out.append(Statement(title, years, chosen, rows))
    return out
