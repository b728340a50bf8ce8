"""Declaring a numeric scenario field once: its unit, its bounds, its meaning.

A component declares a numeric field with one of the types below::

    capex_per_gw: UsdPerGw = Field("$50B/GW", description="All-in capital cost per GW of IT load.")

The type (``Annotated[Value, NumSpec(unit, lo, hi)]``) tells pydantic to parse whatever the YAML holds (a number, a
quantity, an interval, a distribution, a time path) into a
:class:`~gigawatt.scenario.values.Value` in that canonical unit. The same
declaration feeds validation, the dotted paths, and the generated field
reference in ``docs/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from gigawatt.scenario.parse import ValueProblem, parse_value
from gigawatt.scenario.values import Value, is_value, kind_of


@dataclass(frozen=True)
class NumSpec:
    """How to parse one numeric field: canonical ``unit``, ``bounds``, whether it may vary by year, and how
    a path of anchors interpolates (``log`` for quantities that grow geometrically: prices, volumes,
    efficiencies; ``linear`` for shares, rates and build schedules)."""

    unit: str
    lo: float | None = None
    hi: float | None = None
    path_ok: bool = True
    interpolate: str = "linear"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        spec = self

        def validate(raw: Any, info: core_schema.ValidationInfo) -> Value:
            if is_value(raw):
                return raw  # already parsed (a model built in Python)
            years = None
            if info.context and "years" in info.context:
                years = info.context["years"]
            try:
                value = parse_value(raw, spec.unit, bounds=(spec.lo, spec.hi), years=years,
                                    interpolate=spec.interpolate)
            except ValueProblem as exc:
                raise PydanticCustomError("gigawatt_value", "{msg}", {"msg": str(exc)}) from None
            kind = kind_of(value)
            if not spec.path_ok and kind.varies:
                raise PydanticCustomError(
                    "gigawatt_value", "{msg}", {"msg": f"expected a single value (it happens once), not {kind.what}"}
                )
            return value

        return core_schema.with_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(_serialise)
        )


def _serialise(value: Value) -> Any:
    from gigawatt.scenario.distributions import describe

    return describe(value)


def spec_of(metadata: list[Any]) -> NumSpec | None:
    """The :class:`NumSpec` among a field's pydantic metadata, if it is numeric."""
    for item in metadata:
        if isinstance(item, NumSpec):
            return item
    return None


# The numeric field types of the scenario language. Bounds are part of the type
# because they follow from what the quantity is (a share lies in [0, 1]).
# Interpolation is part of the type too: money, counts, tokens and FLOP grow geometrically (log);
# shares, rates, multiples and GW build schedules (which start at 0) move in straight lines.
Usd = Annotated[Value, NumSpec("USD", lo=0, interpolate="log")]
UsdOnce = Annotated[Value, NumSpec("USD", lo=0, path_ok=False)]
"""An amount that happens once (a financing round, a contract's total value): a single value, not a path."""
UsdSignedOnce = Annotated[Value, NumSpec("USD", path_ok=False)]
UsdPerYear = Annotated[Value, NumSpec("USD/year", lo=0, interpolate="log")]
UsdPerGw = Annotated[Value, NumSpec("USD/GW", lo=0, interpolate="log")]
UsdPerGwYear = Annotated[Value, NumSpec("USD/GW/year", lo=0, interpolate="log")]
UsdPerMwh = Annotated[Value, NumSpec("USD/MWh", lo=0, interpolate="log")]
Gw = Annotated[Value, NumSpec("GW", lo=0)]
Fraction = Annotated[Value, NumSpec("fraction", lo=0, hi=1)]
Rate = Annotated[Value, NumSpec("fraction", lo=-1)]
Multiple = Annotated[Value, NumSpec("fraction", lo=0)]
Pue = Annotated[Value, NumSpec("fraction", lo=1)]
Count = Annotated[Value, NumSpec("count", lo=0, interpolate="log")]
CountPerYear = Annotated[Value, NumSpec("count/year", lo=0, interpolate="log")]
CountPerDay = Annotated[Value, NumSpec("count/day", lo=0, interpolate="log")]
Flop = Annotated[Value, NumSpec("FLOP", lo=0, interpolate="log")]
FlopPerSW = Annotated[Value, NumSpec("FLOP/s/W", lo=1e6, interpolate="log")]
"""Compute per watt: a divisor (GW = FLOP/s over FLOP/s per W), so its lower bound is positive -- 1e6 FLOP/s/W,
some five orders of magnitude below any accelerator -- and 0 is an error rather than zero demand."""
Life = Annotated[Value, NumSpec("year", lo=1, hi=15, path_ok=False)]
Delay = Annotated[Value, NumSpec("year", lo=0, hi=10, path_ok=False)]
"""Years a delivery slips (happens once): may be uncertain and fractional."""
"""A number of years that happens once (an IT life): may be uncertain; the model rounds it to whole years."""
