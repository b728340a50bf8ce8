"""Accounting identities that must hold in every sample of any scenario."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gigawatt.engine.result import Result

from .helpers import run, run_linked

RICH = """
name: rich
horizon: {start: 2025, end: 2034, discount_rate: 0.08}
consumer:
  users: {logistic: {start: 800M, ceiling: "1.5B to 3B", midpoint_year: "2027 to 2030"}}
  paying_share: {2025: 5%, 2030: "6% to 12%"}
  tiers:
    - {name: go, share_of_payers: 30%, price: 5 USD/month}
    - {name: plus, share_of_payers: 60%, price: 20 USD/month}
    - {name: pro, share_of_payers: 10%, price: "150 USD/month to 250 USD/month"}
streams:
  - {name: chat, type: subscription, store_fee_share: "10% to 30%", tokens_per_user_per_day: "1000 to 5000",
     payer_token_multiple: 4}
  - {name: teams, type: seats, seats: {start: 3M, growth: "10% to 40%"}, seat_price: 30 USD/month,
     tokens_per_seat_per_day: 20000}
  - {name: api, type: usage, tokens: {2025: 5e15, 2030: "2e16 to 8e16"},
     price_per_million_tokens: {2025: 3, 2030: "0.5 to 1.5"}}
  - {name: ads, type: market_share, market: $300B, share: {2026: 0, 2030: "1% to 5%"}, tokens_per_dollar: 2000,
     start_year: 2026}
  - {name: agents, type: take_rate, gmv: {2027: $10B, 2032: "$100B to $400B"}, take_rate: 3%, start_year: 2027}
  - {name: io, type: device, launch_year: 2027, market_potential: "20M to 80M", innovation: 0.03,
     imitation: "0.3 to 0.6", price: 250, gross_margin: 35%, tokens_per_device_per_day: 20000,
     attach_uplift: 20%}
  - {name: gov, type: fixed, amount: $500M}
compute:
  flops_per_watt_effective: {start: 1e11, growth: "20% to 50%"}
  training_to_inference: {2025: 2, 2030: "0.5 to 1.5"}
  shortage_revenue_elasticity: "0.2 to 0.8"
  resale: {share: 50%, market_cap_gw: 2 GW, price_per_gw_year: "$5B to $12B"}
sites:
  - {name: abilene, country: US, ownership: joint_venture, equity_share: 40%,
     capacity_gw: {2025: 0.3, 2026: 1.2, 2028: "1.5 to 3"}, capex_per_gw: "$40B/GW to $60B/GW"}
  - {name: uae, country: UAE, ownership: owned, capacity_gw: {2026: 0, 2028: 1}, build_years: 3}
  - {name: norway, country: Norway, ownership: leased, capacity_gw: {2026: 0, 2027: 0.23}}
contracts:
  - {name: oracle, counterparty: Oracle, total_value: $300B, start_year: 2027, years: 5,
     price_per_gw_year: $12B, committed_share: 80%}
  - {name: azure, counterparty: Microsoft, capacity_gw: {2025: 1, 2030: 2}, committed_share: 50%}
  - {name: chips, counterparty: Nvidia, capacity_gw: 2, inside_sites: true}
opex:
  headcount: {2025: 3000, 2030: "8000 to 15000"}
  sales_marketing_share: 10%
  general_admin: $1B
  stock_compensation: $2B
  lines: [{name: data, amount: $1B}, {name: options, amount: $500M, cash: false}]
  revenue_shares: [{name: msft, share: 20%, until_year: 2030, streams: [chat, api]}]
finance:
  starting_cash: "$10B to $30B"
  min_cash: $5B
  tax_rate: 21%
  financing:
    - {name: round, type: equity, year: 2025, amount: $40B}
    - {name: loan, type: debt, year: 2026, amount: "$10B to $20B", rate: 7%, tenor_years: 5}
