"""The base class every scenario component derives from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Component(BaseModel):
    """A block of a scenario file: unknown fields are errors, defaults go through the parser."""

    model_config = ConfigDict(extra="forbid", validate_default=True, arbitrary_types_allowed=True, frozen=True)


class Named(Component):
    """A list item addressed by its ``name`` in dotted paths (``sites.abilene.capex_per_gw``)."""

    name: str = Field(..., description="Identifier of this item, used in dotted paths and output names.",
                      pattern=r"^[a-z][a-z0-9_]*$")


def read_shares(raw: object) -> object:
    """A ``{year: share}`` mapping with percentages (``30%``) read as fractions; anything else unchanged."""
    from gigawatt.scenario.units import to_canonical

    if isinstance(raw, dict):
        return {key: to_canonical(value, "fraction") if isinstance(value, str) else value for key, value in raw.items()}
    return raw
