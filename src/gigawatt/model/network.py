"""A network of companies: every entity's model run together, the links between them settled to a fixed point.

The block runs each entity's company blocks over the network's draws (an entity's uncertain inputs are named
``entities.<entity>.<path>``), handing each the links of docs/model.md section 11, and returns every entity's
outputs as ``<entity>.<output>`` with the network's own ``network.*`` outputs (docs/model.md section 12).

**The fixed point.** Default years start at never. A *round* runs every entity once, in an order where a buyer
runs before its seller and an investee before its investor when the links allow (the order they are declared in
otherwise); each entity pays ``paid_share`` of its commitments (1 before its default year, ``1 -
finance.default_share`` from it) and its seller streams and equity items are fed by the payments of their
counterparties, as last computed. A run whose feeds equal the payments its counterparties make in that round
is *settled*; a settled run's ``default_year`` lowers the entity's default year (defaults are sticky: never
raised again), so the default years only move earlier and take one of ``years + 1`` values each. The network
has settled when, in a round, every run is settled and no default year moves, in every sample: each entity then
pays the shares its default year gives and is paid what its counterparties pay. More than :func:`max_rounds`
rounds is an error. An entity whose links are those of its last run is not run again (the same links give the
same results). Each sample's path through the rounds depends on that sample alone, so the result is the same
whatever the chunk of samples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from gigawatt import outputs as catalogue
from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.engine.runner import Block, run_blocks
from gigawatt.model.common import declared
from gigawatt.model.links import INVEST_USD, PAID_SHARE
from gigawatt.scenario.components.network import Link, check_market_shares
from gigawatt.scenario.components.streams import MarketShare
from gigawatt.scenario.errors import Problem, ScenarioError
from gigawatt.scenario.schema import Scenario

NETWORK = "network"
"""The prefix of the network's own outputs."""

MARKET_USD = "market_usd"
"""The link that hands a `market_share` stream its market's size (USD per year): ``market_usd:<stream>``."""


@dataclass
class Feed:
    """What one link carries in a round: the payer's intermediate it reads, the payee's links it fills."""

    link: Link
    reads: str  # the intermediate of the entity that runs first (``_contract_payment_<contract>`` ...)
    gw: str | None  # the GW intermediate read along with it (a contract or purchase), or None
    first: str  # the entity whose intermediate is read
    second: str  # the entity whose links it fills


def feeds(scenario: Scenario) -> list[Feed]:
    """One :class:`Feed` per link, in the order declared."""
    out = []
    for link in scenario.links:
        if link.kind == "contract":
            out.append(Feed(link, f"_contract_payment_{link.payer_item}", f"_contract_gw_{link.payer_item}",
                            link.payer, link.payee))
        elif link.kind == "purchase":
            out.append(Feed(link, f"_purchase_payment_{link.payer_item}", f"_purchase_new_gw_{link.payer_item}",
                            link.payer, link.payee))
        else:  # the investee's item sets the amount, which the investor pays
            out.append(Feed(link, f"_financing_amount_{link.payee_item}", None, link.payee, link.payer))
    return out


def run_order(scenario: Scenario) -> list[str]:
    """The entities in the order a round runs them: each after the entities whose payments it reads, when the
    links allow; the order declared breaks ties and cycles."""
    names = list(scenario.entities)
    before = {name: {f.first for f in feeds(scenario) if f.second == name} for name in names}
    order: list[str] = []
    while len(order) < len(names):
        ready = [n for n in names if n not in order and before[n] <= set(order)]
        order.append(ready[0] if ready else next(n for n in names if n not in order))  # a cycle: declared order
    return order


def max_rounds(scenario: Scenario) -> int:
    """The most rounds the fixed point may take: each default year moves at most once per year of the horizon
    (``E x Y`` moves), and a move is settled within two rounds; one more confirms it."""
    return 2 * (len(scenario.entities) * len(scenario.years) + 1) + 1


@dataclass
class Round:
    """The state of the fixed point: default years, the shares paid, and the last payments each link carried."""

    default_year: dict[str, np.ndarray]
    share: dict[str, np.ndarray] = field(default_factory=dict)  # by entity: paid_share, (n, Y)
    markets: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # by entity: market_usd:<stream>
    paid: dict[str, np.ndarray] = field(default_factory=dict)  # by link name: USD per year
    gw: dict[str, np.ndarray] = field(default_factory=dict)  # by link name: GW per year (contracts, purchases)


def paid_share(default_year: np.ndarray, years: np.ndarray, default_share: np.ndarray) -> np.ndarray:
    """1 before the default year, ``1 - default_share`` from it; shape ``(n, Y)``."""
    return np.where(years.reshape(1, -1) >= default_year.reshape(-1, 1), 1.0 - default_share.reshape(-1, 1), 1.0)


