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

from dataclasses import dataclass, field

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


def leaves(value: Value) -> list[Dist]:
    """Every :class:`Dist` inside ``value``, in a stable order."""
    if isinstance(value, Dist):
        return [value]
    if isinstance(value, Anchors):
        return [d for _, v in value.points for d in leaves(v)]
    if isinstance(value, Growth):
        return leaves(value.start) + leaves(value.growth)
    if isinstance(value, Logistic):
        return [d for _, part in children(value) for d in leaves(part)]
    return []


def children(value: Value) -> list[tuple[str, Value]]:
    """The named parts of a composite value (the suffixes of their dotted paths)."""
    if isinstance(value, Anchors):
        return [(str(year), v) for year, v in value.points]
    if isinstance(value, Growth):
        return [("start", value.start), ("growth", value.growth)]
    if isinstance(value, Logistic):
        parts = [("start", value.start), ("ceiling", value.ceiling)]
        if value.midpoint_year is not None:
            parts.append(("midpoint_year", value.midpoint_year))
        if value.reach is not None:
            parts.append((f"reach.{value.reach[0]}", value.reach[1]))
        return parts
    return []


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
