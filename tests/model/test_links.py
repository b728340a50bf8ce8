"""What a network hands a company: the share of its commitments it pays, investments, financing by others
(docs/model.md section 11)."""

from __future__ import annotations

import numpy as np

from .helpers import close, row, run, run_linked

B = 1e9

BUYER = """
name: buyer
horizon: {start: 2025, end: 2029}
streams: [{name: api, type: usage, tokens: 1e15, price_per_million_tokens: 1}]
contracts:
  - {name: cloud, counterparty: Cloud, capacity_gw: 1, price_per_gw_year: $10B}
purchases:
  - {name: chips, counterparty: Chipco, capacity_gw: {2025: 0, 2026: 1, 2027: 2, 2028: 3}, price_per_gw: $20B,
     refresh: false, shell_price_per_gw_year: $1B}
finance:
  default_share: 50%
  financing:
    - {name: seed, type: equity, year: 2026, amount: $4B}
    - {name: vendor, type: vendor_equity, year: 2026, per_gw: $2B, deployed_gw: {2025: 0, 2026: 1, 2029: 4}}
"""

YEARS = 5


def shares(*values: float) -> np.ndarray:
    """A link of the same value in every sample, one value per year."""
    return np.tile(np.asarray(values, dtype=float), (4, 1))


def test_half_paid_from_2027_halves_a_contract_and_the_new_purchases() -> None:
    paid = shares(1, 1, 0.5, 0.5, 0.5)  # a default in 2027 with default_share 50%
    result, computed = run_linked(BUYER, {"paid_share": paid})
    # the contract: 1 GW at $10B a GW-year, half of it from 2027
    close(computed["_contract_gw_cloud"][0], [1, 1, 0.5, 0.5, 0.5])
    close(computed["_contract_payment_cloud"][0], [10 * B, 10 * B, 5 * B, 5 * B, 5 * B])
    close(row(result, "contract_cost"), [10 * B, 10 * B, 5 * B, 5 * B, 5 * B])
    # the purchase adds 1 GW a year from 2026: 1 GW in 2026, then half of each GW added
    close(computed["_purchase_new_gw_chips"][0], [0, 1, 0.5, 0.5, 0])
    close(row(result, "purchased_gw"), [0, 1, 1.5, 2, 2])
    close(computed["_purchase_payment_chips"][0], [0, 20 * B, 10 * B, 10 * B, 0])
    close(row(result, "capex"), [0, 20 * B, 10 * B, 10 * B, 0])
    # capacity: the contract's GW and the purchased GW in leased shells
    close(row(result, "compute_capacity_gw"), [1, 2, 2, 2.5, 2.5])
    close(row(result, "lease_cost"), [0, 1 * B, 1.5 * B, 2 * B, 2 * B])


def test_fully_paid_is_the_company_alone() -> None:
    alone = run(BUYER)
    result, computed = run_linked(BUYER, {"paid_share": np.ones((4, YEARS))})
    for name in alone.units:
        np.testing.assert_allclose(result[name], alone[name], rtol=1e-12, atol=1e-6, err_msg=name)
    close(computed["_contract_payment_cloud"][0], row(alone, "contract_cost"))
    close(computed["_purchase_payment_chips"][0], row(alone, "capex"))


def test_the_backlog_keeps_the_share_still_honoured() -> None:
    text = BUYER.replace("capacity_gw: 1, price_per_gw_year: $10B", "capacity_gw: 1, price_per_gw_year: $10B, "
                         "signed_value: $100B")
    result, _ = run_linked(text, {"paid_share": shares(1, 1, 0.5, 0.5, 0.5)})
    # $10B of the schedule performed a year; from 2027 half of what is left is repudiated
    close(row(result, "contract_backlog"), [90 * B, 80 * B, 35 * B, 30 * B, 25 * B])


