"""The compiled blocks against their numpy references, block by block: each block run on the same inputs with
kernels on and off gives equal outputs (``np.array_equal``: the kernels make the references' operations in their
order), on hand-made scenarios whose answers are known and on the random draws of bundled scenarios."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pytest

import gigawatt
from gigawatt.engine import runner
from gigawatt.model import BLOCKS, jit
from gigawatt.scenario.schema import Scenario

from .helpers import close, row, run, scalar

pytest.importorskip("numba")

B = 1e9


def inputs_of(scenario: Scenario, name: str, samples: int, seed: int = 3) -> tuple[Any, Any, dict[str, np.ndarray]]:
    """The block ``name`` and what it was handed in a simulation: ``(block, inputs, series computed before it)``."""
    seen: list[tuple[Any, Any, dict[str, np.ndarray]]] = []
    plain = runner.run_block

    def record(scenario: Scenario, block: Callable[..., Any], sampled: Any, computed: dict[str, np.ndarray],
               *rest: Any) -> None:
        if getattr(block, "__name__", "") == name:
            seen.append((block, sampled, dict(computed)))
        plain(scenario, block, sampled, computed, *rest)

    runner.run_block = record  # type: ignore[assignment]
    try:
        gigawatt.simulate(scenario, samples, seed)
    finally:
        runner.run_block = plain
    assert seen, name
    return seen[0]


def same_both_ways(scenario: Scenario, name: str, monkeypatch: pytest.MonkeyPatch, samples: int = 64) -> None:
    """Block ``name`` gives equal outputs (same names, shapes after broadcasting, numbers) with and without kernels."""
    block, sampled, computed = inputs_of(scenario, name, samples)
    compiled = block(scenario, sampled, computed)
    with monkeypatch.context() as patch:
        patch.setattr(jit, "enabled", lambda: False)
        reference = block(scenario, sampled, computed)
    assert compiled.keys() == reference.keys()
    for key, want in reference.items():
        got, wanted = np.asarray(compiled[key].values), np.asarray(want.values)
        assert compiled[key].unit == want.unit, key
        if got.ndim == 2 or wanted.ndim == 2:
            shape = np.broadcast_shapes(got.shape, wanted.shape)
            got, wanted = np.broadcast_to(got, shape), np.broadcast_to(wanted, shape)
        elif got.shape != wanted.shape:  # a per-sample scalar made once, (1,), against one per sample
            got, wanted = np.broadcast_to(got, (sampled.n,)), np.broadcast_to(wanted, (sampled.n,))
        assert np.array_equal(got, wanted, equal_nan=True), key


COSTS = """
name: costs
horizon: {start: 2025, end: 2036}
sites:
  - {name: owned, country: US, ownership: owned, capacity_gw: {2025: 1, 2030: 3}, utilisation: 80%, pue: 1.2,
     power_price: 50 USD/MWh}
  - {name: leased, country: US, capacity_gw: {2025: 1, 2027: 2}, lease_price_per_gw_year: $10B}
  - {name: leased_power, country: US, capacity_gw: {2025: 2}, lease_price_per_gw_year: $8B,
     lease_includes_power: false, power_price: {2025: 40 USD/MWh, 2030: 60 USD/MWh}}
  - {name: jv, country: UAE, ownership: joint_venture, equity_share: 40%, capacity_gw: {2026: 1, 2029: 2},
     lease_price_per_gw_year: $6B}
  - {name: by_delivery, country: US, capacity_gw: {2025: 1, 2028: 3, 2031: 2}, price_by: delivery,
     lease_price_per_gw_year: {2025: $10B, 2030: $5B}}
  - {name: by_signing, country: US, capacity_gw: {2026: 1, 2029: 2}, price_by: signing, signing_lead_years: 2,
     lease_price_per_gw_year: {2025: $10B, 2030: $5B}}
contracts:
  - {name: stated, counterparty: Oracle, capacity_gw: {2025: 0, 2026: 1, 2028: 3}, price_per_gw_year: $10B,
     signed_value: $200B, signed_gw: 10 GW, committed_share: 100%}
  - {name: schedule, counterparty: Oracle, capacity_gw: {2025: 1, 2027: 1, 2028: 0}, price_per_gw_year: $5B,
     committed_share: 50%}
  - {name: valued, counterparty: Cloud, total_value: $30B, start_year: 2027, years: 3, price_per_gw_year: $5B}
  - {name: inside, counterparty: Cloud, capacity_gw: {2025: 1}, price_per_gw_year: $4B, inside_sites: true}
  - {name: delivered, counterparty: Other, capacity_gw: {2025: 1, 2027: 2}, price_by: delivery,
     price_per_gw_year: {2025: $10B, 2027: $6B}}
