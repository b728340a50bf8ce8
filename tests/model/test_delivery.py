"""Delivery risk: a slip moves a site's capacity and its capex together; a common delay moves every one."""

from __future__ import annotations

import numpy as np

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
