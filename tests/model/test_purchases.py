"""Purchases of IT by the GW: a one-off price, capitalised and depreciated; hosts in shells or leased shells."""

from __future__ import annotations

import pytest

import gigawatt
from gigawatt.scenario.errors import ScenarioError

from .helpers import close, row, run

B = 1e9
HEAD = """
name: chips
horizon: {start: 2025, end: 2029}
sites:
  - {name: shell, country: US, ownership: owned, shell_only: true, capacity_gw: {2025: 0, 2026: 1},
     capex_per_gw: $10B/GW, facility_life_years: 20, build_years: 1, power_price: 0}
"""


def test_a_purchase_with_hosts_is_capex_on_delivery_and_capacity_in_its_shells() -> None:
    result = run(HEAD + """
purchases:
  - {name: amd, counterparty: AMD, capacity_gw: {2025: 0, 2026: 1, 2027: 3}, price_per_gw: $30B/GW,
     it_life_years: 3, hosts: [shell], shell_price_per_gw_year: $2B}
""")
    # 1 GW delivered in 2026 ($30B) and 2 GW more in 2027 ($60B), paid on delivery; the shell's $10B in 2025;
    # the 2026 GW are bought again three years on, in 2029
    close(row(result, "capex"), [10 * B, 30 * B, 60 * B, 0, 30 * B])
    # the shell holds 1 GW; the other 2 GW go to leased powered shells at $2B per GW-year
    close(row(result, "purchased_gw"), [0, 1, 3, 3, 3])
    close(row(result, "leased_shell_gw"), [0, 0, 2, 2, 2])
    close(row(result, "host_shortfall_gw"), [0] * 5)
    close(row(result, "compute_capacity_gw"), [0, 1, 3, 3, 3])
    close(row(result, "site_capacity_gw_shell"), [0, 1, 1, 1, 1])
    close(row(result, "lease_cost"), [0, 0, 4 * B, 4 * B, 4 * B])
    # IT written off over 3 years from delivery (and from the refresh); the shell's $10B over 20 years from 2026
    close(row(result, "depreciation"), [0, 10 * B + 0.5 * B, 30 * B + 0.5 * B, 30 * B + 0.5 * B, 30 * B + 0.5 * B])


def test_a_purchase_without_enough_hosts_waits() -> None:
    result = run(HEAD + """
purchases:
  - {name: amd, counterparty: AMD, capacity_gw: {2025: 0, 2026: 1, 2027: 3}, price_per_gw: $30B/GW, hosts: [shell]}
""")
    # no leased shells: 2 GW of chips bought in 2027 sit without a host (paid for all the same)
    close(row(result, "host_shortfall_gw"), [0, 0, 2, 2, 2])
    close(row(result, "compute_capacity_gw"), [0, 1, 1, 1, 1])
    close(row(result, "capex"), [10 * B, 30 * B, 60 * B, 0, 0])


def test_a_purchase_that_must_be_hosted_but_cannot_is_located() -> None:
    with pytest.raises(ScenarioError, match="no host in 2027") as caught:
        gigawatt.loads(HEAD + """
purchases:
  - {name: amd, counterparty: AMD, capacity_gw: {2025: 0, 2026: 1, 2027: 3}, price_per_gw: $30B/GW, hosts: [shell],
     must_be_hosted: true}
""")
    assert "purchases.amd.hosts" in str(caught.value)


def test_a_host_must_be_a_shell() -> None:
    with pytest.raises(ScenarioError, match="not `shell_only: true`"):
        gigawatt.loads("""
name: bad
sites: [{name: campus, country: US, capacity_gw: 1}]
purchases: [{name: amd, counterparty: AMD, capacity_gw: 1, price_per_gw: $30B/GW, hosts: [campus]}]
""")


FRONTIER = ("compute: {flops_per_watt_effective: {2025: 1e11 FLOP/s/W, 2026: 1.1e11 FLOP/s/W, 2027: 1.2e11 FLOP/s/W, "
            "2028: 1.3e11 FLOP/s/W, 2029: 1.4e11 FLOP/s/W}, BUILD}\n")
"""The frontier rises by 1e10 FLOP/s/W a year (linear anchors)."""


