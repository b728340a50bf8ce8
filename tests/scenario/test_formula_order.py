"""A formula reads only model outputs made before its field is used: checked from declarations, without a run.

Each output declares the block that makes it (the catalogue's ``block=``), each field the block that reads it
first (its component's ``ReadBy``). The tests here check the rule at load time, and hold both declarations to a
traced run of the model: the block that really makes each output, and the block that really reads each field
first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pytest
from model.test_invariants import RICH
from toy_scenarios import TOY

import gigawatt
from gigawatt import outputs as catalogue
from gigawatt.engine import inputs as engine_inputs
from gigawatt.engine import runner
from gigawatt.model import BLOCKS
from gigawatt.scenario.components.base import PLANNER
from gigawatt.scenario.errors import ScenarioError
from gigawatt.scenario.paths import numeric_fields
from gigawatt.scenario.schema import Scenario

PAYING = '  paying_share: {2025: 5%, 2030: "8% to 12%"}'
SUBS = "tokens_per_user_per_day: 2000}"
NAMES = [block.__name__ for block in BLOCKS]


def toy(**replace: str) -> str:
    text = TOY
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.fixture
def no_model_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading must not run the model: any block run fails the test."""
    import gigawatt.api  # noqa: F401 -- imported before the patch, so that it keeps the real runner

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model ran while the scenario loaded")

    monkeypatch.setattr(runner, "run_chunk", refuse)  # every run of the blocks goes through it


@pytest.mark.usefixtures("no_model_run")
def test_an_output_made_later_is_a_located_error_naming_the_chain_found_without_a_run() -> None:
    text = toy(**{PAYING: '  paying_share: "= revenue_total / 1T USD/year"'})
    with pytest.raises(ScenarioError) as info:
        gigawatt.loads(text)
    [problem] = info.value.problems
    assert (problem.mark.line, problem.mark.column, problem.path) == (6, 3, "consumer.paying_share")
    assert problem.message == (
        "= revenue_total / 1T USD/year: consumer.paying_share -> revenue_total: 'revenue_total' is not a model "
        "output computed before this field is used (the supply block makes it, after the demand block that reads "
        "consumer.paying_share); outputs ready at that point: none (it runs first)")


@pytest.mark.usefixtures("no_model_run")
def test_an_output_of_the_block_that_reads_the_field_is_not_ready_yet() -> None:
    text = toy(**{"price: 20 USD/month": 'price: "= 1 USD/year * users_consumer / 1B"'})
    with pytest.raises(ScenarioError, match=r"^<text>:8:43: consumer.tiers.plus.price: .*consumer.tiers.plus.price "
                                            r"-> users_consumer: .*\(the demand block makes it, and reads "
                                            r"consumer.tiers.plus.price before it has made it\)"):
        gigawatt.loads(text)


@pytest.mark.usefixtures("no_model_run")
def test_a_chain_through_another_formula_is_checked_where_the_first_field_is_read() -> None:
    """The store fee (read by the revenue block) may read users (made by demand) on its own; read through the
    paying share (read by demand itself), the same output is not ready yet."""
    fee = 'tokens_per_user_per_day: 2000, store_fee: "= 30% * users_consumer / 1B"}'
    gigawatt.loads(toy(**{SUBS: fee}))  # on its own: made before
    text = toy(**{SUBS: fee, PAYING: '  paying_share: "= streams.subs.store_fee / 3"'})
    with pytest.raises(ScenarioError) as info:
        gigawatt.loads(text)
    [problem] = info.value.problems
    assert problem.path == "consumer.paying_share" and problem.mark.line == 6
    assert "consumer.paying_share -> streams.subs.store_fee -> users_consumer: 'users_consumer' is not a model " \
           "output computed before this field is used (the demand block makes it, and reads consumer.paying_share " \
           "before it has made it)" in problem.message


@pytest.mark.usefixtures("no_model_run")
def test_every_late_formula_is_reported_at_once() -> None:
    text = toy(**{PAYING: '  paying_share: "= revenue_total / 1T USD/year"',
                  'capex_per_gw: "$40B/GW to $60B/GW"':
                  'capex_per_gw: "= 50 USD/GW * (1 + free_cash_flow / 1T USD/year)"'})
    with pytest.raises(ScenarioError) as info:
        gigawatt.loads(text)
    assert [p.path for p in info.value.problems] == ["consumer.paying_share", "sites.abilene.capex_per_gw"]
    assert "the finance block makes it, after the fleet block that reads sites.abilene.capex_per_gw" in str(info.value)
    assert "outputs ready at that point: users_consumer, payers, arpu_paid, device_units, device_installed_base, " \
           "tokens_total" in str(info.value)


@pytest.mark.usefixtures("no_model_run")
def test_a_planning_field_reads_no_output() -> None:
    text = TOY + ('planning: {unserved_penalty_per_gw_year: "= 1 USD/GW/year * users_consumer / 1M"}\n')
    with pytest.raises(ScenarioError, match=r"planning.unserved_penalty_per_gw_year -> users_consumer: .*`gigawatt "
                                            r"plan` reads planning.unserved_penalty_per_gw_year without running the "
                                            r"model"):
        gigawatt.loads(text)


def test_an_output_made_earlier_passes_and_is_read_where_the_field_is_used() -> None:
    """The store fee is read by the revenue block, after demand: 30% x users / 1B is 30% x 800M / 1B = 24% in
    2025, and the app-store fees are that share of the subscription's gross revenue."""
    fee_text = 'store_fee: "= 30% * users_consumer / 1B"'
    text = toy(**{SUBS: f"tokens_per_user_per_day: 2000, store_fee_share: 100%, {fee_text}}}"})
    result = gigawatt.simulate(gigawatt.loads(text), samples=8, seed=2)
    fee = 0.3 * result.series["users_consumer"] / 1e9
    gross = result.series["payers"] * result.series["arpu_paid"]
    assert fee[0, 0] == pytest.approx(0.24)
    np.testing.assert_allclose(result.series["app_store_fees"], gross * fee, rtol=1e-12)


