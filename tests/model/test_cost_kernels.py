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


@pytest.mark.parametrize("name", ["openai-2025", "openai-2025-bear", "anthropic-2025", "oracle-2025", "coreweave-2025"])
@pytest.mark.parametrize("block", ["compute_costs"])
def test_blocks_give_the_reference_numbers_on_random_draws(name: str, block: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    same_both_ways(gigawatt.load(name), block, monkeypatch, samples=256)


def test_the_blocks_named_here_exist() -> None:
    names = {getattr(block, "__name__", "") for block in BLOCKS}
    assert {"compute_costs"} <= names
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
