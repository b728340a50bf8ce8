"""Supply: capacity of sites and contracts, the balance with demand, its effect on revenue, resale
(docs/model.md, section 4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model import jit
from gigawatt.model.common import cells, compact, declared, full, ratio, slug
from gigawatt.model.links import fed
from gigawatt.scenario.components.streams import Capacity, Equipment
from gigawatt.scenario.schema import Scenario


@dataclass
class Uses:
    """The uses of compute under a shortage, stacked: capacity sold first, then the company's own uses.

    Attributes
    ----------
    names
        Each use's name, in the order of the stacks.
    gw
        GW each use demands, shape ``(uses, n, Y)``.
    key
        Each use's priority, shape ``(uses, n, Y)``: higher first, ties in stack order.
    sold
        How many uses at the front of the stacks are capacity sold (served first, in file order).
    training
        Index of ``training`` when it keeps its share of what the capacity sold leaves (``compute.serve_order``
        does not name it), else -1 (it takes its place in the order).
    """

    names: list[str]
    gw: np.ndarray
    key: np.ndarray
    sold: int
    training: int


FIRST = 1e30
"""Priority of the uses named in ``compute.serve_order``: above any revenue per token."""


def ratio_into(num: np.ndarray, den: np.ndarray, out: np.ndarray) -> np.ndarray:
    """:func:`~gigawatt.model.common.ratio` written into ``out`` (its shape the broadcast of both): the same numbers
    without a new array."""
    with np.errstate(divide="ignore", invalid="ignore"):  # the cells divided by 0 (or NaN) are set to 0 below
        np.divide(num, den, out=out)
    np.copyto(out, 0.0, where=~(np.asarray(den) > 0))
    return out


def uses_of(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> Uses:
    """The uses of compute and their priorities (see :func:`serve_in_order`)."""
    inference, tokens = s["inference_gw"], s["tokens_total"]
    order = scenario.compute.serve_order or []
    sold = [stream.name for stream in scenario.streams if isinstance(stream, Capacity)]
    streams: list[tuple[str, np.ndarray, np.ndarray]] = []  # (name, paid tokens, potential revenue)
    free = np.zeros((1, 1))
    for stream in scenario.streams:
        own = s[f"_tokens_{stream.name}"]
        if not np.any(own):
            continue
        paid = own
        if f"_free_tokens_{stream.name}" in s:
            free = free + s[f"_free_tokens_{stream.name}"]
            paid = own - s[f"_free_tokens_{stream.name}"]
        streams.append((stream.name, paid, s[f"_potential_{stream.name}"]))
    names = [*sold, *(name for name, _, _ in streams), "training", *(["free_users"] if np.any(free) else [])]
    gw = np.empty((len(names), *x.shape))
    key = np.empty((len(names), *x.shape))
    for at, name in enumerate(sold):
        gw[at] = s[f"_gw_{name}"]
        key[at] = FIRST * (len(order) + 1)  # contracted GW are served first (in file order)
    at = len(sold)
    for _name, paid, potential in streams:
        # revenue per token orders the uses; below one token a year it is 0 (and cannot overflow)
        if jit.enabled():  # flat arrays of every cell (a broadcast input made full first): the loop vectorises
            use_kernel(*(cells(a, x.shape).reshape(-1) for a in (potential, paid, inference, tokens)),
                       key[at].reshape(-1), gw[at].reshape(-1))
        else:
            ratio_into(potential, np.where(paid >= 1.0, paid, 0.0), key[at])
            np.multiply(inference, ratio_into(paid, tokens, gw[at]), out=gw[at])
        at += 1
    gw[at] = s["training_gw"]
    key[at] = -1.0
    if np.any(free):
        np.multiply(inference, ratio_into(free, tokens, gw[at + 1]), out=gw[at + 1])
        key[at + 1] = -2.0
    for index, name in enumerate(names[len(sold):], start=len(sold)):
        if name in order:
            key[index] = FIRST * (len(order) - order.index(name))
    training = -1 if "training" in order else names.index("training", len(sold))
    return Uses(names, gw, key, len(sold), training)


@jit.kernel
def use_kernel(potential: np.ndarray, paid: np.ndarray, inference: np.ndarray, tokens: np.ndarray, key: np.ndarray,
               gw: np.ndarray) -> None:  # pragma: no cover - compiled
    """A stream's use in :func:`uses_of`, cell by cell: ``key`` its revenue per paid token, ``potential / paid``
    (USD per token; 0 below one token), ``gw`` its GW, ``inference x paid / tokens`` (0 without tokens). All the
    cells of ``(n, Y)`` as flat arrays: ``potential`` in USD, ``paid`` and ``tokens`` in tokens, ``inference`` in
    GW. The divisions and product of the numpy reference (``ratio_into`` twice and a product), so the same
    numbers."""
    for j in range(key.shape[0]):
        p = paid[j]
        key[j] = potential[j] / p if p >= 1.0 else 0.0
        total = tokens[j]
        gw[j] = inference[j] * (p / total if total > 0.0 else 0.0)


@jit.kernel
def capacity_kernel(gws: list[np.ndarray], country: np.ndarray, capacity: np.ndarray,
                    by_country: np.ndarray) -> None:  # pragma: no cover - compiled
    """GW of capacity, all of it and by country, each item in one pass: ``gws`` each item's GW (compact arrays,
    :func:`~gigawatt.model.common.compact`), ``country`` each item's index in ``by_country`` ``(countries, n, Y)``;
    ``capacity`` ``(n, Y)`` starts at 0 and gains every item, in the order given. The sums of the numpy reference
    in its order (``0 + GW`` for a country's first item), so the same numbers."""
    n, years = capacity.shape
    capacity[:] = 0.0
    by_country[:] = 0.0
    for k in range(len(gws)):
        gw = gws[k]
        c = country[k]
        if gw.shape[0] == n and gw.shape[1] == years:  # every cell: flat loops, which vectorise
            flat, total, part = gw.ravel(), capacity.ravel(), by_country[c].ravel()
            for j in range(flat.shape[0]):
                total[j] += flat[j]
                part[j] += flat[j]
            continue
        rows, cols = gw.shape[0] > 1, gw.shape[1] > 1
        for i in range(n):
            for t in range(years):
                g = gw[i * rows, t * cols]
                capacity[i, t] += g
                by_country[c, i, t] += g


def serve_in_order(capacity: np.ndarray, demand: np.ndarray, uses: Uses,
                   elasticity: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """GW served to each use, GW unserved and the share of its revenue each use keeps, ``1 - elasticity x
    unserved / GW`` (0 unserved share without GW), each of shape ``(uses, n, Y)``: capacity shared among the uses
    of compute, sample by sample and year by year.

    The uses (:func:`uses_of`): every ``capacity`` stream (the GW it sells), every stream with tokens
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

    Compiled (:func:`served_kernel`) when kernels are on, else :func:`served_reference` and
    :func:`kept_reference`: the same numbers. ``uses`` is used up: its arrays may be overwritten.
    """
    capacity, demand, elasticity = (np.broadcast_to(a, uses.gw.shape[1:]) for a in (capacity, demand, elasticity))
    if jit.enabled():
        return served_kernel(cells(capacity, capacity.shape), cells(demand, demand.shape), uses.gw, uses.key,
                             uses.sold, uses.training, cells(elasticity, elasticity.shape))
    served = served_reference(capacity, demand, uses.gw, uses.key, uses.sold, uses.training)
    return (served, *kept_reference(uses.gw, served, elasticity))


def kept_reference(gw: np.ndarray, served: np.ndarray, elasticity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GW unserved, ``gw - served``, and the share of revenue kept, ``1 - elasticity x unserved / gw`` (0 unserved
    share where ``gw`` is 0), for every use at once: shape ``(uses, n, Y)``."""
    unserved = gw - served
    kept = ratio(unserved, gw)
    np.multiply(kept, elasticity, out=kept)
    np.subtract(1.0, kept, out=kept)
    return unserved, kept


def served_reference(capacity: np.ndarray, demand: np.ndarray, gw: np.ndarray, key: np.ndarray, sold: int,
                     training: int) -> np.ndarray:
    """GW served to each use (the numpy reference of :func:`serve_in_order`), shape ``(uses, n, Y)``."""
    served = gw.copy()
    # only the samples and years with a shortage need an order: elsewhere every use gets all it asks for
    short = demand > capacity
    if not short.any():
        return served
    left = capacity[short]
    own = demand[short]  # the company's own demand: less the capacity it sells
    if sold:  # in file order, each what those before it leave
        wanted = gw[:sold][:, short]
        got = np.clip(left - (np.cumsum(wanted, axis=0) - wanted), 0.0, wanted)
        served[:sold, short] = got
        left = left - got.sum(axis=0)
        own = own - wanted.sum(axis=0)
    ordered = list(range(sold, len(gw)))
    if training >= 0:  # training keeps its share: the share of its GW that its own demand gets
        part = gw[training, short] * ratio(left, own)
        served[training, short] = part
        left = left - part
        ordered.remove(training)
    if not ordered:  # training alone (beside any capacity sold): nothing else to share
        return served
    cells = gw[:, short][ordered]
    keys = key[:, short][ordered]
    # each use's place in each cell: the uses before it have a higher key, or the same key and come earlier in the
    # file (the order of a stable sort), counted pair by pair rather than sorted cell by cell
    place = np.zeros(cells.shape, dtype=np.int64)
    for i in range(len(ordered)):  # a loop over pairs of uses, not samples
        for j in range(i + 1, len(ordered)):
            first = keys[i] >= keys[j]
            place[j] += first
            place[i] += ~first
    ranked = np.empty_like(cells)
    np.put_along_axis(ranked, place, cells, axis=0)
    before = ranked.copy()
    for at in range(1, len(before)):  # the running sum over places (np.cumsum's order, in fewer passes)
        before[at] += before[at - 1]
    before -= ranked
    got = np.subtract(left, before, out=before)
    np.maximum(got, 0.0, out=got)
    np.minimum(got, ranked, out=got)  # np.clip(left - before, 0, ranked), in place
    for index, part in zip(ordered, np.take_along_axis(got, place, axis=0), strict=True):
        served[index, short] = part
    return served


@jit.kernel
def served_kernel(capacity: np.ndarray, demand: np.ndarray, gw: np.ndarray, key: np.ndarray, sold: int,
                  training: int,
                  elasticity: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover
    """GW served and unserved (GW) and the share of revenue kept (a fraction) of each use, shape ``(uses, n, Y)``,
    cell by cell: the operations of :func:`served_reference` and :func:`kept_reference` in their order (the same
    numbers, ``np.array_equal``). ``capacity`` and ``demand`` in GW and ``elasticity`` (a fraction per unserved
    share), shape ``(n, Y)``. ``gw`` and ``key`` are overwritten: the GW unserved and the shares kept are written
    into them (two arrays of every use fewer to allocate). Compiled by numba; tests compare it with the references."""
    uses, n, years = gw.shape
    served = gw.copy()
    ordered = np.empty(uses, dtype=np.int64)
    count = 0
    for index in range(sold, uses):
        if index != training:
            ordered[count] = index
            count += 1
    place = np.empty(count, dtype=np.int64)
    keys = np.empty(count)
    ranked = np.empty(count)
    for i in range(n):
        for t in range(years):
            if not demand[i, t] > capacity[i, t]:
                continue
            left = capacity[i, t]
            own = demand[i, t]
            if sold > 0:
                running = 0.0
                given = 0.0
                wanted = 0.0
                for k in range(sold):
                    want = gw[k, i, t]
                    running = want if k == 0 else running + want  # np.cumsum
                    got = left - (running - want)
                    got = got if (got > 0.0 or got != got) else 0.0  # np.clip: max(x, 0), then min(., want)
                    got = got if (got < want or got != got) else want
                    served[k, i, t] = got
                    given = got if k == 0 else given + got  # sum over axis 0: row by row
                    wanted = want if k == 0 else wanted + want
                left = left - given
                own = own - wanted
            if training >= 0:
                part = gw[training, i, t] * (left / own if own > 0.0 else 0.0)
                served[training, i, t] = part
                left = left - part
            if count == 0:
                continue
            for a in range(count):
                keys[a] = key[ordered[a], i, t]
                place[a] = 0
            for a in range(count):  # counted without branches: the keys differ from sample to sample
                ahead = keys[a]
                for b in range(a + 1, count):
                    first = np.int64(ahead >= keys[b])
                    place[b] += first
                    place[a] += 1 - first
            for a in range(count):
                ranked[place[a]] = gw[ordered[a], i, t]
            running = 0.0
            for p in range(count):  # reuse ranked: each place's GW served, in place order
                want = ranked[p]
                running = want if p == 0 else running + want
                got = left - (running - want)
                got = got if (got >= 0.0 or got != got) else 0.0  # np.maximum, then np.minimum
                ranked[p] = got if (got <= want or got != got) else want
            for a in range(count):
                served[ordered[a], i, t] = ranked[place[a]]
    # each cell's GW demanded and priority are read for the last time below: their arrays are reused, and walked
    # as flat arrays of every cell (loops that vectorise)
    share = elasticity.ravel()
    for u in range(uses):
        unserved, kept, given = gw[u].ravel(), key[u].ravel(), served[u].ravel()
        for j in range(unserved.shape[0]):
            want = unserved[j]
            missed = want - given[j]
            unserved[j] = missed
            kept[j] = 1.0 - (missed / want if want > 0.0 else 0.0) * share[j]
    return served, gw, key


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

    def add(key: str, gw: np.ndarray) -> None:  # 0 + the first GW, then each added in place (when it can be)
        got = by_country.get(key)
        if got is None:
            by_country[key] = 0.0 + gw
        elif np.broadcast_shapes(got.shape, gw.shape) == got.shape:
            got += gw
        else:
            by_country[key] = got + gw

    items: list[tuple[str, np.ndarray]] = []  # (country, GW) of every site, contract outside them and shell
    for site in scenario.sites:
        # a shell counts only the purchased IT in it
        gw = s[f"_filled_gw_{site.name}"] if site.shell_only else s[f"_site_gw_{site.name}"]
        shown[f"site_capacity_gw_{site.name}"] = gw
        items.append((slug(site.country), gw))
    for contract in scenario.contracts:
        if not contract.inside_sites:
            items.append((slug(contract.country), s[f"_contract_gw_{contract.name}"]))
    for purchase in scenario.purchases:
        items.append((slug(purchase.country), s[f"_shell_gw_{purchase.name}"]))
    if jit.enabled() and items:
        countries = {key: at for at, key in enumerate(dict.fromkeys(key for key, _ in items))}
        summed = np.empty((len(countries), *x.shape))
        capacity_kernel(jit.arrays([compact(gw) for _, gw in items]),
                        np.array([countries[key] for key, _ in items], dtype=np.int64), capacity, summed)
        by_country.update((key, summed[at]) for key, at in countries.items())
    else:
        for key, gw in items:
            add(key, gw)
            capacity += gw
    for key, gw in by_country.items():
        shown[f"compute_capacity_gw_{key}"] = gw

    demand = s["compute_demand_gw"]
    served = np.minimum(demand, capacity)
    shortage = demand - served
    surplus = capacity - served
    uses = uses_of(scenario, x, s)
    elasticity = x(scenario.compute.shortage_revenue_elasticity)
    given, unserved, kept_share = serve_in_order(capacity, demand, uses, elasticity)
    kept: dict[str, np.ndarray] = {}
    for at, name in enumerate(uses.names):
        shown[f"served_gw_{name}"] = given[at]
        shown[f"unserved_gw_{name}"] = unserved[at]
        kept[name] = kept_share[at]

    for stream in scenario.streams:
        if isinstance(stream, Capacity):  # capacity sold earns what is served of it: the customer pays for GW it gets
            served_gw = shown[f"served_gw_{stream.name}"]
            kept[stream.name] = 1.0 - ratio(s[f"_gw_{stream.name}"] - served_gw, s[f"_gw_{stream.name}"])
    total = x.zeros()
    backlog = None
    for stream in scenario.streams:
        carrier = stream.follows or stream.name
        factor = kept[carrier] if carrier in kept else np.ones((1, 1))  # read only by the blocks after
        if isinstance(stream, Capacity) and fed(x, stream.name) is not None:
            factor = np.ones((1, 1))  # what the buyer's contract pays, take-or-pay and use already in it
        realised = s[f"_potential_{stream.name}"] * factor
        out[f"_factor_{stream.name}"] = Out(factor, "fraction")
        shown[f"revenue_{stream.name}"] = realised
        total += realised
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