"""


def test_costs_by_hand() -> None:
    # 2025 of the toy, kernels on (the default in tests): every GW and price of that year is known
    result = run(COSTS, samples=8)
    # leased 1 GW x $10B, leased_power 2 x $8B, by_delivery 1 x $10B, the partner's 60% of jv's 1 GW x $6B (a path
    # holds its first value before it), by_signing 1 GW x $10B (the price two years before 2026: the first year's)
    close(row(result, "lease_cost")[0], (10 + 16 + 10 + 3.6 + 10) * B)
    # GW x utilisation x PUE x 8760 h x 1000 MWh/GWh x USD/MWh: owned 1 GW at $50; leased_power 2 GW at $40 (the
    # default 80% and 1.2); jv its 40% of 1 GW at the default $60
    close(row(result, "power_cost")[0], (1 * 50 + 2 * 40 + 0.4 * 60) * 0.8 * 1.2 * 8760 * 1000)
    close(row(result, "delivered_gw_oracle")[:4], [1, 2, 3, 3])
    # stated, then each schedule's most GW (valued: $30B / 3 years / $5B)
    close(scalar(result, "contract_signed_gw"), 10 + 1 + 2 + 1 + 2)


SHORT = COSTS.replace("horizon: {start: 2025, end: 2036}", "horizon: {start: 2025, end: 2031}")
"""The toy over 7 years: a row's sum of fewer than 8 values is taken in turn (12 years: 8 running sums first)."""


