"""Capex spread over build years, IT refresh, straight-line depreciation, ownership shares, power, leases."""

from __future__ import annotations

import numpy as np

from gigawatt.model.capex import spread_ahead, spread_back

from .helpers import close, row, run

B = 1e9


def test_one_owned_site_built_refreshed_and_depreciated() -> None:
    result = run("""
name: build
horizon: {start: 2025, end: 2032}
sites:
  - name: abilene
    country: US
    ownership: owned
    capacity_gw: {2025: 0, 2027: 0, 2028: 1}
    capex_per_gw: $50B/GW
    it_share_of_capex: 60%
    it_life_years: 3
    facility_life_years: 20
    build_years: 2
    power_price: 0
""")
    #            2025 2026 2027 2028 2029 2030 2031 2032
    # 1 GW online in 2028: $50B spent evenly in 2026 and 2027; its IT ($30B) bought again in 2031
    close(row(result, "capex"), [0, 25 * B, 25 * B, 0, 0, 0, 30 * B, 0])
    close(row(result, "capex_gross"), [0, 25 * B, 25 * B, 0, 0, 0, 30 * B, 0])
    # IT: $30B over 3 years from 2028, the refresh over 3 years from 2031; facility: $20B over 20 years
    close(row(result, "depreciation"), [0, 0, 0, 11 * B, 11 * B, 11 * B, 11 * B, 11 * B])
    close(row(result, "compute_spend"), row(result, "capex"))


def test_build_years_before_the_horizon_were_spent_before_it() -> None:
    result = run("""
name: early
horizon: {start: 2025, end: 2027}
sites:
  - {name: s, country: US, ownership: owned, capacity_gw: {2025: 0, 2026: 1}, capex_per_gw: $30B/GW,
     build_years: 3, it_life_years: 10, power_price: 0}
""")
    # spending years 2023, 2024, 2025: the first two are in the starting cash already; $10B in 2025
    close(row(result, "capex"), [10 * B, 0, 0])


def test_capacity_online_at_the_start_is_depreciated_but_not_spent() -> None:
    result = run("""
name: existing
horizon: {start: 2025, end: 2030}
sites:
  - {name: s, country: US, ownership: owned, capacity_gw: 2, capex_per_gw: $10B/GW, it_share_of_capex: 50%,
     it_life_years: 4, facility_life_years: 10, power_price: 0}
""")
    # built before 2025: no cash then; its IT ($10B) is replaced in 2029
    close(row(result, "capex"), [0, 0, 0, 0, 10 * B, 0])
    # IT $10B / 4 + facility $10B / 10, every year (the refresh takes over in 2029)
    close(row(result, "depreciation"), [3.5 * B] * 6)


def test_joint_venture_shares_capex_and_leases_the_partners_part() -> None:
    result = run("""
name: jv
horizon: {start: 2025, end: 2027}
sites:
  - name: jv
    country: Norway
    ownership: joint_venture
    equity_share: 40%
    capacity_gw: {2025: 0, 2027: 1}
    capex_per_gw: $50B/GW
    build_years: 1
    it_life_years: 5
    facility_life_years: 20
    utilisation: 80%
    pue: 1.25
    power_price: 50 USD/MWh
    lease_price_per_gw_year: $10B
    lease_includes_power: false
""")
    gw = [0, 0.5, 1]
    # 0.5 GW online in 2026 and again in 2027, each spent the year before
    close(row(result, "capex_gross"), [25 * B, 25 * B, 0])
    close(row(result, "capex"), [10 * B, 10 * B, 0])
    close(row(result, "lease_cost"), [0.6 * g * 10 * B for g in gw])
    # whole site's power: GW x utilisation x PUE x 8760 h x 1000 MWh/GWh x $/MWh
    close(row(result, "power_cost"), [g * 0.8 * 1.25 * 8760 * 1000 * 50 for g in gw])
    close(row(result, "compute_capacity_gw_norway"), gw)
    # 40% of $25B a year of vintages: IT 70% over 5 years, facility 30% over 20
    vintage = 0.4 * 25 * B
    per_vintage = vintage * 0.7 / 5 + vintage * 0.3 / 20
    close(row(result, "depreciation"), [0, per_vintage, 2 * per_vintage])
    close(row(result, "compute_spend"),
          [c + lease + power for c, lease, power in
           zip(row(result, "capex"), row(result, "lease_cost"), row(result, "power_cost"), strict=True)])


def test_leased_site_pays_the_lease_and_no_capex_nor_power() -> None:
    result = run("""
name: leased
horizon: {start: 2025, end: 2026}
sites:
  - {name: s, country: US, ownership: leased, capacity_gw: {2025: 1, 2026: 2}, lease_price_per_gw_year: $12B}
""")
    close(row(result, "lease_cost"), [12 * B, 24 * B])
    close(row(result, "capex"), [0, 0])
    # the owner spends $50B/GW (default) over the 2 years before 2026: 2024 (before the horizon) and 2025
    close(row(result, "capex_gross"), [25 * B, 0])
    close(row(result, "power_cost"), [0, 0])
    close(row(result, "depreciation"), [0, 0])


def test_a_joint_venture_pays_power_on_its_own_share_when_the_lease_includes_it() -> None:
    result = run("""
name: jv_power
horizon: {start: 2025, end: 2026}
sites:
  - {name: jv, country: US, ownership: joint_venture, equity_share: 1%, capacity_gw: 2, pue: 1.25, utilisation: 80%,
     power_price: 50 USD/MWh, lease_price_per_gw_year: $10B}
  - {name: leased, country: US, ownership: leased, capacity_gw: 2, lease_price_per_gw_year: $10B}
  - {name: bare, country: US, ownership: leased, capacity_gw: 1, lease_price_per_gw_year: $8B, pue: 1.25,
     utilisation: 80%, power_price: 50 USD/MWh, lease_includes_power: false}
""")
    power_per_gw = 0.8 * 1.25 * 8760 * 1000 * 50  # $438M a GW-year
    # the JV: 1% of 2 GW is the company's and pays power; the partners' 99% is leased, power included
    # the bare lease: its price leaves out power, so the company pays it on every GW
    close(row(result, "power_cost"), [0.01 * 2 * power_per_gw + 1 * power_per_gw] * 2)
    close(row(result, "lease_cost"), [0.99 * 2 * 10 * B + 2 * 10 * B + 8 * B] * 2)
    # so a JV with ~0% equity costs about what leasing the same GW costs (before its capex share)
    jv_running = 0.99 * 2 * 10 * B + 0.01 * 2 * power_per_gw
    assert jv_running < 2 * 10 * B


def test_spreading_the_horizon_only_gives_the_same_numbers_as_spreading_all_of_it() -> None:
    rng = np.random.default_rng(4)
    for rows, width in ((1, 13), (5, 13), (3, 4), (2, 2)):
        flow = rng.uniform(0, 1e10, (rows, width))
        for years in (1, 2, 3, 5, 20):
            for before in range(min(4, width)):
                assert np.array_equal(spread_ahead(flow, years, before), spread_back(flow, years)[:, before:])
    # by hand: 3 spent over the 3 years before column 3, 6 over the 3 before column 4, from column 1 on
    flow = np.array([[0.0, 0.0, 0.0, 3.0, 6.0]])
    assert np.array_equal(spread_ahead(flow, 3, 1), np.array([[3.0, 3.0, 2.0, 0.0]]))
