"""The fleet by vintage: what each cohort delivers, its refreshes, retirements and the opening profile."""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.scenario.errors import ScenarioError

from .helpers import close, row, run

B = 1e9
SECONDS = 365.25 * 86400.0
# 1e18 tokens a year x 1e12 FLOP per token = 1e30 FLOP a year
TOKENS = """
streams:
  - {name: api, type: usage, tokens: 1e18, price_per_million_tokens: $1}
"""


def frontier(year: int) -> float:
    """The toy frontier: 1e11 FLOP/s/W in 2025, +1e10 a year."""
    return 1e11 * (1 + 0.1 * (year - 2025))


def toy(name: str, end: int) -> str:
    """A toy's head: its horizon (2025 to ``end``), 1e30 FLOP of tokens a year and the frontier, every year."""
    anchors = ", ".join(f"{year}: {frontier(year):.6g} FLOP/s/W" for year in range(2025, end + 1))
    return f"""name: {name}
horizon: {{start: 2025, end: {end}}}
{TOKENS}
compute:
  flop_per_token: 1e12 FLOP
  flops_per_watt_effective: {{{anchors}}}
"""


def test_without_capacity_demand_uses_the_frontier_as_before() -> None:
    result = run(toy("nofleet", 2030))
    close(row(result, "fleet_flops_per_watt"), [frontier(y) for y in range(2025, 2031)])
    close(row(result, "inference_gw"), [1e30 / SECONDS / frontier(y) / 1e9 for y in range(2025, 2031)])
    close(row(result, "fleet_age_years"), [0] * 6)


def test_refreshed_every_year_the_fleet_is_the_frontier() -> None:
    result = run(toy("yearly", 2030) + """
sites:
  - {name: s, country: US, capacity_gw: {2025: 1, 2028: 4}, it_life_years: 1}
""")
    # the old model: every GW at that year's frontier
    close(row(result, "fleet_flops_per_watt"), row(result, "frontier_flops_per_watt"))
    close(row(result, "inference_gw"), [1e30 / SECONDS / frontier(y) / 1e9 for y in range(2025, 2031)])