@pytest.mark.parametrize("text", [COSTS, SHORT])
def test_costs_kernel_gives_the_reference_numbers_on_a_toy(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    same_both_ways(gigawatt.loads(text), "compute_costs", monkeypatch)
    same_both_ways(gigawatt.loads(text), "supply", monkeypatch)  # its capacity: all of it and by country


@pytest.mark.parametrize("name", ["openai-2025", "openai-2025-bear", "anthropic-2025", "oracle-2025", "coreweave-2025"])
@pytest.mark.parametrize("block", ["compute_costs", "outcomes", "supply", "finance", "revenue_potential"])
def test_blocks_give_the_reference_numbers_on_random_draws(name: str, block: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    same_both_ways(gigawatt.load(name), block, monkeypatch, samples=256)


def test_the_blocks_named_here_exist() -> None:
    names = {getattr(block, "__name__", "") for block in BLOCKS}
    assert {"compute_costs", "outcomes", "supply", "finance", "revenue_potential"} <= names
    assert isinstance(BLOCKS, list) and not isinstance(BLOCKS, Mapping)


def test_signed_price_is_the_price_lead_years_earlier() -> None:
    from gigawatt.model.costs import signed_price

    by_hand = signed_price(np.array([[1.0, 2.0, 3.0, 4.0]]), 2)
    assert by_hand.tolist() == [[1.0, 1.0, 1.0, 2.0]]  # the first year's price before the horizon
    rng = np.random.default_rng(5)
    for years in (1, 2, 5, 11):
        for lead in range(14):
            for price in (rng.random((5, years)), rng.random((1, years)),
                          np.broadcast_to(rng.random((5, 1)), (5, years))):
                gathered = price[:, np.clip(np.arange(years) - lead, 0, None)]  # the reference: gather the columns
                assert np.array_equal(signed_price(price, lead), gathered)


def scalars_both(cash_before: np.ndarray, min_cash: np.ndarray, cash: np.ndarray, revolver: np.ndarray,
                 fcf: np.ndarray, flows: np.ndarray, upto: int) -> np.ndarray:
    """:func:`scalars_kernel`'s rows, after checking each against the numpy function it stands for."""
    from gigawatt.engine.inputs import Inputs
    from gigawatt.model.outcomes import breakeven, first_breakeven, funding_gap, scalars_kernel

    n, count = cash_before.shape
    years = np.arange(2025.0, 2025.0 + count)
    x = Inputs(years, {}, n)
    found = np.empty((9, n))
    scalars_kernel(cash_before, min_cash, cash, revolver, fcf, flows, upto, years, found)
    net = cash - revolver
    want = [funding_gap(cash_before, min_cash), funding_gap(cash_before[:, :upto], min_cash[:, :upto]),
            funding_gap(net, min_cash), funding_gap(net[:, :upto], min_cash[:, :upto]), breakeven(fcf, x),
            first_breakeven(fcf, x), years[np.argmin(cash_before, axis=1)],
            ((flows.min(axis=1) < 0) & (flows.max(axis=1) > 0)).astype(float), flows.sum(axis=1)]
    for index, wanted in enumerate(want):
        assert np.array_equal(found[index], wanted, equal_nan=True), index
    return found


def test_outcome_scalars_by_hand() -> None:
    cash_before = np.array([[5.0, -3.0, -7.0, 2.0]])
    fcf = np.array([[-1.0, 2.0, -1.0, 3.0]])
    flows = np.array([[-4.0, 1.0, 1.0, 1.0]])
    zero = np.zeros((1, 4))
    found = scalars_both(cash_before, np.ones((1, 4)), cash_before, zero, fcf, flows, 2)
    # gap: 1 - (-7) = 8 over every year, 1 - (-3) = 4 over the first two; break-even from 2028 (after the last
    # negative year), first in 2026; lowest cash in 2027; the flows change sign and sum to -1
    assert found[:, 0].tolist() == [8.0, 4.0, 8.0, 4.0, 2028.0, 2026.0, 2027.0, 1.0, -1.0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_scalars_kernel_gives_the_reference_numbers(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for count in (1, 3, 7, 8, 11, 17, 40):
        shape = (300, count)
        arrays = [rng.normal(size=shape) * 10.0 ** rng.integers(-3, 12, size=shape) for _ in range(6)]
        for a in arrays:  # NaN, ties and zeros of both signs in a few cells
            a[rng.random(shape) < 0.02] = np.nan
            a[rng.random(shape) < 0.05] = 0.0
            a[rng.random(shape) < 0.05] = -0.0
        arrays[0][rng.random(shape) < 0.1] = 5.0
        scalars_both(*arrays, upto=int(rng.integers(1, count + 1)))


def test_use_kernel_gives_the_reference_numbers() -> None:
    from gigawatt.model.supply import ratio_into, use_kernel

    rng = np.random.default_rng(6)
    shape = (400, 11)
    potential, paid, inference, tokens = (rng.normal(size=shape) * 10.0 ** rng.integers(-2, 12, size=shape)
                                          for _ in range(4))
    for a in (paid, tokens):
        a[rng.random(shape) < 0.1] = 0.5  # below a token
        a[rng.random(shape) < 0.05] = np.nan
    key, gw = np.empty(shape), np.empty(shape)
    use_kernel(potential.ravel(), paid.ravel(), inference.ravel(), tokens.ravel(), key.ravel(), gw.ravel())
    want_key, want_gw = np.empty(shape), np.empty(shape)
    ratio_into(potential, np.where(paid >= 1.0, paid, 0.0), want_key)  # the reference in uses_of
    np.multiply(inference, ratio_into(paid, tokens, want_gw), out=want_gw)
    assert np.array_equal(key, want_key, equal_nan=True)
    assert np.array_equal(gw, want_gw, equal_nan=True)
    one = np.empty(1), np.empty(1)
    use_kernel(np.array([6.0]), np.array([2.0]), np.array([1.5]), np.array([4.0]), *one)
    assert (one[0][0], one[1][0]) == (3.0, 0.75)  # $6 over 2 tokens; 1.5 GW x 2 of 4 tokens


def test_capacity_kernel_adds_every_item_in_turn() -> None:
    from gigawatt.model import jit
    from gigawatt.model.common import compact
    from gigawatt.model.supply import capacity_kernel

    rng = np.random.default_rng(7)
    n, years = 50, 6
    items = [rng.normal(size=(n, years)), np.broadcast_to(rng.normal(size=(1, years)), (n, years)),
             rng.normal(size=(n, 1)), np.full((1, 1), 2.5), rng.normal(size=(n, years))]
    country = np.array([0, 1, 0, 1, 0])
    capacity, by_country = np.empty((n, years)), np.empty((2, n, years))
    capacity_kernel(jit.arrays([compact(a) for a in items]), country, capacity, by_country)
    total, parts = np.zeros((n, years)), [None, None]
    for gw, c in zip(items, country, strict=True):  # the reference: in turn, 0 + a country's first item
        total = total + gw
        parts[c] = 0.0 + gw if parts[c] is None else parts[c] + gw
    assert np.array_equal(capacity, total)
    for c in range(2):
        assert np.array_equal(by_country[c], np.broadcast_to(parts[c], (n, years)))
    assert np.allclose(by_country[1], items[1] + 2.5)
