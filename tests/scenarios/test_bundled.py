"""The bundled scenarios: every one loads and runs; the default reproduces the public figures at P50.

The figures (docs/sources.md): about $13B of revenue in 2025 [S-rev-2025], ~5% of ~800M weekly users
paying and ~70% of revenue from them [S-consumer-share-2025] [S-wau-2025-10], more than $1T of compute
commitments plus Stargate capex over the decade [S-altman-1.4t], and a Stargate network of about
10 GW [S-stargate-programme]. That every bundled number is sourced is tests/scenarios/test_sources.py.
"""

from __future__ import annotations

import numpy as np
import pytest
import yaml

import gigawatt
from gigawatt.engine.result import Result
from gigawatt.scenario.loader import bundled_names, bundled_text


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


def openai_family() -> list[str]:
    """openai-2025 and every bundled scenario that extends it, directly or through another."""
    def base(name: str) -> str | None:
        extends = yaml.safe_load(bundled_text(name)).get("extends")
        return extends if isinstance(extends, str) else None

    family = []
    for name in bundled_names():
        chain = name
        while chain is not None and chain != "openai-2025":
            chain = base(chain)
        if chain == "openai-2025":
            family.append(name)
    return family


# The 2025 actuals (docs/scenarios.md, "Tied to the 2025 actuals"): target, tolerance, source.
ACTUALS_2025 = [
    # reported [S-rev-2025]: ~$13B of recognised revenue in 2025
    ("revenue_total", 13.0e9, 1.0e9),
    # official [S-wau-2025-10]: 800M weekly active users (Oct 2025)
    ("users_consumer", 8.0e8, 0.5e8),
    # reported [S-consumer-share-2025]: ~5% of weekly users pay
    ("paying_share_of_users", 0.05, 0.005),
    # reported [S-consumer-share-2025]: ~70% of revenue from consumer subscriptions
    ("revenue_share_from_payers", 0.70, 0.05),
    # reported [S-burn-2025]: ~$8B of cash burn in 2025 (the H1 report's full-year target: $8.5B [S-h1-2025])
    ("free_cash_flow", -8.0e9, 1.5e9),
    # reported [S-gross-margin-2025]: adjusted gross margin ~33% in 2025 (40% in 2024)
    ("gross_margin", 0.33, 0.03),
]


def test_the_openai_family_is_found() -> None:
    assert {"openai-2025", "openai-2025-bear", "openai-2025-bull"} <= set(openai_family())


@pytest.mark.parametrize("name", openai_family())
def test_every_openai_variant_keeps_the_2025_actuals(name: str) -> None:
    """2025 is history: a variant changes the future only (its time paths merge anchor by anchor, so the
    base's 2025 anchors stay), and every one stays within the tolerance of each 2025 actual."""
    result = gigawatt.simulate(name, samples=4000, seed=3)
    misses = [f"{output}: P50 {p50(result, output, 2025):.4g}, target {target:.4g} +- {tolerance:.2g}"
              for output, target, tolerance in ACTUALS_2025
              if abs(p50(result, output, 2025) - target) > tolerance]
    assert not misses, f"{name} leaves the 2025 actuals: {misses}"


def test_compute_spend_2025_2030_near_the_company_plan(default: Result) -> None:
    """Each GW is paid once (chips in the sites' and clouds' leases, not bought again), so compute spend
    over 2025-2030 is near the ~$600B of the Feb 2026 plan [S-plan-2026-02], not twice it."""
    years = [default.year_index(y) for y in range(2025, 2031)]
    spend = float(np.percentile(default.series["compute_spend"][:, years].sum(axis=1), 50))
    assert 450e9 <= spend <= 800e9
