"""docs/notebooks.md runs cell by cell, and the notebook views hold what they promise."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import gigawatt

DOC = Path(__file__).parents[2] / "docs" / "notebooks.md"


def test_the_notebook_walkthrough_runs() -> None:
    cells = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(cells) >= 6
    namespace: dict[str, object] = {}
    for i, cell in enumerate(cells):
        exec(compile(cell, f"docs/notebooks.md cell {i + 1}", "exec"), namespace)


def test_views_agree_with_the_arrays(toy_text: str) -> None:
    result = gigawatt.simulate(gigawatt.loads(toy_text), samples=300, seed=4)
    frame = result.to_pandas(stats=("mean", "p95"))
    row = frame[(frame["metric"] == "payers") & (frame["year"] == 2028) & (frame["statistic"] == "mean")]["value"]
    assert float(row.iloc[0]) == pytest.approx(float(result.series["payers"][:, 3].mean()), rel=1e-12)
    assert set(frame.columns) == {"metric", "year", "statistic", "value", "unit"}
    ds = result.to_xarray()
    assert np.array_equal(ds["payers"].values, result.series["payers"])
    assert ds["payers"].attrs == {"unit": "users", "label": "Paying users", "kind": "series"}
    assert list(ds["year"].values) == [2025, 2026, 2027, 2028, 2029, 2030]
    assert len(repr(result)) < 200