"""


def check(result: Result) -> None:
    """Every identity the model promises."""
    s = result.series
    for name, values in s.items():
        assert np.all(np.isfinite(values)), f"{name} has inf or nan"
    tol = 1e-9
    streams = [stream.name for stream in result.scenario.streams]

    def same(a: np.ndarray, b: np.ndarray) -> None:
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-3)

    starting = result.inputs.get("finance.starting_cash")
    start_cash = starting.reshape(-1, 1) if starting is not None else np.asarray(
        [[result.scenario.finance.starting_cash.value]])  # type: ignore[union-attr]
    w = np.ones(len(result.years))
    w[0] = result.scenario.finance.first_year_fraction
    acquired_cash = -(s["cash_from_investing"] + s["capex"] * w)
    same(s["cash_before_financing"], start_cash + np.cumsum(s["unlevered_free_cash_flow"] - acquired_cash, axis=1))
    # the three statements: cash = opening + the three flows; assets = liabilities + equity
    flows = s["cash_from_operations"] + s["cash_from_investing"] + s["cash_from_financing"]
    # rounding: the balances are sums of flows, so their error scales with the largest amounts moved
    scale = max(np.abs(start_cash).max(), *(np.abs(s[n]).max() for n in (
        "cash_from_operations", "cash_from_investing", "cash_from_financing", "total_assets", "total_liabilities")))
    np.testing.assert_allclose(s["cash_balance"], start_cash + np.cumsum(flows, axis=1), rtol=0,
                               atol=1e-12 * scale * len(result.years) + 1e-3)
    np.testing.assert_allclose(s["total_assets"], s["total_liabilities"] + s["equity_balance"], rtol=0,
                               atol=1e-12 * scale + 1e-3)
    leases = result.scenario.finance.leases
    on_books = s["lease_liabilities"] if leases is not None else np.zeros_like(s["cash_balance"])
    same(s["total_assets"], s["cash_balance"] + s["pp_e_net"] + s["other_assets"]
         + (s["right_of_use_assets"] if leases is not None else 0.0) + s.get("investments", 0.0))
    same(s["total_liabilities"], s["debt_balance"] + s["revolver_balance"] + on_books)
    if leases is not None:  # the liability unwinds: interest on the opening balance in, each payment out
        same(s["right_of_use_assets"], s["lease_liabilities"])
        rate, liability = leases.rate.value, s["lease_liabilities"]  # type: ignore[union-attr]
        # the liability is a difference of sums of discounted payments: its rounding scales with the largest
        np.testing.assert_allclose(s["lease_interest"][:, 1:], rate * w[1:] * liability[:, :-1], rtol=1e-9,
                                   atol=1e-9 * scale + 1e-3)
        added = liability[:, 1:] - liability[:, :-1] - s["lease_interest"][:, 1:] + (s["lease_cost"] * w)[:, 1:]
        assert np.all(added >= -1e-9 * scale - 1e-3)  # payments newly committed
        if leases.committed_years is None:  # every payment committed at the start: none is added later
            np.testing.assert_allclose(added, 0.0, atol=1e-9 * scale + 1e-3)
        assert np.all(liability >= -1e-9 * scale - 1e-3)
        np.testing.assert_allclose(liability[:, -1], 0.0, atol=1e-9 * scale + 1e-3)  # nothing after the horizon
    same(s["net_income"], s["operating_income"] + s["other_income"] + s["interest_income"] - s["interest_expense"]
         - s["taxes"])
    # one cost of revenue: the statements' is the unit economics' for the period, depreciation of serving GW in it
    same(s["cost_of_revenue_total"], s["cost_of_revenue"] * w)
    same(s["gross_profit"], s["revenue_total"] * w - s["cost_of_revenue_total"])
    same(s["operating_income"], s["gross_profit"] - s["research_development"] - s["sales_marketing"] * w
         - s["admin_and_other"] - s["stock_compensation"] * w)
    same(s["ebitda"], s["operating_income"] + (s["depreciation"] + s["stock_compensation"]) * w)
    same(s["inference_compute_cost"] + s["training_compute_cost"],
         (s["lease_cost"] + s["contract_cost"] + s["power_cost"] + s["depreciation"]) * w)
    paid = s["revenue_total"] >= 1.0
    same(np.where(paid, s["gross_margin"] * s["revenue_total"] * w, 0.0), np.where(paid, s["gross_profit"], 0.0))
    assert np.all(s["revolver_balance"] >= 0) and np.all(s["debt_balance"] >= -1e-12 * scale - 1e-3)
    assert np.all(s["pp_e_net"] >= -1e-12 * scale - 1e-3)
    if result.scenario.finance.revolver is not None:
        min_cash = result.scenario.finance.min_cash.value  # type: ignore[union-attr]
        assert np.all(s["cash_balance"] >= min_cash - 1e-3 - 1e-12 * scale)
    same(s["revenue_total"], sum(s[f"revenue_{n}"] for n in streams) + s["revenue_compute_resale"])
    assert np.all(s["served_gw"] <= np.minimum(s["compute_demand_gw"], s["compute_capacity_gw"]) + tol)
    same(s["served_gw"] + s["compute_shortage_gw"], s["compute_demand_gw"])
    same(s["served_gw"] + s["compute_surplus_gw"], s["compute_capacity_gw"])
    same(s["compute_spend"], s["capex"] + s["lease_cost"] + s["contract_cost"] + s["power_cost"])
    sold = sum((s[f"sold_gw_{n}"] for n in streams if f"sold_gw_{n}" in s), np.zeros(1))
    same(s["compute_demand_gw"], s["inference_gw"] + s["training_gw"] + sold)
    same(s["direct_costs"], s["device_cogs"] + s.get("equipment_cogs", 0.0) + s["revenue_share_cost"])
    same(s["compute_cost"], s["lease_cost"] + s["contract_cost"] + s["power_cost"] + s["depreciation"])
    same(s["cost_of_revenue"], s["direct_costs"] + s["serving_compute_cost"])
    same(s["serving_compute_cost"] + s["research_compute_cost"], s["compute_cost"])
    assert np.all(s["serving_compute_cost"] <= s["compute_cost"] * (1 + 1e-12) + 1e-3)
    earning = s["revenue_total"] >= 1.0  # the margin is 0 below a dollar of revenue
    same(s["gross_margin"] * s["revenue_total"], np.where(earning, s["revenue_total"] - s["cost_of_revenue"], 0.0))
    same(s["opex_cash"], s["staff_cost"] + s["sales_marketing"] + s["general_admin"] + s["other_opex"])
    same(s["ebitda"], (s["revenue_total"] - s["lease_cost"] - s["contract_cost"] - s["power_cost"]
         - s["direct_costs"] - s["opex_cash"]) * w)
    same(s["free_cash_flow"], s["ebitda"] - s["capex"] * w - s["taxes"] - s["interest_expense"]
         + s["interest_income"])
    assert np.all(s["resale_gw"] <= s["compute_surplus_gw"] + tol)
    assert np.all(s["capex"] <= s["capex_gross"] + 1e-3)
    assert np.all(s["taxes"] >= 0)
    assert np.all(s["payers"] <= s["users_consumer"] * (1 + 1e-12))
    for n in streams:
        assert np.all(s[f"revenue_{n}"] >= 0)
    countries = sum((v for name, v in s.items() if name.startswith("compute_capacity_gw_")), np.zeros(1))
    same(countries, s["compute_capacity_gw"])
    gap = result.scalars["funding_gap"]
    assert np.all(gap >= 0)
    by = [name for name in result.scalars if name.startswith("funding_gap_by_")]
    assert len(by) == 1 and np.all(result.scalars[by[0]] <= gap + 1e-3)
    breakeven = result.scalars["breakeven_year"]
    for year in result.years:
        np.testing.assert_array_equal(result.events[f"breakeven_by_{year}"], breakeven <= year)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_identities_hold_on_an_uncertain_scenario(seed: int) -> None:
    result = run(RICH, samples=300, seed=seed)
    check(result)
    # the inputs really vary, and the scenario sees both shortages and surpluses
    assert np.ptp(result["revenue_total"][:, -1]) > 0
    assert result["compute_shortage_gw"].max() > 0 and result["compute_surplus_gw"].max() > 0
    assert result["resale_gw"].max() > 0 and result["taxes"].max() > 0


def test_results_do_not_depend_on_the_chunk_size() -> None:
    import gigawatt

    scenario = gigawatt.loads(RICH)
    whole = gigawatt.simulate(scenario, samples=20000, seed=5)
    chunked = gigawatt.simulate(scenario, samples=20000, seed=5, chunk_size=8192)
    for name in ("revenue_total", "cash_balance", "funding_gap", "breakeven_year"):
        np.testing.assert_array_equal(whole[name], chunked[name])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    users=st.floats(0, 3e9),
    paying=st.floats(0, 1),
    tokens_per_user=st.floats(0, 1e5),
    site_gw=st.floats(0, 20),
    ownership=st.sampled_from(["owned", "joint_venture", "leased"]),
    contract_gw=st.floats(0, 5),
    elasticity=st.floats(0, 1),
    resale_share=st.floats(0, 1),
    cap=st.floats(0, 5),
    tax=st.floats(0, 0.5),
    start_cash=st.floats(-1e11, 1e11),
    build_years=st.integers(1, 6),
    it_life=st.integers(1, 15),
    revolver=st.one_of(st.none(), st.floats(0, 0.3)),
    cash_rate=st.floats(0, 0.1),
    opening_debt=st.floats(0, 5e10),
    amortisation=st.sampled_from(["bullet", "linear"]),
    fraction=st.floats(0.05, 1),
    losses=st.floats(0, 5e10),
    leases=st.one_of(st.none(), st.tuples(st.floats(0, 0.3), st.one_of(st.none(), st.integers(1, 10)))),
    default=st.one_of(st.none(), st.tuples(st.integers(0, 7), st.floats(0, 1))),
    invest=st.one_of(st.none(), st.floats(0, 5e10)),
)
def test_identities_hold_for_any_sizes(
    users: float, paying: float, tokens_per_user: float, site_gw: float, ownership: str, contract_gw: float,
    elasticity: float, resale_share: float, cap: float, tax: float, start_cash: float, build_years: int,
    it_life: int, revolver: float | None, cash_rate: float, opening_debt: float, amortisation: str, fraction: float,
    losses: float, leases: tuple[float, int | None] | None, default: tuple[int, float] | None,
    invest: float | None,
) -> None:
    facility = "" if revolver is None else f"revolver: {{rate: {revolver}}},"
    if leases is not None:  # on the balance sheet: every lease payment of the horizon, or a rolling term
        term = "" if leases[1] is None else f", committed_years: {leases[1]}"
        facility += f" leases: {{rate: {leases[0]}{term}}},"
    text = f"""