def test_one_vintage_delivers_the_frontier_of_its_last_install() -> None:
    result = run(toy("one", 2032) + """
sites:
  - {name: s, country: US, ownership: owned, capacity_gw: 2, it_life_years: 3, capex_per_gw: $10B/GW,
     it_share_of_capex: 50%, facility_life_years: 20, power_price: 0}
""")
    years = range(2025, 2033)
    # closed form: built in 2025, IT installed in 2025 + 3 floor((y - 2025) / 3)
    installed = [2025 + 3 * ((y - 2025) // 3) for y in years]
    close(row(result, "fleet_flops_per_watt"), [frontier(i) for i in installed])
    close(row(result, "fleet_age_years"), [y - i for y, i in zip(years, installed, strict=True)])
    close(row(result, "inference_gw"), [1e30 / SECONDS / frontier(i) / 1e9 for i in installed])
    # the IT of 2 GW ($5B/GW) bought again in 2028 and 2031; depreciation as in the old model
    close(row(result, "capex"), [0, 0, 0, 10 * B, 0, 0, 10 * B, 0])
    close(row(result, "depreciation"), [10 * B / 3 + 10 * B / 20] * 8)


def test_two_vintages_by_hand() -> None:
    result = run(toy("two", 2030) + """
sites:
  - {name: s, country: US, ownership: owned, capacity_gw: {2025: 1, 2026: 1, 2027: 2}, it_life_years: 3,
     capex_per_gw: $10B/GW, it_share_of_capex: 50%, build_years: 1, power_price: 0}
""")
    # vintage A (2025): IT 2025 (1.0e11) and 2028 (1.3e11); vintage B (2027): IT 2027 (1.2e11) and 2030 (1.5e11)
    close(row(result, "fleet_flops_per_watt"), [1.0e11, 1.0e11, 1.1e11, 1.25e11, 1.25e11, 1.4e11])
    close(row(result, "fleet_age_years"), [0, 1, 1, 0.5, 1.5, 1])
    # B's $10B spent in 2026; A's IT ($5B) again in 2028, B's in 2030
    close(row(result, "capex"), [0, 10 * B, 0, 5 * B, 0, 5 * B])
    fpw = np.array([1.0, 1.0, 1.1, 1.25, 1.25, 1.4]) * 1e11
    close(row(result, "inference_gw"), 1e30 / SECONDS / fpw / 1e9)


def test_retired_capacity_is_neither_refreshed_nor_depreciated() -> None:
    result = run("""
name: retire
horizon: {start: 2025, end: 2029}
sites:
  - {name: s, country: US, ownership: owned, capacity_gw: {2025: 2, 2026: 2, 2027: 1}, it_life_years: 2,
     capex_per_gw: $10B/GW, it_share_of_capex: 50%, facility_life_years: 20, power_price: 0}
""")
    # half the fleet retires in 2027: only the 1 GW left is refreshed ($5B in 2027 and 2029), not 2 GW
    close(row(result, "capex"), [0, 0, 5 * B, 0, 5 * B])
    # IT $5B/GW over 2 years and facility $5B/GW over 20, on 2 GW, then on the 1 GW left
    close(row(result, "depreciation"), [5.5 * B, 5.5 * B, 2.75 * B, 2.75 * B, 2.75 * B])


def test_capacity_that_ends_and_returns_is_a_new_vintage() -> None:
    result = run(toy("gap", 2030) + """
contracts:
  - {name: c, counterparty: X, capacity_gw: {2025: 1, 2026: 1, 2027: 0, 2028: 0, 2029: 1}, price_per_gw_year: 0}
""")
    # 2025-26 the 2025 vintage; 2027-28 nothing (the frontier); 2029 on a new vintage
    close(row(result, "fleet_flops_per_watt"),
          [frontier(2025), frontier(2025), frontier(2027), frontier(2028), frontier(2029), frontier(2029)])
    close(row(result, "fleet_age_years"), [0, 1, 0, 0, 0, 1])


def test_opening_vintages_carry_their_age() -> None:
    result = run(toy("opening", 2030) + """
  frontier_growth_before_start: 25%
sites:
  - {name: s, country: US, ownership: owned, capacity_gw: 2, it_life_years: 4, capex_per_gw: $10B/GW,
     it_share_of_capex: 50%, facility_life_years: 20, power_price: 0,
     opening_vintages: {2022: 50%, 2025: 50%}}
""")
    old = frontier(2025) / 1.25**3
    # the 2022 GW is refreshed in 2026 and 2030 (not with the rest in 2029): $5B each time
    close(row(result, "capex"), [0, 5 * B, 0, 0, 5 * B, 5 * B])
    close(row(result, "fleet_flops_per_watt"),
          [(old + frontier(2025)) / 2, (frontier(2026) + frontier(2025)) / 2, (frontier(2026) + frontier(2025)) / 2,
           (frontier(2026) + frontier(2025)) / 2, (frontier(2026) + frontier(2029)) / 2,
           (frontier(2030) + frontier(2029)) / 2])
    close(row(result, "fleet_age_years"), [1.5, 0.5, 1.5, 2.5, 1.5, 0.5])
    # IT $5B/GW over 4 years and facility $5B/GW over 20 (prices before the start: the start's), on 2 GW
    close(row(result, "depreciation"), [2 * (5 * B / 4 + 5 * B / 20)] * 6)


def test_an_uncertain_it_life_holds_sample_by_sample() -> None:
    result = run(toy("life", 2032) + """
sites:
  - {name: s, country: US, capacity_gw: 1, it_life_years: {uniform: {low: 2.5, high: 6.5}}}
""", samples=64)
    lives = np.rint(result.inputs["sites.s.it_life_years"]).astype(int)
    assert len(set(lives)) >= 3
    years = np.arange(2025, 2033)
    installed = 2025 + lives[:, None] * ((years[None, :] - 2025) // lives[:, None])
    close(result["fleet_flops_per_watt"], frontier(installed))  # type: ignore[arg-type]
    close(result["fleet_age_years"], years[None, :] - installed)


def test_a_facility_at_the_end_of_its_life_is_rebuilt() -> None:
    result = run("""
name: rebuild
horizon: {start: 2025, end: 2028}
sites:
  - {name: s, country: US, ownership: owned, capacity_gw: 1, it_life_years: 10, capex_per_gw: $10B/GW,
     it_share_of_capex: 50%, facility_life_years: 3, build_years: 1, power_price: 0}
""")
    # the facility ($5B) reaches its life in 2028: rebuilt, spent in 2027; its write-off starts again
    close(row(result, "capex"), [0, 0, 5 * B, 0])
    close(row(result, "depreciation"), [0.5 * B + 5 * B / 3] * 4)


@pytest.mark.parametrize(("profile", "fragment"), [
    ("{2022: 50%, 2025: 40%}", "sum to 1"),
    ("{2026: 100%}", "after the horizon start"),
])
def test_a_bad_opening_profile_is_located(profile: str, fragment: str) -> None:
    with pytest.raises(ScenarioError, match=fragment) as caught:
        gigawatt.loads(f"""
name: bad
sites:
  - {{name: s, country: US, capacity_gw: 1, opening_vintages: {profile}}}
""")
    assert "sites.s.opening_vintages" in str(caught.value)
