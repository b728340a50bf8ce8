"""The fleet's compiled kernel (``vintages.walk`` via ``capex.walked``) against its numpy reference
(``capex.tallied``: cohorts as arrays), on hand-made toys and on random paths that rise, fall, empty and return;
sources alike are walked together (``capex.Groups``), each on its own in the samples where its path falls.

Every sum of the fleet (FLOP/s, age, refreshes, builds, purchases, write-offs) must agree within 1e-12 of its
largest magnitude: the kernel sums each window of cohorts directly, the reference as a difference of cumulative
sums, so the last bits differ. The whole model is run with kernels on; at the fleet block both are computed from
the same inputs and compared.
"""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.model import capex

pytest.importorskip("numba")

HEAD = """
name: walk
horizon: {start: 2025, end: 2036}
streams:
  - {name: api, type: usage, tokens: 1e18, price_per_million_tokens: $1}
compute:
  flop_per_token: 1e12 FLOP
  flops_per_watt_effective: {2025: 1e11 FLOP/s/W, 2030: "2e11 FLOP/s/W to 4e11 FLOP/s/W", 2036: 1e12 FLOP/s/W}
  build_delay_years: {pert: {min: 0, mode: 0.3, max: 1.7}}
"""

HAND_MADE = HEAD + """
sites:
  - {name: own, country: US, ownership: owned, capacity_gw: {2025: 1, 2027: 3, 2029: 2, 2031: 0, 2033: 2},
     capex_per_gw: $40B/GW, it_life_years: 3, facility_life_years: 4, build_years: 2, slip_years: 0.5,
     opening_vintages: {2022: 50%, 2024: 50%}}
  - {name: jv, country: US, ownership: joint_venture, equity_share: 40%, capacity_gw: {2025: 0, 2026: 1, 2030: 2},
     capex_per_gw: $50B/GW, it_life_years: 2}
  - {name: leased, country: US, capacity_gw: {2025: 0.5, 2030: 1.5}, capex_per_gw: $45B/GW,
     lease_price_per_gw_year: $10B/GW/year}
  - {name: leased_too, country: US, capacity_gw: {2025: 0.5, 2027: "0.2 GW to 1 GW", 2029: 0.6, 2031: 0},
     capex_per_gw: $45B/GW, lease_price_per_gw_year: $10B/GW/year}
  - {name: shell, country: US, ownership: owned, shell_only: true, capacity_gw: {2025: 0, 2026: 1, 2030: 2},
     capex_per_gw: $10B/GW, facility_life_years: 5, build_years: 1, power_price: 0}
contracts:
  - {name: falls, counterparty: X, capacity_gw: {2025: 1, 2026: 1, 2027: 0, 2028: 0, 2029: 1, 2031: 0.4},
     price_per_gw_year: $10B, it_life_years: 2}
  - {name: grows, counterparty: Y, capacity_gw: {2025: 0.5, 2030: 3}, price_per_gw_year: $9B,
     opening_vintages: {2023: 30%, 2025: 70%}}
  - {name: grows_too, counterparty: Z, capacity_gw: {2025: 1, 2028: "0.5 GW to 2 GW", 2032: 2.5},
     price_per_gw_year: $9B, opening_vintages: {2023: 30%, 2025: 70%}}
purchases:
  - {name: kept, counterparty: AMD, capacity_gw: {2025: 0, 2026: 1, 2028: 3}, price_per_gw: $30B/GW,
     it_life_years: 3, refresh: false, hosts: [shell], shell_price_per_gw_year: $2B}
  - {name: renewed, counterparty: AVGO, capacity_gw: {2025: 0.2, 2027: 1, 2030: 2}, price_per_gw: $25B/GW,
     it_life_years: 2, hosts: [shell]}
"""


def uncertain(rng: np.random.Generator, count: int) -> str:
    """A capacity path of ``count`` random anchors: each year's GW drawn from a range that may fall to nothing."""
    anchors = []
    for year in range(2025, 2037):
        if rng.uniform() < count / 12:
            low = rng.choice([0.0, rng.uniform(0, 1)])
            anchors.append(f'{year}: "{low:.3f} GW to {low + rng.uniform(0.1, 2):.3f} GW"')
    return "{" + ", ".join(anchors or ['2025: "0 GW to 1 GW"']) + "}"


