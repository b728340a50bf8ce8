"""From revenue and costs to cash: EBITDA, taxes, financing, cash balances (MODEL.md section 4)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import full
from gigawatt.scenario.schema import Scenario


def taxes_after_losses(income: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Tax on positive income after losses carried forward, USD per year.

    Each year ``tax = rate x max(0, income - losses)``; losses carried forward
    become ``max(0, losses - income)`` (a loss adds to them, a profit uses them up).

    Parameters
    ----------
    income
        Operating income, USD per year, shape ``(n, Y)``.
    rate
        Tax rate (fraction), shape ``(n, Y)`` or ``(1, Y)``.
    """
    taxes = np.zeros(income.shape)
    if not np.any(rate):
        return taxes
    rate = np.broadcast_to(rate, income.shape)
    losses = np.zeros(income.shape[0])
    for t in range(income.shape[1]):  # the carry-forward runs over years, vectorised over samples
        taxes[:, t] = rate[:, t] * np.maximum(income[:, t] - losses, 0.0)
        losses = np.maximum(losses - income[:, t], 0.0)
    return taxes


def financing_flows(scenario: Scenario, x: Inputs) -> tuple[np.ndarray, np.ndarray]:
    """Cash from financing events and interest on debt, USD per year.

    Equity and debt add their amount in their year. A debt is outstanding from
    its year to ``year + tenor_years - 1``, paying ``rate x amount`` interest in
    each of those years, and is repaid in one amount in ``year + tenor_years``
    when that year is within the horizon.

    Returns
    -------
    tuple of numpy.ndarray
        ``(financing_inflow, interest)``, each of shape ``(n, Y)``.
    """
    inflow = x.zeros()
    interest = x.zeros()
    width = len(x.years)
    for event in scenario.finance.financing:
        amount = x.scalar(event.amount)[:, 0]
        first = x.year_index(event.year)
        inflow[:, first] += amount
        if event.type != "debt":
            continue
        last = first + event.tenor_years  # the repayment year (exclusive end of the interest years)
        rate = x(event.rate)
        interest[:, first : min(last, width)] += rate[:, first : min(last, width)] * amount.reshape(-1, 1)
        if last < width:
            inflow[:, last] -= amount
    return inflow, interest


def finance(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """The income statement and the cash flows, in USD per year (balances at year end).

    - ``ebitda = revenue_total - lease_cost - contract_cost - power_cost -
      direct_costs - opex_cash`` (``direct_costs``: device cost of goods and revenue
      shares; the compute in ``cost_of_revenue`` is already in leases, contracts and power);
    - ``operating_income = ebitda - depreciation - stock_compensation``;
    - ``taxes``: see :func:`taxes_after_losses`; ``interest``: see :func:`financing_flows`;
    - ``free_cash_flow = ebitda - capex - taxes - interest``;
    - ``cash_before_financing = starting_cash + cumulative free_cash_flow``;
    - ``cash_balance = cash_before_financing + cumulative financing_inflow``.
    """
    spec = scenario.finance
    ebitda = (
        s["revenue_total"] - s["lease_cost"] - s["contract_cost"] - s["power_cost"]
        - s["direct_costs"] - s["opex_cash"]
    )
    operating_income = ebitda - s["depreciation"] - s["stock_compensation"]
    taxes = taxes_after_losses(full(x, operating_income), x(spec.tax_rate))
    inflow, interest = financing_flows(scenario, x)
    free_cash_flow = ebitda - s["capex"] - taxes - interest
    cash_before = x.scalar(spec.starting_cash) + np.cumsum(free_cash_flow, axis=1)
    return {
        "ebitda": Out(ebitda, "USD"),
        "operating_income": Out(operating_income, "USD"),
        "taxes": Out(taxes, "USD"),
        "interest": Out(interest, "USD"),
        "free_cash_flow": Out(free_cash_flow, "USD"),
        "cash_before_financing": Out(cash_before, "USD"),
        "financing_inflow": Out(inflow, "USD"),
        "cash_balance": Out(cash_before + np.cumsum(inflow, axis=1), "USD"),
    }