name: any
horizon: {{start: 2025, end: 2032}}
consumer:
  users: {{2025: {users}, 2032: "{users / 2 + 1} to {users * 2 + 2}"}}
  paying_share: {paying}
  tiers: [{{name: plus, share_of_payers: 1, price: 240}}]
streams:
  - {{name: chat, type: subscription, tokens_per_user_per_day: {tokens_per_user}}}
  - {{name: pin, type: device, launch_year: 2027, market_potential: "1M to 50M", price: 200,
     tokens_per_device_per_day: 1000, attach_uplift: 0.3}}
  - {{name: cloud_sales, type: capacity, gw: {{2025: 0, 2030: "0 to {site_gw / 3 + 0.1}"}}, price_per_gw_year: $9B}}
  - {{name: boards, type: equipment, gw: {{2025: 0.1, 2032: "1 to 4"}}, price_per_gw: $20B, gross_margin: 60%}}
compute:
  shortage_revenue_elasticity: {elasticity}
  resale: {{share: {resale_share}, market_cap_gw: {cap}, price_per_gw_year: $8B}}
sites:
  - {{name: site, country: US, ownership: {ownership}, equity_share: 0.5, build_years: {build_years},
     it_life_years: {it_life}, capacity_gw: {{2025: {site_gw / 4}, 2029: "{site_gw / 2} to {site_gw + 0.1}"}}}}
  - {{name: shell, country: US, ownership: leased, capacity_gw: {{2025: 0.2, 2030: "0.5 to 1"}},
     lease_price_per_gw_year: "$8B to $14B"}}
