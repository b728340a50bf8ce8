"""Reading YAML into plain data while keeping the line and column of every node."""

from __future__ import annotations

import re
from typing import Any

import yaml

from gigawatt.scenario.errors import Mark, ScenarioError

Key = tuple[str, ...]
"""A node's place in a scenario: mapping keys, and list items by their ``name`` (else their index)."""


MAX_DEPTH = 32
"""Deepest nesting of mappings and lists a scenario may have (a real one needs about 6): deeper text is
refused with its line, before the recursive parts of reading could run out of stack."""

_YAML_TAGS = "tag:yaml.org,2002:"


class MalformedYAMLError(ScenarioError):
    """Text that is not YAML at all (a parse error), located."""


if yaml.__with_libyaml__:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
else:  # pragma: no cover - PyYAML's wheels ship libyaml
    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, text: str) -> None:
            yaml.reader.Reader.__init__(self, text)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


class _Loader(_Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # type: ignore[misc]
    """libyaml's parser (C: linear and fast) with the safe constructor; :func:`_compose` builds the nodes.

    YAML 1.1 reads `NO` (Norway), `yes`, `on` as booleans; a scenario follows YAML 1.2: only true/false.
    """

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _single_node(loader: _Loader, file: str) -> yaml.Node | None:
    """The one document of the text as nodes (``None`` for none), like PyYAML's composer, with refusals."""
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()  # document start
    node = _compose(loader, file, 0)
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        event: Any = loader.get_event()
        raise ScenarioError.one("a scenario file holds one YAML document; remove the second `---`",
                                file=file, line=event.start_mark.line + 1, column=event.start_mark.column + 1)
    return node


def _compose(loader: _Loader, file: str, depth: int) -> yaml.Node:
    """The node of the next event and its children.

    Refuses tags (``!!python/...``, ``!!str``: a scenario is plain data, and a tag would otherwise be
    dropped without a word), aliases (nested aliases blow a few bytes up into gigabytes) and nesting
    deeper than :data:`MAX_DEPTH`, each at the line where it is written.
    """
    event: Any = loader.get_event()
    if isinstance(event, yaml.AliasEvent):
        raise _refuse("YAML aliases (*name) are not supported in a scenario: write the value out, or share "
                      "values with `extends`", event, file)
    if event.tag is not None:
        tag = str(event.tag)
        shown = "!!" + tag[len(_YAML_TAGS):] if tag.startswith(_YAML_TAGS) else tag
        raise _refuse(f"YAML tags ({shown}) are not supported in a scenario: write plain values "
                      "(quote text that looks like a number)", event, file)
    start: Any = event.start_mark
    if isinstance(event, yaml.ScalarEvent):
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        return yaml.ScalarNode(tag, event.value, start, event.end_mark, style=event.style)  # type: ignore[arg-type]
    if depth >= MAX_DEPTH:
        raise _refuse(f"nested more than {MAX_DEPTH} levels deep (mappings and lists); a scenario needs far "
                      "fewer", event, file)
    node: yaml.Node
    if isinstance(event, yaml.SequenceStartEvent):
        tag = loader.resolve(yaml.SequenceNode, None, event.implicit)
        node = yaml.SequenceNode(tag, [], start, None, flow_style=event.flow_style)
        while not loader.check_event(yaml.SequenceEndEvent):
            node.value.append(_compose(loader, file, depth + 1))
    else:
        tag = loader.resolve(yaml.MappingNode, None, event.implicit)
        node = yaml.MappingNode(tag, [], start, None, flow_style=event.flow_style)
        while not loader.check_event(yaml.MappingEndEvent):
            key = _compose(loader, file, depth + 1)
            node.value.append((key, _compose(loader, file, depth + 1)))
    end: Any = loader.get_event()
    node.end_mark = end.end_mark
    return node


def _refuse(message: str, event: Any, file: str) -> ScenarioError:
    mark = event.start_mark
    return ScenarioError.one(message, file=file, line=mark.line + 1, column=mark.column + 1)


def dump_yaml(data: Any) -> str:
    """Plain data as YAML text, keys in their order (libyaml's emitter when there is one: the same text)."""
    dumper = yaml.CSafeDumper if yaml.__with_libyaml__ else yaml.SafeDumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)


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
        yaml.reader.Reader(text)  # checks that every character may appear in YAML
    except yaml.reader.ReaderError as exc:  # the reader refuses control characters before parsing starts
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ScenarioError.one(f"character #x{exc.character:04x} is not allowed in YAML text", file=file,
                                line=line, column=column) from None
    loader = _Loader(text)
    try:
        node = _single_node(loader, file)
        if node is None:
            return None, {}
        marks: dict[Key, Mark] = {}
        data = _build(loader, node, (), file, marks)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise MalformedYAMLError.one(f"malformed YAML: {what}", file=file, line=line, column=column) from None
    except yaml.YAMLError as exc:
        raise MalformedYAMLError.one(f"malformed YAML: {exc}", file=file) from None
    finally:
        loader.dispose()
    return data, marks


def _mark(node: yaml.Node, file: str) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _build(loader: _Loader, node: yaml.Node, key: Key, file: str, marks: dict[Key, Mark]) -> Any:
    """Plain data of ``node``, recording the mark of every node under its key (named list items by name).

    Linear in the size of the text: a list item's key is known before its children are built
    (its ``name`` is read first), so no mark is ever moved.
    """
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
            out[name] = _build(loader, value_node, (*key, str(name)), file, marks)
            marks[(*key, str(name))] = _mark(key_node, file)  # point at the field's name
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, child in enumerate(node.value):
            name = _item_name(loader, child)
            items.append(_build(loader, child, (*key, str(i) if name is None else name), file, marks))
        return items
    return loader.construct_object(node, deep=True)


def _item_name(loader: _Loader, node: yaml.Node) -> str | None:
    """The ``name`` of a list item written as a mapping, as :func:`item_key` reads it from the data."""
    if not isinstance(node, yaml.MappingNode):
        return None
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and isinstance(value_node, yaml.ScalarNode) \
                and loader.construct_object(key_node) == "name":
            value = loader.construct_object(value_node)
            return value if isinstance(value, str) else None
    return None


def _where(node: yaml.Node, file: str) -> dict[str, Any]:
    return {"file": file, "line": node.start_mark.line + 1, "column": node.start_mark.column + 1}
