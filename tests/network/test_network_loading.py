"""A network scenario: entities that are whole company scenarios, their prefixed inputs, located errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import gigawatt
from gigawatt.scenario.errors import ScenarioError
from gigawatt.scenario.paths import uncertain_inputs

TWO = """\
name: pair
horizon: {start: 2025, end: 2035}
entities:
  lab:
    extends: openai-2025
  rival:
    extends: anthropic-2025
    finance:
      starting_cash: $5B to $9B
"""


def test_entities_are_whole_companies_over_the_network_horizon() -> None:
    network = gigawatt.loads(TWO)
    assert network.is_network and list(network.entities) == ["lab", "rival"]
    alone = gigawatt.load("openai-2025")
    assert network.entities["lab"].years == network.years
    # every input of the company alone, under the entity's prefix, and the rival's override among them
    inputs = uncertain_inputs(network)
    assert {f"entities.lab.{path}" for path in uncertain_inputs(alone)} <= set(inputs)
    assert "entities.rival.finance.starting_cash" in inputs
    assert all(dist.path == path for path, dist in inputs.items())
    # the entity's own correlations, prefixed
    between = {c.between for c in network.correlations}
    assert all(p.startswith("entities.") for pair in between for p in pair)
    assert {(f"entities.lab.{a}", f"entities.lab.{b}") for a, b in (c.between for c in alone.correlations)} <= between


def test_text_reloads_to_the_same_network() -> None:
    network = gigawatt.loads(TWO)
    again = gigawatt.loads(network.text)
    assert again.content_hash == network.content_hash
    assert list(uncertain_inputs(again)) == list(uncertain_inputs(network))


def test_set_and_pin_name_entity_paths() -> None:
    network = gigawatt.loads(TWO, {"entities.rival.finance.starting_cash": "$7B"})
    assert "entities.rival.finance.starting_cash" not in uncertain_inputs(network)
    path = "entities.lab.consumer.paying_share.2030"
    result = gigawatt.simulate(network, samples=8, pinned={path: 0.1})
    np.testing.assert_array_equal(result.inputs[path], 0.1)


def test_bundled_sources_stay_with_their_inputs() -> None:
    network = gigawatt.loads(TWO)
    alone = gigawatt.load("openai-2025")
    path = next(p for p, d in uncertain_inputs(alone).items() if d.source)
    assert uncertain_inputs(network)[f"entities.lab.{path}"].source == uncertain_inputs(alone)[path].source


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        gigawatt.loads(text)
    return [str(p) for p in caught.value.problems]


def test_an_entity_extends_a_bundled_scenario_only(tmp_path: Path) -> None:
    company = tmp_path / "company.yaml"
    company.write_text("name: c\n", encoding="utf-8")
    found = problems(f"name: n\nentities:\n  lab:\n    extends: {company}\n")
    assert len(found) == 1
    assert found[0].startswith("<text>:4:5: entities.lab.extends: inside a network, an entity extends a bundled "
                               "scenario only")


def test_an_entity_cannot_extend_a_network_or_nest_one() -> None:
    found = problems("name: n\nentities:\n  a:\n    streams: []\n  b:\n    entities:\n      c: {}\n")
    assert found == ["<text>:6:5: entities.b.entities: an entity is one company: networks do not nest"]


def test_problems_inside_an_entity_are_located_there() -> None:
    text = ("name: n\nhorizon: {start: 2025, end: 2030}\nentities:\n  lab:\n    streams:\n"
            "      - {name: deal, type: fixed, amount: -5}\n")
    found = problems(text)
    assert len(found) == 1 and found[0].startswith("<text>:6:35: entities.lab.streams.deal.amount:")
    # what the bundled base writes is located at the entity's `extends` line
    found = problems("name: n\nhorizon: {start: 2025, end: 2030}\nentities:\n  lab:\n    extends: openai-2025\n")
    assert found and all(p.startswith("<text>:5:5: entities.lab.") for p in found)
    assert any("anchor year 2035 is outside the horizon 2025-2030" in p for p in found)


def test_an_entity_runs_over_the_network_years_at_its_own_discount_rate() -> None:
    text = "name: n\nhorizon: {start: 2025, end: 2030}\nentities:\n  lab:\n    horizon: {start: 2025, end: 2031}\n"
    assert problems(text) == ["<text>:5:28: entities.lab.horizon.end: every entity runs over the network's years; "
                              "leave `end` out of the entity's horizon (or give the network's)"]
    same = ("name: n\nhorizon: {start: 2025, end: 2030}\nentities:\n  lab:\n"
            "    horizon: {start: 2025, end: 2030, discount_rate: 12%}\n  other: {}\n")
    network = gigawatt.loads(same)
    assert network.entities["lab"].years == network.entities["other"].years == list(range(2025, 2031))
    assert network.entities["lab"].horizon.discount_rate == 0.12
    assert network.entities["other"].horizon.discount_rate == network.horizon.discount_rate
    # a bundled base keeps its discount rate over the network's years
    bundled = gigawatt.load("openai-2025").horizon.discount_rate
    assert gigawatt.loads(TWO).entities["lab"].horizon.discount_rate == bundled


def test_a_network_leaves_company_sections_to_its_entities() -> None:
    found = problems("name: n\nstreams: []\nentities:\n  lab: {}\n")
    assert found == ["<text>:2:1: streams: a network's streams belong to its entities: move `streams` into one "
                     "of them (`entities.<name>.streams`)"]


def test_entity_names() -> None:
    assert problems("name: n\nentities:\n  network: {}\n")[0].startswith(
        "<text>:3:3: entities.network: 'network' names the network's own outputs")
    assert "an entity's name is lowercase letters" in problems("name: n\nentities:\n  Lab: {}\n")[0]


LINKED = """\
name: n
horizon: {start: 2025, end: 2030}
entities:
  lab:
    contracts:
      - {name: cloud, counterparty: Cloud, capacity_gw: 1, price_per_gw_year: $10B}
    streams:
      - {name: subs, type: fixed, amount: $1B}
  cloud:
    streams:
      - {name: deal, type: fixed, amount: $1B}
