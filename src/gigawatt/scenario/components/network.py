"""A network of companies: the links between its entities and the markets they share (docs/model.md section 12).

A network scenario holds ``entities`` (each a whole company scenario), ``links`` (a contract or purchase of one
entity that another entity's stream sells, or an equity item of one entity that another pays for) and
``markets`` (a market's size, shared by the `market_share` streams that name it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field, PrivateAttr, model_validator

from gigawatt.scenario.components.base import Component, Named, ReadBy
from gigawatt.scenario.errors import Mark
from gigawatt.scenario.fields import UsdPerYear

if TYPE_CHECKING:
    from gigawatt.scenario.schema import Scenario

ENTITY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
"""What an entity may be called: it heads its outputs' names (``oracle.free_cash_flow``)."""

RESERVED_ENTITY = "network"
"""The prefix of the network's own outputs (``network.flow_<link>``): no entity may take it."""

COMPANY_FIELDS = ("consumer", "streams", "compute", "sites", "contracts", "purchases", "capital_spending", "opex",
                  "finance", "candidates", "offers", "regions", "planning", "published")
"""Sections of a company: a network leaves them to its entities."""

LinkKind = Literal["contract", "purchase", "investment"]

FEEDS = {"contract": "capacity", "purchase": "equipment"}
"""The type of stream that sells what a contract or a purchase buys."""

INVESTABLE = ("equity", "vendor_equity")
"""Financing items of an investee that another entity can pay for."""


class Link(Named):
    """A flow of money between two entities of a network (a contract, a purchase or an investment).

    A contract or a purchase of the buyer is sold by the seller's stream; an equity item of the investee is paid
    for by the investor."""

    buyer: str | None = Field(None, description="`<entity>.contracts.<name>` or `<entity>.purchases.<name>`: "
                              "what the buyer commits to pay.")
    seller: str | None = Field(None, description="`<entity>.streams.<name>`: the seller's `capacity` stream (for a "
                               "contract) or `equipment` stream (for a purchase) that the buyer's payments feed.")
    investor: str | None = Field(None, description="The entity that pays for an investee's equity item.")
    investee: str | None = Field(None, description="`<entity>.finance.financing.<name>`: an `equity` or "
                                 "`vendor_equity` item of the investee, paid by the investor.")

    @model_validator(mode="after")
    def _one_kind(self) -> Link:
        trade = self.buyer is not None or self.seller is not None
        invest = self.investor is not None or self.investee is not None
        if trade and invest:
            raise ValueError("a link is a trade (buyer and seller) or an investment (investor and investee), not both")
        if trade and (self.buyer is None or self.seller is None):
            raise ValueError("a trade link needs both `buyer` and `seller`")
        if invest and (self.investor is None or self.investee is None):
            raise ValueError("an investment link needs both `investor` and `investee`")
        if not trade and not invest:
            raise ValueError("a link needs `buyer` and `seller`, or `investor` and `investee`")
        return self

    @property
    def kind(self) -> LinkKind:
        """``contract``, ``purchase`` or ``investment``."""
        if self.investor is not None:
            return "investment"
        return "purchase" if ".purchases." in (self.buyer or "") else "contract"

    @property
    def payer(self) -> str:
        """The entity whose cash goes out along the link."""
        return (self.investor or self.buyer or "").split(".", 1)[0]

    @property
    def payee(self) -> str:
        """The entity whose cash comes in along the link."""
        return (self.investee or self.seller or "").split(".", 1)[0]

    @property
    def payer_item(self) -> str:
        """The name of the payer's contract or purchase (empty for an investment)."""
        return "" if self.buyer is None else self.buyer.rsplit(".", 1)[-1]

    @property
    def payee_item(self) -> str:
        """The name of the seller's stream, or of the investee's financing item."""
        return (self.investee or self.seller or "").rsplit(".", 1)[-1]


class Market(Component):
    """A market several entities share: its size, split among the `market_share` streams that name it."""

    read_by = ReadBy("network")

    _where: Mark = PrivateAttr(default_factory=lambda: Mark(""))  # where `members` is written, for run-time errors

    size: UsdPerYear = Field(..., description="Size of the market per year; the streams' shares split it, "
                             "the rest goes to others.")
    members: list[str] = Field(..., min_length=1, description="`<entity>.streams.<name>`: the `market_share` "
                               "streams that take their `market` from this one (their own `market` is then "
                               "not given); their shares may sum to at most 100% in every sample and year.")


def _split(ref: str, middle: str) -> tuple[str, str] | None:
    """``(entity, item)`` of a reference ``<entity>.<middle>.<item>``, or None when it has another form."""
    parts = ref.split(".")
    want = middle.split(".")
    if len(parts) != len(want) + 2 or parts[1:-1] != want:
        return None
    return parts[0], parts[-1]


