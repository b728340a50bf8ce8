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

from gigawatt.i18n import ENGLISH, Language
from gigawatt.i18n.problems import translate
from gigawatt.scenario import loader
from gigawatt.scenario.errors import ScenarioError, did_you_mean
from gigawatt.scenario.schema import Scenario

TEXT_LABEL = "<text>"
"""The file name given to posted text in error messages."""



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
    return loader.read_text(text, TEXT_LABEL, extends_files=False)


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


def overrides_key(overrides: dict[str, Any] | None) -> str:
    """A canonical, hashable form of overrides (JSON with sorted keys)."""
    return json.dumps(overrides or {}, sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=64)
def _scenario(name: str | None, text: str | None, key: str) -> Scenario:
    raw = raw_of(name, text)
    overrides: dict[str, Any] = json.loads(key)
    if not overrides:
        return loader.validate(raw)
    values: dict[str, Any] = {}
    for path, value in overrides.items():
        parsed = loader.override_value(value)
        if parsed is None:
            raise ScenarioError.one(f"the override of {path} needs a value", file=f"--set {path}", path=path)
        values[path] = parsed
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
    from gigawatt.api import check_formulas  # formulas read only outputs made before their fields are used

    return check_formulas(_scenario(name, None if name is not None else (text or ""), overrides_key(overrides)))


def problems_of(exc: ScenarioError, lang: Language = ENGLISH) -> list[dict[str, Any]]:
    """The problems of a scenario error as JSON objects (line and column ``None`` when unknown), their messages
    in ``lang`` (the fixed text translated; file, field path and what the user wrote left as they are)."""
    out = []
    for p in exc.problems:
        message = translate(p.message, lang)
        where = f"{p.mark}: " if p.mark.file else ""
        field = f"{p.path}: " if p.path else ""
        out.append({"file": p.mark.file, "line": p.mark.line or None, "column": p.mark.column or None,
                    "path": p.path, "message": message, "text": f"{where}{field}{message}"})
    return out


def clear_caches() -> None:
    """Forget every cached scenario (for tests and benchmarks that measure cold loads)."""
    for cached in (_raw_bundled, _raw_text, _scenario):
        cached.cache_clear()
