"""Dotted paths: one name for every field of a scenario (``sites.abilene.capex_per_gw``).

The same paths serve ``--set``, correlations, sensitivity analysis and goal
seeking. List items are addressed by their ``name``; anchors of a time path by
their year (``consumer.paying_share.2030``); parts of a growth or logistic path
by ``start``, ``growth``, ``ceiling``, ``midpoint_year``.
"""

from __future__ import annotations

import typing
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from gigawatt.scenario.errors import did_you_mean
from gigawatt.scenario.fields import NumSpec, spec_of
from gigawatt.scenario.values import OWN_UNITS, Dist, Value, children, is_value


class PathError(KeyError):
    """A dotted path that names no field; the message says what exists there."""

    def __str__(self) -> str:
        return str(self.args[0])


def split(path: str) -> list[str]:
    """``"sites.abilene.capex_per_gw"`` -> ``["sites", "abilene", "capex_per_gw"]``."""
    parts = path.strip().split(".")
    if not path.strip() or any(not p for p in parts):
        raise PathError(f"{path!r} is not a dotted path such as consumer.paying_share")
    return parts


def _dict_key(mapping: dict[Any, Any], part: str) -> Any:
    for key in mapping:
        if str(key) == part:
            return key
    return int(part) if part.isdigit() else part


