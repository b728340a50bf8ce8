"""Every bundled number is sourced in docs/sources.md or is a reasoned assumption.

The rule (also in docs/scenarios.md, "Sources and assumptions"):

- A *number* is every scalar leaf of a bundled scenario's YAML that is an int or a float (not a
  boolean), or a string with a digit in it ("$50B/GW", "5% to 8%", "2.2B to 4B", a formula with a
  constant), wherever it sits: a field, a year of a time path, a part of a distribution or of a
  list. Leaves under ``name``, ``description``, ``extends``, ``counterparty``, ``country``,
  ``partners``, ``between``, ``source`` and ``metric`` are names, not numbers.
- A number's *governing comment* is the comment on the line where its entry starts (its key, or
  the list item); if that line has none, the block of comment-only lines directly above it
  (joined). This is the comment the loader shows beside the number in the report.
- The governing comment must either cite at least one source as ``[S-id]``, every cited id being
  an entry of docs/sources.md, or say ``assumption:`` followed by its reasoning; and every
  ``assumption:`` in it, cited or not, is followed by at least three words before the next
  citation, the next ``;`` or the end of the comment.
- Every ``[S-id]`` written anywhere in a bundled scenario (header comments included) is an entry
  of docs/sources.md, and every entry there has an id, quantity, value, publication, date,
  address and one of the tags official, reported, estimate. A tag written just before a citation
  (``official [S-id]``) is that entry's tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gigawatt.scenario.loader import bundled_names, bundled_text
from gigawatt.scenario.yamlio import Key, read_yaml

SOURCES = Path(__file__).resolve().parents[2] / "docs" / "sources.md"
COLUMNS = ["id", "quantity", "value", "publication", "date", "address", "tag"]
TAGS = {"official", "reported", "estimate"}
ID = re.compile(r"S-[a-z0-9][a-z0-9.-]*[a-z0-9]")
CITATION = re.compile(r"\[(S-[^\]\s]*)\]")
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
NAMES = {"name", "description", "extends", "counterparty", "country", "partners", "between", "source", "metric"}
ASSUMPTION = re.compile(r"assumption:\s*([^\[;]*)", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z0-9$%~.,'/-]*[A-Za-z0-9]")


@dataclass(frozen=True)
class Entry:
    """One public figure of docs/sources.md."""

    id: str
    quantity: str
    value: str
    publication: str
    date: str
    address: str
    tag: str


def read_sources(text: str) -> tuple[dict[str, Entry], list[str]]:
    """The entries of a sources file by id, and the problems found in its tables."""
    entries: dict[str, Entry] = {}
    problems: list[str] = []
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            if header != COLUMNS:
                problems.append(f"sources.md:{number}: table columns {header}, expected {COLUMNS}")
            continue
        if set("".join(cells)) <= set("-: "):
            continue
        if len(cells) != len(COLUMNS):
            problems.append(f"sources.md:{number}: {len(cells)} cells, expected {len(COLUMNS)}")
            continue
        entry = Entry(*cells)
        where = f"sources.md:{number} ({entry.id})"
        missing = [name for name, cell in zip(COLUMNS, cells, strict=True) if not cell]
        if missing:
            problems.append(f"{where}: empty {', '.join(missing)}")
        if not ID.fullmatch(entry.id):
            problems.append(f"{where}: an id is S- and lower-case letters, digits, dots or hyphens")
        if entry.id in entries:
            problems.append(f"{where}: the id is used twice")
        if entry.tag not in TAGS:
            problems.append(f"{where}: tag {entry.tag!r}, expected one of {sorted(TAGS)}")
        if not DATE.fullmatch(entry.date):
            problems.append(f"{where}: date {entry.date!r}, expected YYYY, YYYY-MM or YYYY-MM-DD")
        addresses = [part.strip() for part in entry.address.split(";")]
        if not all(re.fullmatch(r"https?://\S+", part) for part in addresses):
            problems.append(f"{where}: address {entry.address!r} is not one or more web addresses")
        entries[entry.id] = entry
    return entries, problems


def comment_of(line: str) -> str | None:
    """The comment text of a YAML line (without the `#`), or None; a `#` inside quotes is not one."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[i + 1 :].strip()
    return None


