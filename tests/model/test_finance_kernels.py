"""The finance and valuation kernels (gigawatt.model.jit) against their numpy references, on hand-made and random
inputs: the year loop of the statements (``settle``), taxes after losses, running totals over the years and the
bisection of the internal rate of return. Each kernel
makes the reference's operations in the reference's order, so the numbers are equal, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.engine.inputs import Inputs
from gigawatt.engine.sampling import draw_inputs
from gigawatt.model import jit, valuation
from gigawatt.model.common import running_total, running_total_kernel
from gigawatt.model.debt import Schedule
from gigawatt.model.finance import Settled, period_weights, settle, settle_numpy, taxes_after_losses
from gigawatt.scenario.paths import uncertain_inputs

pytest.importorskip("numba")

B = 1e9

FACILITIES = """
name: facilities
horizon: {start: 2025, end: 2034}
finance:
  starting_cash: $3B
  min_cash: "$1B to $4B"
  cash_rate: "2% to 6%"
  tax_rate: {2025: 21%, 2030: "15% to 30%"}
  opening_tax_losses: "$0 to $20B"
  revolver: {rate: "6% to 12%"}
  financing:
    - {name: early, type: delayed_draw, year: 2025, amount: $5B, rate: 7%, commitment_fee: 0.5%,
       availability_years: 2, tenor_years: 4}
    - {name: ddtl, type: delayed_draw, year: 2027, amount: "$5B to $30B", rate: "5% to 9%",
       commitment_fee: 0.25%, availability_years: 3, tenor_years: 5}
