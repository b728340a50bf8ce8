"""Generated networks: every link nets to zero, and a network of one company is the company alone."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import gigawatt
from gigawatt import outputs
from gigawatt.engine.result import Result

YEARS = list(range(2025, 2030))
B = 1e9

billions = st.integers(min_value=0, max_value=20).map(lambda x: x * B)


@st.composite
def companies(draw: st.DrawFn, name: str, items: int) -> dict[str, Any]:
    """A company with a fixed revenue, costs, cash, a borrowing limit (or none) and ``items`` equity rounds."""
    rounds = [{"name": f"round{i}", "type": "equity", "year": draw(st.sampled_from(YEARS)), "amount": draw(billions)}
              for i in range(items)]
    finance: dict[str, Any] = {"starting_cash": draw(billions),
                               "default_share": draw(st.sampled_from([0.25, 0.5, 1.0])), "financing": rounds}
    if draw(st.booleans()):
        finance["borrowing_limit"] = draw(billions)
    return {"name": name, "streams": [{"name": "sales", "type": "fixed", "amount": draw(billions)}],
            "opex": {"general_admin": draw(billions)}, "finance": finance, "contracts": [], "purchases": []}


def gw_path(draw: st.DrawFn) -> dict[int, float]:
    """A cumulative GW path that rises (what a purchase delivers, or a contract's GW)."""
    steps = draw(st.lists(st.integers(min_value=0, max_value=3), min_size=len(YEARS), max_size=len(YEARS)))
    return {year: float(sum(steps[: i + 1])) for i, year in enumerate(YEARS)}


@st.composite
def networks(draw: st.DrawFn) -> dict[str, Any]:
    """Two to four companies with equity rounds, contracts and purchases, some of them links to another
    company of the network (a contract to its capacity stream, a purchase to its equipment stream)."""
    count = draw(st.integers(min_value=2, max_value=4))
    entities = {f"e{i}": draw(companies(f"e{i}", draw(st.integers(min_value=0, max_value=2)))) for i in range(count)}
    links = []
    for investee, company in entities.items():
        for item in company["finance"]["financing"]:
            investor = draw(st.sampled_from([None, *(e for e in entities if e != investee)]))
            if investor is not None:
                links.append({"name": f"{investor}_{investee}_{item['name']}", "investor": investor,
                              "investee": f"{investee}.finance.financing.{item['name']}"})
    for buyer in entities:
        for seller in entities:
            if buyer == seller:
                continue
            kind = draw(st.sampled_from([None, "contract", "purchase"]))
            if kind == "contract":
                entities[buyer]["contracts"].append({
                    "name": f"from_{seller}", "counterparty": seller, "capacity_gw": gw_path(draw),
                    "price_per_gw_year": draw(st.integers(min_value=1, max_value=15)) * B,
                    "committed_share": draw(st.sampled_from([0.5, 1.0]))})
                entities[seller]["streams"].append({"name": f"to_{buyer}", "type": "capacity", "gw": 1,
                                                    "price_per_gw_year": B})  # the link's GW and price rule
                links.append({"name": f"{buyer}_{seller}_contract", "buyer": f"{buyer}.contracts.from_{seller}",
                              "seller": f"{seller}.streams.to_{buyer}"})
            elif kind == "purchase":
                entities[buyer]["purchases"].append({
                    "name": f"from_{seller}", "counterparty": seller, "capacity_gw": gw_path(draw),
                    "price_per_gw": draw(st.integers(min_value=1, max_value=30)) * B})
                entities[seller]["streams"].append({"name": f"to_{buyer}", "type": "equipment", "gw": 1,
                                                    "price_per_gw": B, "gross_margin": 0.6})
                links.append({"name": f"{buyer}_{seller}_purchase", "buyer": f"{buyer}.purchases.from_{seller}",
                              "seller": f"{seller}.streams.to_{buyer}"})
    return {"name": "generated", "horizon": {"start": YEARS[0], "end": YEARS[-1]}, "entities": entities,
            "links": links}


def simulate(data: dict[str, Any]) -> Result:
    return gigawatt.simulate(gigawatt.loads(json.dumps(data)), samples=2, seed=1)


def close(actual: np.ndarray, expected: np.ndarray) -> None:
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=1e-3)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_every_link_nets_to_zero(data: dict[str, Any]) -> None:
    result = simulate(data)
    shape = (2, len(YEARS))
    paid = {name: np.zeros(shape) for name in data["entities"]}  # paid to others of the network
    received = {name: np.zeros(shape) for name in data["entities"]}  # received from others of the network
    invested = {name: np.zeros(shape) for name in data["entities"]}
    equity_in = {name: np.zeros(shape) for name in data["entities"]}
    bought = {name: {"contracts": np.zeros(shape), "purchases": np.zeros(shape)} for name in data["entities"]}
    for link in data["links"]:
        flow = result[f"network.flow_{link['name']}"]
        assert np.all(result[f"network.loss_{link['name']}"] >= 0)
        if "investor" in link:
            investee, _, _, item = link["investee"].split(".")
            round_ = next(i for i in data["entities"][investee]["finance"]["financing"] if i["name"] == item)
            full = np.zeros(len(YEARS))
            full[YEARS.index(round_["year"])] = round_["amount"]
            assert np.all(flow <= full + 1e-6)  # a default only lowers what is paid
            close(result[f"network.loss_{link['name']}"], (full - flow).sum(axis=1))
            payer, payee = link["investor"], investee
            invested[payer] += flow
            equity_in[payee] += flow
        else:
            payer, kind, _ = link["buyer"].split(".")
            payee, _, stream = link["seller"].split(".")
            close(result[f"{payee}.revenue_{stream}"], flow)  # the seller earns what the buyer pays
            bought[payer][kind] += flow
        paid[payer] += flow
        received[payee] += flow
    for name, company in data["entities"].items():
        close(result[f"{name}.contract_cost"], bought[name]["contracts"])  # every contract is a link
        close(result[f"{name}.capex"], bought[name]["purchases"])  # every purchase is a link; no sites
        own = np.zeros(len(YEARS))  # its rounds no one in the network pays for: in full
        linked = {link["investee"].split(".")[-1] for link in data["links"]
                  if "investee" in link and link["investee"].startswith(f"{name}.")}
        for item in company["finance"]["financing"]:
            if item["name"] not in linked:
                own[YEARS.index(item["year"])] += item["amount"]
        close(result[f"{name}.cash_from_financing"], equity_in[name] + own)  # the investor's cash out comes in
        if f"{name}.investments" in result.names():
            close(result[f"{name}.investments"], np.cumsum(invested[name], axis=1))
        else:
            assert not invested[name].any()
        close(result[f"{name}.total_assets"] - result[f"{name}.total_liabilities"], result[f"{name}.equity_balance"])
    close(sum(received.values()) - sum(paid.values()), np.zeros(shape))  # over the network, every link nets to 0
    defaults = sum(np.isfinite(result[f"{name}.default_year"]) for name in data["entities"]
                   if f"{name}.default_year" in result.names())
    np.testing.assert_array_equal(result["network.defaults"], defaults)
    assert np.all(~result["network.cascade"] | (result["network.defaults"] >= 1))
    lost = any(result["network.loss_" + link["name"]][0] > 0 for link in data["links"])
    event(f"defaults: {int(result['network.defaults'][0])}, cascade: {bool(result['network.cascade'][0])}, "
          f"losses: {lost}")