def test_no_model_run_checks_formulas_any_more() -> None:
    """The checks are static: what they need comes from the catalogue and the components."""
    import inspect

    from gigawatt import api
    from gigawatt.scenario import order

    for module in (api.check_formulas, order):
        text = inspect.getsource(module)
        assert "run(" not in text and "samples" not in text


# --- the declarations hold --------------------------------------------------------------------------


def traced(scenario: Scenario) -> tuple[dict[str, str], dict[str, str]]:
    """Run the model on one sample and record ``(block that makes each output, block that reads each field
    first)``; the fields by dotted path."""
    fields = {id(item.value): item.path for item in numeric_fields(scenario)}
    first: dict[str, str] = {}
    made: dict[str, str] = {}
    current = [""]
    original = engine_inputs.Inputs._eval

    def record(self: engine_inputs.Inputs, value: object) -> np.ndarray:
        path = fields.get(id(value))
        if path is not None:
            first.setdefault(path, current[0])
        return original(self, value)  # type: ignore[arg-type]

    def watched(block: runner.Block) -> runner.Block:
        def run_block(s: Scenario, x: engine_inputs.Inputs, c: Mapping[str, np.ndarray]) -> Mapping[str, object]:
            current[0] = block.__name__
            out = block(s, x, c)
            for name in out:
                if not name.startswith("_"):
                    made.setdefault(name, block.__name__)
            return out

        run_block.__name__ = block.__name__
        return run_block  # type: ignore[return-value]

    engine_inputs.Inputs._eval = record  # type: ignore[method-assign]
    try:
        runner.run(scenario, [watched(b) for b in BLOCKS], samples=1, seed=1)
    finally:
        engine_inputs.Inputs._eval = original  # type: ignore[method-assign]
    return made, first


def _scenarios() -> Iterator[Scenario]:
    for name in ("openai-2025", "anthropic-2025", "hsbc-2025", "sequoia-2024"):
        yield gigawatt.load(name)
    yield gigawatt.loads(RICH)
    yield gigawatt.loads(RICH.replace("  resale:", "  training_gw: {2025: 1, 2030: 3}\n  resale:").replace(
        "    - {name: round, type: equity, year: 2025, amount: $40B}",
        "    - {name: round, type: equity, year: 2025, amount: $40B}\n"
        "    - {name: nv, type: vendor_equity, year: 2026, per_gw: $10B/GW, deployed_gw: {2026: 1, 2030: 4}}\n"
        "    - {name: gpu, type: gpu_backed, year: 2026, advance_rate: 50%, rate: 9%, tenor_years: 4}")
        .replace("  tax_rate: 21%", "  tax_rate: 21%\n  sustainable_capex_share: 50%\n"
                 "  valuation: {terminal: exit_multiple, multiple: 12}"))
    yield gigawatt.loads("""
name: seller
horizon: {start: 2025, end: 2028}
streams:
  - {name: lab, type: capacity, gw: {2025: 1, 2028: "2 to 3"}, price_per_gw_year: "$9B to $12B",
     signed_value: "$40B to $60B"}
  - {name: gpus, type: equipment, gw: {2025: 1, 2028: "4 to 6"}, price_per_gw: "$25B to $35B",
     gross_margin: "60% to 75%"}
sites: [{name: dc, country: US, ownership: leased, capacity_gw: 2}]
finance: {borrowing_limit: "$1B to $5B", default_share: "40% to 60%"}
""")


def test_each_output_is_made_by_the_block_the_catalogue_declares_and_each_field_read_first_by_its_reader() -> None:
    makers: dict[str, set[str]] = {}
    readers: dict[str, int] = {}
    declared: dict[str, str] = {}
    for scenario in _scenarios():
        made, first = traced(scenario)
        for name, block in made.items():
            makers.setdefault(name, set()).add(block)
        for item in numeric_fields(scenario):
            key = _kind(item.path)
            declared.setdefault(key, item.reader)
            assert declared[key] == item.reader, key
            if item.path in first:
                readers[key] = min(readers.get(key, len(NAMES)), NAMES.index(first[item.path]))
    wrong = {name: (catalogue.declaration(name).block, blocks) for name, blocks in makers.items()
             if blocks != {catalogue.declaration(name).block}}
    assert not wrong, f"outputs made by another block than declared: {wrong}"
    late = {key: (declared[key], NAMES[index]) for key, index in readers.items() if declared[key] != NAMES[index]}
    assert not late, f"fields read first by another block than declared (declared, traced): {late}"
    assert len(readers) > 60  # the run reads most kinds of field


def _kind(path: str) -> str:
    """A field's path with the names of list items left out (``sites.*.pue``)."""
    parts = path.split(".")
    lists = {"streams", "sites", "contracts", "purchases", "capital_spending", "tiers", "financing", "opening_debt",
             "lines", "revenue_shares", "candidates", "offers", "regions"}
    return ".".join("*" if i > 0 and parts[i - 1] in lists else part for i, part in enumerate(parts))


def test_every_reader_and_maker_is_a_block_of_the_model() -> None:
    from gigawatt.model.network import network

    assert {out.block for out in catalogue.CATALOGUE} <= {*NAMES, network.__name__}  # a network's own outputs
    readers = {item.reader for name in ("openai-2025", "hsbc-2025") for item in numeric_fields(gigawatt.load(name))}
    readers |= {item.reader for item in numeric_fields(gigawatt.loads(RICH))}
    assert readers <= {*NAMES, PLANNER}
    assert "" not in readers