contracts:
  - {{name: cloud, counterparty: X, country: Norway, capacity_gw: {{2026: {contract_gw}, 2030: 0}},
     committed_share: 0.5}}
purchases:
  - {{name: chips, counterparty: Y, capacity_gw: {{2025: 0.1, 2031: "1 to 3"}}, price_per_gw: $25B,
     shell_price_per_gw_year: $2B, it_life_years: 4}}
finance: {{starting_cash: {start_cash}, tax_rate: {tax}, min_cash: $2B, {facility} cash_rate: {cash_rate},
          first_year_fraction: {fraction}, opening_tax_losses: {losses}, opening_other_assets: $1B,
          opening_debt: [{{name: bond, balance: {opening_debt}, rate: 6%, maturity_year: 2029,
                          amortisation: {amortisation}}}],
          financing: [{{name: loan, type: debt, year: 2027, amount: $5B, rate: 8%, tenor_years: 3}},
                      {{name: term, type: debt, year: 2026, amount: $4B, rate: 9%, tenor_years: 4,
                        amortisation: linear}},
                      {{name: spv, type: gpu_backed, year: 2025, advance_rate: 0.6, rate: 10%, tenor_years: 4}},
                      {{name: ddtl, type: delayed_draw, year: 2026, amount: $20B, rate: 7%,
                        commitment_fee: 0.5%, availability_years: 2, tenor_years: 4}},
                      {{name: vendor, type: vendor_equity, year: 2026, per_gw: $10B, limit: $30B,
                        deployed_gw: {{2025: 0, 2026: 1, 2030: 5}}, valuation_post: $500B}},
                      {{name: amd, type: warrant, year: 2026, value_per_gw: $3B, limit: $10B,
                        deployed_gw: {{2026: 0, 2027: 1, 2030: 6}}}},
                      {{name: buy, type: acquisition, year: 2026, amount: $6B, share_paid: 0.5,
                        valuation_post: $300B}},
                      {{name: round, type: equity, year: 2028, amount: $8B, valuation_post: $400B}}]}}
