"""Required revenue: the revenue at which the buildout earns a target return (docs/analysis.md).

"Sequoia's $600B", "JPMorgan: $650B a year for a 10% return": for each simulated future, the
factor ``k`` on every revenue stream at which the unlevered free cash flows, with the scenario's
terminal value, are worth exactly 0 at the target return (their IRR equals the target). The
capacity, and so capex and the running costs of compute, stay as simulated; costs that scale
with revenue (partner revenue shares, device cost of goods, sales and marketing as a share of
revenue) scale with it; taxes are recomputed with the losses carried forward. The required
revenue of a year is ``k x revenue_total`` of that year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from gigawatt.engine.result import Result, finite_or_none, percentiles
from gigawatt.model.finance import period_weights, taxes_after_losses
from gigawatt.model.valuation import enterprise_value, gordon_value
from gigawatt.outputs import (
    CAPEX,
    COST_OF_REVENUE,
    DEPRECIATION,
    EBITDA,
    REVENUE_TOTAL,
    SALES_MARKETING,
    STOCK_COMPENSATION,
)
from gigawatt.scenario.schema import Scenario

STATS = ("p5", "p50", "p95")
MAX_SCALE = 1e6
"""Largest revenue factor searched; a future that needs more is reported as never reaching the target."""


@dataclass
class RequiredRevenue:
    """Per sample: the revenue factor ``scale`` and the required revenue by year (USD)."""

    scenario: str
    target: float
    years: list[int]
    scale: np.ndarray  # (n,): inf where no factor reaches the target
    revenue: np.ndarray  # (n, Y): the simulated revenue_total
    required: np.ndarray  # (n, Y): scale x revenue_total

    def to_dict(self) -> dict[str, Any]:
        """Quantiles of the factor, of the required and the simulated revenue each year, and of their yearly mean."""
        def stats(values: np.ndarray) -> dict[str, Any]:
            table = percentiles(values, [float(s[1:]) for s in STATS])
            if table.ndim == 1:
                return {s: finite_or_none(float(v)) for s, v in zip(STATS, table, strict=True)}
            return {s: [finite_or_none(float(v)) for v in row] for s, row in zip(STATS, table, strict=True)}

        return {
            "scenario": self.scenario,
            "target_return": self.target,
            "samples": int(self.scale.shape[0]),
            "years": self.years,
            "unreachable_share": float(np.mean(~np.isfinite(self.scale))),
            "scale": stats(self.scale),
            "required_revenue": {"unit": "USD", **stats(self.required)},
            "simulated_revenue": {"unit": "USD", **stats(self.revenue)},
            "required_mean_revenue": {"unit": "USD", **stats(self.required.mean(axis=1))},
        }


@dataclass
class Parts:
    """A result's flows split into what scales with revenue and what does not, USD per year ``(n, Y)``."""

    margin: np.ndarray  # revenue less the costs proportional to it (period amounts)
    fixed: np.ndarray  # every other cost in EBITDA
    below: np.ndarray  # depreciation and stock compensation (between EBITDA and EBIT)
    capex: np.ndarray
    revenue: np.ndarray
    tax_rate: np.ndarray
    losses: np.ndarray  # carried into the first year, (n or 1, 1)
    multiple: np.ndarray  # exit multiple by year


def parts(scenario: Scenario, result: Result) -> Parts:
    """The :class:`Parts` of ``result`` (its series and the draws of its inputs)."""
    from gigawatt.engine.inputs import Inputs
    from gigawatt.engine.result import Out

    s = result.series
    made = {name: Out(values, result.units[name]) for name, values in {**result.series, **result.scalars}.items()}
    x = Inputs(np.asarray(result.years), result.inputs, result.samples, made)  # what a formula field may read
    w = period_weights(scenario, len(result.years))
    margin = (s[REVENUE_TOTAL] - s[COST_OF_REVENUE] - s[SALES_MARKETING]) * w
    spec = scenario.finance
    return Parts(margin, margin - s[EBITDA], (s[DEPRECIATION] + s[STOCK_COMPENSATION]) * w,
                 s[CAPEX] * w, s[REVENUE_TOTAL], np.broadcast_to(x(spec.tax_rate), x.shape),
                 x.scalar(spec.opening_tax_losses), np.broadcast_to(x(spec.valuation.multiple), x.shape))


