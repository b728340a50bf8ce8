"""The value types a numeric scenario field can hold, in canonical units.

A field of a scenario is parsed once, at load time, into one of these:

- :class:`Const` -- a plain number;
- :class:`Dist` -- an uncertain number, drawn once per Monte Carlo sample;
- :class:`Anchors` -- a time path through anchor years (linear or log-linear in
  between, as the field declares; flat outside the first and last anchor);
- :class:`Growth` -- a start value compounding at a growth rate per year;
- :class:`Logistic` -- an S-curve ``ceiling / (1 + exp(-k (y - midpoint)))``
  with ``k`` solved so that the curve passes through ``start`` in the first year;
- :class:`~gigawatt.scenario.formula.Formula` -- ``"= a * b"``, computed from other fields,
  model outputs and the year.

Any part of a path (an anchor, a start, a rate, a ceiling) may itself be a
:class:`Dist`. Every :class:`Dist` carries the dotted path of the field it sits
in (``consumer.paying_share.2030``), which names its random stream, its draws,
and the parameter in sensitivity analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeGuard

from gigawatt.scenario.formula import Formula

INTERPOLATE = "interpolate"
"""The key of a time path that chooses how it interpolates between anchors (``interpolate: log``)."""

INTERPOLATIONS = ("linear", "log")
"""``linear``: straight lines between anchors; ``log``: straight lines in log space (a constant growth
rate between two anchors), linear on a segment with an end at or below 0."""


@dataclass(frozen=True)
class Const:
    """A fixed number in the canonical unit of its field."""

    value: float


@dataclass(eq=False)
class Dist:
    """An uncertain number.

    Parameters
    ----------
    kind
        A family of :data:`gigawatt.scenario.distributions.FAMILIES`.
    params
        Distribution parameters in canonical units (for ``choice``: ``values``
        and ``weights`` as tuples).
    clip
        Optional lower and upper bounds; draws outside are clipped.
    text
        What the user wrote, for messages and reports.
    path
        Dotted path of the field this value sits in; set by the loader.
    """

    kind: str
    params: dict[str, float | tuple[float, ...]]
    clip: tuple[float | None, float | None] = (None, None)
    text: str = ""
    path: str = ""
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class Anchors:
    """A time path through ``(year, value)`` anchors, sorted by year, interpolated as ``interpolate`` says
    (one of :data:`INTERPOLATIONS`; the field declares the default, a path may override it).

    An anchor may be a :class:`~gigawatt.scenario.formula.Formula`: its value in the anchor's year, in each
    sample, is the anchor."""

    points: tuple[tuple[int, Value], ...]
    interpolate: str = "linear"


@dataclass(frozen=True)
class Growth:
    """``start * (1 + growth) ** (year - start_year)``; ``start_year`` defaults to the horizon start."""

    start: Value
    growth: Value
    start_year: int | None = None


@dataclass(frozen=True)
class Logistic:
    """An S-curve through ``start`` in ``start_year`` (default: horizon start) towards ``ceiling``.

    Either ``midpoint_year`` places the curve, or ``reach`` = ``(year, value)`` pins it by the value it
    reaches in a year (its midpoint then follows: solved from start, ceiling and the pinned value).
    """

    start: Value
    ceiling: Value
    midpoint_year: Value | None
    start_year: int | None = None
    reach: tuple[int, Value] | None = None


Value = Const | Dist | Anchors | Growth | Logistic | Formula


@dataclass(frozen=True)
class Kind:
    """One kind of value, declared once: what it is called, whether it varies by year, its named parts and how to
    build it again from new parts. Walkers (:func:`children`, :func:`leaves`, :func:`map_parts`, the dotted paths
    of :mod:`gigawatt.scenario.paths`) go through these declarations, not through a chain of ``isinstance``.

    Attributes
    ----------
    cls
        The value's class.
    what
        The kind in a message (``a time path``).
    varies
        True when the value may differ from year to year (a field that happens once refuses it).
    parts
        The named parts (the suffixes of their dotted paths: ``2030``, ``start``, ``growth``, ``ceiling``,
        ``midpoint_year``, ``reach.2030``), in a stable order; none for a number, a distribution, a formula.
    rebuild
        The value with its parts replaced, in the order of ``parts``.
    """

    cls: type
    what: str
    varies: bool
    parts: Callable[[Any], list[tuple[str, Value]]] = lambda value: []
    rebuild: Callable[[Any, list[Value]], Value] = lambda value, parts: value


def _logistic_parts(value: Logistic) -> list[tuple[str, Value]]:
    parts = [("start", value.start), ("ceiling", value.ceiling)]
    if value.midpoint_year is not None:
        parts.append(("midpoint_year", value.midpoint_year))
    if value.reach is not None:
        parts.append((f"reach.{value.reach[0]}", value.reach[1]))
    return parts


def _logistic_rebuild(value: Logistic, parts: list[Value]) -> Logistic:
    start, ceiling, *rest = parts
    midpoint = rest.pop(0) if value.midpoint_year is not None else None
    reach = None if value.reach is None else (value.reach[0], rest.pop(0))
    return replace(value, start=start, ceiling=ceiling, midpoint_year=midpoint, reach=reach)


KINDS: tuple[Kind, ...] = (
    Kind(Const, "a number", varies=False),
    Kind(Dist, "an uncertain value", varies=False),
    Kind(Anchors, "a time path", varies=True,
         parts=lambda value: [(str(year), part) for year, part in value.points],
         rebuild=lambda value, parts: replace(value, points=tuple(
             (year, part) for (year, _), part in zip(value.points, parts, strict=True)))),
    Kind(Growth, "a time path", varies=True,
         parts=lambda value: [("start", value.start), ("growth", value.growth)],
         rebuild=lambda value, parts: replace(value, start=parts[0], growth=parts[1])),
    Kind(Logistic, "a time path", varies=True, parts=_logistic_parts, rebuild=_logistic_rebuild),
    Kind(Formula, "a formula", varies=True),
)
"""Every kind of value a numeric field can hold."""

OWN_UNITS: dict[str, tuple[str, float | None]] = {"growth": ("fraction", -1.0), "midpoint_year": ("year", None)}
"""The parts of a path not in their field's unit, with their unit and lower bound: a growth rate is a fraction
(at least -100% a year), an S-curve's midpoint a calendar year. Every other part (an anchor, a start, a ceiling,
a reached value) is in the field's own unit and bounds."""