def governing_comment(lines: list[str], line: int) -> str:
    """The comment on 1-based ``line``, else the comment-only lines directly above it, joined."""
    own = comment_of(lines[line - 1])
    if own is not None and lines[line - 1].lstrip()[:1] != "#":
        return own
    above: list[str] = []
    i = line - 2
    while i >= 0 and lines[i].lstrip().startswith("#"):
        above.insert(0, lines[i].lstrip()[1:].strip())
        i -= 1
    return " ".join(above)


def is_number(value: Any) -> bool:
    """True for the leaves the rule covers: ints, floats and strings with a digit."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and any(char.isdigit() for char in value)


def numbers(data: Any, key: Key = ()) -> Iterator[tuple[Key, Any]]:
    """Every number of parsed scenario data with its key (list items by name, else index)."""
    if isinstance(data, dict):
        for name, value in data.items():
            if str(name) not in NAMES:
                yield from numbers(value, (*key, str(name)))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            named = item.get("name") if isinstance(item, dict) else None
            yield from numbers(item, (*key, named if isinstance(named, str) else str(i)))
    elif is_number(data):
        yield key, data


def problem_of(comment: str, known: set[str]) -> str | None:
    """Why ``comment`` does not cover a number, or None when it does."""
    cited = CITATION.findall(comment)
    unknown = [name for name in cited if name not in known]
    if unknown:
        return f"cites {', '.join(unknown)}, not in docs/sources.md"
    notes = [match.group(1) for match in ASSUMPTION.finditer(comment)]
    if any(len(WORD.findall(note)) < 3 for note in notes):
        return f"`assumption:` without its reasoning ({comment!r})"
    if not cited and not notes:
        return "no [S-id] source and no `assumption:` note" if comment else "no comment on or above the line"
    return None


def uncovered(text: str, label: str, known: set[str]) -> list[str]:
    """Every number of scenario ``text`` that its governing comment does not cover, located."""
    data, marks = read_yaml(text, label)
    lines = text.splitlines()
    out = []
    for key, value in numbers(data):
        line = marks[key].line
        problem = problem_of(governing_comment(lines, line), known)
        if problem:
            out.append(f"{label}:{line}: {'.'.join(key)} = {value!r}: {problem}")
    return out


def cited_unknown(text: str, label: str, known: set[str]) -> list[str]:
    """Every `[S-id]` of scenario ``text`` (any comment) that is not an entry of the sources file."""
    return [f"{label}:{number}: [{name}] is not in docs/sources.md"
            for number, line in enumerate(text.splitlines(), start=1)
            for name in CITATION.findall(comment_of(line) or "") if name not in known]


TAGGED = re.compile(r"\b(official|reported|estimate)\s+\[(S-[^\]\s]*)\]")


def mistagged(text: str, label: str, entries: dict[str, Entry]) -> list[str]:
    """Every ``tag [S-id]`` of scenario ``text`` whose tag is not the entry's tag."""
    return [f"{label}:{number}: {tag} [{name}], but docs/sources.md tags it {entries[name].tag}"
            for number, line in enumerate(text.splitlines(), start=1)
            for tag, name in TAGGED.findall(comment_of(line) or "") if name in entries and entries[name].tag != tag]


@pytest.fixture(scope="module")
def known() -> set[str]:
    entries, _ = read_sources(SOURCES.read_text(encoding="utf-8"))
    return set(entries)


def test_every_source_entry_is_complete() -> None:
    entries, problems = read_sources(SOURCES.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)
    assert len(entries) >= 50


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_number_has_a_source_or_a_reasoned_assumption(name: str, known: set[str]) -> None:
    problems = uncovered(bundled_text(name), f"{name}.yaml", known)
    assert not problems, f"{len(problems)} numbers without a source or reasoning:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", bundled_names())
