"""The bundled scenarios: every one loads and runs; the default reproduces the public figures at P50.

The figures (docs/sources.md): about $13B of revenue in 2025 [S-rev-2025], ~5% of ~800M weekly users
paying and ~70% of revenue from them [S-consumer-share-2025] [S-wau-2025-10], more than $1T of compute
commitments plus Stargate capex over the decade [S-altman-1.4t], and a Stargate network of about
10 GW [S-stargate-programme]. That every bundled number is sourced is tests/scenarios/test_sources.py.
"""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.engine.result import Result
from gigawatt.scenario.loader import bundled_names


@pytest.fixture(scope="module")
def default() -> Result:
    return gigawatt.simulate("openai-2025", samples=20_000, seed=1)


def p50(result: Result, name: str, year: int) -> float:
    return float(np.percentile(result.series[name][:, result.year_index(year)], 50))


def test_revenue_2025_about_13b(default: Result) -> None:
    assert 11e9 <= p50(default, "revenue_total", 2025) <= 15e9


def test_gross_margin_2025_is_the_reported_33_percent(default: Result) -> None:
    # docs/sources.md S-gross-margin-2025: adjusted gross margin ~33% in 2025 (40% in 2024)
    assert 0.28 <= p50(default, "gross_margin", 2025) <= 0.38


def test_paying_share_2025_about_5_percent(default: Result) -> None:
    assert 0.04 <= p50(default, "paying_share_of_users", 2025) <= 0.06


def test_revenue_share_from_payers_2025_about_70_percent(default: Result) -> None:
    assert 0.60 <= p50(default, "revenue_share_from_payers", 2025) <= 0.80


def test_users_2025_about_800m(default: Result) -> None:
    assert 7e8 <= p50(default, "users_consumer", 2025) <= 9e8


def test_commitments_plus_stargate_capex_above_1t(default: Result) -> None:
    years = [default.year_index(y) for y in range(2025, 2036)]
    total = default.series["contract_commitments"][:, years].sum(axis=1) + default.series["capex_gross"][:, years].sum(
        axis=1)
    assert np.percentile(total, 50) > 1e12


def test_stargate_reaches_about_10_gw(default: Result) -> None:
    """Every site of the default scenario is a Stargate campus; together about 10 GW by 2030."""
    sites = [name for name in default.series if name.startswith("site_capacity_gw_")]
    assert len(sites) == len(default.scenario.sites) >= 10
    stargate = sum(default.series[name] for name in sites)
    assert 8.0 <= float(np.percentile(stargate[:, default.year_index(2030)], 50)) <= 12.0


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_scenario_runs(name: str) -> None:
    result = gigawatt.simulate(name, samples=500, seed=2)
    for series in result.series.values():
        assert np.all(np.isfinite(series))
    assert gigawatt.load(name).description


def test_variants_move_the_answer_the_right_way() -> None:
    names = bundled_names()
    if not {"openai-2025-bear", "openai-2025-bull"} <= set(names):
        pytest.fail(f"expected bear and bull variants among {names}")
    gaps = {n: np.percentile(gigawatt.simulate(n, samples=4000, seed=1).scalars["funding_gap"], 50)
            for n in ("openai-2025-bear", "openai-2025", "openai-2025-bull")}
    assert gaps["openai-2025-bear"] > gaps["openai-2025"] > gaps["openai-2025-bull"]


@pytest.mark.parametrize("name", [name for name in bundled_names() if name.startswith("openai-2025")])
def test_every_bundled_scenario_keeps_the_2025_actuals(name: str) -> None:
    """2025 is history: revenue ~$13B [S-rev-2025], 800M weekly users [S-wau-2025-10], ~5% pay [S-consumer-share-2025].

    A variant changes the future only; its time paths merge anchor by anchor, so the base's 2025 anchors stay.
    """
    result = gigawatt.simulate(name, samples=4000, seed=3)
    assert 12.0e9 <= p50(result, "revenue_total", 2025) <= 14.5e9
    assert 7.5e8 <= p50(result, "users_consumer", 2025) <= 8.5e8
    assert 0.045 <= p50(result, "paying_share_of_users", 2025) <= 0.055