def random_scenario(seed: int) -> str:
    """Every kind of source with random paths, lives drawn between 1 and 7 years and random slips."""
    rng = np.random.default_rng(seed)
    life = "{pert: {min: 1, mode: 3, max: 7}}"
    return HEAD + f"""
sites:
  - {{name: own, country: US, ownership: owned, capacity_gw: {uncertain(rng, 6)}, capex_per_gw: $40B/GW,
     it_life_years: {life}, facility_life_years: 3, opening_vintages: {{2021: 20%, 2023: 30%, 2025: 50%}}}}
  - {{name: jv, country: US, ownership: joint_venture, equity_share: {{pert: {{min: 10%, mode: 20%, max: 50%}}}},
     capacity_gw: {uncertain(rng, 5)}, capex_per_gw: "$30B/GW to $60B/GW", it_life_years: {life},
     slip_years: "0 to 2.5"}}
  - {{name: leased, country: US, capacity_gw: {uncertain(rng, 4)}, lease_price_per_gw_year: $10B/GW/year}}
  - {{name: leased_too, country: US, capacity_gw: {uncertain(rng, 5)}, lease_price_per_gw_year: $9B/GW/year}}
  - {{name: shell, country: US, ownership: owned, shell_only: true, capacity_gw: {uncertain(rng, 4)},
     capex_per_gw: $10B/GW, facility_life_years: 6, power_price: 0}}
contracts:
  - {{name: a, counterparty: X, capacity_gw: {uncertain(rng, 7)}, price_per_gw_year: $10B, it_life_years: {life}}}
  - {{name: b, counterparty: Y, capacity_gw: {uncertain(rng, 3)}, price_per_gw_year: $9B,
     opening_vintages: {{2024: 40%, 2025: 60%}}}}
  - {{name: c, counterparty: Z, capacity_gw: {uncertain(rng, 8)}, price_per_gw_year: $8B,
     opening_vintages: {{2024: 40%, 2025: 60%}}}}
purchases:
  - {{name: kept, counterparty: AMD, capacity_gw: {{2025: 0, 2027: "0.5 GW to 1 GW", 2030: "1 GW to 3 GW"}},
     price_per_gw: "$20B/GW to $40B/GW", it_life_years: {life}, refresh: false, hosts: [shell],
     shell_price_per_gw_year: $2B}}
  - {{name: renewed, counterparty: AVGO, capacity_gw: {{2025: 0.2, 2028: "0.5 GW to 2 GW"}}, price_per_gw: $25B/GW,
     it_life_years: {life}, hosts: [shell]}}
"""


def compare(text: str, samples: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """Simulate ``text`` with the fleet's sums computed both ways; assert they agree; return the sums compared."""
    compared = []
    kernel = capex.walked

    def both(*args: object) -> capex.Tally:
        got = kernel(*args)  # type: ignore[arg-type]
        want = capex.tallied(*args)  # type: ignore[arg-type]

        def check(name: str, a: np.ndarray, b: np.ndarray) -> None:
            b = np.broadcast_to(b, a.shape)
            scale = float(np.max(np.abs(b), initial=0.0))
            assert np.all(np.abs(a - b) <= 1e-12 * max(scale, 1e-300)), name
            compared.append(name)

        for name in ("flops", "age", "refresh_cash", "refresh_gross", "bought_cash", "paid", "written"):
            check(name, getattr(got, name), getattr(want, name))
        for field in ("cash_builds", "gross_builds", "site_refresh", "purchases", "site_builds"):
            mine, theirs = getattr(got, field), getattr(want, field)
            assert mine.keys() == theirs.keys(), field
            for key, value in theirs.items():
                if field == "purchases":
                    for part in (0, 1):
                        check(f"{field} {key} {part}", mine[key][part], value[part])
                elif field == "site_builds":
                    check(f"{field} {key}", mine[key][1], value[1])
                else:
                    check(f"{field} {key}", mine[key], value)
        return got

    monkeypatch.setattr(capex, "walked", both)
    gigawatt.simulate(gigawatt.loads(text), samples, seed=3)
    return len(compared)


def test_the_kernel_gives_the_references_sums_on_a_hand_made_fleet(monkeypatch: pytest.MonkeyPatch) -> None:
    # every kind of source: an owned site that falls, empties and returns with opening vintages and a facility
    # rebuilt; a joint venture; two leased sites alike (one falls in some samples, then to nothing); a shell
    # holding two purchases (kept and refreshed); three contracts, two alike
    walks = []
    kernel = capex.walk

    def counted(*args: object) -> None:
        walks.append(args[1].shape[0])  # type: ignore[attr-defined]
        kernel(*args)

    monkeypatch.setattr(capex, "walk", counted)
    # 7 sums, builds of 1 and 2 build years (the company's, everyone's), the three paying sites' refreshes and
    # builds, two purchases' GW and payments
    assert compare(HAND_MADE, 64, monkeypatch) == 7 + 2 + 2 + 3 + 3 + 4
    # 12 sources (a purchase's GW online and its deliveries are two) in 9 walks: the leased sites together, the
    # contracts alike together, the refreshed purchase's GW online with the contract of the same life; the rest alone
    assert sorted(walks) == [1] * 6 + [2, 2, 2]


@pytest.mark.parametrize("seed", range(6))
def test_the_kernel_gives_the_references_sums_on_random_paths(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    assert compare(random_scenario(seed), 200, monkeypatch) > 7


def test_the_comparison_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # a reference that is off by one part in 1e11 in one sum is caught
    reference = capex.tallied

    def off(*args: object) -> capex.Tally:
        tally = reference(*args)  # type: ignore[arg-type]
        tally.age = tally.age * (1 + 1e-11)
        return tally

    monkeypatch.setattr(capex, "tallied", off)
    with pytest.raises(AssertionError, match="age"):
        compare(HAND_MADE, 8, monkeypatch)
