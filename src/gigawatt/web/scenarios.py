"""Scenarios for the web: bundled names or posted YAML text, cached by content, never a server file.

Posted text may ``extends`` a bundled scenario only (a path would let a request
read the server's files). Parsed YAML is cached by its text and validated
scenarios by text and overrides, so a slider that moves one value re-validates
but never re-parses the file. Cached objects are never modified.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import yaml

from gigawatt.scenario import loader
from gigawatt.scenario.errors import Mark, ScenarioError, did_you_mean
from gigawatt.scenario.paths import iter_values
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.values import Logistic
from gigawatt.scenario.yamlio import read_yaml

TEXT_LABEL = "<text>"
"""The file name given to posted text in error messages."""

LOGISTIC_PARTS = ("start", "ceiling", "midpoint_year", "start_year")


def bundled() -> list[str]:
    """Names of the bundled scenarios."""
    return loader.bundled_names()


def check_name(name: str) -> str:
    """``name`` if it is a bundled scenario; else a :class:`KeyError` naming the choices."""
    names = bundled()
    if name not in names:
        raise KeyError(f"no bundled scenario named {name!r}{did_you_mean(name, names)}; "
                       f"bundled: {', '.join(names) or 'none'}")
    return name


@lru_cache(maxsize=16)
def _raw_bundled(name: str) -> loader.Raw:
    return loader.read_raw(name)


@lru_cache(maxsize=32)
def _raw_text(text: str) -> loader.Raw:
    if not text.strip():
        raise ScenarioError.one("the scenario text is empty; a scenario needs at least a name", file=TEXT_LABEL)
    try:
        data, marks = read_yaml(text, TEXT_LABEL)
    except yaml.reader.ReaderError as exc:  # raised before the loader's own error handling starts
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ScenarioError.one(f"character #x{exc.character:04x} is not allowed in YAML text", file=TEXT_LABEL,
                                line=line, column=column) from None
    if not isinstance(data, dict):
        raise ScenarioError.one("a scenario must be a mapping of sections (name:, horizon:, ...)", file=TEXT_LABEL,
                                line=1, column=1)
    raw = loader.Raw(data, marks, loader._comments(text, marks))
    parent = data.get("extends")
    if parent is None:
        return raw
    names = bundled()
    if not isinstance(parent, str) or parent not in names:
        mark = marks.get(("extends",), Mark(TEXT_LABEL))
        raise ScenarioError.one(
            f"here `extends` may name a bundled scenario only ({', '.join(names) or 'none'}); got {parent!r}"
            f"{did_you_mean(str(parent), names)}", file=mark.file, line=mark.line, column=mark.column,
            path="extends")
    return loader.merge(_raw_bundled(parent), raw)


def raw_of(name: str | None, text: str | None) -> loader.Raw:
    """The parsed (not yet validated) scenario of a bundled name or of YAML text."""
    if name is not None:
        return _raw_bundled(check_name(name))
    return _raw_text(text or "")


def source_text(name: str | None, text: str | None) -> str:
    """The YAML as written: the bundled file, or the posted text."""
    if name is not None:
        return loader.bundled_text(check_name(name))
    return text or ""


def _value(raw: Any) -> Any:
    """An override value in file syntax: text is read as YAML (safely: data only, never code)."""
    if not isinstance(raw, str):
        return raw
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError:
        value = raw
    return value


def _override_path(base: Scenario, path: str) -> str:
    """The path to write into the file's data: ``consumer.users.ceiling`` sits under ``logistic:`` there."""
    parts = path.split(".")
    if len(parts) < 2 or parts[-1] not in LOGISTIC_PARTS:
        return path
    owner = ".".join(parts[:-1])
    for value_path, value in iter_values(base):
        if value_path == owner and isinstance(value, Logistic):
            return f"{owner}.logistic.{parts[-1]}"
    return path


def overrides_key(overrides: dict[str, Any] | None) -> str:
    """A canonical, hashable form of overrides (JSON with sorted keys)."""
    return json.dumps(overrides or {}, sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=64)
def _scenario(name: str | None, text: str | None, key: str) -> Scenario:
    raw = raw_of(name, text)
    overrides: dict[str, Any] = json.loads(key)
    if not overrides:
        return loader.validate(raw)
    base = _scenario(name, text, "{}")
    values: dict[str, Any] = {}
    for path, value in overrides.items():
        parsed = _value(value)
        if parsed is None:
            raise ScenarioError.one(f"the override of {path} needs a value", file=f"--set {path}", path=path)
        values[_override_path(base, path)] = parsed
    return loader.validate(raw, values)


def scenario_of(name: str | None, text: str | None, overrides: dict[str, Any] | None = None) -> Scenario:
    """The validated scenario of a bundled name or YAML text with ``{path: value}`` overrides.

    Raises
    ------
    ScenarioError
        With file, line, column and field of each problem.
    KeyError
        For an unknown bundled name.
    """
    return _scenario(name, None if name is not None else (text or ""), overrides_key(overrides))


def problems_of(exc: ScenarioError) -> list[dict[str, Any]]:
    """The problems of a scenario error as JSON objects (line and column ``None`` when unknown)."""
    return [{"file": p.mark.file, "line": p.mark.line or None, "column": p.mark.column or None, "path": p.path,
             "message": p.message, "text": str(p)} for p in exc.problems]


def clear_caches() -> None:
    """Forget every cached scenario (for tests and benchmarks that measure cold loads)."""
    for cached in (_raw_bundled, _raw_text, _scenario):
        cached.cache_clear()
