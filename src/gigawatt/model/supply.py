"""Supply: capacity of sites and contracts, the balance with demand, its effect on revenue, resale
(docs/model.md, section 4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import declared, full, ratio, slug
from gigawatt.model.links import fed
from gigawatt.scenario.components.streams import Capacity, Equipment
from gigawatt.scenario.schema import Scenario


@dataclass
class Use:
    """One use of compute under a shortage: its GW demanded, its priority and the GW it gets."""

    name: str
    gw: np.ndarray
    key: np.ndarray
    served: np.ndarray = field(default_factory=lambda: np.zeros((1, 1)))


FIRST = 1e30
"""Priority of the uses named in ``compute.serve_order``: above any revenue per token."""


def serve_in_order(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray], capacity: np.ndarray) -> list[Use]:
    """Capacity shared among the uses of compute, sample by sample and year by year.

    The uses: every ``capacity`` stream (the GW it sells), every stream with tokens
    (a subscription's payers; its free users join the use ``free_users``),
    ``training`` and ``free_users``. A use's GW are ``inference_gw x`` its share
    of ``tokens_total`` (``training_gw`` for training, the GW sold for a capacity
    stream).

    Capacity sold comes first: the capacity streams get ``min(their GW, capacity
    left by those before them)``, in file order. Unless ``compute.serve_order``
    names it, training keeps its share of what is left: it gets ``training_gw x
    left / own demand`` (the demand less the capacity sold), the share of its GW
    that the company's own demand as a whole gets (research compute is a budget
    split from the fleet, not what inference leaves over). The rest of the capacity
    goes to the other uses by priority: the uses named in ``compute.serve_order``,
    in that order; then the streams by revenue per token (potential revenue over
    their tokens), highest first; then free users (unless named). Each of them
    gets ``min(its GW, capacity left by the uses before it)``; a ``training``
    named in ``serve_order`` takes its place in that order instead.
    """
    inference, tokens = s["inference_gw"], s["tokens_total"]
    uses: list[Use] = []
    free = np.zeros((1, 1))
    for stream in scenario.streams:
        own = s[f"_tokens_{stream.name}"]
        if not np.any(own):
            continue
        paid = own
        if f"_free_tokens_{stream.name}" in s:
            free = free + s[f"_free_tokens_{stream.name}"]
            paid = own - s[f"_free_tokens_{stream.name}"]
        # revenue per token orders the uses; below one token a year it is 0 (and cannot overflow)
        per_token = ratio(s[f"_potential_{stream.name}"], np.where(paid >= 1.0, paid, 0.0))
        uses.append(Use(stream.name, inference * ratio(paid, tokens), per_token))
    uses.append(Use("training", s["training_gw"], np.full((1, 1), -1.0)))
    if np.any(free):
        uses.append(Use("free_users", inference * ratio(free, tokens), np.full((1, 1), -2.0)))
    order = scenario.compute.serve_order or []
    for use in uses:
        if use.name in order:
            use.key = np.full((1, 1), FIRST * (len(order) - order.index(use.name)))
    # capacity sold comes before every use of the company's own: contracted GW are served first (in file order)
    sold = [Use(stream.name, s[f"_gw_{stream.name}"], np.full((1, 1), FIRST * (len(order) + 1)))
            for stream in scenario.streams if isinstance(stream, Capacity)]
    demand = s["compute_demand_gw"]
    shape = np.broadcast_shapes(capacity.shape, demand.shape, *(u.gw.shape for u in sold + uses))
    # only the samples and years with a shortage need an order: elsewhere every use gets all it asks for
    short = np.broadcast_to(demand > capacity, shape)
    for use in sold + uses:
        use.served = use.gw
    if not short.any():
        return sold + uses

    def cells(values: np.ndarray) -> np.ndarray:
        """``values`` in the cells with a shortage, in row-major order."""
        return np.broadcast_to(values, shape)[short]

    def serve(use: Use, part: np.ndarray) -> None:
        use.served = np.array(np.broadcast_to(use.gw, shape), dtype=float)
        use.served[short] = part

    left = cells(capacity)
    own = cells(demand)  # the company's own demand: less the capacity it sells
    if sold:  # in file order, each what those before it leave
        wanted = np.stack([cells(u.gw) for u in sold])
        got = np.clip(left - (np.cumsum(wanted, axis=0) - wanted), 0.0, wanted)
        for use, part in zip(sold, got, strict=True):
            serve(use, part)
        left = left - got.sum(axis=0)
        own = own - wanted.sum(axis=0)
    ordered = uses
    if "training" not in order:  # training keeps its share: the share of its GW that its own demand gets
        training = next(use for use in uses if use.name == "training")
        part = cells(training.gw) * ratio(left, own)
        serve(training, part)
        left = left - part
        ordered = [use for use in uses if use is not training]
    if not ordered:  # training alone (beside any capacity sold): nothing else to share
        return sold + uses
    gw = np.stack([cells(u.gw) for u in ordered])
    key = np.stack([cells(u.key) for u in ordered])
    # each use's place in each cell: the uses before it have a higher key, or the same key and come earlier in the
    # file (the order of a stable sort), counted pair by pair rather than sorted cell by cell
    place = np.zeros(gw.shape, dtype=np.int64)
    for i in range(len(ordered)):  # a loop over pairs of uses, not samples
        for j in range(i + 1, len(ordered)):
            first = key[i] >= key[j]
            place[j] += first
            place[i] += ~first
    ranked = np.empty_like(gw)
    np.put_along_axis(ranked, place, gw, axis=0)
    before = ranked.copy()
    for at in range(1, len(before)):  # the running sum over places (np.cumsum's order, in fewer passes)
        before[at] += before[at - 1]
    before -= ranked
    got = np.subtract(left, before, out=before)
    np.maximum(got, 0.0, out=got)
    np.minimum(got, ranked, out=got)  # np.clip(left - before, 0, ranked), in place
    served = np.take_along_axis(got, place, axis=0)
    for use, part in zip(ordered, served, strict=True):
        serve(use, part)
    return sold + uses


def supply(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """Capacity, the demand balance, realised revenue and resale.

    ``compute_capacity_gw`` sums the sites' ``capacity_gw`` paths (for a
    ``shell_only`` site, the purchased GW in it), the GW of contracts that are not
    ``inside_sites`` (those sit inside the sites and add nothing) and purchased GW
    in leased shells; it is also given per country
    (``compute_capacity_gw_<country slug>``) and per site (``site_capacity_gw_<name>``). ``served_gw = min(demand,
    capacity)``; ``compute_shortage_gw`` and ``compute_surplus_gw`` are the
    remainders.

    Under a shortage, capacity goes to the uses of compute in order of priority
    (:func:`serve_in_order`); each stream earns ``potential x (1 -
    shortage_revenue_elasticity x unserved share of its use)``, its use being the
    one it ``follows`` or its own tokens (a subscription: its payers); streams
    without tokens earn their potential. ``served_gw_<use>`` and
    ``unserved_gw_<use>`` give each use's GW. ``resale_gw = min(surplus x resale.share,
    resale.market_cap_gw)`` earns ``resale_gw x resale.price_per_gw_year``
    (``revenue_compute_resale``). ``revenue_total`` sums the realised streams and
    resale.

    A ``capacity`` stream earns its potential x the served share of its GW (``sold_gw_<name>``), or, fed
    by a buyer, what the buyer pays; ``sales_backlog`` sums over them ``max(0, signed - revenue to date)``,
    signed being ``signed_value`` or the potential over the horizon. An equipment stream's GW shipped
    are ``shipped_gw_<name>``.

    Intermediates for later blocks: ``_factor_<name>``, the share of its potential
    that each stream realises.
    """
    out: dict[str, Out] = {}  # intermediates
    shown: dict[str, np.ndarray] = {}  # outputs, whose units the catalogue gives
    capacity = x.zeros()
    by_country: dict[str, np.ndarray] = {}
    for site in scenario.sites:
        # a shell counts only the purchased IT in it
        gw = s[f"_filled_gw_{site.name}"] if site.shell_only else s[f"_site_gw_{site.name}"]
        shown[f"site_capacity_gw_{site.name}"] = gw
        key = slug(site.country)
        by_country[key] = by_country.get(key, 0.0) + gw
        capacity = capacity + gw
    for contract in scenario.contracts:
        if contract.inside_sites:
            continue
        gw = s[f"_contract_gw_{contract.name}"]
        key = slug(contract.country)
        by_country[key] = by_country.get(key, 0.0) + gw
        capacity = capacity + gw
    for purchase in scenario.purchases:
        gw = s[f"_shell_gw_{purchase.name}"]
        key = slug(purchase.country)
        by_country[key] = by_country.get(key, 0.0) + gw
        capacity = capacity + gw
    for key, gw in by_country.items():
        shown[f"compute_capacity_gw_{key}"] = gw

    demand = s["compute_demand_gw"]
    served = np.minimum(demand, capacity)
    shortage = demand - served
    surplus = capacity - served
    uses = serve_in_order(scenario, x, s, capacity)
    elasticity = x(scenario.compute.shortage_revenue_elasticity)
    kept: dict[str, np.ndarray] = {}
    for use in uses:
        unserved = use.gw - use.served
        shown[f"served_gw_{use.name}"] = full(x, use.served)
        shown[f"unserved_gw_{use.name}"] = full(x, unserved)
        kept[use.name] = 1.0 - elasticity * ratio(unserved, use.gw)

    for stream in scenario.streams:
        if isinstance(stream, Capacity):  # capacity sold earns what is served of it: the customer pays for GW it gets
            served_gw = shown[f"served_gw_{stream.name}"]
            kept[stream.name] = 1.0 - ratio(s[f"_gw_{stream.name}"] - served_gw, s[f"_gw_{stream.name}"])
    total = x.zeros()
    backlog = None
    for stream in scenario.streams:
        carrier = stream.follows or stream.name
        factor = kept[carrier] * np.ones((1, 1)) if carrier in kept else np.ones((1, 1))
        if isinstance(stream, Capacity) and fed(x, stream.name) is not None:
            factor = np.ones((1, 1))  # what the buyer's contract pays, take-or-pay and use already in it
        realised = s[f"_potential_{stream.name}"] * factor
        out[f"_factor_{stream.name}"] = Out(factor, "fraction")
        shown[f"revenue_{stream.name}"] = realised
        total = total + realised
        if isinstance(stream, Capacity):
            shown[f"sold_gw_{stream.name}"] = full(x, s[f"_gw_{stream.name}"])
            earned = np.cumsum(realised * np.ones(x.shape), axis=1)
            signed = (x.scalar(stream.signed_value) if stream.signed_value is not None
                      else np.sum(s[f"_potential_{stream.name}"] * np.ones(x.shape), axis=1, keepdims=True))
            backlog = (0.0 if backlog is None else backlog) + np.maximum(signed - earned, 0.0)
        elif isinstance(stream, Equipment):
            shown[f"shipped_gw_{stream.name}"] = full(x, s[f"_gw_{stream.name}"])
    if backlog is not None:
        shown["sales_backlog"] = backlog

    resale = scenario.compute.resale
    resale_gw = np.minimum(surplus * x(resale.share), x(resale.market_cap_gw))
    resale_revenue = resale_gw * x(resale.price_per_gw_year)
    shown.update(
        compute_capacity_gw=capacity,
        served_gw=served,
        compute_shortage_gw=shortage,
        compute_surplus_gw=surplus,
        resale_gw=resale_gw,
        revenue_compute_resale=resale_revenue,
        revenue_total=total + resale_revenue,
    )
    return out | declared(shown)
