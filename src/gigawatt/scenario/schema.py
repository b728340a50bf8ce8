"""The scenario file: its top-level sections, each a component declared once."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from gigawatt.scenario.components.base import Component
from gigawatt.scenario.components.compute import Compute
from gigawatt.scenario.components.consumer import Consumer
from gigawatt.scenario.components.contracts import Contract
from gigawatt.scenario.components.finance import Finance, finance_problems
from gigawatt.scenario.components.network import Link, Market, network_problems
from gigawatt.scenario.components.opex import Opex
from gigawatt.scenario.components.planning import Candidate, Offer, Planning, Region, planning_problems
from gigawatt.scenario.components.published import Published
from gigawatt.scenario.components.purchases import Purchase
from gigawatt.scenario.components.sites import Site
from gigawatt.scenario.components.spending import CapitalSpending
from gigawatt.scenario.components.streams import MarketShare, Stream
from gigawatt.scenario.errors import PathProblems
from gigawatt.scenario.evaluate import evaluate
from gigawatt.scenario.units import to_canonical
from gigawatt.scenario.values import is_uncertain

RESERVED_STREAM_NAMES = frozenset({"total", "compute_resale", "share_cost", "share_from_payers", "training",
                                   "free_users"})
"""Stream names whose ``revenue_<name>`` output would collide with another output."""


def opening_problems(path: str, opening: dict[int, float], start: int) -> list[tuple[str, str]]:
    """What is wrong with a vintage profile: build years up to the start (40 years back at most), shares adding to 1."""
    if not opening:
        return []
    problems = [(path, f"build year {year} is after the horizon start {start}") for year in opening if year > start]
    problems += [(path, f"build year {year} is more than 40 years before the start {start}")
                 for year in opening if year < start - 40]
    problems += [(path, f"the share of {year} must lie in [0, 1]; got {share}")
                 for year, share in opening.items() if not 0 <= share <= 1]
    total = sum(opening.values())
    if abs(total - 1) > 1e-6:
        problems.append((path, f"shares must sum to 1 (100%); they sum to {total:.4g}"))
    return problems


def purchase_problems(scenario: Scenario) -> list[tuple[str, str]]:
    """Hosts that are not shell-only sites, and purchases that must be hosted but cannot be (fixed values, and the
    purchase and its hosts slip alike)."""
    shells = {site.name: site for site in scenario.sites if site.shell_only}
    names = {site.name for site in scenario.sites}
    problems: list[tuple[str, str]] = []
    for purchase in scenario.purchases:
        for host in purchase.hosts:
            if host not in names:
                problems.append((f"purchases.{purchase.name}.hosts", f"no site named {host!r}"))
            elif host not in shells:
                problems.append((f"purchases.{purchase.name}.hosts", f"site {host!r} is not `shell_only: true`"))
    if problems:
        return problems
    years = np.asarray(scenario.years)
    common = scenario.compute.build_delay_years

    def delay(own: Any, shared: bool) -> float | None:
        """Years of slip when fixed (None: uncertain)."""
        if is_uncertain(own) or (shared and is_uncertain(common)):
            return None
        return float(evaluate(own, years, {})[0, 0]) + (float(evaluate(common, years, {})[0, 0]) if shared else 0.0)

    free = {name: evaluate(site.capacity_gw, years, {}) * np.ones((1, len(years)))
            for name, site in shells.items() if not is_uncertain(site.capacity_gw)}
    for purchase in scenario.purchases:
        # the same slip of the purchase and its hosts moves both alike: their paths as given tell whether they fit
        slips = {delay(purchase.slip_years, purchase.common_delay)}
        slips |= {delay(shells[host].slip_years, shells[host].common_delay) for host in purchase.hosts}
        fixed = (not is_uncertain(purchase.capacity_gw) and all(host in free for host in purchase.hosts)
                 and len(slips) == 1 and None not in slips)
        if not fixed:
            free = {name: gw for name, gw in free.items() if name not in purchase.hosts}  # no longer known
            continue
        left = evaluate(purchase.capacity_gw, years, {}) * np.ones((1, len(years)))
        for host in purchase.hosts:
            placed = np.minimum(left, free[host])
            free[host] = free[host] - placed
            left = left - placed
        short = left[0] > 1e-9
        if purchase.must_be_hosted and purchase.shell_price_per_gw_year is None and short.any():
            year = int(years[np.argmax(short)])
            problems.append((f"purchases.{purchase.name}.hosts", f"the hosts cannot hold the purchased GW: "
                             f"{float(left[0][np.argmax(short)]):.3g} GW have no host in {year} (name more hosts, "
                             "give shell_price_per_gw_year, or drop must_be_hosted)"))
    return problems


class Horizon(Component):
    """The years simulated and the discount rate."""

    start: int = Field(2025, ge=1990, le=2100, description="First calendar year simulated.")
    end: int = Field(2035, ge=1990, le=2150, description="Last calendar year simulated.")
    discount_rate: float = Field(0.10, ge=0, le=1,
                                 description="Yearly discount rate for `npv` (a fraction; `11%` works).")

    @field_validator("discount_rate", mode="before")
    @classmethod
    def _percent(cls, raw: Any) -> Any:
        return to_canonical(raw, "fraction") if isinstance(raw, str) else raw

    @model_validator(mode="after")
    def _ordered(self) -> Horizon:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) must not be before start ({self.start})")
        if self.end - self.start > 60:
            raise ValueError("a horizon of more than 60 years is not supported")
        return self

    @property
    def years(self) -> list[int]:
        """Every simulated calendar year."""
        return list(range(self.start, self.end + 1))


class Correlation(Component):
    """A rank correlation between two uncertain inputs, named by their dotted paths."""

    name: str | None = Field(None, description="Optional name, so that a variant can override or drop it.")
    between: tuple[str, str] = Field(..., description="Dotted paths of two uncertain inputs.")
    rank: float = Field(..., ge=-1, le=1, description="Spearman rank correlation to induce (Gaussian copula).")


class Scenario(BaseModel):
    """A whole scenario: what a YAML file describes once `extends` and `--set` are applied."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    name: str = Field(..., description="Short identifier of the scenario (e.g. `openai-2025`).")
    description: str = Field("", description="One line saying what this scenario is.")
    extends: str | None = Field(None, description="A bundled scenario name or a file this one overrides.")
    source: str = Field("", description="The published analysis or the sources this scenario rests on, in one line "
                        "(shown by `gigawatt scenarios`).")
    horizon: Horizon = Field(default_factory=Horizon, description="Years and discount rate.")
    consumer: Consumer = Field(default_factory=Consumer, description="Consumer users and paying tiers.")
    streams: list[Stream] = Field(default_factory=list, description="Revenue streams.")
    compute: Compute = Field(default_factory=Compute, description="Compute demand and the capacity balance.")
    sites: list[Site] = Field(default_factory=list, description="Data-centre campuses.")
    contracts: list[Contract] = Field(default_factory=list, description="Cloud and compute commitments.")
    purchases: list[Purchase] = Field(default_factory=list, description="IT equipment bought by the GW "
                                      "(chips and systems), with its hosts.")
    capital_spending: list[CapitalSpending] = Field(default_factory=list, description="Capital spending given in "
                                                    "dollars rather than built up from GW (an industry's capex).")
    opex: Opex = Field(default_factory=Opex, description="Operating expenses and partner revenue shares.")
    finance: Finance = Field(default_factory=Finance, description="Cash, financing, taxes.")
    correlations: list[Correlation] = Field(default_factory=list, description="Rank correlations between inputs.")
    candidates: list[Candidate] = Field(default_factory=list, description="Sites the planner may build (`plan`).")
    offers: list[Offer] = Field(default_factory=list, description="Contracts the planner may sign (`plan`).")
    regions: list[Region] = Field(default_factory=list, description="Demand regions and sovereign shares (`plan`).")
    planning: Planning = Field(default_factory=Planning, description="Settings of the capacity planner (`plan`).")
    published: list[Published] = Field(default_factory=list, description="Figures of the published analysis this "
                                       "scenario reproduces, each checked within its tolerance (docs/fidelity.md).")
    entities: dict[str, Scenario] = Field(default_factory=dict, description="A network: companies by name, each "
                                          "a whole company scenario (its `extends` a bundled name), simulated "
                                          "together over the network's horizon (docs/model.md section 12). Empty: one "
                                          "company, the fields above.")
    links: list[Link] = Field(default_factory=list, description="Contracts, purchases and investments between "
                              "the entities of a network.")
    markets: dict[str, Market] = Field(default_factory=dict, description="Markets the entities of a network "
                                       "share, by name.")

    _text: str = PrivateAttr("")
    _hash: str = PrivateAttr("")
    _data: Any = PrivateAttr(None)  # the merged raw data, written out as `text` when first asked for
    _comments: dict[str, str] = PrivateAttr(default_factory=dict)
    _overrides: dict[str, Any] = PrivateAttr(default_factory=dict)
    _notes: list[str] = PrivateAttr(default_factory=list)

    @property
    def years(self) -> list[int]:
        """Every simulated calendar year."""
        return self.horizon.years

    @property
    def text(self) -> str:
        """The complete scenario as YAML (after `extends` and overrides): loading it gives this scenario."""
        if not self._text and self._data is not None:  # written on demand: validating need not pay for it
            from gigawatt.scenario.yamlio import dump_yaml

            self._text = dump_yaml(self._data)
        return self._text

    @property
    def content_hash(self) -> str:
        """A short SHA-256 of :attr:`text`, to tell scenarios apart in the run store and reports."""
        if not self._hash and self.text:
            self._hash = hashlib.sha256(self.text.encode()).hexdigest()[:16]
        return self._hash

    @property
    def overrides(self) -> dict[str, Any]:
        """The ``--set`` overrides applied when loading (dotted path: value as written); already in :attr:`text`."""
        return dict(self._overrides)

    @property
    def notes(self) -> list[str]:
        """What loading changed that the reader should know (e.g. a correlation left out because a variant
        drops an item it names); `gigawatt validate` and `run` print them."""
        return self._notes

    @property
    def comments(self) -> dict[str, str]:
        """The source comment written beside each numeric field, by dotted path."""
        return self._comments

    @property
    def is_network(self) -> bool:
        """Whether this scenario is a network of entities rather than one company."""
        return bool(self.entities)

    @field_validator("streams", "sites", "contracts", "purchases", "candidates", "offers", "regions", "links")
    @classmethod
    def _unique_names(cls, items: list[Component], info: ValidationInfo) -> list[Component]:
        seen: set[str] = set()
        for item in items:
            name = getattr(item, "name", "")
            if name in seen:
                raise ValueError(f"two {info.field_name} are named {name!r}; names must be unique")
            seen.add(name)
        return items

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Scenario:
        start, end = self.horizon.start, self.horizon.end
        problems: list[tuple[str, str]] = network_problems(self)
        if self.entities:
            if problems:
                raise PathProblems(problems)
            return self
        # the streams whose market is their network's (the loader says which; an entity is validated again, without
        # that context, as part of its network)
        shared = (info.context or {}).get("shared_markets")
        for stream in self.streams:
            if isinstance(stream, MarketShare) and stream.market is None and shared is not None \
                    and stream.name not in shared:
                problems.append((f"streams.{stream.name}.market", "a market_share stream needs its `market` (in a "
                                 "network, a market of the network may list the stream as a member instead)"))
        for stream in self.streams:
            for label in ("start_year", "launch_year"):
                year = getattr(stream, label, None)
                if year is not None and not start <= year <= end:
                    problems.append((f"streams.{stream.name}.{label}", f"{year} is outside the horizon {start}-{end}"))
        for event in self.finance.financing:
            if not start <= event.year <= end:
                problems.append((f"finance.financing.{event.name}.year", f"{event.year} is outside {start}-{end}"))
        names = {s.name for s in self.streams}
        for name in sorted(names & RESERVED_STREAM_NAMES):
            problems.append((f"streams.{name}.name", f"{name!r} is reserved: revenue_{name} or served_gw_{name} is "
                             "another output; choose another name"))
        uses = names | {"training", "free_users"}
        for stream in self.streams:
            if stream.follows is not None and (stream.follows not in uses or stream.follows == stream.name):
                problems.append((f"streams.{stream.name}.follows", f"{stream.follows!r} is not another stream, "
                                 "`training` or `free_users`"))
        capacity = {s.name for s in self.streams if s.type == "capacity"}
        for use in self.compute.serve_order or []:
            if use not in uses:
                problems.append(("compute.serve_order", f"{use!r} is not a stream, `training` or `free_users`"))
            elif use in capacity:
                problems.append(("compute.serve_order", f"{use!r} is a capacity stream: capacity sold is served "
                                 "before every other use already"))
        for share in self.opex.revenue_shares:
            for stream_name in share.streams or []:
                if stream_name not in names:
                    problems.append((f"opex.revenue_shares.{share.name}.streams", f"no stream named {stream_name!r}"))
        tiers = self.consumer.tiers
        if tiers and not any(is_uncertain(t.share_of_payers) for t in tiers):
            years = np.asarray(self.years)
            total = np.sum([evaluate(t.share_of_payers, years, {}) * np.ones((1, len(years))) for t in tiers],
                           axis=0)[0]
            wrong = [(int(y), float(v)) for y, v in zip(years, total, strict=True) if abs(v - 1) > 1e-6]
            if wrong:
                year, value = wrong[0]
                problems.append(("consumer.tiers", f"share_of_payers must sum to 100% in every year; "
                                 f"they sum to {value:.1%} in {year}"))
        for kind, items in (("sites", self.sites), ("contracts", self.contracts)):
            for item in items:
                problems += opening_problems(f"{kind}.{item.name}.opening_vintages", item.opening_vintages, start)
        problems += purchase_problems(self)
        gap_year = self.finance.funding_gap_year
        if gap_year is not None and not start <= gap_year <= end:
            problems.append(("finance.funding_gap_year", f"{gap_year} is outside the horizon {start}-{end}"))
        problems += finance_problems(self)
        taken = {"sites": {s.name for s in self.sites}, "contracts": {c.name for c in self.contracts}}
        problems += planning_problems((start, end), self.candidates, self.offers, self.regions, taken)
        if problems:
            raise PathProblems(problems)
        return self