def shared_markets(scenario: Scenario, x: Inputs) -> tuple[dict[str, dict[str, np.ndarray]], dict[str, Out]]:
    """The size of each market of the network, handed to its member streams (``market_usd:<stream>``), and
    ``network.others_<market>``: what the members' shares leave to others. Raises :class:`ScenarioError` where
    the shares sum to more than 100% in a sample and year."""
    shape = x.shape
    sizes: dict[str, dict[str, np.ndarray]] = {}
    others: dict[str, np.ndarray] = {}
    for market_name, market in scenario.markets.items():
        size = np.broadcast_to(x(market.size), shape)
        shares = []
        for member in market.members:
            entity, _, stream_name = member.split(".")
            stream = next(s for s in scenario.entities[entity].streams if s.name == stream_name)
            assert isinstance(stream, MarketShare)  # the loader checks that every member is one
            shares.append(np.broadcast_to(x(stream.share), shape))
            sizes.setdefault(entity, {})[f"{MARKET_USD}:{stream_name}"] = size
        over = check_market_shares(shares)
        if over is not None:
            _, column, total = over
            raise ScenarioError([Problem(
                market._where, f"markets.{market_name}.members",
                f"the shares of {', '.join(market.members)} sum to {total:.1%} in {scenario.years[column]} in some "
                "samples; together they may take at most 100% of the market (the rest is others')")])
        others[f"{NETWORK}.others_{market_name}"] = size * (1.0 - np.sum(shares, axis=0))
    return sizes, declared(others)


def links_of(name: str, state: Round, flows: list[Feed], shape: tuple[int, int]) -> dict[str, np.ndarray]:
    """The links entity ``name`` runs with in a round (docs/model.md section 11): its paid share, what its
    buyers pay its streams, what its investors pay for its items, what it pays for others' items, the size of
    the network's markets its streams share."""
    out: dict[str, np.ndarray] = {PAID_SHARE: state.share[name], **state.markets.get(name, {})}
    invest: np.ndarray | None = None
    for f in flows:
        if f.first == name and f.link.kind == "investment":  # the investee: its investor pays this share
            out[f"financing_share:{f.link.payee_item}"] = state.share[f.second]
        if f.second != name:
            continue
        paid = state.paid.get(f.link.name, np.zeros(shape))  # not computed yet (a cycle's first round): unsettled
        if f.link.kind == "investment":
            invest = paid if invest is None else invest + paid
        else:
            out[f"feed_gw:{f.link.payee_item}"] = state.gw.get(f.link.name, np.zeros(shape))
            out[f"feed_usd:{f.link.payee_item}"] = paid
    if invest is not None:
        out[INVEST_USD] = invest
    return out


