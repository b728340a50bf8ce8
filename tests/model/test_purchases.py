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
    # 1 GW delivered in 2026 ($30B) and 2 GW more in 2027 ($60B), paid on delivery; the shell's $10B in 2025
    close(row(result, "capex"), [10 * B, 30 * B, 60 * B, 0, 0])
    # the shell holds 1 GW; the other 2 GW go to leased powered shells at $2B per GW-year
    close(row(result, "purchased_gw"), [0, 1, 3, 3, 3])
    close(row(result, "leased_shell_gw"), [0, 0, 2, 2, 2])
    close(row(result, "host_shortfall_gw"), [0] * 5)
    close(row(result, "compute_capacity_gw"), [0, 1, 3, 3, 3])
    close(row(result, "site_capacity_gw_shell"), [0, 1, 1, 1, 1])
    close(row(result, "lease_cost"), [0, 0, 4 * B, 4 * B, 4 * B])
    # IT written off over 3 years from delivery; the shell's $10B over 20 years from 2026
    close(row(result, "depreciation"), [0, 10 * B + 0.5 * B, 30 * B + 0.5 * B, 30 * B + 0.5 * B, 20 * B + 0.5 * B])


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