links:
"""


@pytest.mark.parametrize(("link", "expected"), [
    ("  - {name: x, buyer: lab.contracts.cloud, seller: nobody.streams.deal}",
     ["<text>:13:43: links.x.seller: 'nobody.streams.deal': no entity named 'nobody'; entities: lab, cloud"]),
    ("  - {name: x, buyer: lab.contracts.gone, seller: cloud.streams.deal}",
     ["<text>:13:15: links.x.buyer: lab has no contract named 'gone'; its contracts: cloud",
      "<text>:13:42: links.x.seller: cloud.streams.deal is a fixed stream; a contract feeds a stream of type "
      "capacity"]),
    ("  - {name: x, investor: cloud, investee: lab.finance.financing.round}",
     ["<text>:13:32: links.x.investee: lab has no equity or vendor_equity financing item named 'round'"]),
    ("  - {name: x, buyer: lab.contracts.cloud}",
     ["<text>:13:5: links.x: a trade link needs both `buyer` and `seller`"]),
])
def test_bad_links_are_located(link: str, expected: list[str]) -> None:
    assert problems(LINKED + link + "\n") == expected


def test_set_on_an_entity_that_does_not_exist_is_an_error() -> None:
    with pytest.raises(ScenarioError) as caught:
        gigawatt.loads(TWO, {"entities.lap.finance.starting_cash": "$1B"})
    assert str(caught.value) == ("--set: entities.lap.finance.starting_cash: the network has no entity named 'lap' "
                                 "(did you mean 'lab'?); entities: lab, rival")
    scaled = gigawatt.loads(TWO, {"entities.rival.finance.starting_cash": "x2"})
    assert "entities.rival.finance.starting_cash" in uncertain_inputs(scaled)  # a scaled distribution