def network(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """Every entity's outputs as ``<entity>.<output>`` and the network's ``network.*`` (module docstring)."""
    from gigawatt.model import BLOCKS

    return settle(scenario, x, BLOCKS)


Runs = dict[str, tuple[dict[str, Out], dict[str, np.ndarray]]]
"""Each entity's last run: its outputs and every series it computed."""


def settle(scenario: Scenario, x: Inputs, blocks: Sequence[Block]) -> dict[str, Out]:
    """Run the fixed point of the network over the samples of ``x`` with the company ``blocks``.

    First the rounds with no default at all, until every feed is settled: what every link pays in full, and the
    default years each entity comes to when all the others pay (``network.cascade`` compares with them). Then
    the rounds of the fixed point from those default years (module docstring).
    """
    n, years = x.n, np.asarray(scenario.years)
    shape = (n, len(years))
    flows = feeds(scenario)
    order = run_order(scenario)
    shares = {name: x.scalar(entity.finance.default_share)[:, 0] for name, entity in scenario.entities.items()}
    sizes, others = shared_markets(scenario, x)
    state = Round({name: np.full(n, np.inf) for name in scenario.entities}, markets=sizes)
    runs: Runs = {}
    used: dict[str, dict[str, np.ndarray]] = {}  # the links of each entity's last run
    reads = {name: {"default_year", *(r for f in flows if f.first == name for r in (f.reads, f.gw) if r)}
             for name in scenario.entities}  # what the fixed point reads of each entity's run
    baseline: Round | None = None  # the settled round with no default: what every link pays in full
    limit = max_rounds(scenario)
    for _ in range(limit):
        state.share = {name: paid_share(state.default_year[name], years, shares[name]) for name in scenario.entities}
        for name in order:
            links = links_of(name, state, flows, shape)
            if name in used and same(used[name], links):
                continue  # the same links as its last run: the same results (only its counterparties moved)
            used[name] = links
            runs[name] = trimmed(run_blocks(scenario.entities[name], blocks, x.draws, n, links), reads[name])
            for f in flows:
                if f.first == name:
                    state.paid[f.link.name] = np.broadcast_to(runs[name][1][f.reads], shape)
                    if f.gw is not None:
                        state.gw[f.link.name] = np.broadcast_to(runs[name][1][f.gw], shape)
        settled = {name: settled_samples(name, used[name], state, flows, n) for name in scenario.entities}
        everywhere = all(bool(v.all()) for v in settled.values())
        if baseline is None:  # no default yet: wait until every feed is settled
            if everywhere:
                baseline = Round({name: own_default(runs[name][1], n) for name in scenario.entities},
                                 dict(state.share), paid=dict(state.paid), gw=dict(state.gw))
                state.default_year = dict(baseline.default_year)
                if not any(np.isfinite(v).any() for v in state.default_year.values()):
                    return network_outputs(scenario, runs, state, baseline, n) | others  # no one defaults: settled
            continue
        moved = False
        for name in scenario.entities:
            own = own_default(runs[name][1], n)
            lowered = np.where(settled[name] & (own < state.default_year[name]), own, state.default_year[name])
            moved = moved or not np.array_equal(lowered, state.default_year[name])
            state.default_year[name] = lowered
        if everywhere and not moved:  # every run settled, with the shares its default years give: a fixed point
            return network_outputs(scenario, runs, state, baseline, n) | others
    raise ScenarioError.one(f"the network did not settle in {limit} rounds (twice entities x years, and one more): "
                            "its default years or payments kept changing", path="links")


def trimmed(run: tuple[dict[str, Out], dict[str, np.ndarray]],
            reads: set[str]) -> tuple[dict[str, Out], dict[str, np.ndarray]]:
    """An entity's run with the outputs a network keeps (:func:`gigawatt.outputs.kept_in_network`) and the series
    the fixed point reads: the rest is let go as soon as the run is done (it bounds the memory)."""
    kept, computed = run
    return ({name: out for name, out in kept.items() if catalogue.kept_in_network(name)},
            {name: computed[name] for name in reads if name in computed})


def same(old: Mapping[str, np.ndarray], new: Mapping[str, np.ndarray]) -> bool:
    """Whether ``old`` and ``new`` hold the same names with arrays equal in every element."""
    return old.keys() == new.keys() and all(np.array_equal(old[k], v) for k, v in new.items())


def own_default(computed: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """An entity's default year in its last run; never when it has no borrowing limit."""
    found = computed.get("default_year")
    return np.full(n, np.inf) if found is None else np.asarray(found, dtype=float).reshape(n)


def settled_samples(name: str, links: Mapping[str, np.ndarray], state: Round, flows: list[Feed],
                    n: int) -> np.ndarray:
    """Per sample: whether every feed entity ``name`` ran with equals what its counterparty now pays."""
    ok = np.ones(n, dtype=bool)
    invest: np.ndarray | None = None
    for f in flows:
        if f.second != name:
            continue
        paid = state.paid[f.link.name]
        if f.link.kind == "investment":
            invest = paid if invest is None else invest + paid
            continue
        ok &= np.all(links[f"feed_usd:{f.link.payee_item}"] == paid, axis=1)
        ok &= np.all(links[f"feed_gw:{f.link.payee_item}"] == state.gw[f.link.name], axis=1)
    if invest is not None:
        ok &= np.all(links[INVEST_USD] == invest, axis=1)
    return ok


def network_outputs(scenario: Scenario, runs: Runs, state: Round, baseline: Round, n: int) -> dict[str, Out]:
    """Every entity's outputs, prefixed, and the network's own (docs/model.md section 12)."""
    out: dict[str, Out] = {f"{name}.{output}": value for name in scenario.entities
                           for output, value in runs[name][0].items()}
    values: dict[str, np.ndarray] = {}
    for name in scenario.entities:
        if f"{name}.default_year" in out:  # the fixed point's default year: sticky, though paying less may help
            values[f"{name}.default_year"] = state.default_year[name]
            values[f"{name}.in_default"] = np.isfinite(state.default_year[name])
    for link in scenario.links:
        paid, full = state.paid[link.name], baseline.paid[link.name]
        # still due after each year end when no one defaults: the no-default payments of the years after it
        values[f"{NETWORK}.flow_{link.name}"] = paid
        values[f"{NETWORK}.exposure_{link.name}"] = np.cumsum(full[:, ::-1], axis=1)[:, ::-1] - full
        values[f"{NETWORK}.loss_{link.name}"] = np.maximum((full - paid).sum(axis=1), 0.0)
    defaulted = {name: np.isfinite(state.default_year[name]) for name in scenario.entities}
    values[f"{NETWORK}.defaults"] = np.sum(list(defaulted.values()), axis=0, dtype=float).reshape(n)
    cascade = np.zeros(n, dtype=bool)
    for name in scenario.entities:  # in default, though not when every other entity pays in full
        cascade |= defaulted[name] & ~np.isfinite(baseline.default_year[name])
    values[f"{NETWORK}.cascade"] = cascade
    return out | declared(values)