def value_at_scale(scenario: Scenario, p: Parts, scale: np.ndarray, rate: float) -> np.ndarray:
    """Enterprise value at ``rate`` of each sample's unlevered flows when revenue is ``scale`` (shape ``(n,)``)
    times as large: ``EBITDA = scale x margin - fixed``, taxes on ``EBITDA - below`` with losses carried,
    the terminal value as the scenario declares. USD, shape ``(n,)``."""
    k = scale.reshape(-1, 1)
    ebitda = k * p.margin - p.fixed
    flows = ebitda - p.capex - taxes_after_losses(ebitda - p.below, p.tax_rate, p.losses)
    valuation = scenario.finance.valuation
    if valuation.terminal == "gordon":
        terminal = gordon_value(flows[:, -1], rate, valuation.growth)
    elif valuation.terminal == "exit_multiple":
        base = k[:, 0] * p.revenue[:, -1] if valuation.multiple_of == "revenue" else ebitda[:, -1]
        terminal = p.multiple[:, -1] * base
    else:
        terminal = np.zeros(flows.shape[0])
    return enterprise_value(flows, terminal, rate)


def required_revenue(
    scenario: Scenario | str,
    target: float | str,
    *,
    samples: int = 2_000,
    seed: int = 1,
    overrides: Mapping[str, Any] | None = None,
    result: Result | None = None,
) -> RequiredRevenue:
    """The revenue each simulated future needs for the buildout to return ``target`` a year.

    ``target`` is a fraction or a percentage (``"10%"``); with a Gordon terminal value it must
    be above ``finance.valuation.growth``. The factor is found by bisection, every sample at once.
    """
    import gigawatt
    from gigawatt.scenario.units import to_canonical

    if isinstance(scenario, str):
        scenario = gigawatt.load(scenario, overrides)
    rate = float(to_canonical(target, "fraction")) if isinstance(target, str) else float(target)
    if not -0.99 < rate < 10:
        raise ValueError(f"--return: expected a yearly return between -99% and 1000%, got {rate:.1%}")
    valuation = scenario.finance.valuation
    if valuation.terminal == "gordon" and valuation.growth >= rate:
        raise ValueError(f"--return: {rate:.1%} must be above finance.valuation.growth ({valuation.growth:.1%}) "
                         "for a Gordon terminal value")
    if result is None:
        result = gigawatt.simulate(scenario, samples=samples, seed=seed)
    split = parts(scenario, result)
    n = result.samples
    lo, hi = np.zeros(n), np.ones(n)
    for _ in range(60):  # widen until the value is positive (a loop over doublings, every sample at once)
        short = value_at_scale(scenario, split, hi, rate) < 0
        if not short.any() or hi.max() >= MAX_SCALE:
            break
        hi = np.where(short, hi * 2.0, hi)
    reachable = value_at_scale(scenario, split, hi, rate) >= 0
    already = value_at_scale(scenario, split, lo, rate) >= 0
    for _ in range(80):  # bisection: the value rises with revenue (taxes take less than all of a gain)
        mid = 0.5 * (lo + hi)
        low = value_at_scale(scenario, split, mid, rate) < 0
        lo, hi = np.where(low, mid, lo), np.where(low, hi, mid)
    scale = np.where(already, 0.0, np.where(reachable, 0.5 * (lo + hi), np.inf))
    revenue = result[REVENUE_TOTAL]
    required = np.full(revenue.shape, np.inf)
    found = np.isfinite(scale)
    required[found] = scale[found, None] * revenue[found]
    return RequiredRevenue(scenario.name, rate, [int(y) for y in result.years], scale, revenue, required)
