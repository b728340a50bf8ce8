"""Demand: consumer users, the payers among them, what a payer pays, and devices in use (docs/model.md, section 1)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model import jit
from gigawatt.model.common import declared, ratio, shift
from gigawatt.scenario.components.streams import Device
from gigawatt.scenario.schema import Scenario


def device_streams(scenario: Scenario) -> list[Device]:
    """The scenario's device streams, in file order."""
    return [stream for stream in scenario.streams if isinstance(stream, Device)]


def first_year(scenario: Scenario, stream: Device) -> int:
    """First year a device sells: its ``launch_year``, or its ``start_year`` when that is later."""
    start = stream.start_year if stream.start_year is not None else scenario.horizon.start
    return max(stream.launch_year, start)


def bass(scenario: Scenario, x: Inputs, stream: Device) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bass diffusion of one device, with replacements.

    From the first selling year on, new adopters are
    ``n_t = (p + q N_{t-1} / m) (m - N_{t-1})`` with ``N`` the installed base
    (``N = 0`` before), clipped to ``[0, m - N_{t-1}]`` so that the base never
    passes the market potential ``m``. Units sold add replacements:
    ``u_t = n_t + n_{t-R} + n_{t-2R} + ...`` with ``R`` the replacement cycle.

    Parameters
    ----------
    scenario
        The scenario (for the horizon start).
    x
        Sampled inputs.
    stream
        The device stream.

    Returns
    -------
    tuple of numpy.ndarray
        ``(new adopters, installed base, units sold)``, each in devices (per year
        for flows), of shape ``(rows, Y)`` with ``rows`` 1 or n.
    """
    m = x(stream.market_potential)
    p = x(stream.innovation)
    q = x(stream.imitation)
    rows = max(m.shape[0], p.shape[0], q.shape[0])
    shape = (rows, len(x.years))
    m, p, q = (np.broadcast_to(a, shape) for a in (m, p, q))
    selling = np.asarray(x.years) >= first_year(scenario, stream)
    if jit.enabled():
        return bass_kernel(m, p, q, selling, stream.replacement_years)
    return bass_reference(m, p, q, selling, stream.replacement_years)


def bass_reference(m: np.ndarray, p: np.ndarray, q: np.ndarray, selling: np.ndarray,
                   replacement_years: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`bass` in numpy, vectorised over samples: ``m``, ``p``, ``q`` of shape ``(rows, Y)``, ``selling`` the
    years (``(Y,)``, bool) from the first selling year on."""
    shape = m.shape
    new = np.zeros(shape)
    base = np.zeros(shape)
    installed = np.zeros(shape[0])
    for t in range(shape[1]):  # the recursion runs over years, vectorised over samples
        if selling[t]:
            room = np.maximum(m[:, t] - installed, 0.0)
            rate = p[:, t] + q[:, t] * ratio(installed, m[:, t])
            adopters = np.clip(rate * room, 0.0, room)
            new[:, t] = adopters
            installed = installed + adopters
        base[:, t] = installed
    units = new.copy()
    for lag in range(replacement_years, shape[1], replacement_years):
        units += shift(new, lag)
    return new, base, units


@jit.kernel
def bass_kernel(m: np.ndarray, p: np.ndarray, q: np.ndarray, selling: np.ndarray,
                replacement_years: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - numba
    """:func:`bass_reference` sample by sample: new adopters, installed base and units sold (devices, per year for
    the flows), with its operations in its order (the same numbers, ``np.array_equal``)."""
    rows, years = m.shape
    new = np.empty((rows, years))
    base = np.empty((rows, years))
    units = np.empty((rows, years))
    installed = np.zeros(rows)
    for t in range(years):  # years outside, samples inside: each year's samples are independent of one another
        if selling[t]:
            for i in range(rows):
                room = m[i, t] - installed[i]
                room = room if (room >= 0.0 or room != room) else 0.0  # np.maximum(., 0)
                share = installed[i] / m[i, t] if m[i, t] > 0.0 else 0.0  # ratio(installed, m)
                adopters = (p[i, t] + q[i, t] * share) * room
                adopters = adopters if (adopters > 0.0 or adopters != adopters) else 0.0  # np.clip(., 0, room)
                adopters = adopters if (adopters < room or adopters != adopters) else room
                new[i, t] = adopters
                installed[i] = installed[i] + adopters
                base[i, t] = installed[i]
        else:
            for i in range(rows):
                new[i, t] = 0.0
                base[i, t] = installed[i]
    for i in range(rows):  # units: new adopters plus those of every replacement cycle before (zeros enter)
        for t in range(years):
            sold = new[i, t]
            for lag in range(replacement_years, years, replacement_years):
                sold = sold + (new[i, t - lag] if t >= lag else 0.0)
            units[i, t] = sold
    return new, base, units


def demand(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """Consumer users, payers, ARPU of payers, and devices.

    ``users_consumer`` is the users path. ``payers = users x paying_share +
    sum over devices of attach_uplift x installed base x (1 - paying_share)``,
    capped at the users. ``arpu_paid = sum(tier share_of_payers x tier price)``
    in USD per payer per year (prices are yearly in canonical units).
    ``device_units`` and ``device_installed_base`` sum the device streams.

    Intermediates for later blocks: ``_device_units_<name>`` and
    ``_device_base_<name>`` per device stream.
    """
    consumer = scenario.consumer
    users = x(consumer.users)
    paying_share = x(consumer.paying_share)
    out: dict[str, Out] = {}
    units_total = x.zeros()
    base_total = x.zeros()
    uplift = np.zeros((1, len(x.years)))
    for stream in device_streams(scenario):
        _, base, units = bass(scenario, x, stream)
        out[f"_device_units_{stream.name}"] = Out(units, "devices")
        out[f"_device_base_{stream.name}"] = Out(base, "devices")
        units_total = units_total + units
        base_total = base_total + base
        uplift = uplift + x(stream.attach_uplift) * base
    payers = np.minimum(users * paying_share + uplift * (1.0 - paying_share), users)
    arpu = np.zeros((1, len(x.years)))
    for tier in consumer.tiers:
        arpu = arpu + x(tier.share_of_payers) * x(tier.price)
    out.update(declared({
        "users_consumer": users,
        "payers": payers,
        "arpu_paid": arpu,
        "device_units": units_total,
        "device_installed_base": base_total,
    }))
    return out
