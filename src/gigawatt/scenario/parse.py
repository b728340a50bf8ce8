"""Turning what a scenario file holds for a numeric field into a :data:`~gigawatt.scenario.values.Value`.

:func:`parse_value` accepts, for a field with canonical unit ``unit``:

- a number or a quantity string (``13e9``, ``"$13B"``, ``"5%"``) -> :class:`Const`;
- a 90% interval ``"a to b"`` -> a lognormal :class:`Dist` when both ends are
  positive, else a normal one (``"40 to 70 GW"``, ``"20 to 60%"`` and
  ``"40 to 70B"`` give the low end the unit written after the high end);
- a mapping with one distribution key (``{normal: {mean, sd}}``, ``{lognormal:
  {p5, p95}}``, ``{beta: {a, b}}``, ``{pert: {min, mode, max}}``, ``{uniform:
  {low, high}}``, ``{triangular: {min, mode, max}}``, ``{choice: {values,
  weights}}``), optionally with ``min`` / ``max`` beside it to clip draws;
- a formula ``"= ..."`` -> :class:`~gigawatt.scenario.formula.Formula`;
- a time path: ``{2025: 5%, 2030: "8% to 14%"}`` -> :class:`Anchors` (an anchor may be a formula),
  ``{start: "$13B", growth: "20% to 60%"}`` -> :class:`Growth`,
  ``{logistic: {start, ceiling, midpoint_year}}`` -> :class:`Logistic`.

Every number ends up in the canonical unit. Every problem raises
:class:`ValueProblem` with a one-line message; the caller adds file, line and
field path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gigawatt.scenario.distributions import (
    DIST_KINDS,
    FAMILIES,
    format_number,
    interval_to_lognormal,
    interval_to_normal,
)
from gigawatt.scenario.formula import Formula, formula_of
from gigawatt.scenario.reading import Bounds, check_bounds, expect_keys, field_number, show, suggest
from gigawatt.scenario.units import UNITS, UnitProblem, ValueProblem
from gigawatt.scenario.values import (
    INTERPOLATE,
    INTERPOLATIONS,
    Anchors,
    Const,
    Dist,
    Growth,
    Logistic,
    Value,
)

__all__ = ["DIST_PARAMS", "Bounds", "UnitProblem", "ValueProblem", "parse_value"]


#: The parameters each distribution takes (declared with the family, in :data:`FAMILIES`).
DIST_PARAMS: dict[str, str] = {name: family.takes for name, family in FAMILIES.items()}

_INTERVAL = re.compile(r"^\s*(?P<a>\S.*?)\s+to\s+(?P<b>\S.*?)\s*$")
_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_PLAIN = re.compile(rf"^\s*{_NUM}\s*$")
_WITH_SUFFIX = re.compile(rf"^\s*(?P<dollar>\$?)(?P<num>(?>{_NUM}))(?P<suffix>\S.*|\s+\S.*)$")
_YEAR = re.compile(r"^\d{4}$")
_UNBOUNDED = ("normal", "lognormal")
_CLIP_KEYS = ("min", "max")
_EMPTY = (
    'expected a number, an interval ("a to b"), a distribution ({normal: {mean, sd}}, ...) '
    "or a time path ({2025: ..., 2030: ...}, {start, growth}, {logistic: ...}); got an empty mapping"
)


def parse_value(
    raw: object,
    unit: str,
    *,
    bounds: Bounds = (None, None),
    years: tuple[int, int] | None = None,
    interpolate: str = "linear",
) -> Value:
    """Parse what a scenario file holds for a numeric field.

    Parameters
    ----------
    raw
        The YAML value: a number, a string, or a mapping.
    unit
        The field's canonical unit (a key of :data:`~gigawatt.scenario.units.UNITS`);
        every number of the result is in this unit.
    bounds
        ``(low, high)`` limits of the field (``None`` = open), in ``unit``.
        Constants, interval ends, the parameters of bounded distributions, the
        mean / median of normals and lognormals, and clips outside them are
        errors; normals and lognormals are clipped to them. Applied inside
        time paths too (not to growth rates or midpoint years).
    years
        ``(start, end)`` of the horizon; anchor years and start years outside are errors.
    interpolate
        How a time path of anchors interpolates unless it says ``interpolate:`` itself
        (one of :data:`~gigawatt.scenario.values.INTERPOLATIONS`).

    Returns
    -------
    Value
        :class:`Const`, :class:`Dist`, :class:`Anchors`, :class:`Growth` or :class:`Logistic`.

    Raises
    ------
    ValueProblem
        With a one-line message saying what was expected and what was received.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown canonical unit {unit!r}")
    if isinstance(raw, Mapping):
        return _parse_mapping(raw, unit, bounds, years, interpolate)
    return _parse_single(raw, unit, bounds)


