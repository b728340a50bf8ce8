"""A hand-made network summary shared by the tests of the network's views (numbers chosen to check by eye)."""

from __future__ import annotations

import math

import numpy as np

from gigawatt.analysis.network import LinkInfo, NetworkSummary


def hand_made_summary() -> NetworkSummary:
    """Three entities over 2025-2027: a lab buys compute from a cloud, the cloud buys chips, the chip maker
    invests in the lab. The lab defaults in 30% of samples (median year 2026), the cloud in 10% (2027),
    the chip maker never; a default spreads in 10% of samples."""
    return NetworkSummary(
        entities=["lab", "cloud", "chips"],
        years=[2025, 2026, 2027],
        links=[
            LinkInfo("lab-cloud", "contract", "lab", "cloud"),
            LinkInfo("cloud-chips", "purchase", "cloud", "chips"),
            LinkInfo("chips-equity", "investment", "chips", "lab"),
        ],
        flows={"lab-cloud": [10e9, 20e9, 30e9], "cloud-chips": [5e9, 5e9, 0.0], "chips-equity": [2e9, 0.0, 0.0]},
        total_flows={"lab-cloud": 60e9, "cloud-chips": 10e9, "chips-equity": 2e9},
        default_probability={"lab": 0.3, "cloud": 0.1, "chips": 0.0},
        first_default_year={"lab": 2026.0, "cloud": 2027.0, "chips": None},
        exposure={"lab": {"cloud": [50e9, 30e9, 0.0]}, "cloud": {"chips": [5e9, 0.0, 0.0]}},
        expected_loss={"lab-cloud": 9e9, "cloud-chips": 0.5e9, "chips-equity": 0.0},
        cascade_probability=0.1,
    )


def with_infinities(summary: NetworkSummary) -> NetworkSummary:
    """``summary`` with a non-finite flow, loss and default year, as a diverging run could give."""
    from dataclasses import replace

    return replace(summary, total_flows={**summary.total_flows, "chips-equity": math.inf},
                   expected_loss={**summary.expected_loss, "cloud-chips": math.nan},
                   first_default_year={**summary.first_default_year, "chips": math.inf})


TOY_NETWORK = """\
name: toy-network
horizon: {start: 2025, end: 2028}
entities:
  lab:
    streams: [{name: api, type: fixed, amount: $3B}]
    contracts:
      - {name: cloud, counterparty: Cloud, capacity_gw: 1, price_per_gw_year: $5B}
    opex: {general_admin: $1B}
    finance:
      starting_cash: "$2B to $20B"
      borrowing_limit: $0
      financing: [{name: round, type: equity, year: 2026, amount: $2B}]
  cloud:
    streams: [{name: lab, type: capacity, gw: 1, price_per_gw_year: $5B}]
    opex: {general_admin: $4B}
    finance: {starting_cash: $1B, borrowing_limit: $0}
  chips:
    streams: [{name: sales, type: fixed, amount: $10B}]
    finance: {starting_cash: $5B}
links:
  - {name: lab_cloud, buyer: lab.contracts.cloud, seller: cloud.streams.lab}
  - {name: chips_lab, investor: chips, investee: lab.finance.financing.round}
"""
"""Three entities, computed by hand. The lab earns $3B a year and spends $1B plus $5B on its cloud contract: with
starting cash c it ends 2025 at c - 3, 2026 at c - 4 (the chip maker pays its $2B round), 2027 at c - 7, 2028 at
c - 10 (billions), and it may not borrow: it defaults in the first year that goes below zero (never if c >= 10)
and pays nothing on the contract from then on. The cloud earns the contract's $5B and spends $4B from $1B of cash:
paid, it gains $1B a year; unpaid from year Y, it is at (Y - 2025) + 1 - 4 in Y, below zero unless Y = 2028, so it
defaults with the lab in 2025, 2026 or 2027 (a cascade) and not in 2028. The chip maker never defaults."""


def by_hand(starting_cash: np.ndarray) -> dict[str, np.ndarray]:
    """The default years of the toy network's lab and cloud in each future, and the contract's unpaid USD."""
    c = np.asarray(starting_cash, dtype=float) / 1e9
    lab = np.select([c < 3, c < 4, c < 7, c < 10], [2025.0, 2026.0, 2027.0, 2028.0], np.inf)
    cloud = np.where(lab <= 2027, lab, np.inf)
    unpaid = np.where(np.isfinite(lab), (2028 - lab + 1) * 5e9, 0.0)
    return {"lab": lab, "cloud": cloud, "unpaid": unpaid}