"""


def inputs(text: str, n: int, seed: int = 3) -> tuple[gigawatt.Scenario, Inputs]:
    scenario = gigawatt.loads(text)
    draws = draw_inputs(uncertain_inputs(scenario), scenario.correlations, seed, 0, n)
    return scenario, Inputs(np.asarray(scenario.years), draws, n)


def same_settled(got: Settled, want: Settled) -> None:
    for name in Settled.__dataclass_fields__:
        a, b = getattr(got, name), getattr(want, name)
        assert a.shape == b.shape and a.flags.c_contiguous, name
        np.testing.assert_array_equal(a, b, err_msg=name)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("revolver", [True, False])
def test_settle_kernel_equals_the_numpy_reference_on_random_flows(seed: int, revolver: bool,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jit, "enabled", lambda: True)  # the kernel even where GIGAWATT_KERNELS says numpy
    text = FACILITIES if revolver else FACILITIES.replace("  revolver: {rate: \"6% to 12%\"}\n", "")
    n = 500
    scenario, x = inputs(text, n, seed)
    years = len(x.years)
    rng = np.random.default_rng(seed)
    # swings of tens of billions both ways: the facilities draw, repay, and the losses build and get used
    operating = rng.normal(0.0, 20 * B, (n, years))
    before_cash = operating + rng.normal(-5 * B, 10 * B, (n, years))
    interest = rng.uniform(0.0, 1 * B, (1, years))  # a (1, Y) row, as a schedule without uncertain debt gives
    schedule = Schedule(np.zeros((1, years)), np.zeros((1, years)), np.zeros((1, years)), interest)
    w = period_weights(scenario, years)
    w[0, 0] = 0.4
    opening = rng.uniform(-5 * B, 5 * B, (n, 1))
    got = settle(scenario, x, w, operating, before_cash, schedule, opening)
    want = settle_numpy(scenario, x, w, operating, before_cash, schedule, opening)
    same_settled(got, want)
    assert np.any(got.facilities > 0) and np.any(got.taxes > 0)  # the paths the kernel takes are exercised
    assert np.any(got.revolver > 0) == revolver


def test_settle_kernel_without_facilities_on_a_hand_made_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jit, "enabled", lambda: True)
    scenario, x = inputs("name: plain\nhorizon: {start: 2025, end: 2027}\n"
                         "finance: {min_cash: $1B, cash_rate: 10%, tax_rate: 20%, revolver: {rate: 10%}}\n", 1)
    w = np.ones((1, 3))
    flows = np.array([[-3 * B, 2 * B, 5 * B]])
    schedule = Schedule(*(np.zeros((1, 3)) for _ in range(4)))
    got = settle(scenario, x, w, flows, flows, schedule, np.array([[2 * B]]))
    same_settled(got, settle_numpy(scenario, x, w, flows, flows, schedule, np.array([[2 * B]])))
    # 2025: 10% of 2 earned, 2 + 0.2 - 3 = -0.8 -> the revolver carries 1.8 to keep $1B (no tax on a loss of 2.8)
    # 2026: 2 + 0.1 earned - 0.18 interest = 1.92, no tax (losses 2.8 -> 0.88); cash 2.92 repays the 1.8 -> 1.12
    # 2027: 5 + 0.112 earned, tax 20% of (5.112 - 0.88) = 0.8464; cash 1.12 + 5.112 - 0.8464
    np.testing.assert_allclose(got.revolver[0], [1.8 * B, 0, 0])
    np.testing.assert_allclose(got.cash[0], [1 * B, 1.12 * B, 5.3856 * B])
    np.testing.assert_allclose(got.taxes[0], [0, 0, 0.8464 * B])
    np.testing.assert_allclose(got.interest_expense[0], [0, 0.18 * B, 0])


def test_irr_kernel_equals_the_numpy_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jit, "enabled", lambda: True)
    rng = np.random.default_rng(5)
    n, years = 2000, 11
    spending = -rng.uniform(0, 10 * B, (n, 1)) * (np.arange(years) < rng.integers(1, 6, (n, 1)))
    income = rng.uniform(0, 5 * B, (n, 1)) * (np.arange(years) >= 3) * rng.uniform(0.5, 2.0, (n, years))
    flows = spending + income + rng.normal(0, 0.5 * B, (n, years)) * (rng.uniform(size=(n, 1)) < 0.3)
    flows[0] = 0.0  # no sign change
    flows[1, 4] = np.nan
    flows[2] = np.inf
    flows[3] = -1.0  # a loss every year
    found = np.empty(n)
    valuation.bisect_kernel(np.ascontiguousarray(flows.T), 80, found)
    np.testing.assert_array_equal(found, valuation.bisect_numpy(flows, 80))
    for iterations in (0, 1, 7):  # fewer halvings than the tolerance needs: the same brackets too
        valuation.bisect_kernel(np.ascontiguousarray(flows.T), iterations, found)
        np.testing.assert_array_equal(found, valuation.bisect_numpy(flows, iterations))


def test_irr_of_hand_made_flows() -> None:
    flows = np.array([[-100.0, 110.0, 0.0], [-100.0, 0.0, 121.0], [-100.0, 50.0, 50.0], [10.0, 10.0, 10.0]])
    got = valuation.irr(flows)
    np.testing.assert_allclose(got[:3], [0.1, 0.1, 0.0], atol=1e-11)
    assert got[3] == valuation.IRR_RANGE[1]  # never negative: no rate, the end it points to


def test_running_total_kernel_equals_numpys_cumulative_sum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jit, "enabled", lambda: True)
    rng = np.random.default_rng(9)
    values = rng.normal(0, 1e10, (3000, 11)) * 10.0 ** rng.integers(-8, 8, (3000, 11))
    values[0, 3] = np.nan
    values[1, 2] = np.inf
    values[2] = -0.0
    got = running_total(values)
    np.testing.assert_array_equal(got, np.cumsum(values, axis=1))
    assert np.array_equal(np.signbit(got), np.signbit(np.cumsum(values, axis=1)))
    np.testing.assert_array_equal(running_total(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])),
                                  [[1.0, 3.0, 6.0], [4.0, 9.0, 15.0]])
    assert running_total(np.zeros((5, 0))).shape == (5, 0)
    out = np.empty((4, 0))
    running_total_kernel(np.zeros((4, 0)), out)  # no years: nothing to add


def test_taxes_kernel_equals_the_numpy_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(4)
    income = rng.normal(0, 10 * B, (2000, 11))
    income[5, 3] = np.nan
    rate = np.where(np.arange(11) < 5, 0.21, 0.3).reshape(1, -1)
    losses = rng.uniform(0, 30 * B, (2000, 1))
    monkeypatch.setattr(jit, "enabled", lambda: True)
    got = taxes_after_losses(income, rate, losses)
    monkeypatch.setattr(jit, "enabled", lambda: False)
    want = taxes_after_losses(income, rate, losses)
    np.testing.assert_array_equal(got, want)
    assert got.flags.c_contiguous and np.any(got > 0) and np.any((got == 0) & (income > 0))
    # by hand: 2 lost, then 3 earned uses the 2 up: 25% of 1; then 25% of 4
    monkeypatch.setattr(jit, "enabled", lambda: True)
    np.testing.assert_allclose(taxes_after_losses(np.array([[-2.0, 3.0, 4.0]]), np.full((1, 3), 0.25)),
                               [[0.0, 0.25, 1.0]])
