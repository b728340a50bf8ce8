"""The strings to translate, found in the code and templates with Babel's extractors, and the catalog check.

``python -m gigawatt.i18n.extract`` (``make messages``) writes ``locales/gigawatt.pot`` and merges it
into every language's ``.po`` (new strings arrive untranslated, strings no longer used are dropped).
:func:`problems` lists what a catalog lacks: a string with no translation, a fuzzy entry, a
translation whose ``{placeholders}`` differ from the English.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from gigawatt.i18n.language import DOMAIN, SOURCE, available, catalog_path

__all__ = ["PACKAGE", "extract", "main", "problems"]

PACKAGE = Path(__file__).resolve().parent.parent
"""The ``gigawatt`` package folder, whose code and templates are searched."""

METHODS = [
    ("report/**.py", "python"),
    ("web/**.py", "python"),
    ("analysis/statements.py", "python"),
    ("outputs.py", "python"),
    ("scenario/**.py", "gigawatt.i18n.problems:extract_messages"),
    ("**/templates/**.j2", "jinja2"),
    ("web/static/**.js", "javascript"),
]
"""Babel's method map: which files hold visible strings, and how to read them."""

OPTIONS = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None,
            "Output": (5,)}
"""The calls whose arguments are messages; ``Output(name, unit, kind, group, label, ...)`` gives its label."""

PLACEHOLDER = re.compile(r"\{(\w+)\}|%\((\w+)\)s")


def extract(root: Path = PACKAGE) -> Catalog:
    """Every marked string under ``root``, as a template catalog (msgids with their source lines)."""
    catalog = Catalog(domain=DOMAIN, project="gigawatt", msgid_bugs_address="", charset="utf-8")
    found = extract_from_dir(str(root), METHODS, OPTIONS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
                             strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    from gigawatt.web.controls import curated_meanings  # the sliders' tooltips: meanings declared in the schema

    for meaning in curated_meanings():
        catalog.add(meaning, None, [("web/controls.py", 0)], auto_comments=["the meaning of a field (a tooltip)"])
    return catalog


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def _forms(message: Message) -> tuple[list[str], list[str]]:
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    strings = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
    return ids, [s or "" for s in strings]


def problems(code: str, template: Catalog | None = None) -> list[str]:
    """What the catalog of ``code`` lacks against the strings of the code (``template``, default: extracted)."""
    template = template if template is not None else extract()
    with catalog_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    out = []
    for message in template:
        if not message.id:
            continue
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        found = catalog.get(message.id, context=message.context)
        label = message.id if isinstance(message.id, str) else message.id[0]
        if found is None:
            out.append(f"{code}: no entry for {label!r} ({where})")
            continue
        ids, strings = _forms(found)
        if found.fuzzy or not all(s.strip() for s in strings):
            out.append(f"{code}: {label!r} is {'fuzzy' if found.fuzzy else 'untranslated'} ({where})")
            continue
        wanted = set().union(*(_placeholders(i) for i in ids))
        for text in strings:
            if _placeholders(text) - wanted or (len(ids) == 1 and _placeholders(text) != wanted):
                out.append(f"{code}: the translation of {label!r} has placeholders {sorted(_placeholders(text))}, "
                           f"the English {sorted(wanted)} ({where})")
    return out


def _write(catalog: Catalog, path: Path, **options: bool) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, width=116, sort_output=False, **options)


def update(codes: Iterable[str] | None = None, root: Path = PACKAGE) -> Iterator[str]:
    """Write the template and merge it into the catalogs of ``codes`` (default: all); yield what was written."""
    template = extract(root)
    pot = root / "i18n" / "locales" / f"{DOMAIN}.pot"
    _write(template, pot, omit_header=False, include_lineno=False)
    yield str(pot)
    for code in codes or [c for c in available() if c != SOURCE]:
        path = root / "i18n" / "locales" / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=code, domain=DOMAIN)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=code, domain=DOMAIN, project="gigawatt")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _write(catalog, path, include_lineno=False, ignore_obsolete=True)
        yield str(path)


def main(argv: list[str] | None = None) -> int:
    """``python -m gigawatt.i18n.extract [CODE ...]``: update the template and the catalogs, list what is missing."""
    args = sys.argv[1:] if argv is None else argv
    for written in update(args or None):
        print(f"wrote {written}")
    missing = [p for code in (args or available()[1:]) for p in problems(code)]
    for line in missing:
        print(line)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
