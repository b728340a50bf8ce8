"""Required revenue for a target return, computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gigawatt
from gigawatt.analysis.required import required_revenue

B = 1e9
BUILD = """
name: build
horizon: {start: 2025, end: 2026}
streams: [{name: deal, type: fixed, amount: {2025: 0, 2026: $30B}}]
sites: [{name: s, country: US, ownership: owned, build_years: 1, power_price: 0, capacity_gw: {2025: 0, 2026: 1}}]
finance: {valuation: {terminal: none}}
"""


def test_the_revenue_that_returns_the_target_on_a_buildout() -> None:
    # -50 in 2025, 30 k in 2026: worth 0 at 10% when k = 50 x 1.1 / 30
    out = required_revenue(gigawatt.loads(BUILD), "10%", samples=4)
    np.testing.assert_allclose(out.scale, 55 / 30, rtol=1e-9)
    np.testing.assert_allclose(out.required[:, 1], 55 * B, rtol=1e-9)
    assert out.to_dict()["required_revenue"]["p50"][1] == pytest.approx(55 * B)


def test_taxes_come_out_of_the_return() -> None:
    text = BUILD.replace("finance: {", "finance: {tax_rate: 20%, ")
    # depreciation 2026: IT 35 / 5 + facility 15 / 20 = 7.75; flow 30 k - 0.2 (30 k - 7.75) = 24 k + 1.55
    out = required_revenue(gigawatt.loads(text), 0.10, samples=4)
    np.testing.assert_allclose(out.scale, (55 - 1.55) / 24, rtol=1e-9)


def test_a_tax_rate_formula_reads_the_outputs_of_the_run() -> None:
    """A tax rate of 20% once there is revenue, written as a formula of ``revenue_total``: the same answer."""
    text = BUILD.replace("finance: {", 'finance: {tax_rate: "= 20% * min(1, revenue_total / 1 USD/year)", ')
    out = required_revenue(gigawatt.loads(text), 0.10, samples=4)
    np.testing.assert_allclose(out.scale, (55 - 1.55) / 24, rtol=1e-9)


def test_a_target_below_the_terminal_growth_is_a_clear_error() -> None:
    text = BUILD.replace("{terminal: none}", "{terminal: gordon, growth: 3%}")
    with pytest.raises(ValueError, match="must be above finance.valuation.growth"):
        required_revenue(gigawatt.loads(text), "2%", samples=4)


def test_a_future_with_no_margin_never_gets_there() -> None:
    text = BUILD.replace("amount: {2025: 0, 2026: $30B}", "amount: 0")
    out = required_revenue(gigawatt.loads(text), "10%", samples=4)
    assert np.all(np.isinf(out.scale)) and out.to_dict()["unreachable_share"] == 1.0
    assert math.isinf(out.required[0, 1])
