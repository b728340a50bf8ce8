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
    if typing.get_origin(annotation) is dict and models:
        return "mapping of name to " + " or ".join(m.__name__ for m in models)
    name = getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")
    for prefix in ("gigawatt.scenario.components.", "gigawatt.scenario.schema."):
        name = name.replace(prefix, "")
    return name.replace(" | None", " (optional)").replace(" | ", " or ")


Section = tuple[str, str, list[tuple[str, str, str, str]]]
"""A table of the reference: its title (a dotted path, ``[name]`` for any item), the component's first
docstring line, and ``(field, unit or type, default, meaning)`` rows."""


def field_sections() -> list[Section]:
    """Every table of the field reference, in order."""
    sections: list[Section] = []
    seen: set[type[BaseModel]] = set()

    def table(model: type[BaseModel], title: str) -> None:
        if model in seen:
            return
        seen.add(model)
        rows = []
        nested: list[tuple[type[BaseModel], str]] = []
        for name, info in model.model_fields.items():
            rows.append((name, _type_name(info), _default(info), info.description or ""))
            for sub in _models_in(info.annotation):
                suffix = "[name]" if _is_list(info.annotation) or typing.get_origin(info.annotation) is dict else ""
                nested.append((sub, f"{title}.{name}{suffix}" if title != "scenario" else f"{name}{suffix}"))
        sections.append((title, (model.__doc__ or "").strip().splitlines()[0], rows))
        for sub, sub_title in nested:
            label = sub_title
            if len(_models_in(model.model_fields[sub_title.split(".")[-1].replace("[name]", "")].annotation)
                   if sub_title.split(".")[-1].replace("[name]", "") in model.model_fields else []) > 1:
                label = f"{sub_title} (type: {typing.get_args(sub.model_fields['type'].annotation)[0]})"
            table(sub, label)

    table(Scenario, "scenario")
    return sections


def field_reference() -> str:
    """Markdown tables of every scenario field: path, unit, default and meaning."""
    lines = ["# Scenario field reference", "",
             "Generated from the schema by `gigawatt fields` (see `src/gigawatt/scenario/components/`). "
             "Every numeric field accepts a number in the unit shown, a quantity with units, an uncertain "
             "value, a time path or a formula (`\"= ...\"`; docs/scenario-language.md). "
             "\"log paths\": a path of anchor years "
             "interpolates in log space (a constant growth rate between anchors) unless it says `interpolate: linear`; "
             "every other path interpolates linearly unless it says `interpolate: log`.", ""]
    for title, doc, rows in field_sections():
        lines.extend([f"## {title}", "", doc, "", "| field | unit / type | default | meaning |", "|---|---|---|---|"])
        lines.extend(f"| `{name}` | {kind} | {default} | {meaning} |" for name, kind, default, meaning in rows)
        lines.append("")
    return "\n".join(lines) + "\n"


def _segments(title: str, field: str) -> list[str]:
    """The dotted path of a field of a section, ``*`` for any item name."""
    base = title.split(" (type:")[0]
    parts = [] if base == "scenario" else base.replace("[name]", ".*").split(".")
    return [*parts, field]


def matching_fields(path: str) -> list[tuple[str, str, str, str]]:
    """``(dotted path, unit or type, default, meaning)`` of every field at or under ``path`` (``sites``,
    ``sites.abilene.capex_per_gw``, ``consumer.paying_share.2030``); an item name matches any item."""
    wanted = [p for p in path.strip(".").split(".") if p]
    found = []
    for title, _, rows in field_sections():
        for name, kind, default, meaning in rows:
            segments = _segments(title, name)
            if all(s in ("*", w) for s, w in zip(segments, wanted, strict=False)):
                shown = ".".join(w if s == "*" and i < len(wanted) else ("NAME" if s == "*" else s)
                                 for i, (s, w) in enumerate(zip(segments, [*wanted, *[""] * len(segments)],
                                                                strict=False)))
                found.append((len(segments), (shown, kind, default.strip("`"), meaning)))
    deep = [row for depth, row in found if depth >= len(wanted)]
    if not deep and found:  # a path into a value (a year of a time path): the deepest field that holds it
        deepest = max(depth for depth, _ in found)
        deep = [row for depth, row in found if depth == deepest]
    return list(dict.fromkeys(deep))


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
