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
    INVESTMENTS,
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
    label,
)

Line = tuple[str, bool]
"""``(output name, a full-year rate to scale by the first-year fraction)``: each line's label is the output's
label in the catalogue (:mod:`gigawatt.outputs`)."""

STATEMENTS: dict[str, list[Line]] = {
    N_("income statement"): [
        (REVENUE_TOTAL, True),
        (COST_OF_REVENUE_TOTAL, False),
        (GROSS_PROFIT, False),
        (RESEARCH_DEVELOPMENT, False),
        (SALES_MARKETING, True),
        (ADMIN_AND_OTHER, False),
        (STOCK_COMPENSATION, True),
        (OPERATING_INCOME, False),
        # depreciation sits in the cost of revenue and research above; EBITDA adds it and stock compensation back
        (DEPRECIATION, True),
        (EBITDA, False),
        (OTHER_INCOME, False),
        (INTEREST_INCOME, False),
        (INTEREST_EXPENSE, False),
        (PRE_TAX_INCOME, False),
        (TAXES, False),
        (NET_INCOME, False),
    ],
    N_("cash flows"): [
        (CASH_FROM_OPERATIONS, False),
        (CASH_FROM_INVESTING, False),
        (CASH_FROM_FINANCING, False),
        (FREE_CASH_FLOW, False),
        (CASH_BALANCE, False),
    ],
    N_("balance sheet"): [
        (CASH_BALANCE, False),
        (PP_E_NET, False),
        (OTHER_ASSETS, False),
        (RIGHT_OF_USE_ASSETS, False),
        (INVESTMENTS, False),
        (TOTAL_ASSETS, False),
        (DEBT_BALANCE, False),
        (REVOLVER_BALANCE, False),
        (LEASE_LIABILITIES, False),
        (TOTAL_LIABILITIES, False),
        (EQUITY_BALANCE, False),
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
        for name, rate in lines:
            if name not in result.series:
                continue
            values = result.series[name][chosen] * (weights if rate else 1.0)
            rows.append((name, label(name), [float(v) for v in values]))
        out.append(Statement(title, years, chosen, rows))
    return out