def chips(fields: str, build: str = "") -> str:
    """HEAD with one purchase of 1 GW delivered in 2026 into the shell, over two years of IT life."""
    return HEAD + FRONTIER.replace("BUILD", build).replace(", }", "}") + f"""
purchases:
  - {{name: amd, counterparty: AMD, capacity_gw: {{2025: 0, 2026: 1}}, it_life_years: 2, hosts: [shell], {fields}}}
"""


def test_purchased_it_is_refreshed_at_the_price_of_the_year() -> None:
    result = run(chips("price_per_gw: {2026: $30B/GW, 2027: $30B/GW, 2028: $20B/GW}"))
    # bought in 2026 at $30B, bought again in 2028 (two years on) at that year's $20B; the shell's $10B in 2025
    close(row(result, "capex"), [10 * B, 30 * B, 0, 20 * B, 0])
    # each purchase written off over its 2 years; the shell over 20 years from 2026
    close(row(result, "depreciation"), [0, 15.5 * B, 15.5 * B, 10.5 * B, 10.5 * B])
    # the GW deliver the frontier of 2026 until the refresh, then that of 2028 (no GW in 2025: the frontier)
    close(row(result, "fleet_flops_per_watt"), [1e11, 1.1e11, 1.1e11, 1.3e11, 1.3e11])
    close(row(result, "fleet_age_years"), [0, 0, 1, 0, 1])


def test_a_purchase_that_is_not_refreshed_runs_on_written_off() -> None:
    result = run(chips("price_per_gw: $30B/GW, refresh: false"))
    close(row(result, "capex"), [10 * B, 30 * B, 0, 0, 0])
    close(row(result, "depreciation"), [0, 15.5 * B, 15.5 * B, 0.5 * B, 0.5 * B])
    close(row(result, "fleet_flops_per_watt"), [1e11, 1.1e11, 1.1e11, 1.1e11, 1.1e11])
    close(row(result, "fleet_age_years"), [0, 0, 1, 2, 3])


def test_a_slip_moves_the_purchase_and_its_payment_together() -> None:
    on_time = run(chips("price_per_gw: $30B/GW, refresh: false"))
    late = run(chips("price_per_gw: $30B/GW, refresh: false, slip_years: 1"))
    close(row(on_time, "compute_capacity_gw"), [0, 1, 1, 1, 1])
    close(row(late, "compute_capacity_gw"), [0, 0, 1, 1, 1])
    close(row(late, "purchased_gw"), [0, 0, 1, 1, 1])
    # the $30B is paid on delivery: 2026 on time, 2027 late
    close(row(late, "capex"), [10 * B, 0, 30 * B, 0, 0])
    close(row(late, "depreciation"), [0, 0.5 * B, 15.5 * B, 15.5 * B, 0.5 * B])


def test_the_common_build_delay_moves_a_purchase_unless_it_says_not() -> None:
    late = run(chips("price_per_gw: $30B/GW, refresh: false", "build_delay_years: 1"))
    kept = run(chips("price_per_gw: $30B/GW, refresh: false, common_delay: false", "build_delay_years: 1"))
    # the shell slips to 2027 with the common delay; the chips delivered in 2026 wait a year for it
    close(row(late, "purchased_gw"), [0, 0, 1, 1, 1])
    close(row(late, "capex"), [0, 10 * B, 30 * B, 0, 0])
    close(row(kept, "purchased_gw"), [0, 1, 1, 1, 1])
    close(row(kept, "host_shortfall_gw"), [0, 1, 0, 0, 0])
    close(row(kept, "capex"), [0, 40 * B, 0, 0, 0])


def test_a_purchase_that_slips_alone_is_not_checked_against_its_hosts_at_load_time() -> None:
    text = HEAD + """
purchases:
  - {name: amd, counterparty: AMD, capacity_gw: {2025: 0, 2026: 1, 2027: 3}, price_per_gw: $30B/GW, hosts: [shell],
     must_be_hosted: true, slip_years: SLIP}
"""
    # slipping alike, purchase and hosts keep their fit: the error stays
    with pytest.raises(ScenarioError, match="no host in 2027"):
        gigawatt.loads(text.replace("SLIP", "0") + "compute: {build_delay_years: 1}\n")
    # a slip of its own moves the purchase and not the hosts: the fit is known only when run
    assert gigawatt.loads(text.replace("SLIP", "1")).purchases[0].must_be_hosted