def test_an_investor_paying_half_halves_the_equity_it_brings() -> None:
    half = shares(1, 1, 0.5, 0.5, 0.5)
    alone, _ = run_linked(BUYER, {})
    result, computed = run_linked(BUYER, {"financing_share:seed": half, "financing_share:vendor": half})
    close(computed["_financing_amount_seed"][0], [0, 4 * B, 0, 0, 0])
    # vendor equity: $2B per GW newly deployed from 2026 (1 GW a year), half of it from 2027
    close(computed["_financing_amount_vendor"][0], [0, 2 * B, 1 * B, 1 * B, 1 * B])
    close(row(result, "cash_from_financing"), [0, 6 * B, 1 * B, 1 * B, 1 * B])
    close(row(alone, "cash_from_financing"), [0, 6 * B, 2 * B, 2 * B, 2 * B])


def test_cash_invested_in_others_is_an_investing_flow_and_an_asset() -> None:
    invest = shares(0, 3, 0, 1, 0) * B
    alone = run(BUYER)
    result, _ = run_linked(BUYER, {"invest_usd": invest})
    close(row(result, "investments"), [0, 3 * B, 3 * B, 4 * B, 4 * B])
    close(row(result, "cash_from_investing") - row(alone, "cash_from_investing"), [0, -3 * B, 0, -1 * B, 0])
    close(row(result, "cash_balance") - row(alone, "cash_balance"), [0, -3 * B, -3 * B, -4 * B, -4 * B])
    close(row(result, "cash_before_financing") - row(alone, "cash_before_financing"),
          [0, -3 * B, -3 * B, -4 * B, -4 * B])
    close(row(result, "total_assets"), row(alone, "total_assets"))  # cash became an investment
    close(row(result, "total_assets"), row(result, "total_liabilities") + row(result, "equity_balance"))


SELLER = """
name: seller
horizon: {start: 2025, end: 2029}
streams:
  - {name: buyer, type: capacity, gw: 3, price_per_gw_year: $1B}
  - {name: chips, type: equipment, gw: 5, price_per_gw: $1B, gross_margin: 70%}
sites: [{name: dc, country: US, ownership: leased, capacity_gw: 2}]
"""


def test_what_a_buyer_pays_is_what_a_seller_fed_by_it_earns() -> None:
    # a buyer half in default from 2027 and an investor that pays it half from then on, wired by hand
    half = shares(1, 1, 0.5, 0.5, 0.5)
    _, buyer = run_linked(BUYER, {"paid_share": half, "financing_share:seed": half,
                                  "financing_share:vendor": half})
    links = {"feed_gw:buyer": buyer["_contract_gw_cloud"] * np.ones((4, YEARS)),
             "feed_usd:buyer": buyer["_contract_payment_cloud"] * np.ones((4, YEARS)),
             "feed_gw:chips": buyer["_purchase_new_gw_chips"] * np.ones((4, YEARS)),
             "feed_usd:chips": buyer["_purchase_payment_chips"] * np.ones((4, YEARS)),
             "invest_usd": (buyer["_financing_amount_seed"] + buyer["_financing_amount_vendor"]) * np.ones((4, 1))}
    alone = run(SELLER)
    seller, _ = run_linked(SELLER, links)
    np.testing.assert_allclose(seller["revenue_buyer"], buyer["contract_cost"], rtol=1e-12)
    np.testing.assert_allclose(seller["revenue_chips"], buyer["capex"], rtol=1e-12)
    np.testing.assert_allclose(seller["sold_gw_buyer"], buyer["_contract_gw_cloud"] * np.ones((4, YEARS)))
    # the investor's cash out is the buyer's equity in
    np.testing.assert_allclose(alone["cash_from_investing"] - seller["cash_from_investing"],
                               buyer["cash_from_financing"], rtol=1e-12)
    close(row(seller, "revenue_buyer"), [10 * B, 10 * B, 5 * B, 5 * B, 5 * B])
    close(row(seller, "revenue_chips"), [0, 20 * B, 10 * B, 10 * B, 0])
