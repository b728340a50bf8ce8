"""The problems of a scenario in a language: the fixed text of each message through the catalog.

The scenario package writes its messages in English, as f-strings that put in what the user wrote (a
field path, a name, a value). The catalog holds each message's *template*: the f-string with every
``{...}`` replaced by a numbered hole, ``"{0} must be at least {1}; got {2}"``, found in the code by
:func:`extract_messages` (a Babel extraction method, run by ``make messages``; context ``problem``),
so that a new message in the code is a string the completeness test wants translated.

:func:`translate` matches a message against the templates (the one with the most fixed text first)
and writes the translation with the holes filled by what the message had there, unchanged (a hole
that holds a whole message of its own, such as the ``{exc}`` of ``f"{what}: {exc}"``, is translated
in turn). A message no template matches is returned as it is.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from typing import IO, Any

from babel.messages.pofile import read_po

from gigawatt.i18n.language import DOMAIN, SOURCE, Language, catalog_path

__all__ = ["CONTEXT", "extract_messages", "templates_in", "translate"]

CONTEXT = "problem"
"""The gettext context of the scenario's messages."""

CALLS = {"ValueProblem": 0, "UnitProblem": 0, "FormulaProblem": 0, "CorrelationProblem": 0, "ValueError": 0,
         "one": 0, "PathProblems": 0, "Problem": 2, "_locate": 1}
"""Calls whose argument (at this position) is a problem's text (``ScenarioError.one``, ``Problem(mark, path,
text)``, the loader's ``_locate(path, text, raw)``)."""

PARTS = frozenset({"did_you_mean"})
"""Functions whose returned text is a part of messages (`` (did you mean 'x'?)``): translated where it is put in."""

_HOLE = "\x00"
_NUMBERED = re.compile(r"\{(\d+)\}")


def _skeleton(node: ast.AST, constants: dict[str, str]) -> str | None:
    """The fixed text of a message expression with a hole for each value it puts in (None: not a message)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.JoinedStr):
        out = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value))
            elif isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name) \
                    and part.value.id in constants and part.conversion == -1 and part.format_spec is None:
                out.append(constants[part.value.id])
            else:
                out.append(_HOLE)
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _skeleton(node.left, constants), _skeleton(node.right, constants)
        return (left if left is not None else _HOLE) + (right if right is not None else _HOLE)
    return None


def _message_nodes(tree: ast.Module) -> Iterator[ast.AST]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            if name in CALLS and len(node.args) > CALLS[name]:
                arg = node.args[CALLS[name]]
                if isinstance(arg, ast.List):  # PathProblems([(path, message), ...])
                    yield from (e.elts[1] for e in arg.elts if isinstance(e, ast.Tuple) and len(e.elts) == 2)
                else:
                    yield arg
            elif name == "append" and len(node.args) == 1 and isinstance(node.args[0], ast.Tuple) \
                    and len(node.args[0].elts) == 2:  # problems.append((path, message))
                yield node.args[0].elts[1]
        elif isinstance(node, ast.FunctionDef) and (node.name.endswith("_message") or node.name in PARTS):
            yield from (r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None)


def _alternatives(node: ast.AST) -> Iterator[ast.AST]:
    """The messages an expression may be: both sides of ``a if cond else b``."""
    if isinstance(node, ast.IfExp):
        yield from _alternatives(node.body)
        yield from _alternatives(node.orelse)
    else:
        yield node


def templates_in(source: str) -> list[tuple[int, str]]:
    """``(line, template)`` of every problem message in Python ``source``: holes numbered ``{0}``, ``{1}``..."""
    tree = ast.parse(source)
    constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                 for t in n.targets if isinstance(t, ast.Name)
                 and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
    found = []
    for node in (alt for found in _message_nodes(tree) for alt in _alternatives(found)):
        skeleton = _skeleton(node, constants)
        if skeleton is None or " " not in skeleton.replace(_HOLE, "").strip(" :;()"):
            continue  # not a sentence (a keyword such as `replace` passed to another call named `one`)
        pieces = skeleton.split(_HOLE)
        text = pieces[0] + "".join(f"{{{i}}}{piece}" for i, piece in enumerate(pieces[1:]))
        found.append((getattr(node, "lineno", 0), text))
    return found


def extract_messages(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                     options: Any) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """A Babel extraction method: each problem template of a Python file, in the context ``problem``."""
    for line, text in templates_in(fileobj.read().decode("utf-8")):
        yield line, "pgettext", (CONTEXT, text), []


@cache
def _templates(code: str) -> list[tuple[int, re.Pattern[str], str, list[str]]]:
    """``(length of the fixed text, pattern, translation, hole names)`` of a language's problem templates, most
    fixed text first."""
    with catalog_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    out = []
    for message in catalog:
        if message.context != CONTEXT or not message.id or not message.string or message.fuzzy:
            continue
        english = str(message.id)
        pieces = _NUMBERED.split(english)
        regex, holes = "", []
        for i, piece in enumerate(pieces):
            if i % 2:
                holes.append(piece)
                # a hole right before another holds a name (``{name!r}{did_you_mean(...)}``): no space in it
                shape = r"\S*" if i + 2 < len(pieces) and pieces[i + 1] == "" else ".*?"
                regex += f"(?P<h{len(holes)}>{shape})"
            else:
                regex += re.escape(piece)
        fixed = len(english) - sum(len(h) + 2 for h in holes)
        out.append((fixed, re.compile(regex + r"\Z", re.S), str(message.string), holes))
    out.sort(key=lambda t: -t[0])
    return out


_MIN_FIXED_INSIDE = 8
"""A hole's text is translated as a message of its own only by a template with this much fixed text (so a
name is never taken for one)."""


def translate(message: str, lang: Language, *, _inside: bool = False) -> str:
    """``message`` (a problem's text in English) in ``lang``; what the user wrote is kept as it is."""
    if lang.code == SOURCE or not message:
        return message
    for fixed, pattern, string, holes in _templates(lang.code):
        if _inside and fixed < _MIN_FIXED_INSIDE:
            continue
        match = pattern.match(message)
        if match is None:
            continue
        values: dict[str, str] = {}
        for i, hole in enumerate(holes, start=1):
            text = match.group(f"h{i}")
            inner = translate(text, lang, _inside=True) if len(text) > _MIN_FIXED_INSIDE else text
            values.setdefault(hole, inner if inner != text else lang.isolate(text) if text.strip() else text)
        return _fill(lang.template_numbers(string), values)
    return message


def _fill(template: str, values: dict[str, str]) -> str:
    return _NUMBERED.sub(lambda m: values.get(m.group(1), m.group(0)), template)