# --- numbers and intervals -----------------------------------------------------------------


def _parse_single(raw: object, unit: str, bounds: Bounds) -> Const | Dist | Formula:
    """A number, a quantity, an interval or a formula (not a mapping)."""
    if isinstance(raw, str) and raw.lstrip().startswith("="):
        return formula_of(raw, unit, bounds)
    if isinstance(raw, str) and _INTERVAL.match(raw):
        return _parse_interval(raw, unit, bounds)
    value = field_number(raw, unit, "")
    check_bounds(value, bounds, show(raw), "")
    return Const(value)


def _parse_interval(text: str, unit: str, bounds: Bounds) -> Dist:
    match = _INTERVAL.match(text)
    assert match is not None
    a_text, b_text = _share_suffix(match["a"], match["b"])
    shown = f"{match['a']} to {match['b']}"
    a = field_number(a_text, unit, "the interval's low end")
    b = field_number(b_text, unit, "the interval's high end")
    if a >= b:
        raise ValueProblem(f'an interval "a to b" needs a below b; got "{shown}"')
    check_bounds(a, bounds, f'"{shown}"', "the interval's low end ")
    check_bounds(b, bounds, f'"{shown}"', "the interval's high end ")
    if a > 0:
        mu, sigma = interval_to_lognormal(a, b)
        if not sigma > 0:  # a and b a few ulps apart: their logs coincide
            raise ValueProblem(f'an interval "a to b" needs a clearly below b; got "{shown}" (write one number)')
        return Dist("lognormal", {"mu": mu, "sigma": sigma}, _clip_for("lognormal", bounds), shown)
    mean, sd = interval_to_normal(a, b)
    if not sd > 0:  # a and b a few subnormals apart: their spread underflows to 0
        raise ValueProblem(f'an interval "a to b" needs a clearly below b; got "{shown}" (write one number)')
    return Dist("normal", {"mean": mean, "sd": sd}, _clip_for("normal", bounds), shown)


def _share_suffix(a: str, b: str) -> tuple[str, str]:
    """Give a plain low end the unit, magnitude or % of the high end: ``"40 to 70 GW"``, ``"20 to 60%"``."""
    match = _WITH_SUFFIX.match(b)
    if not _PLAIN.match(a) or not match:
        return a, b
    return f"{match['dollar']}{a.strip()}{match['suffix']}", b


def _clip_for(kind: str, bounds: Bounds) -> Bounds:
    """The field's bounds as a clip for a distribution of unbounded support."""
    low, high = bounds
    if kind == "lognormal" and low is not None and low <= 0:
        low = None  # a lognormal is positive: a bound at or below 0 never binds
    return low, high


# --- mappings --------------------------------------------------------------------------------


def _parse_mapping(raw: Mapping[Any, Any], unit: str, bounds: Bounds, years: tuple[int, int] | None,
                   interpolate: str = "linear") -> Value:
    if not raw:
        raise ValueProblem(_EMPTY)
    year_keys = [key for key in raw if _as_year(key) is not None]
    if year_keys or INTERPOLATE in raw:
        return _parse_anchors(raw, unit, bounds, years, interpolate)
    if "logistic" in raw:
        return _parse_logistic(raw, unit, bounds, years)
    if "start" in raw or "growth" in raw:
        return _parse_growth(raw, unit, bounds, years)
    return _parse_dist(raw, unit, bounds)


