"""The assumptions tables: inputs with their distributions and sources, sites, contracts, countries."""

from __future__ import annotations

import gigawatt
from gigawatt.engine.result import Result
from gigawatt.report import assumptions


def test_value_units(toy_scenario: gigawatt.Scenario) -> None:
    from gigawatt.scenario.paths import value_units

    units = value_units(toy_scenario)
    assert units["sites.abilene.capex_per_gw"] == "USD/GW"
    assert units["contracts.cloud.capacity_gw"] == "GW"  # an optional field
    assert units["consumer.users"] == "count"
    assert units["consumer.users.ceiling"] == "count"
    assert units["consumer.users.midpoint_year"] == "year"
    assert units["consumer.paying_share.2030"] == "fraction"


def test_input_rows(toy_scenario: gigawatt.Scenario) -> None:
    rows = {r.path: r for r in assumptions.input_rows(toy_scenario)}
    assert list(rows) == ["consumer.users.ceiling", "consumer.paying_share.2030", "streams.ads.share",
                          "sites.abilene.capex_per_gw"]
    ceiling = rows["consumer.users.ceiling"]
    assert (ceiling.written, ceiling.kind, ceiling.p5, ceiling.p95) == ("2B to 3B", "lognormal", "2B", "3B")
    assert ceiling.p50 == "2.45B"  # geometric mean of 2B and 3B
    assert ceiling.source == "toy source: a guess"
    capex = rows["sites.abilene.capex_per_gw"]
    assert (capex.p5, capex.p95, capex.source) == ("$40B/GW", "$60B/GW", "vendor estimates")
    assert (rows["consumer.paying_share.2030"].p5, rows["consumer.paying_share.2030"].p95) == ("8%", "12%")


def test_value_rows_cover_every_field(toy_scenario: gigawatt.Scenario) -> None:
    rows = {path: text for path, text, _ in assumptions.value_rows(toy_scenario)}
    assert rows["consumer.paying_share"] == "2025: 5%; 2030: 8% – 12%"
    assert rows["consumer.tiers.plus.price"] == "$240/yr"
    assert rows["consumer.users"].startswith("S-curve from 800M towards 2B – 3B, midpoint 2028")
    assert rows["finance.starting_cash"] == "$20B"


def test_site_contract_country_and_financing_rows(hand_result: Result) -> None:
    sites = assumptions.site_rows(hand_result)
    assert sites[0] == {"site": "abilene", "country": "US", "ownership": "joint venture (40% equity)",
                        "partners": "Oracle, Crusoe", "capex": "$40B/GW – $60B/GW",
                        "GW 2025": "0.20", "GW 2028": "1.20", "GW 2030": "1.20"}
    assert sites[1]["country"] == "UAE (sovereign)" and sites[1]["GW 2030"] == "1.00"
    (contract,) = assumptions.contract_rows(hand_result.scenario)
    assert contract["counterparty"] == "Microsoft" and contract["size"] == "2025: 1 GW; 2030: 2 GW"
    assert contract["price per GW-year"] == "$12B/GW/yr"
    countries = assumptions.country_rows(hand_result)
    assert [c["country"] for c in countries] == ["US", "UAE"]
    assert countries[0]["sites"] == "abilene" and countries[0]["GW 2030"] == "3.20"
    assert countries[0]["share 2030"] == "76%"  # 3.2 of 4.2 GW
    (round_,) = assumptions.financing_rows(hand_result.scenario)
    assert round_ == {"name": "round", "type": "equity", "year": "2026", "amount": "$40B", "terms": ""}
