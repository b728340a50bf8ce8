"""Debt on a fixed schedule: opening debt, bonds and term loans, GPU-backed debt (docs/model.md section 8).

Conventions: a draw arrives at the start of its year and a repayment is made at the
start of its year, so the balance a year carries (and pays interest on) is its
year-end balance, ``drawn through t - repaid through t``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.model.common import running_total, shift, trailing_sum
from gigawatt.scenario.components.finance import Debt, GpuBacked, OpeningDebt
from gigawatt.scenario.schema import Scenario


@dataclass
class Schedule:
    """Cash drawn, repaid, the balance carried and its interest, USD per year, each ``(n, Y)``."""

    drawn: np.ndarray
    repaid: np.ndarray
    balance: np.ndarray
    interest: np.ndarray


def repayments(drawn: np.ndarray, tenor: int, amortisation: str) -> np.ndarray:
    """Repayments of the draws ``drawn``: all after ``tenor`` years (bullet) or ``1/tenor`` in each of the
    ``tenor`` years after the draw (linear). Repayments after the last year are not seen."""
    if amortisation == "bullet":
        return shift(drawn, tenor)
    return trailing_sum(shift(drawn, 1), tenor) / tenor


def opening_repayments(x: Inputs, debt: OpeningDebt, start: int) -> np.ndarray:
    """Repayments of a debt outstanding at the start: all in ``maturity_year`` (bullet) or equal parts in
    each year after the first up to it (linear)."""
    balance = x.scalar(debt.balance)
    years = np.asarray(x.years)
    if debt.amortisation == "bullet":
        due = (years == debt.maturity_year).astype(float)
    else:
        due = ((years > start) & (years <= debt.maturity_year)).astype(float) / (debt.maturity_year - start)
    return balance * due.reshape(1, -1)


def scheduled_debt(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray], weights: np.ndarray,
                   capex: np.ndarray) -> tuple[Schedule, np.ndarray]:
    """Every debt whose cash flows do not depend on the year's cash: the schedule and the opening balance.

    ``weights`` is the share of each year inside the horizon (interest accrues on it);
    ``capex`` is the company's capex in the statements (GPU-backed draws are a share of it).

    Returns
    -------
    tuple
        The :class:`Schedule` summed over every such debt, and the debt outstanding at the
        start, USD, shape ``(n, 1)``.
    """
    spec = scenario.finance
    start = scenario.horizon.start
    drawn, repaid, interest = x.zeros(), x.zeros(), x.zeros()
    opening = np.zeros((1, 1))
    for debt in spec.opening_debt:
        back = opening_repayments(x, debt, start)
        balance = x.scalar(debt.balance) - running_total(back)
        opening = opening + x.scalar(debt.balance)
        repaid = repaid + back
        interest = interest + x(debt.rate) * balance * weights
    for item in spec.financing:
        if isinstance(item, Debt):
            draw = x.zeros()
            draw[:, x.year_index(item.year)] = x.scalar(item.amount)[:, 0]
            back = repayments(draw, item.tenor_years, item.amortisation)
        elif isinstance(item, GpuBacked):
            draw = x(item.advance_rate) * secured_capex(scenario, s, item, capex)
            last = item.last_year if item.last_year is not None else scenario.horizon.end
            draw = draw * ((x.years >= item.year) & (x.years <= last)).astype(float).reshape(1, -1)
            back = repayments(draw, item.tenor_years, "linear")
        else:
            continue
        drawn = drawn + draw
        repaid = repaid + back
        interest = interest + x(item.rate) * running_total(draw - back) * weights
    balance = opening - running_total(repaid) + running_total(drawn)
    return Schedule(drawn, repaid, balance, interest), opening


def secured_capex(scenario: Scenario, s: Mapping[str, np.ndarray], item: GpuBacked, capex: np.ndarray) -> np.ndarray:
    """The company's capex on the sites securing ``item`` (every owned or joint-venture site when none are named),
    scaled like ``capex`` in the first year."""
    if item.sites is None:
        return capex
    total = s["capex"]
    sites = sum((s[f"_capex_{name}"] for name in item.sites), np.zeros((1, capex.shape[1])))
    share = np.divide(sites, total, out=np.zeros(np.broadcast_shapes(np.shape(sites), total.shape)),
                      where=total > 0)
    return share * capex