def _parse_part(raw: object, unit: str, bounds: Bounds, what: str) -> Const | Dist:
    """One part of a growth path or an S-curve: a number, a quantity, an interval or a distribution."""
    value = _parse_anchor(raw, unit, bounds, what)
    if isinstance(value, Formula):
        raise ValueProblem(f"{what}: a formula may be an anchor of a path of years ({{2025: 1, 2030: \"= ...\"}}) "
                           "or a whole value, not a part of a growth path or an S-curve")
    return value


def _parse_anchor(raw: object, unit: str, bounds: Bounds, what: str) -> Const | Dist | Formula:
    """One anchor of a time path: a number, a quantity, an interval, a distribution or a formula (its value in
    the anchor's year)."""
    try:
        if isinstance(raw, Mapping):
            if _is_path(raw):
                raise ValueProblem("expected a number or an uncertain value; got a time path inside a time path")
            return _parse_dist(raw, unit, bounds)
        return _parse_single(raw, unit, bounds)
    except ValueProblem as exc:
        raise type(exc)(f"{what}: {exc}") from None


def _is_path(raw: Mapping[Any, Any]) -> bool:
    """Whether a mapping looks like a time path rather than a distribution."""
    if any(key in DIST_KINDS or key in _CLIP_KEYS for key in raw):
        return False
    return any(_as_year(key) is not None or key in ("start", "growth", "logistic", INTERPOLATE) for key in raw)


def _as_year(key: object) -> int | None:
    if isinstance(key, int) and not isinstance(key, bool) and 1000 <= key <= 9999:
        return key
    if isinstance(key, str) and _YEAR.match(key.strip()):
        return int(key)
    return None


def _parse_year(raw: object, years: tuple[int, int] | None, what: str) -> int:
    year = _as_year(raw)
    if year is None and isinstance(raw, float) and raw.is_integer():
        year = _as_year(int(raw))
    if year is None:
        raise ValueProblem(f"{what} must be a year (4 digits); got {show(raw)}")
    _check_horizon(year, years, what)
    return year


def _check_horizon(year: int, years: tuple[int, int] | None, what: str) -> None:
    if years is not None and not years[0] <= year <= years[1]:
        raise ValueProblem(f"{what} {year} is outside the horizon {years[0]}-{years[1]}")


def _parse_anchors(raw: Mapping[Any, Any], unit: str, bounds: Bounds, years: tuple[int, int] | None,
                   interpolate: str = "linear") -> Anchors:
    points: dict[int, Const | Dist | Formula] = {}
    for key, item in raw.items():
        if key == INTERPOLATE:
            if item not in INTERPOLATIONS:
                raise ValueProblem(f"interpolate must be one of {', '.join(INTERPOLATIONS)}; got {show(item)}")
            interpolate = str(item)
            continue
        year = _as_year(key)
        if year is None:
            raise ValueProblem(f"a time path's keys must all be years (4 digits); got {show(key)}")
        if year in points:
            raise ValueProblem(f"a time path names the year {year} twice")
        _check_horizon(year, years, "anchor year")
        points[year] = _parse_anchor(item, unit, bounds, str(year))
    if not points:
        raise ValueProblem("a time path needs at least one anchor year beside interpolate")
    return Anchors(tuple(sorted(points.items())), interpolate)


def _parse_growth(raw: Mapping[Any, Any], unit: str, bounds: Bounds, years: tuple[int, int] | None) -> Growth:
    expect_keys("a growth path", raw, ("start", "growth"), ("start_year",))
    start = _parse_part(raw["start"], unit, bounds, "start")
    # A rate below -100% would flip the sign of the path; the field's own bounds do not apply.
    growth = _parse_part(raw["growth"], "fraction", (-1.0, None), "growth")
    start_year = _parse_year(raw["start_year"], years, "start_year") if "start_year" in raw else None
    return Growth(start, growth, start_year)


