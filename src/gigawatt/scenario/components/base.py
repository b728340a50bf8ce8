"""The base class every scenario component derives from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

PLANNER = "plan"
"""The reader of the planning sections: ``gigawatt plan``, which reads them without running the model."""


class ReadBy:
    """The model block that reads a component's numeric fields first, declared once beside the fields.

    ``ReadBy("fleet", compute_costs=("pue", "utilisation"))``: every numeric field is read first by the
    ``fleet`` block, but ``pue`` and ``utilisation`` by ``compute_costs``. A formula in a field may read the
    outputs of the blocks that run before the field's reader (:mod:`gigawatt.scenario.order` checks it when the
    scenario loads); a test runs the model and holds every declaration to the block that really reads first.
    """

    def __init__(self, block: str, **fields: tuple[str, ...]) -> None:
        self.block = block
        self.fields: Mapping[str, str] = {name: reader for reader, names in fields.items() for name in names}

    def of(self, name: str) -> str:
        """The block that reads the field ``name`` first."""
        return self.fields.get(name, self.block)


class Component(BaseModel):
    """A block of a scenario file: unknown fields are errors, defaults go through the parser."""

    model_config = ConfigDict(extra="forbid", validate_default=True, arbitrary_types_allowed=True, frozen=True)

    read_by: ClassVar[ReadBy | None] = None
    """The block that reads this component's numeric fields first; None: the reader of the field that holds it."""


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


PriceBy = Literal["year", "delivery", "signing"]
"""Which year's price a GW pays (sites' leases and contracts alike)."""


def price_by_field(price: str) -> Any:
    """The ``price_by`` field of a component whose price per GW-year is the field ``price``."""
    return Field("year", description=f"`year`: every GW pays `{price}` of the current year; `delivery`: "
                 "each GW pays the price of the year it came online for as long as it runs (prices that fall by "
                 "generation); `signing`: each GW pays the price of the year it was signed, `signing_lead_years` "
                 "before the year its path brings it (a slip does not change it).")


def signing_lead_field() -> Any:
    """The ``signing_lead_years`` field that goes with :func:`price_by_field`."""
    return Field(0, ge=0, le=10, description="Years between signing and the year the path brings the GW online "
                 "(for `price_by: signing`; signing before the horizon pays the first year's price).")
