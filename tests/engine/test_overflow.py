"""Numbers that overflow in the model are a clear error at the block and output where it happens."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from toy_scenarios import TOY

import gigawatt
from gigawatt.engine.finite import LIMIT, OverflowProblem, bad_mask
from gigawatt.scenario.errors import ScenarioError

HUGE_CAPACITY = TOY.replace("capacity_gw: {2025: 0.2, 2026: 1.2}", "capacity_gw: 1e308")
WILD_SIGMA = TOY.replace("price: 20 USD/month", "price: {lognormal: {mu: 3, sigma: 1e6}}")
HUGE_GROWTH = TOY + "opex:\n  headcount: {start: 1000, growth: 1e300}\n"


@pytest.mark.parametrize(("text", "block", "output", "culprit"), [
    (HUGE_CAPACITY, "", "", "sites.abilene.capacity_gw = 1e+308 (fixed)"),  # the first block to use it
    (WILD_SIGMA, "demand", "arpu_paid", "consumer.tiers.plus.price = inf (drawn)"),
    (HUGE_GROWTH, "opex", "staff_cost", "opex.headcount.growth = 1e+300 (fixed)"),
], ids=["capacity", "sigma", "growth"])
def test_an_overflow_names_block_output_and_inputs(text: str, block: str, output: str, culprit: str) -> None:
    scenario = gigawatt.loads(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no RuntimeWarning on the way
        with pytest.raises(OverflowProblem) as caught:
            gigawatt.simulate(scenario, 64, seed=1)
    message = str(caught.value)
    assert re.search(r"output \w+ of the \w+ block is \S+ in sample \d+, year 20\d\d", message), message
    assert f"output {output} of the {block} block" in message or not block, message
    assert culprit in message, message
    assert isinstance(caught.value, ScenarioError)


def test_the_streamed_path_stops_too() -> None:
    with pytest.raises(OverflowProblem, match="sites.abilene.capacity_gw = 1e"):
        gigawatt.summarize(gigawatt.loads(HUGE_CAPACITY), 64, seed=1)


def test_the_command_line_says_so_without_warnings(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(HUGE_CAPACITY, encoding="utf-8")
    done = subprocess.run([str(Path(sys.executable).parent / "gigawatt"), "run", str(path), "-n", "100", "--no-store"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "the numbers overflow" in done.stderr and "sites.abilene.capacity_gw" in done.stderr
    assert "Warning" not in done.stderr and "Traceback" not in done.stderr
    assert "–" not in done.stdout  # never a silent dash in a table


def test_the_mask_allows_never_in_years_only() -> None:
    years = np.array([2030.0, np.inf])
    assert bad_mask(years, "year") is None
    assert bad_mask(years, "USD") is not None
    assert bad_mask(np.array([1.0, np.nan]), "year") is not None
    assert bad_mask(np.array([LIMIT, -LIMIT]), "USD") is None
    assert bad_mask(np.array([LIMIT * 10]), "USD") is not None


def test_bundled_scenarios_do_not_overflow() -> None:
    for name in ("openai-2025", "openai-2025-bear", "openai-2025-bull"):
        result = gigawatt.simulate(name, 2000, seed=2)
        assert np.isfinite(result["funding_gap"]).all()


def test_flops_per_watt_of_zero_is_an_error_not_zero_demand() -> None:
    with pytest.raises(ScenarioError, match=r"compute.flops_per_watt_effective: must be at least 1e6"):
        gigawatt.loads(TOY + "compute:\n  flops_per_watt_effective: 0\n")


@pytest.mark.parametrize("price", ["0", '"$0 to $5B"', "{normal: {mean: 5e9, sd: 5e9}}", "{2026: 1e10, 2030: 0}"])
def test_a_total_value_contract_needs_a_positive_price(price: str) -> None:
    text = TOY + ("contracts:\n  - {name: c, counterparty: X, total_value: $10B, start_year: 2026, years: 2, "
                  f"price_per_gw_year: {price}}}\n")
    with pytest.raises(ScenarioError, match=r"contracts.c.price_per_gw_year: .*above 0"):
        gigawatt.loads(text)


def test_positive_prices_and_free_capacity_contracts_stay_valid() -> None:
    ok = TOY + ("contracts:\n  - {name: c, counterparty: X, total_value: $10B, start_year: 2026, years: 2, "
                'price_per_gw_year: "$10B to $14B"}\n  - {name: free, counterparty: Y, capacity_gw: 1, '
                "price_per_gw_year: 0}\n")
    assert [c.name for c in gigawatt.loads(ok).contracts] == ["c", "free"]