_BY_CLASS = {kind.cls: kind for kind in KINDS}


def is_value(item: object) -> TypeGuard[Value]:
    """Whether ``item`` is a parsed value (of one of the :data:`KINDS`)."""
    return type(item) in _BY_CLASS


def kind_of(value: Value) -> Kind:
    """The declaration of ``value``'s kind; ``TypeError`` for anything that is not a value."""
    kind = _BY_CLASS.get(type(value))
    if kind is None:
        raise TypeError(f"not a scenario value: {value!r}")
    return kind


def children(value: Value) -> list[tuple[str, Value]]:
    """The named parts of a composite value (the suffixes of their dotted paths)."""
    return kind_of(value).parts(value)


def map_parts(value: Value, change: Callable[[str, Value], Value]) -> Value:
    """``value`` with each of its parts replaced by ``change(suffix, part)`` (itself when it has none)."""
    kind = kind_of(value)
    parts = kind.parts(value)
    return kind.rebuild(value, [change(suffix, part) for suffix, part in parts]) if parts else value


def leaves(value: Value) -> list[Dist]:
    """Every :class:`Dist` inside ``value``, in a stable order."""
    if isinstance(value, Dist):
        return [value]
    return [d for _, part in children(value) for d in leaves(part)]


def formulas_in(value: Value) -> list[Formula]:
    """The formulas in ``value``: the value itself, or the anchors of a time path that are formulas."""
    if isinstance(value, Formula):
        return [value]
    return [f for _, part in children(value) for f in formulas_in(part)]


def is_uncertain(value: Value) -> bool:
    """True when any part of ``value`` is drawn at random; a formula counts as uncertain (it is computed in
    each sample, from fields that may be drawn and from model outputs), and so does a path with a formula anchor."""
    return bool(formulas_in(value)) or bool(leaves(value))


def may_reach_zero(value: Value) -> bool:
    """True when some year or draw of ``value`` can be zero or below (a divisor must not be).

    A lognormal is positive; other distributions reach their lower end (or clip); a growth path
    reaches zero when its start can, or when its rate can reach -100%.
    """
    from gigawatt.scenario.distributions import quantile

    if isinstance(value, Formula):
        return True  # computed in each sample: it may be anything its bounds allow
    if isinstance(value, Const):
        return value.value <= 0
    if isinstance(value, Dist):
        return value.kind != "lognormal" and not quantile(value, 0.0) > 0
    if isinstance(value, Anchors):
        return any(may_reach_zero(v) for _, v in value.points)
    if isinstance(value, Growth):
        return may_reach_zero(value.start) or may_reach_zero(_plus_one(value.growth))
    return may_reach_zero(value.start) or may_reach_zero(value.ceiling)


def _plus_one(rate: Value) -> Value:
    """``1 + rate`` for a constant or distribution rate (the factor a growth path multiplies by)."""
    from gigawatt.scenario.distributions import quantile

    if isinstance(rate, Const):
        return Const(1.0 + rate.value)
    if isinstance(rate, Dist):
        return Const(1.0 + quantile(rate, 0.0)) if rate.kind != "lognormal" else Const(1.0)
    return rate
