"""Reading numbers from a scenario file: quantities in a field's unit, bounds, the keys of a mapping, and what
the user wrote, shown back in messages. Shared by the value parser (:mod:`gigawatt.scenario.parse`) and the
distribution families, which read their own parameters (:data:`gigawatt.scenario.distributions.FAMILIES`)."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from typing import Any

from gigawatt.scenario.units import UnitProblem, ValueProblem, dimension_of, to_canonical

Bounds = tuple[float | None, float | None]
Params = dict[str, float | tuple[float, ...]]


def format_number(x: float) -> str:
    """A short rendering of a number: ``4e10``, ``0.05``, ``2030``, ``1.5e-5``."""
    if not math.isfinite(x):
        return str(x)
    if x == int(x) and abs(x) < 1e6:
        return str(int(x))
    text = f"{x:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def field_number(raw: object, unit: str, what: str) -> float:
    """A number or quantity in ``unit``; ``what`` names it in messages."""
    if isinstance(raw, (Mapping, list, tuple)):
        kind = "a mapping" if isinstance(raw, Mapping) else "a list"
        prefix = f"{what} " if what else ""
        raise ValueProblem(f"{prefix}expected a number or a quantity in {unit} ({dimension_of(unit)}); got {kind}")
    try:
        return to_canonical(raw, unit)  # type: ignore[arg-type]  # to_canonical checks the type
    except UnitProblem as exc:
        raise UnitProblem(f"{what}: {exc}" if what else str(exc)) from None


def plain_number(raw: object, what: str) -> float:
    """A dimensionless number (a shape parameter, a weight, a log-scale mu)."""
    return field_number(raw, "fraction", what)


def check_bounds(value: float, bounds: Bounds, shown: str, what: str) -> None:
    low, high = bounds
    if low is not None and value < low:
        raise ValueProblem(f"{what}must be at least {format_number(low)}; got {shown}")
    if high is not None and value > high:
        raise ValueProblem(f"{what}must be at most {format_number(high)}; got {shown}")


def expect_keys(what: str, body: Mapping[Any, Any], required: Iterable[str], optional: Iterable[str] = ()) -> None:
    """Check that ``body`` has every required key and nothing unknown."""
    required, optional = tuple(required), tuple(optional)
    allowed = required + optional
    takes = ", ".join(allowed)
    for key in body:
        if key not in allowed:
            raise ValueProblem(f"{what} takes {takes}; got unknown '{show(key)}'{suggest(key, allowed)}")
    missing = [key for key in required if key not in body]
    if missing:
        raise ValueProblem(f"{what} needs {', '.join(required)}; missing {', '.join(missing)}")


def suggest(word: object, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def numbers(kind: str, body: Mapping[Any, Any], names: Iterable[str], unit: str, bounds: Bounds) -> list[float]:
    """Parameters in the field's unit, each within the field's bounds."""
    values = []
    for name in names:
        value = field_number(body[name], unit, f"{kind} {name}")
        check_bounds(value, bounds, show(body[name]), f"{kind} {name} ")
        values.append(value)
    return values


def positive(value: float, raw: object, what: str) -> float:
    if not value > 0:
        raise ValueProblem(f"{what} must be above 0; got {show(raw)}")
    return value


def show(raw: object) -> str:
    """What the user wrote, briefly: ``-5%``, ``0.05``, ``1e9``, ``[1, 2]``, ``a mapping``."""
    if raw is None:
        return "nothing (null)"
    if isinstance(raw, bool):
        return str(raw).lower()
    if isinstance(raw, float):
        text = f"{raw:.12g}"
        if "e" in text:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}e{int(exponent)}"
        return text
    if isinstance(raw, (list, tuple)):
        return "[" + ", ".join(show(item) for item in raw) + "]"
    if isinstance(raw, Mapping):
        return "{" + ", ".join(f"{key}: {show(value)}" for key, value in raw.items()) + "}"
    return str(raw).strip()
