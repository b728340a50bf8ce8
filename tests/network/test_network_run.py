"""A network of entities without links runs each company exactly as it runs alone."""

from __future__ import annotations

import numpy as np

import gigawatt
from gigawatt import outputs
from gigawatt.engine.sampling import BLOCK
from gigawatt.model import BLOCKS, blocks_for
from gigawatt.model.network import network
from gigawatt.scenario.paths import uncertain_inputs

SOLO = """\
name: solo-network
horizon: {start: 2025, end: 2035}
entities:
  solo:
    extends: openai-2025
"""


def test_blocks_for() -> None:
    assert blocks_for(gigawatt.loads(SOLO)) == [network]
    assert blocks_for(gigawatt.load("openai-2025")) == BLOCKS


def test_a_network_of_one_entity_is_the_company_alone() -> None:
    alone = gigawatt.simulate("openai-2025", samples=16, seed=5)
    # the same value of every input in every sample: the entity's inputs pinned to the company's draws
    pinned = {f"entities.solo.{path}": values for path, values in alone.inputs.items()}
    together = gigawatt.simulate(gigawatt.loads(SOLO), samples=16, seed=9, pinned=pinned)
    names = [name for name in alone.names() if outputs.kept_in_network(name)]
    assert {f"solo.{name}" for name in names} == {n for n in together.names() if n.startswith("solo.")}
    for name in names:
        np.testing.assert_array_equal(together[f"solo.{name}"], alone[name], err_msg=name)
    assert set(together.names()) - {f"solo.{name}" for name in names} == {"network.defaults", "network.cascade"}
    # a network keeps the series it declares of each entity, every scalar and every event
    assert {"revenue_total", "free_cash_flow", "cash_balance", "npv", "funding_gap"} <= set(names)
    assert "cost_per_million_tokens" in alone.names() and "cost_per_million_tokens" not in names
    assert set(alone.scalars) | set(alone.events) <= set(names)


TOYS = """\
name: toys
horizon: {start: 2025, end: 2030}
entities:
  a:
    streams: [{name: deal, type: fixed, amount: "$1B to $3B"}]
    opex: {general_admin: "$1B to $2B"}
  b:
    streams: [{name: deal, type: fixed, amount: "$2B to $4B"}]
    opex: {general_admin: "$1B to $2B"}
    finance: {starting_cash: "$1B to $2B"}
correlations:
  - {between: [entities.a.streams.deal.amount, entities.b.streams.deal.amount], rank: 0.6}
"""


def test_entities_draw_their_own_inputs_and_networks_correlate_them() -> None:
    result = gigawatt.simulate(gigawatt.loads(TOYS), samples=4000, seed=2)
    a, b = result.inputs["entities.a.opex.general_admin"], result.inputs["entities.b.opex.general_admin"]
    assert not np.array_equal(a, b)  # the same distribution, drawn apart
    from scipy.stats import spearmanr

    rho = spearmanr(result.inputs["entities.a.streams.deal.amount"], result.inputs["entities.b.streams.deal.amount"])
    assert abs(rho.statistic - 0.6) < 0.05


def test_a_network_is_bit_identical_whatever_the_chunk() -> None:
    scenario = gigawatt.loads(TOYS)
    samples = BLOCK + 37
    whole = gigawatt.simulate(scenario, samples=samples, seed=4)
    pieces = gigawatt.simulate(scenario, samples=samples, seed=4, chunk_size=BLOCK)
    for name in whole.names():
        np.testing.assert_array_equal(whole[name], pieces[name], err_msg=name)
    assert set(uncertain_inputs(scenario)) == set(whole.inputs)


MARKET = """\
name: market
horizon: {start: 2025, end: 2027}
markets:
  ads: {size: {2025: $100B, 2027: $200B}, members: [a.streams.ads, b.streams.ads]}
entities:
  a:
    streams: [{name: ads, type: market_share, share: {2025: 30%, 2027: 40%}}]
  b:
    streams: [{name: ads, type: market_share, share: SHARE}]
"""


def test_a_shared_market_is_split_by_the_shares() -> None:
    result = gigawatt.simulate(gigawatt.loads(MARKET.replace("SHARE", "20%")), samples=3)
    size = np.array([100e9, 100e9 * np.sqrt(2), 200e9])  # a USD path interpolates in log space
    np.testing.assert_allclose(result["a.revenue_ads"][0], size * [0.30, 0.35, 0.40])
    np.testing.assert_allclose(result["b.revenue_ads"][0], size * 0.2)
    np.testing.assert_allclose(result["network.others_ads"][0], size * [0.50, 0.45, 0.40])


def test_shares_over_the_whole_market_are_refused() -> None:
    from gigawatt.scenario.errors import ScenarioError

    scenario = gigawatt.loads(MARKET.replace("SHARE", "50% to 70%"))
    try:
        gigawatt.simulate(scenario, samples=200)
    except ScenarioError as exc:
        assert str(exc).startswith("<text>:4:43: markets.ads.members: the shares of a.streams.ads, b.streams.ads "
                                   "sum to ")
        assert "in 2027 in some samples" in str(exc) or "in 2026 in some samples" in str(exc)
    else:
        raise AssertionError("shares above 100% ran")


def test_market_members_are_checked() -> None:
    from gigawatt.scenario.errors import ScenarioError

    for text, expected in [
        (MARKET.replace("SHARE", "20%, market: $5B").replace("b.streams.ads]", "c.streams.ads]"),
         "markets.ads.members: 'c.streams.ads': no entity named 'c'"),
        (MARKET.replace("SHARE", "20%, market: $5B"),
         "entities.b.streams.ads.market: the stream takes its market from markets.ads: leave its own `market` out"),
        (MARKET.replace("SHARE", "20%").replace("a.streams.ads, ", ""),
         "entities.a.streams.ads.market: a market_share stream needs its `market`"),
    ]:
        try:
            gigawatt.loads(text)
        except ScenarioError as exc:
            assert expected in str(exc), str(exc)
        else:
            raise AssertionError(text)


def test_every_series_a_network_keeps_is_declared() -> None:
    for name in outputs.NETWORK_KEEPS:
        assert any(out.name == name and out.kind == "series" for out in outputs.CATALOGUE), name


def test_an_entity_s_output_is_declared_as_the_company_s_with_its_name_in_front() -> None:
    from gigawatt.i18n import language
    from gigawatt.i18n import outputs as words

    assert outputs.declaration("oracle.free_cash_flow") is outputs.declaration("free_cash_flow")
    assert outputs.unit("oracle.revenue_cloud") == "USD"
    assert outputs.label("oracle.free_cash_flow") == "oracle: Free cash flow"
    assert outputs.header("oracle.revenue_total") == "oracle: Revenue ($B)"
    assert outputs.label("network.flow_lab_cloud") == "Flow: lab cloud"
    assert outputs.entity_of("network.cascade") is None
    assert not outputs.is_declared("oracle.no_such_output")
    assert words.label("oracle.free_cash_flow") == "oracle: Free cash flow"
    assert words.label("oracle.free_cash_flow", language("ar")) == "\u2068oracle\u2069: التدفق النقدي الحر"
    assert outputs.declaration("oracle.revenue_total@2030").kind == "scalar"