def set_raw(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at ``path`` in raw scenario data (as read from YAML), in place.

    Missing mapping keys are created (validation later rejects unknown fields);
    a list item that does not exist is an error naming the items that do.
    """
    parts = split(path)
    node: Any = data
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[:depth]) or "the scenario"
        if isinstance(node, list):
            names = [str(item.get("name")) for item in node if isinstance(item, dict)]
            matches = [item for item in node if isinstance(item, dict) and str(item.get("name")) == part]
            if not matches:
                raise PathError(f"{where} has no item named {part!r}{did_you_mean(part, names)}; items: "
                                + (", ".join(names) or "none"))
            if last:
                raise PathError(f"{path}: cannot replace a whole list item; set one of its fields")
            node = matches[0]
        elif isinstance(node, dict):
            if part not in {str(k) for k in node} and isinstance(node.get("logistic"), dict):
                node = node["logistic"]  # the parts of an S-curve sit under `logistic:` in the file
            key = _dict_key(node, part)
            if last:
                node[key] = value
                return
            if key not in node or node[key] is None or not isinstance(node[key], (dict, list)):
                node[key] = {}
            node = node[key]
        else:
            raise PathError(f"{where} is a single value; it has no field {part!r}")


@dataclass(frozen=True)
class Field:
    """A numeric field of a scenario: its dotted path, value, declaration (unit, bounds), meaning, and the model
    block that reads it first (its component's :class:`~gigawatt.scenario.components.base.ReadBy`)."""

    path: str
    value: Value
    spec: NumSpec
    description: str
    reader: str = ""
    field: str = ""
    """The path of the field this value is a part of (:func:`every_value`); empty for a whole field."""


def field_spec(info: FieldInfo) -> NumSpec | None:
    """The declaration of a numeric field (also when it is optional), or None for any other field."""
    found = spec_of(info.metadata)
    if found is not None:
        return found
    for arg in typing.get_args(info.annotation):
        found = spec_of(list(getattr(arg, "__metadata__", [])))
        if found is not None:
            return found
    return None


def numeric_fields(model: BaseModel, prefix: str = "", reader: str = "") -> Iterator[Field]:
    """Every numeric field of a scenario (or component) with its path, unit, bounds, meaning and reader.

    The one walker over a scenario's values: paths, inputs, units, controls and reports come from it.
    ``reader`` is the block that reads ``model``'s fields when its own class declares none.
    """
    declared = getattr(type(model), "read_by", None)
    for name, info in type(model).model_fields.items():
        item = getattr(model, name)
        path = f"{prefix}{name}"
        spec = field_spec(info)
        by = declared.of(name) if declared is not None else reader
        if spec is not None and is_value(item):
            yield Field(path, item, spec, info.description or "", by)
        elif isinstance(item, BaseModel):
            yield from numeric_fields(item, f"{path}.", by)
        elif isinstance(item, (list, tuple)):
            for i, element in enumerate(item):
                if isinstance(element, BaseModel):
                    label = getattr(element, "name", None)
                    yield from numeric_fields(element, f"{path}.{label if isinstance(label, str) else i}.", by)
        elif isinstance(item, dict):  # components by name: a network's entities and markets
            for key, element in item.items():
                if isinstance(element, BaseModel):
                    yield from numeric_fields(element, f"{path}.{key}.", by)


GROWTH_SPEC = NumSpec(*OWN_UNITS["growth"])
"""A growth rate: a fraction per year, at least -100%."""
YEAR_SPEC = NumSpec(*OWN_UNITS["midpoint_year"])
"""An S-curve's midpoint: a calendar year."""


def part_spec(spec: NumSpec, path: str) -> NumSpec:
    """The declaration of a part of a value at ``path`` (:data:`~gigawatt.scenario.values.OWN_UNITS`): a growth
    rate is a fraction (at least -1), a midpoint a year; anchors, starts, ceilings and reached values are in the
    field's own unit and bounds."""
    own = OWN_UNITS.get(path.rsplit(".", 1)[-1])
    return spec if own is None else NumSpec(*own)


def every_value(model: BaseModel) -> Iterator[Field]:
    """Every value of a scenario (or component): each numeric field, then each part of it (anchors by year,
    starts, rates, ceilings), with its dotted path, its declaration (a part's own: :func:`part_spec`), the
    field's meaning and reader; ``field`` names the field a part belongs to.

    The one walker over a scenario's values: uncertain inputs, dotted paths, units, controls, goal seek and
    reports come from it.
    """
    for item in numeric_fields(model):
        for path, part in iter_parts(item.path, item.value):
            spec = item.spec if path == item.path else part_spec(item.spec, path)
            yield Field(path, part, spec, item.description, item.reader, item.path)


def iter_parts(path: str, value: Value) -> Iterator[tuple[str, Value]]:
    """``value`` and each part of it, with their dotted paths (anchors by year)."""
    yield path, value
    for suffix, child in children(value):
        yield from iter_parts(f"{path}.{suffix}", child)


def value_units(model: BaseModel) -> dict[str, str]:
    """The canonical unit of every value of a scenario (a field, or a part of one), by dotted path."""
    return {item.path: item.spec.unit for item in every_value(model)}


def uncertain_inputs(model: BaseModel) -> dict[str, Dist]:
    """Every uncertain input (:class:`Dist`) of a scenario by its dotted path, in declaration order.

    A network's entity ``e`` gives its inputs as ``entities.e.<path within the entity>``: their draws are their
    own, and pinning, sensitivity and ``--set`` name them so.

    Scenarios are frozen, so the walk is made once per scenario object and kept while the object lives
    (every simulation asks for it twice: a walk costs a few ms, most of a one-sample run's time); each call
    gets its own dict."""
    key = id(model)
    kept = _INPUTS.get(key)
    if kept is not None and kept[0]() is model:
        return dict(kept[1])
    found = {item.path: item.value for item in every_value(model) if isinstance(item.value, Dist)}
    if model.model_config.get("frozen"):
        _INPUTS[key] = (weakref.ref(model, _forget(key)), found)
    return dict(found)


def _forget(key: int) -> typing.Callable[[weakref.ref[BaseModel]], None]:
    """The callback that drops the kept walk of the scenario ``key`` when that scenario is collected."""
    def forget(_: weakref.ref[BaseModel]) -> None:
        _INPUTS.pop(key, None)
    return forget


_INPUTS: dict[int, tuple[weakref.ref[BaseModel], dict[str, Dist]]] = {}
""":func:`uncertain_inputs` of each live frozen scenario, by ``id``; an entry goes with its scenario."""


def all_paths(model: BaseModel) -> list[str]:
    """Every dotted path to a numeric value or part of one (for suggestions in messages)."""
    return [item.path for item in every_value(model)]