def test_every_cited_source_exists(name: str, known: set[str]) -> None:
    problems = cited_unknown(bundled_text(name), f"{name}.yaml", known)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", bundled_names())
def test_a_tag_beside_a_citation_is_the_entry_tag(name: str) -> None:
    entries, _ = read_sources(SOURCES.read_text(encoding="utf-8"))
    problems = mistagged(bundled_text(name), f"{name}.yaml", entries)
    assert not problems, "\n".join(problems)


# --- the rule itself, on small texts --------------------------------------------------------------

TOY = """\
name: toy
horizon:
  start: 2025        # [S-a] the reference year
  # assumption: a decade, the span of the
  # commitments
  end: 2035
consumer:
  paying_share: {2025: 5%, 2030: "6% to 11%"}   # [S-a]; [S-b]
  ceiling: "2B to 4B"   # official [S-c]: 2.6B by 2030
  share: 30%            # assumption
  price: 20             # assumption: ramp
  grow: 0.1
  note: "# not a comment 3"   # assumption: a hash inside quotes is text
  flag: true
  cap: 9                # [S-a]; assumption: short
"""


def test_the_rule_finds_each_kind_of_gap() -> None:
    problems = uncovered(TOY, "toy.yaml", {"S-a", "S-b"})
    assert problems == [
        "toy.yaml:9: consumer.ceiling = '2B to 4B': cites S-c, not in docs/sources.md",
        "toy.yaml:10: consumer.share = '30%': no [S-id] source and no `assumption:` note",
        "toy.yaml:11: consumer.price = 20: `assumption:` without its reasoning ('assumption: ramp')",
        "toy.yaml:12: consumer.grow = 0.1: no comment on or above the line",
        "toy.yaml:15: consumer.cap = 9: `assumption:` without its reasoning ('[S-a]; assumption: short')",
    ]


def test_a_comment_block_above_covers_the_line_below() -> None:
    lines = TOY.splitlines()
    assert governing_comment(lines, 6) == "assumption: a decade, the span of the commitments"
    assert governing_comment(lines, 3) == "[S-a] the reference year"


def test_a_hash_inside_quotes_is_not_a_comment() -> None:
    assert comment_of('  note: "# not a comment 3"') is None
    assert comment_of("  x: 'a # b'   # [S-a] yes") == "[S-a] yes"


def test_a_wrong_tag_beside_a_citation_is_found() -> None:
    entry = Entry("S-a", "q", "v", "p", "2025", "https://example.org", "official")
    assert mistagged("x: 1  # reported [S-a]: y\ny: 2  # official [S-a]\n", "t.yaml", {"S-a": entry}) == [
        "t.yaml:1: reported [S-a], but docs/sources.md tags it official"]


def test_cited_ids_are_checked_everywhere() -> None:
    assert cited_unknown(TOY, "toy.yaml", {"S-a", "S-b"}) == ["toy.yaml:9: [S-c] is not in docs/sources.md"]


def test_the_sources_reader_flags_incomplete_rows() -> None:
    text = "\n".join([
        "| " + " | ".join(COLUMNS) + " |",
        "|---|---|---|---|---|---|---|",
        "| S-ok | q | v | p | 2025-10-06 | https://example.org/a | official |",
        "| S-ok | q | v | p | 2025 | https://example.org/b | reported |",
        "| S-bad | q | v |  | Oct 2025 | example.org | weak |",
    ])
    entries, problems = read_sources(text)
    assert set(entries) == {"S-ok", "S-bad"}
    assert problems == [
        "sources.md:4 (S-ok): the id is used twice",
        "sources.md:5 (S-bad): empty publication",
        "sources.md:5 (S-bad): tag 'weak', expected one of ['estimate', 'official', 'reported']",
        "sources.md:5 (S-bad): date 'Oct 2025', expected YYYY, YYYY-MM or YYYY-MM-DD",
        "sources.md:5 (S-bad): address 'example.org' is not one or more web addresses",
    ]
