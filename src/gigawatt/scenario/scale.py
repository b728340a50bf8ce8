"""Scaling a whole value: ``--set consumer.paying_share=x1.2`` multiplies every anchor by 1.2.

A multiplier applies to what the value is in every year and every sample: each anchor of a
time path, the start of a growth path, the start, ceiling (and reached value) of an S-curve, and
each uncertain part as a whole distribution (a lognormal's median, a normal's mean and spread, a
PERT's three points), so that every draw is the base draw times the multiplier (the same random
numbers: common random numbers hold). Results are held within the field's bounds. The scaled
value is written back in the file's syntax, in canonical units (:func:`raw_of`), so that the
scenario's text says what ran.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from gigawatt.scenario.distributions import FAMILIES
from gigawatt.scenario.formula import Formula
from gigawatt.scenario.units import ValueProblem
from gigawatt.scenario.values import OWN_UNITS, Anchors, Const, Dist, Growth, Logistic, Value, map_parts

_SCALE = re.compile(r"^\s*[x*×]\s*(?P<f>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*$")

Bounds = tuple[float | None, float | None]


@dataclass(frozen=True)
class Scale:
    """A multiplier on a whole value (``x1.2``)."""

    factor: float


def parse_scale(text: object) -> Scale | None:
    """``"x1.2"`` or ``"*1.2"`` -> ``Scale(1.2)``; anything else -> None."""
    if not isinstance(text, str):
        return None
    match = _SCALE.match(text)
    return Scale(float(match["f"])) if match else None


def _hold(x: float, bounds: Bounds) -> float:
    low, high = bounds
    if low is not None:
        x = max(x, low)
    if high is not None:
        x = min(x, high)
    return x


def scaled(value: Value, factor: float, bounds: Bounds = (None, None)) -> Value:
    """``value`` times ``factor`` in every year and sample, held within ``bounds``."""
    if not (factor > 0 and math.isfinite(factor)):
        raise ValueProblem(f"a multiplier must be a number above 0; got x{factor:g}")
    if isinstance(value, Const):
        return Const(_hold(value.value * factor, bounds))
    if isinstance(value, Dist):
        return _scaled_dist(value, factor, bounds)
    if isinstance(value, Formula):
        raise ValueProblem(f"a formula cannot be scaled ({value.text}); scale the fields it names")
    # a path: each part in the field's unit (anchors, starts, ceilings, reached values), not a rate or a midpoint
    return map_parts(value, lambda suffix, part: part if suffix in OWN_UNITS else scaled(part, factor, bounds))


def _scaled_dist(dist: Dist, factor: float, bounds: Bounds) -> Dist:
    params = FAMILIES[dist.kind].scale(dist, factor, lambda x: _hold(x, bounds))
    # a clip that is the field's own bound stays; a clip the user wrote scales with the value
    clip = tuple(None if c is None else (c if c == b else _hold(c * factor, bounds))
                 for c, b in zip(dist.clip, bounds, strict=True))
    return Dist(dist.kind, params, (clip[0], clip[1]), f"{dist.text} x {factor:g}", dist.path, dist.source)


def raw_of(value: Value) -> Any:
    """``value`` written in the scenario file's syntax (canonical units): parsing it gives ``value`` back."""
    if isinstance(value, Const):
        return value.value
    if isinstance(value, Dist):
        params: dict[str, Any] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in value.params.items()}
        out: dict[str, Any] = {value.kind: params}
        low, high = value.clip
        if low is not None:
            out["min"] = low
        if high is not None:
            out["max"] = high
        return out
    if isinstance(value, Anchors):
        return {**{y: raw_of(v) for y, v in value.points}, "interpolate": value.interpolate}
    if isinstance(value, Growth):
        growth: dict[str, Any] = {"start": raw_of(value.start), "growth": raw_of(value.growth)}
        if value.start_year is not None:
            growth["start_year"] = value.start_year
        return growth
    if isinstance(value, Logistic):
        body: dict[str, Any] = {"start": raw_of(value.start), "ceiling": raw_of(value.ceiling)}
        if value.reach is not None:
            body["reach"] = {value.reach[0]: raw_of(value.reach[1])}
        elif value.midpoint_year is not None:
            body["midpoint_year"] = raw_of(value.midpoint_year)
        if value.start_year is not None:
            body["start_year"] = value.start_year
        return {"logistic": body}
    if isinstance(value, Formula):
        return value.text
    raise TypeError(f"not a value: {value!r}")
