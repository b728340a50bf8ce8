"""Delivery risk: a slip moves a site's capacity and its capex together; a common delay moves every one."""

from __future__ import annotations

import numpy as np
import pytest

from .helpers import close, row, run

B = 1e9
SITE = """
name: slip
horizon: {start: 2025, end: 2030}
sites:
  - {name: s, country: US, ownership: owned, capacity_gw: {2025: 1, 2027: 1, 2028: 2}, capex_per_gw: $10B/GW,
     it_life_years: 10, build_years: 1, power_price: 0, lease_price_per_gw_year: 0SLIP}
"""


def test_a_slip_moves_capacity_and_capex_together() -> None:
    on_time = run(SITE.replace("SLIP", ""))
    late = run(SITE.replace("SLIP", ", slip_years: 1"))
    # the GW due in 2028 come in 2029; the GW online in 2025 stay
    close(row(on_time, "compute_capacity_gw"), [1, 1, 1, 2, 2, 2])
    close(row(late, "compute_capacity_gw"), [1, 1, 1, 1, 2, 2])
    # and the $10B for them is spent the year before they come: 2027 on time, 2028 late
    close(row(on_time, "capex"), [0, 0, 10 * B, 0, 0, 0])
    close(row(late, "capex"), [0, 0, 0, 10 * B, 0, 0])


def test_half_a_year_of_slip_spreads_the_gw_over_two_years() -> None:
    late = run(SITE.replace("SLIP", ", slip_years: 0.5"))
    close(row(late, "compute_capacity_gw"), [1, 1, 1, 1.5, 2, 2])
    close(row(late, "capex"), [0, 0, 5 * B, 5 * B, 0, 0])


def test_a_common_build_delay_moves_every_site_and_contract() -> None:
    text = SITE.replace("SLIP", "") + """
compute: {build_delay_years: {uniform: {low: 0, high: 2}}}
contracts:
  - {name: c, counterparty: X, capacity_gw: {2025: 0, 2026: 1}, price_per_gw_year: $10B}
"""
    result = run(text, samples=64)
    delay = result.inputs["compute.build_delay_years"]
    assert np.ptp(delay) > 1
    # the contract's GW due in 2026 arrive `delay` years later: 2026 holds 1 - delay of a GW (0 past a year)
    close(result["compute_capacity_gw"][:, 1], 1 + np.clip(1 - delay, 0, 1))
    # the site's 2028 GW slip by the same draw: capacity and contract GW late together in every sample
    site_2028 = result["site_capacity_gw_s"][:, 3]
    close(site_2028, 1 + np.clip(1 - delay, 0, 1))


def test_own_slips_correlate_with_the_common_delay_through_the_copula() -> None:
    text = """
name: correlated
horizon: {start: 2025, end: 2030}
compute: {build_delay_years: {uniform: {low: 0, high: 1}}}
sites:
  - {name: a, country: US, capacity_gw: {2025: 0, 2026: 1}, slip_years: {uniform: {low: 0, high: 1}}}
  - {name: b, country: US, capacity_gw: {2025: 0, 2026: 1}, slip_years: {uniform: {low: 0, high: 1}}}
correlations:
  - {between: [compute.build_delay_years, sites.a.slip_years], rank: 0.9}
"""
    result = run(text, samples=2000)
    common = result.inputs["compute.build_delay_years"]
    a, b = result.inputs["sites.a.slip_years"], result.inputs["sites.b.slip_years"]

    def rank(u: np.ndarray, v: np.ndarray) -> float:
        return float(np.corrcoef(np.argsort(np.argsort(u)), np.argsort(np.argsort(v)))[0, 1])

    assert rank(common, a) == pytest.approx(0.9, abs=0.03)
    assert abs(rank(common, b)) < 0.08  # b's own slip is drawn on its own
    # each site's 2026 GW is 1 - its whole slip (common + own, at most 2 years): the 2027 GW by hand
    for name, own in (("a", a), ("b", b)):
        close(result[f"site_capacity_gw_{name}"][:, 1], np.clip(1 - (common + own), 0, 1))
        close(result[f"site_capacity_gw_{name}"][:, 2], np.clip(2 - (common + own), 0, 1))
    # the correlated site slips with the common factor more often than the other
    late_a = result["site_capacity_gw_a"][:, 2] < 1
    late_b = result["site_capacity_gw_b"][:, 2] < 1
    late_common = common > 0.5
    assert (late_a & late_common).mean() > (late_b & late_common).mean()
