"""The field reference, generated from the schema declarations (so the docs cannot drift)."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from gigawatt.scenario.fields import spec_of
from gigawatt.scenario.schema import Scenario


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Component classes inside a field's type (list items, optionals, unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    if origin is typing.Annotated or origin in (typing.Union, types.UnionType):
        return any(_is_list(a) for a in typing.get_args(annotation))
    return False


def fields_at(key: tuple[str, ...], data: Any) -> list[str]:
    """Names of the fields allowed at ``key`` in a scenario (for "did you mean" messages)."""
    model: type[BaseModel] = Scenario
    node = data
    parts = list(key)
    while parts:
        part = parts.pop(0)
        info = model.model_fields.get(part)
        if info is None:
            return list(model.model_fields)
        node = node.get(part) if isinstance(node, dict) else None
        candidates = _models_in(info.annotation)
        if not candidates:
            return list(model.model_fields)
        if _is_list(info.annotation) and parts:
            item_name = parts.pop(0)
            item = next((i for i in node or [] if isinstance(i, dict) and str(i.get("name")) == item_name), None)
            if item is None and item_name.isdigit() and isinstance(node, list) and int(item_name) < len(node):
                item = node[int(item_name)]
            node = item
            if len(candidates) > 1 and isinstance(item, dict):
                typed = [c for c in candidates if typing.get_args(c.model_fields["type"].annotation) == (
                    item.get("type"),)] if all("type" in c.model_fields for c in candidates) else []
                candidates = typed or candidates
        model = candidates[0]
    return list(model.model_fields)


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    if info.default_factory is not None:
        return "(empty)"
    if info.default is None or info.default is PydanticUndefined:
        return "none"
    return f"`{info.default}`"


def _type_name(info: FieldInfo) -> str:
    spec = spec_of(info.metadata) or next((spec_of(list(getattr(a, "__metadata__", []))) for a in typing.get_args(
        info.annotation) if spec_of(list(getattr(a, "__metadata__", [])))), None)
    if spec is not None:
        bounds = []
        if spec.lo is not None:
            bounds.append(f">= {spec.lo:g}")
        if spec.hi is not None:
            bounds.append(f"<= {spec.hi:g}")
        if spec.path_ok and spec.interpolate == "log":
            bounds.append("log paths")  # anchors interpolate in log space unless the path says otherwise
        return f"{spec.unit}" + (f" ({', '.join(bounds)})" if bounds else "")
    annotation = info.annotation
    models = _models_in(annotation)
    if _is_list(annotation) and models:
        return "list of " + " or ".join(m.__name__ for m in models)
    name = getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")
    for prefix in ("gigawatt.scenario.components.", "gigawatt.scenario.schema."):
        name = name.replace(prefix, "")
    return name.replace(" | None", " (optional)").replace(" | ", " or ")


def field_reference() -> str:
    """Markdown tables of every scenario field: path, unit, default and meaning."""
    lines = ["# Scenario field reference", "",
             "Generated from the schema by `gigawatt fields` (see `src/gigawatt/scenario/components/`). "
             "Every numeric field accepts a number in the unit shown, a quantity with units, an uncertain "
             "value, a time path or a formula (`\"= ...\"`; docs/scenario-language.md). "
             "\"log paths\": a path of anchor years "
             "interpolates in log space (a constant growth rate between anchors) unless it says `interpolate: linear`; "
             "every other path interpolates linearly unless it says `interpolate: log`.", ""]
    seen: set[type[BaseModel]] = set()

    def table(model: type[BaseModel], title: str) -> None:
        if model in seen:
            return
        seen.add(model)
        lines.extend([f"## {title}", "", (model.__doc__ or "").strip().splitlines()[0], "",
                      "| field | unit / type | default | meaning |", "|---|---|---|---|"])
        nested: list[tuple[type[BaseModel], str]] = []
        for name, info in model.model_fields.items():
            lines.append(f"| `{name}` | {_type_name(info)} | {_default(info)} | {info.description or ''} |")
            for sub in _models_in(info.annotation):
                suffix = "[name]" if _is_list(info.annotation) else ""
                nested.append((sub, f"{title}.{name}{suffix}" if title != "scenario" else f"{name}{suffix}"))
        lines.append("")
        for sub, sub_title in nested:
            label = sub_title
            if len(_models_in(model.model_fields[sub_title.split(".")[-1].replace("[name]", "")].annotation)
                   if sub_title.split(".")[-1].replace("[name]", "") in model.model_fields else []) > 1:
                label = f"{sub_title} (type: {typing.get_args(sub.model_fields['type'].annotation)[0]})"
            table(sub, label)

    table(Scenario, "scenario")
    return "\n".join(lines) + "\n"


REFERENCE_MARK = "<!-- field reference -->"
"""In a Markdown page, everything after this line is the generated field reference."""


def embed_reference(page: str) -> str:
    """``page`` with everything after :data:`REFERENCE_MARK` replaced by the field reference (headings one
    level down, so that it sits as a section of the page)."""
    if REFERENCE_MARK not in page:
        raise ValueError(f"the page has no line {REFERENCE_MARK!r} to put the field reference after")
    head = page.split(REFERENCE_MARK, 1)[0]
    body = "\n".join(f"#{line}" if line.startswith("#") else line for line in field_reference().splitlines())
    return f"{head}{REFERENCE_MARK}\n\n{body}\n"
