"""The examples of docs/scenario-language.md run as written."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import gigawatt

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenario-language.md"


def _merge_table() -> tuple[str, list[tuple[str, str]]]:
    """The base of the merge table and its rows: (what the variant writes, the result)."""
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition("For a base with `")
    base, _, rest = rest.partition("`")
    rows = []
    for line in rest.split("\n\n")[1].splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows.append((re.findall(r"`([^`]*)`", cells[0])[0], re.findall(r"`([^`]*)`", cells[1])[0]))
    return base, rows


def test_the_merge_table_holds(tmp_path: Path) -> None:
    base, rows = _merge_table()
    assert len(rows) >= 4
    (tmp_path / "base.yaml").write_text(f"name: base\nconsumer:\n  {base}\n", encoding="utf-8")
    for written, result in rows:
        (tmp_path / "variant.yaml").write_text(f"name: v\nextends: base.yaml\nconsumer:\n  {written}\n",
                                               encoding="utf-8")
        merged = gigawatt.load(tmp_path / "variant.yaml").consumer.paying_share
        expected = gigawatt.loads(yaml.safe_dump({"name": "e", "consumer": {"paying_share": yaml.safe_load(
            result)}})).consumer.paying_share
        assert merged == expected, written