@st.composite
def solo_companies(draw: st.DrawFn) -> dict[str, Any]:
    """A company with equity rounds, a contract and a purchase (from outside any network)."""
    company = draw(companies("solo", 2))
    company["contracts"] = [{"name": "cloud", "counterparty": "Cloud", "capacity_gw": gw_path(draw),
                             "price_per_gw_year": draw(st.integers(min_value=1, max_value=15)) * B,
                             "committed_share": draw(st.sampled_from([0.5, 1.0]))}]
    company["purchases"] = [{"name": "chips", "counterparty": "Chips", "capacity_gw": gw_path(draw),
                             "price_per_gw": draw(st.integers(min_value=1, max_value=30)) * B}]
    return company


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(solo_companies())
def test_a_network_of_one_company_is_the_company_alone(company: dict[str, Any]) -> None:
    """Exactly the company alone, up to its default: alone a default is reported only, in a network the company
    stops paying its commitments from its default year (docs/model.md section 12), which changes the years from
    then on and the outcomes over the horizon."""
    horizon = {"start": YEARS[0], "end": YEARS[-1]}
    alone = simulate({**company, "horizon": horizon})
    together = simulate({"name": "one", "horizon": horizon, "entities": {"solo": company}})
    kept = [name for name in alone.names() if outputs.kept_in_network(name)]
    assert {f"solo.{name}" for name in kept} | {"network.defaults", "network.cascade"} == set(together.names())
    default = alone["default_year"][0] if "default_year" in alone.names() else np.inf
    event(f"defaults: {np.isfinite(default)}")
    if "default_year" in alone.names():
        np.testing.assert_array_equal(together["solo.default_year"], alone["default_year"])
    before = sum(year < default for year in YEARS)  # the years before the default: every number the same
    for name in kept:
        if name in alone.series:
            np.testing.assert_array_equal(together[f"solo.{name}"][:, :before], alone[name][:, :before], err_msg=name)
        elif not np.isfinite(default):
            np.testing.assert_array_equal(together[f"solo.{name}"], alone[name], err_msg=name)
