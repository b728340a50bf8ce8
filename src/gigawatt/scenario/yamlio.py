"""Reading YAML into plain data while keeping the line and column of every node."""

from __future__ import annotations

import re
from typing import Any

import yaml

from gigawatt.scenario.errors import Mark, ScenarioError

Key = tuple[str, ...]
"""A node's place in a scenario: mapping keys, and list items by their ``name`` (else their index)."""


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads `NO` (Norway), `yes`, `on` as booleans; a scenario follows YAML 1.2: only true/false."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def item_key(item: Any, index: int) -> str:
    """How a list item is addressed in a dotted path: its ``name`` if it has one, else its index."""
    if isinstance(item, dict) and isinstance(item.get("name"), str):
        return str(item["name"])
    return str(index)


def read_yaml(text: str, file: str) -> tuple[Any, dict[Key, Mark]]:
    """Parse YAML text; return the data and the mark of every node by its key.

    Raises
    ------
    ScenarioError
        For malformed YAML or duplicate keys, with the file, line and column.
    """
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # the reader refuses control characters before parsing starts
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ScenarioError.one(f"character #x{exc.character:04x} is not allowed in YAML text", file=file,
                                line=line, column=column) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        marks: dict[Key, Mark] = {}
        data = _build(loader, node, (), file, marks, set())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise ScenarioError.one(f"malformed YAML: {what}", file=file, line=line, column=column) from None
    except yaml.YAMLError as exc:
        raise ScenarioError.one(f"malformed YAML: {exc}", file=file) from None
    finally:
        loader.dispose()
    return data, marks


def _mark(node: yaml.Node, file: str) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _build(loader: _Loader, node: yaml.Node, key: Key, file: str, marks: dict[Key, Mark], seen: set[int]) -> Any:
    if id(node) in seen:  # an alias: refused, since nested aliases can blow a few bytes up into gigabytes
        raise ScenarioError.one("YAML aliases (*name) are not supported in a scenario: write the value out, or "
                                "share values with `extends`", **_where(node, file))
    seen.add(id(node))
    marks[key] = _mark(node, file)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            name = loader.construct_object(key_node, deep=True)
            if isinstance(name, (dict, list)):
                raise ScenarioError.one("a mapping key must be a plain word or a year", **_where(key_node, file))
            if name in out:
                raise ScenarioError.one(f"the key {name!r} appears twice", **_where(key_node, file))
            out[name] = _build(loader, value_node, (*key, str(name)), file, marks, seen)
            marks[(*key, str(name))] = _mark(key_node, file)  # point at the field's name
        return out
    if isinstance(node, yaml.SequenceNode):
        items = [_build(loader, child, (*key, str(i)), file, marks, seen) for i, child in enumerate(node.value)]
        # re-key named items so that marks follow `sites.abilene` rather than `sites.3`
        for i, item in enumerate(items):
            named = item_key(item, i)
            if named != str(i):
                for old in [k for k in marks if k[: len(key) + 1] == (*key, str(i))]:
                    marks[(*key, named, *old[len(key) + 1 :])] = marks.pop(old)
        return items
    return loader.construct_object(node, deep=True)


def _where(node: yaml.Node, file: str) -> dict[str, Any]:
    return {"file": file, "line": node.start_mark.line + 1, "column": node.start_mark.column + 1}
