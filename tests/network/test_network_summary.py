"""gigawatt.network_summary: a network run as plain data, on a toy computed by hand."""

from __future__ import annotations

import json

import pytest

import gigawatt
from gigawatt import LinkInfo

TOY = """\
name: invest-toy
horizon: {start: 2025, end: 2028}
entities:
  vc:
    opex: {general_admin: $5B}
    finance: {starting_cash: CASH, borrowing_limit: $0}
  lab:
    streams: [{name: api, type: fixed, amount: $1.6B}]
    opex: {general_admin: $2B}
    finance:
      starting_cash: $1B
      borrowing_limit: $0
      financing: [{name: round, type: equity, year: 2027, amount: $4B}]
links:
  - {name: vc_lab, investor: vc, investee: lab.finance.financing.round}
"""
"""vc spends $5B a year and pays lab's $4B round in 2027. With $12B it is at $7B, $2B, then -$7B in 2027: it
defaults in 2027 and pays nothing from then on; lab, at $0.6B and $0.2B, would reach $3.8B with the round but
falls to -$0.2B without it: it defaults in 2027 too, a cascade. With $30B vc never defaults and lab is paid."""


def test_a_cascade_by_hand() -> None:
    summary = gigawatt.network_summary(gigawatt.simulate(gigawatt.loads(TOY.replace("CASH", "$12B")), samples=3))
    assert summary.entities == ["vc", "lab"]
    assert summary.years == [2025, 2026, 2027, 2028]
    assert summary.links == [LinkInfo("vc_lab", "investment", "vc", "lab")]
    assert summary.flows == {"vc_lab": [0.0, 0.0, 0.0, 0.0]}
    assert summary.total_flows == {"vc_lab": 0.0}
    assert summary.default_probability == {"vc": 1.0, "lab": 1.0}
    assert summary.first_default_year == {"vc": 2027.0, "lab": 2027.0}
    assert summary.exposure == {"vc": {"lab": [4e9, 4e9, 0.0, 0.0]}}
    assert summary.expected_loss == {"vc_lab": pytest.approx(4e9)}
    assert summary.cascade_probability == 1.0
    json.dumps(summary.to_dict(), allow_nan=False)


def test_paid_in_full_by_hand() -> None:
    summary = gigawatt.network_summary(gigawatt.simulate(gigawatt.loads(TOY.replace("CASH", "$30B")), samples=3))
    assert summary.flows == {"vc_lab": [0.0, 0.0, 4e9, 0.0]}
    assert summary.total_flows == {"vc_lab": 4e9}
    assert summary.default_probability == {"vc": 0.0, "lab": 0.0}
    assert summary.first_default_year == {"vc": None, "lab": None}
    assert summary.expected_loss == {"vc_lab": 0.0}
    assert summary.cascade_probability == 0.0


def test_a_company_has_no_network() -> None:
    with pytest.raises(ValueError, match="is one company, not a network"):
        gigawatt.network_summary(gigawatt.simulate("anthropic-2025", samples=2))
