"""Revenue streams: the potential revenue and the tokens of each of the nine stream types (docs/model.md, section 2).

Potential revenue is what a stream earns when all its compute demand is served;
the supply block turns it into realised revenue (``revenue_<name>``) once the
balance of compute is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import DAYS_PER_YEAR, declared, from_year, year_change
from gigawatt.model.demand import first_year
from gigawatt.model.links import fed
from gigawatt.scenario.components.streams import (
    Capacity,
    Device,
    Equipment,
    Fixed,
    MarketShare,
    Seats,
    Stream,
    Subscription,
    TakeRate,
    Usage,
)
from gigawatt.scenario.schema import Scenario


@dataclass(frozen=True)
class Potential:
    """What one stream would earn and use with all its compute served.

    Attributes
    ----------
    revenue
        Revenue, USD per year (net of app-store fees for subscriptions).
    tokens
        Tokens served per year.
    store_fees
        App-store fees kept by the stores, USD per year (subscriptions).
    cogs
        Cost of goods sold, USD per year (devices).
    """

    revenue: np.ndarray
    tokens: np.ndarray
    store_fees: np.ndarray | None = None
    cogs: np.ndarray | None = None
    free_tokens: np.ndarray | None = None
    gw: np.ndarray | None = None  # GW sold (capacity) or shipped in the year (equipment)


def narrow(values: np.ndarray) -> np.ndarray:
    """``values`` without the years it repeats: ``(rows, 1)`` when it is the same in every year (a broadcast view).

    Products of narrow arrays are the same numbers as those of the full ones, in fewer cells.
    """
    return values[:, :1] if values.ndim == 2 and values.shape[1] > 1 and values.strides[1] == 0 else values


def times(made: np.ndarray, other: np.ndarray) -> np.ndarray:
    """``made x other``, written into ``made`` (an array this module just made) when the shapes allow."""
    if np.broadcast_shapes(made.shape, other.shape) == made.shape:
        return np.multiply(made, other, out=made)
    return made * other


def live_from(x: Inputs, made: np.ndarray, first: int | None) -> np.ndarray:
    """``made x from_year(x, first)``: the years before ``first`` multiplied by 0, in place where ``made`` has a column
    a year (the years from ``first`` on are multiplied by 1, which leaves them as they are)."""
    if first is None:
        return made
    if made.ndim != 2 or made.shape[1] != len(x.years):
        return made * from_year(x, first)
    before = x.years < first
    if before.any():
        made[:, before] *= 0.0
    return made


def potential(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray], stream: Stream) -> Potential:
    """Potential revenue and tokens of ``stream`` (zero before its first year).

    ``s`` must hold the demand block's series (``users_consumer``, ``payers``,
    ``arpu_paid`` and the device intermediates). Each product is made once and the
    next factors are multiplied into it (the operations and their order of
    ``a x b x live``, in fewer new arrays).
    """
    if isinstance(stream, (Capacity, Equipment)):
        return sold(x, stream)
    first = first_year(scenario, stream) if isinstance(stream, Device) else stream.start_year
    if isinstance(stream, Subscription):
        users, payers = s["users_consumer"], s["payers"]
        fee_rate = narrow(x(stream.store_fee_share)) * narrow(x(stream.store_fee))
        gross = payers * s["arpu_paid"]
        fees = live_from(x, gross * fee_rate, first)  # gross x fee_rate x live, before gross becomes revenue
        revenue = live_from(x, times(gross, 1.0 - fee_rate), first)  # gross x (1 - fee_rate) x live
        per_user = DAYS_PER_YEAR * narrow(x(stream.tokens_per_user_per_day))
        free_users = users - payers
        # 365 x tokens_per_user_per_day x (users - payers + payers x payer_token_multiple)
        tokens = np.add(free_users, payers * narrow(x(stream.payer_token_multiple)))
        tokens = live_from(x, times(tokens, per_user), first)
        free = live_from(x, times(free_users, per_user), first)  # 365 x tokens_per_user_per_day x (users - payers)
        return Potential(revenue, tokens, store_fees=fees, free_tokens=free)
    if isinstance(stream, Seats):
        seats = x(stream.seats)
        revenue = live_from(x, seats * x(stream.seat_price), first)
        tokens = live_from(x, times(DAYS_PER_YEAR * narrow(x(stream.tokens_per_seat_per_day)), seats), first)
        return Potential(revenue, tokens)
    if isinstance(stream, Usage):
        tokens = x(stream.tokens)
        revenue = tokens * x(stream.price_per_million_tokens)
        np.divide(revenue, 1e6, out=revenue)
        return Potential(live_from(x, revenue, first), live_from(x, tokens * 1.0, first))
    if isinstance(stream, Device):
        revenue = s[f"_device_units_{stream.name}"] * x(stream.price)
        tokens = times(DAYS_PER_YEAR * narrow(x(stream.tokens_per_device_per_day)), s[f"_device_base_{stream.name}"])
        return Potential(revenue, tokens, cogs=times(1.0 - narrow(x(stream.gross_margin)), revenue))
    if isinstance(stream, MarketShare):  # without its own market: its network's market (model/network.py)
        market = x(stream.market) if stream.market is not None else x.links[f"market_usd:{stream.name}"]
        revenue = live_from(x, market * x(stream.share), first)
    elif isinstance(stream, TakeRate):
        revenue = live_from(x, x(stream.gmv) * x(stream.take_rate), first)
    elif isinstance(stream, Fixed):
        revenue = live_from(x, x(stream.amount) * 1.0, first)
    else:  # pragma: no cover - the schema admits only the nine types
        raise TypeError(f"unknown stream type {type(stream).__name__}")
    return Potential(revenue, revenue * narrow(x(stream.tokens_per_dollar)))


def sold(x: Inputs, stream: Capacity | Equipment) -> Potential:
    """GW and revenue of a stream that sells compute (``capacity``) or systems (``equipment``); no tokens.

    Capacity: ``gw x price_per_gw_year``. Equipment: the GW shipped in the year, ``max(0, gw(y) - gw(y-1))``
    (``gw(y0)`` in the first year), ``x price_per_gw``, with cost of goods ``(1 - gross_margin) x revenue``.
    Both are zero before ``start_year``. A stream a buyer feeds (``feed_gw:<name>``, ``feed_usd:<name>``)
    takes the link's GW and revenue instead, in every year.
    """
    given = fed(x, stream.name)
    if given is not None:
        gw, revenue = given
    else:
        live = from_year(x, stream.start_year)
        if isinstance(stream, Capacity):
            gw = x(stream.gw) * live
            revenue = gw * x(stream.price_per_gw_year)
        else:
            path = x(stream.gw)
            gw = np.maximum(year_change(path), 0.0) * live
            revenue = gw * x(stream.price_per_gw)
    none = np.zeros((1, len(x.years)))
    if isinstance(stream, Capacity):
        return Potential(revenue, none, gw=gw)
    return Potential(revenue, none, cogs=(1.0 - x(stream.gross_margin)) * revenue, gw=gw)


def revenue_potential(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """Potential revenue and tokens of every stream, and ``tokens_total`` (tokens per year).

    Subscriptions: ``payers x arpu_paid x (1 - store_fee_share x store_fee)``, tokens
    ``365 x tokens_per_user_per_day x (free users + payers x payer_token_multiple)``.
    Seats: ``seats x seat_price``, tokens ``365 x tokens_per_seat_per_day x seats``.
    Usage: ``tokens x price_per_million_tokens / 1e6``. Market share, take rate,
    fixed: ``market x share``, ``gmv x take_rate``, ``amount``, with tokens
    ``revenue x tokens_per_dollar``. Devices: ``units x price``, tokens
    ``365 x tokens_per_device_per_day x installed base``. Capacity and equipment: see :func:`sold`.

    Intermediates for later blocks, per stream: ``_potential_<name>`` (USD),
    ``_tokens_<name>`` (tokens), ``_free_tokens_<name>`` (the free users' part of a
    subscription's tokens), ``_store_fees_<name>`` and ``_cogs_<name>`` (USD)
    where they apply, ``_gw_<name>`` (GW sold by a capacity stream, shipped by an equipment stream).
    """
    out: dict[str, Out] = {}
    total = x.zeros()
    for stream in scenario.streams:
        got = potential(scenario, x, s, stream)
        out[f"_potential_{stream.name}"] = Out(got.revenue, "USD")
        out[f"_tokens_{stream.name}"] = Out(got.tokens, "tokens")
        if got.store_fees is not None:
            out[f"_store_fees_{stream.name}"] = Out(got.store_fees, "USD")
        if got.free_tokens is not None:
            out[f"_free_tokens_{stream.name}"] = Out(got.free_tokens, "tokens")
        if got.cogs is not None:
            out[f"_cogs_{stream.name}"] = Out(got.cogs, "USD")
        if got.gw is not None:
            out[f"_gw_{stream.name}"] = Out(got.gw, "GW")
        total += got.tokens
    out |= declared({"tokens_total": total})
    return out
