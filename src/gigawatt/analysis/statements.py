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
from gigawatt.outputs import (
    ADMIN_AND_OTHER,
    CASH_BALANCE,
    CASH_FROM_FINANCING,
    CASH_FROM_INVESTING,
    CASH_FROM_OPERATIONS,
    COST_OF_REVENUE_TOTAL,
    DEBT_BALANCE,
    DEPRECIATION,
    EBITDA,
    EQUITY_BALANCE,
    FREE_CASH_FLOW,
    GROSS_PROFIT,
    INTEREST_EXPENSE,
    INTEREST_INCOME,
    LEASE_LIABILITIES,
    NET_INCOME,
    OPERATING_INCOME,
    OTHER_ASSETS,
    OTHER_INCOME,
    PP_E_NET,
    PRE_TAX_INCOME,
    RESEARCH_DEVELOPMENT,
    REVENUE_TOTAL,
    REVOLVER_BALANCE,
    RIGHT_OF_USE_ASSETS,
    SALES_MARKETING,
    STOCK_COMPENSATION,
    TAXES,
    TOTAL_ASSETS,
    TOTAL_LIABILITIES,
)

Line = tuple[str, str, bool]
"""``(output name, label, a full-year rate to scale by the first-year fraction)``."""

STATEMENTS: dict[str, list[Line]] = {
    N_("income statement"): [
        (REVENUE_TOTAL, N_("Revenue"), True),
        (COST_OF_REVENUE_TOTAL, N_("Cost of revenue (with inference compute)"), False),
        (GROSS_PROFIT, N_("Gross profit"), False),
        (RESEARCH_DEVELOPMENT, N_("Research and development (with training compute)"), False),
        (SALES_MARKETING, N_("Sales and marketing"), True),
        (ADMIN_AND_OTHER, N_("General, administrative and other"), False),
        (STOCK_COMPENSATION, N_("Stock-based compensation"), True),
        (OPERATING_INCOME, N_("EBIT (operating income)"), False),
        # depreciation sits in the cost of revenue and research above; EBITDA adds it and stock compensation back
        (DEPRECIATION, N_("Depreciation"), True),
        (EBITDA, N_("EBITDA"), False),
        (OTHER_INCOME, N_("Other income (warrants vesting)"), False),
        (INTEREST_INCOME, N_("Interest income"), False),
        (INTEREST_EXPENSE, N_("Interest expense"), False),
        (PRE_TAX_INCOME, N_("Pre-tax income"), False),
        (TAXES, N_("Taxes"), False),
        (NET_INCOME, N_("Net income"), False),
    ],
    N_("cash flows"): [
        (CASH_FROM_OPERATIONS, N_("Cash from operations"), False),
        (CASH_FROM_INVESTING, N_("Cash from investing"), False),
        (CASH_FROM_FINANCING, N_("Cash from financing"), False),
        (FREE_CASH_FLOW, N_("Free cash flow"), False),
        (CASH_BALANCE, N_("Cash at year end"), False),
    ],
    N_("balance sheet"): [
        (CASH_BALANCE, N_("Cash"), False),
        (PP_E_NET, N_("Plant, property and equipment (net)"), False),
        (OTHER_ASSETS, N_("Other assets"), False),
        (RIGHT_OF_USE_ASSETS, N_("Right-of-use assets"), False),
        (TOTAL_ASSETS, N_("Total assets"), False),
        (DEBT_BALANCE, N_("Debt"), False),
        (REVOLVER_BALANCE, N_("Revolving facility"), False),
        (LEASE_LIABILITIES, N_("Lease liabilities"), False),
        (TOTAL_LIABILITIES, N_("Total liabilities"), False),
        (EQUITY_BALANCE, N_("Equity"), False),
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
    total = result[FREE_CASH_FLOW].sum(axis=1)
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
