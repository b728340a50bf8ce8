"""The bundled compute sellers and chip suppliers reproduce their latest reported year at P50.

Each target is a public figure of docs/sources.md (ids in the comments); the tolerance says how close
the median of the run must come. Revenue is each company's latest full year (Oracle's twelve months to
Nov 2025, Nvidia's fiscal 2026 to Jan 2026, Microsoft's fiscal 2025 to Jun 2025, CoreWeave's and AMD's
calendar 2025); debt and cash flow are checked where the company reported them for the same year.
"""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.engine.result import Result

SELLERS = ("oracle-2025", "coreweave-2025", "nvidia-2025", "amd-2025", "microsoft-2025")

# (scenario, output, target, relative tolerance): the 2025 figures each seller must reproduce at P50.
ACTUALS_2025 = [
    # estimate [S-orcl-ltm-2q26] (from the 10-Q): revenue $61.0B over the twelve months to Nov 2025
    ("oracle-2025", "revenue_total", 61.0e9, 0.02),
    # estimate [S-orcl-ltm-2q26] (from the 10-Q): capital expenditure $35.5B over the same twelve months
    ("oracle-2025", "capex", 35.5e9, 0.02),
    # official [S-orcl-q2-fy2026]: total debt $108.1B at 30 Nov 2025
    ("oracle-2025", "debt_balance", 108.1e9, 0.05),
    # official [S-orcl-q2-fy2026] [S-orcl-ltm-2q26]: operating cash flow $22.3B less capex $35.5B = -$13.2B;
    # the model has no working capital, so within a quarter of it
    ("oracle-2025", "free_cash_flow", -13.2e9, 0.25),
    # official [S-crwv-fy2025]: revenue $5.13B in 2025
    ("coreweave-2025", "revenue_total", 5.13e9, 0.02),
    # official [S-crwv-fy2025]: total debt $21.4B at the end of 2025
    ("coreweave-2025", "debt_balance", 21.4e9, 0.08),
    # official [S-crwv-q4-2025]: revenue backlog $66.8B at the end of 2025
    ("coreweave-2025", "sales_backlog", 66.8e9, 0.05),
    # official [S-crwv-q3-2025]: capex guided to $12-14B for 2025
    ("coreweave-2025", "capex", 13.0e9, 0.08),
    # official [S-nvda-fy2026]: revenue $215.9B in fiscal 2026
    ("nvidia-2025", "revenue_total", 215.9e9, 0.02),
    # official [S-amd-fy2025]: revenue $34.6B in 2025
    ("amd-2025", "revenue_total", 34.6e9, 0.02),
    # official [S-msft-fy2025]: revenue $281.7B in fiscal 2025 (to Jun 2025)
    ("microsoft-2025", "revenue_total", 281.7e9, 0.02),
    # official [S-msft-fy2025]: capital expenditure $88.2B, finance leases included
    ("microsoft-2025", "capex", 88.2e9, 0.02),
]


@pytest.fixture(scope="module")
def runs() -> dict[str, Result]:
    return {name: gigawatt.simulate(name, samples=2000, seed=1) for name in SELLERS}


def p50(result: Result, name: str, year: int) -> float:
    return float(np.percentile(result.series[name][:, result.year_index(year)], 50))


@pytest.mark.parametrize(("scenario", "output", "target", "tolerance"), ACTUALS_2025)
def test_each_seller_keeps_its_2025_figures(runs: dict[str, Result], scenario: str, output: str,
                                            target: float, tolerance: float) -> None:
    got = p50(runs[scenario], output, 2025)
    assert abs(got - target) <= tolerance * abs(target), f"{scenario} {output} 2025: P50 {got:.4g}, target {target:.4g}"


@pytest.mark.parametrize("name", SELLERS)
def test_each_seller_runs_to_finite_numbers_with_a_description_and_a_source(runs: dict[str, Result],
                                                                            name: str) -> None:
    for output, series in runs[name].series.items():
        assert np.all(np.isfinite(series)), output
    loaded = gigawatt.load(name)
    assert loaded.description and loaded.source


def test_the_chip_makers_keep_their_reported_operating_margin(runs: dict[str, Result]) -> None:
    """Cost of goods at the reported gross margin plus operating expenses leave the reported operating income:
    Nvidia $130.4B on $215.9B [S-nvda-fy2026-cash] [S-nvda-fy2026], AMD $3.7B on $34.6B [S-amd-fy2025]."""
    for name, income in (("nvidia-2025", 130.4e9), ("amd-2025", 3.7e9)):
        run = runs[name]
        operating = p50(run, "revenue_total", 2025) - p50(run, "cost_of_revenue", 2025) - p50(run, "other_opex", 2025)
        assert operating == pytest.approx(income, rel=0.03), name