"""
    # in a network: a default from some year on cuts what the company pays (and what its investors pay it),
    # and it may invest in others; the statements balance all the same
    links: dict[str, np.ndarray] = {}
    samples = 16
    if default is not None:
        share = np.where(np.arange(8) >= default[0], 1.0 - default[1], 1.0) * np.ones((samples, 1))
        links |= {"paid_share": share, "financing_share:vendor": share, "financing_share:round": share}
    if invest is not None:
        links["invest_usd"] = np.full((samples, 8), invest)
    check(run_linked(text, links, samples=samples)[0] if links else run(text, samples=samples))


def test_a_one_year_horizon() -> None:
    result = run("""
name: one-year
horizon: {start: 2025, end: 2025}
streams: [{name: api, type: usage, tokens: 1e15, price_per_million_tokens: 2}]
sites: [{name: s, country: US, ownership: owned, capacity_gw: 1, it_life_years: 1, build_years: 3}]
contracts: [{name: c, counterparty: X, total_value: $10B, start_year: 2025, years: 2}]
finance:
  tax_rate: 20%
  financing: [{name: loan, type: debt, year: 2025, amount: $1B, rate: 10%}]
""")
    check(result)
    assert result["capex"].shape == (4, 1)
    np.testing.assert_allclose(result["capex"], 0.0)  # online at the start: built before the horizon
    np.testing.assert_allclose(result["interest_expense"], 0.1e9)