def _parse_logistic(raw: Mapping[Any, Any], unit: str, bounds: Bounds, years: tuple[int, int] | None) -> Logistic:
    expect_keys("a logistic path", raw, ("logistic",), ("start_year",))
    body = raw["logistic"]
    if not isinstance(body, Mapping):
        raise ValueProblem(f"logistic needs a mapping {{start, ceiling, midpoint_year}}; got {show(body)}")
    expect_keys("logistic", body, ("start", "ceiling"), ("midpoint_year", "reach", "start_year"))
    if ("midpoint_year" in body) == ("reach" in body):
        raise ValueProblem("logistic needs midpoint_year or reach ({year: value}), one of them; got "
                           + ("both (a variant that switches writes `users: {replace: {logistic: ...}}`)"
                              if "reach" in body else "neither"))
    if "start_year" in raw and "start_year" in body:
        raise ValueProblem("logistic start_year is given twice (inside and beside logistic)")
    start = _parse_part(body["start"], unit, bounds, "logistic start")
    ceiling = _parse_part(body["ceiling"], unit, bounds, "logistic ceiling")
    start_raw = body.get("start_year", raw.get("start_year"))
    start_year = None if start_raw is None else _parse_year(start_raw, years, "logistic start_year")
    first_year = start_year if start_year is not None else (years[0] if years else None)
    if "reach" in body:
        reach = _parse_reach(body["reach"], unit, bounds, years, first_year)
        _check_reach(start, ceiling, reach, first_year)
        return Logistic(start, ceiling, None, start_year, reach)
    midpoint = _parse_part(body["midpoint_year"], "year", (None, None), "logistic midpoint_year")
    _check_logistic(start, ceiling, midpoint, first_year)
    return Logistic(start, ceiling, midpoint, start_year)


def _parse_reach(raw: object, unit: str, bounds: Bounds, years: tuple[int, int] | None,
                 first_year: int | None) -> tuple[int, Const | Dist]:
    """``reach: {2030: 3B}``: the year and the value the S-curve reaches then."""
    if not isinstance(raw, Mapping) or len(raw) != 1 or _as_year(next(iter(raw))) is None:
        raise ValueProblem("logistic reach takes one year and the value reached then, as {2030: 3B}; got "
                           + show(raw))
    key, item = next(iter(raw.items()))
    year = _parse_year(key, years, "logistic reach year")
    if first_year is not None and year <= first_year:
        raise ValueProblem(f"logistic reach year {year} must come after the curve's first year {first_year}")
    return year, _parse_part(item, unit, bounds, f"logistic reach {year}")


def _check_reach(start: Const | Dist, ceiling: Const | Dist, reach: tuple[int, Const | Dist],
                 first_year: int | None) -> None:
    """A rising S-curve through the value it reaches: start < value < ceiling (fixed values)."""
    if isinstance(start, Const) and start.value <= 0:
        raise ValueProblem(f"a logistic start must be above 0; got {format_number(start.value)}")
    year, target = reach
    if isinstance(start, Const) and isinstance(target, Const) and not target.value > start.value:
        raise ValueProblem(f"a rising S-curve must reach more than its start by {year}; got "
                           f"{format_number(target.value)} <= start {format_number(start.value)}")
    if isinstance(ceiling, Const) and isinstance(target, Const) and not target.value < ceiling.value:
        raise ValueProblem(f"an S-curve stays below its ceiling; got {format_number(target.value)} in {year} "
                           f">= ceiling {format_number(ceiling.value)}")


