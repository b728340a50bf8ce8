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


def test_the_formula_example_runs_and_gives_the_numbers_the_text_states() -> None:
    import numpy as np

    text = DOC.read_text(encoding="utf-8").split("## Formulas", 1)[1]
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    result = gigawatt.simulate(gigawatt.loads(example), samples=10, seed=1)
    stated = [float(x) for x in re.findall(r"is \$(\d+)M in 2025.*?\$(\d+)M in 2026.*?\$([\d.]+)B in 2027",
                                           text, re.S)[0]]
    np.testing.assert_allclose(result.series["revenue_consumer_ai"][0] / [1e6, 1e6, 1e9], stated, rtol=5e-3)


def test_the_formula_anchor_example_runs_and_gives_the_numbers_the_text_states() -> None:
    import numpy as np

    text = DOC.read_text(encoding="utf-8").split("### A formula as an anchor", 1)[1]
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    result = gigawatt.simulate(gigawatt.loads(example), samples=10, seed=1)
    revenue = re.findall(r"`revenue_api` is \$(\S+)B, \$(\S+)B, \$(\S+)B, \$(\S+)B and \$(\S+)B", text)[0]
    np.testing.assert_allclose(result.series["revenue_api"][0] / 1e9, [float(x) for x in revenue], rtol=5e-3)
    gw = re.findall(r"linearly: (\S+), (\S+), (\S+), (\S+)\s+and\s+(\S+)\s+GW", text)[0]
    np.testing.assert_allclose(result.series["site_capacity_gw_milam"][0], [float(x) for x in gw], rtol=1e-12)