def network_problems(scenario: Scenario) -> list[tuple[str, str]]:
    """What is wrong with a network's entities, links and markets, by dotted path."""
    problems: list[tuple[str, str]] = []
    if not scenario.entities:
        if scenario.links:
            problems.append(("links", "links join entities: this scenario has no `entities`"))
        if scenario.markets:
            problems.append(("markets", "markets are shared by entities: this scenario has no `entities`"))
        return problems
    for section in COMPANY_FIELDS:
        if section in scenario.model_fields_set:
            problems.append((section, f"a network's {section} belong to its entities: move `{section}` into one "
                             f"of them (`entities.<name>.{section}`)"))
    for name in scenario.entities:
        if name == RESERVED_ENTITY:
            problems.append((f"entities.{name}", f"{RESERVED_ENTITY!r} names the network's own outputs; choose "
                             "another entity name"))
        elif not ENTITY_NAME.match(name):
            problems.append((f"entities.{name}", "an entity's name is lowercase letters, digits and _, "
                             f"starting with a letter; got {name!r}"))
    fed: dict[str, str] = {}
    for link in scenario.links:
        problems += _link_problems(scenario, link, fed)
    for market_name, market in scenario.markets.items():
        for member in market.members:
            where = f"markets.{market_name}.members"
            found = _split(member, "streams")
            entity = scenario.entities.get(found[0]) if found else None
            if found is None or entity is None:
                problems.append((where, _no_entity(scenario, member, "<entity>.streams.<name>")))
                continue
            stream = next((s for s in entity.streams if s.name == found[1]), None)
            if stream is None or stream.type != "market_share":
                problems.append((where, f"{member}: {found[0]} has no market_share stream named {found[1]!r}"))
            elif getattr(stream, "market", None) is not None:
                problems.append((f"entities.{found[0]}.streams.{found[1]}.market", f"the stream takes its market "
                                 f"from markets.{market_name}: leave its own `market` out"))
            elif member in fed:
                problems.append((where, f"{member} takes its market from {fed[member]} already"))
            else:
                fed[member] = f"markets.{market_name}"
    return problems


def _no_entity(scenario: Scenario, ref: str, form: str) -> str:
    entity = ref.split(".", 1)[0]
    if entity not in scenario.entities:
        return f"{ref!r}: no entity named {entity!r}; entities: {', '.join(scenario.entities)}"
    return f"{ref!r} is not of the form {form}"


def _link_problems(scenario: Scenario, link: Link, fed: dict[str, str]) -> list[tuple[str, str]]:
    """What is wrong with one link; ``fed`` collects the streams and items fed so far (each may be fed once)."""
    where = f"links.{link.name}"
    if link.kind == "investment":
        investor, investee = link.investor or "", link.investee or ""
        problems = []
        if investor not in scenario.entities:
            problems.append((f"{where}.investor", f"no entity named {investor!r}; entities: "
                             f"{', '.join(scenario.entities)}"))
        found = _split(investee, "finance.financing")
        if found is None or found[0] not in scenario.entities:
            problems.append((f"{where}.investee", _no_entity(scenario, investee, "<entity>.finance.financing.<name>")))
            return problems
        items = {item.name: item for item in scenario.entities[found[0]].finance.financing}
        item = items.get(found[1])
        if item is None or item.type not in INVESTABLE:
            kind = f" ({found[1]} is {item.type})" if item is not None else ""
            problems.append((f"{where}.investee", f"{found[0]} has no equity or vendor_equity financing item "
                             f"named {found[1]!r}{kind}"))
        elif investee in fed:
            problems.append((f"{where}.investee", f"{investee} is paid by {fed[investee]} already; an item is fed "
                             "by one link"))
        elif investor == found[0]:
            problems.append((f"{where}.investor", "an entity does not invest in itself"))
        else:
            fed[investee] = where
        return problems
    buyer, seller = link.buyer or "", link.seller or ""
    problems = []
    kind = "purchases" if link.kind == "purchase" else "contracts"
    found = _split(buyer, kind)
    if found is None or found[0] not in scenario.entities:
        problems.append((f"{where}.buyer", _no_entity(scenario, buyer, "<entity>.contracts.<name> or "
                                                      "<entity>.purchases.<name>")))
    else:
        items = [c.name for c in getattr(scenario.entities[found[0]], kind)]
        if found[1] not in items:
            problems.append((f"{where}.buyer", f"{found[0]} has no {kind[:-1]} named {found[1]!r}; its {kind}: "
                             f"{', '.join(items) or 'none'}"))
    sold = _split(seller, "streams")
    if sold is None or sold[0] not in scenario.entities:
        problems.append((f"{where}.seller", _no_entity(scenario, seller, "<entity>.streams.<name>")))
        return problems
    stream = next((s for s in scenario.entities[sold[0]].streams if s.name == sold[1]), None)
    wanted = FEEDS[link.kind]
    if stream is None:
        problems.append((f"{where}.seller", f"{sold[0]} has no stream named {sold[1]!r}"))
    elif stream.type != wanted:
        problems.append((f"{where}.seller", f"{seller} is a {stream.type} stream; a {link.kind} feeds a stream of "
                         f"type {wanted}"))
    elif seller in fed:
        problems.append((f"{where}.seller", f"{seller} is fed by {fed[seller]} already; a stream is fed by one link"))
    else:
        fed[seller] = where
    if found is not None and sold is not None and found[0] == sold[0]:
        problems.append((where, f"buyer and seller are both {found[0]}: a link joins two entities"))
    return problems


def check_market_shares(shares: list[np.ndarray]) -> tuple[int, int, float] | None:
    """``(sample, year column, sum)`` of the first place where the shares of a market sum to more than 100%, or
    None when they never do (a hair above 1 is rounding, not an excess)."""
    total = np.sum(np.broadcast_arrays(*shares), axis=0)
    over = total > 1 + 1e-9
    if not over.any():
        return None
    sample, column = np.unravel_index(int(np.argmax(over)), over.shape)
    return int(sample), int(column), float(total[sample, column])