def _check_logistic(start: Const | Dist, ceiling: Const | Dist, midpoint: Const | Dist, first_year: int | None) -> None:
    """A rising S-curve through ``start`` in the first year: the ceiling lies above twice the start exactly
    when the midpoint comes after the first year (the start is then on the lower half of the curve)."""
    if isinstance(start, Const) and start.value <= 0:
        raise ValueProblem(f"a logistic start must be above 0; got {format_number(start.value)}")
    if not (isinstance(start, Const) and isinstance(ceiling, Const)):
        return
    if start.value >= ceiling.value:
        raise ValueProblem(
            f"a logistic start must be below its ceiling; got start {format_number(start.value)} "
            f">= ceiling {format_number(ceiling.value)}"
        )
    if first_year is None or not isinstance(midpoint, Const):
        return
    half = ceiling.value / 2
    later = midpoint.value > first_year
    if (later and start.value >= half) or (midpoint.value < first_year and start.value <= half) or (
            midpoint.value == first_year and start.value != half):
        side = "below" if later else ("at" if midpoint.value == first_year else "above")
        raise ValueProblem(
            f"with its midpoint in {format_number(midpoint.value)} and the curve starting in {first_year}, a "
            f"rising S-curve must start {side} half its ceiling ({format_number(half)}); got start "
            f"{format_number(start.value)}: raise the ceiling or move the midpoint")


# --- distributions ---------------------------------------------------------------------------


def _parse_dist(raw: Mapping[Any, Any], unit: str, bounds: Bounds) -> Dist:
    if not raw:
        raise ValueProblem(_EMPTY)
    kind = _dist_kind(raw)
    body = raw[kind]
    if not isinstance(body, Mapping):
        raise ValueProblem(f"{kind} needs a mapping of its parameters {DIST_PARAMS[kind]}; got {show(body)}")
    params = FAMILIES[kind].read(body, unit, bounds)
    clip = _parse_clip(raw, kind, unit, bounds)
    return Dist(kind, params, clip, _render(kind, body, raw))


def _dist_kind(raw: Mapping[Any, Any]) -> str:
    keys = [key for key in raw if key not in _CLIP_KEYS]
    if not keys:
        raise ValueProblem("min and max clip a distribution; give one beside them, as in {normal: {mean, sd}, min: 0}")
    valid = ", ".join(DIST_KINDS)
    for key in keys:
        if key not in DIST_KINDS:
            hint = suggest(key, (*DIST_KINDS, "logistic", "start", "growth"))
            raise ValueProblem(f"unknown distribution {show(key)!r}{hint}; expected one of {valid}")
    if len(keys) > 1:
        raise ValueProblem(f"expected one distribution; got {len(keys)}: {', '.join(map(str, keys))}")
    return str(keys[0])


def _parse_clip(raw: Mapping[Any, Any], kind: str, unit: str, bounds: Bounds) -> Bounds:
    """The clip: ``min`` / ``max`` beside the distribution, else the field's bounds for unbounded kinds."""
    given: list[float | None] = [None, None]
    for index, key in enumerate(_CLIP_KEYS):
        if key in raw:
            value = field_number(raw[key], unit, key)
            check_bounds(value, bounds, show(raw[key]), f"{key} ")
            given[index] = value
    low, high = given
    if low is not None and high is not None and low >= high:
        raise ValueProblem(f"min must be below max; got min {show(raw['min'])}, max {show(raw['max'])}")
    if kind not in _UNBOUNDED:
        return low, high
    bound_low, bound_high = _clip_for(kind, bounds)
    return (bound_low if low is None else low), (bound_high if high is None else high)


# --- rendering -------------------------------------------------------------------------------


def _render(kind: str, body: Mapping[Any, Any], raw: Mapping[Any, Any]) -> str:
    """``beta(a=5, b=95)``, ``normal(mean=0.1, sd=0.05), min=0, max=1``."""
    text = f"{kind}(" + ", ".join(f"{key}={show(value)}" for key, value in body.items()) + ")"
    for key in _CLIP_KEYS:
        if key in raw:
            text += f", {key}={show(raw[key])}"
    return text
