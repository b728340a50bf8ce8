"""Window and cumulative metrics: NAME@FIRST..LAST sum|mean|min|max wherever a metric is named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from toy_scenarios import RAMP

import gigawatt
from gigawatt.analysis import compare, solve
from gigawatt.analysis.common import parse_metric, resolve_metric
from gigawatt.analysis.compare import MetricSpec, compare_summaries

B = 1e9


def test_parse_windows_and_years() -> None:
    assert parse_metric("revenue_total@2030") == ("revenue_total", 2030, None, None)
    assert parse_metric("free_cash_flow@2026..2029 sum") == ("free_cash_flow", 2026, 2029, "sum")
    assert parse_metric("funding_gap") == ("funding_gap", None, None, None)
    for bad, match in (("x@2026..2029", "needs one of sum"), ("x@2030 sum", "needs a window"),
                       ("x@2029..2026 max", "ends"), ("x@20a", "cannot read")):
        with pytest.raises(ValueError, match=match):
            parse_metric(bad)


def test_window_values_by_hand() -> None:
    result = gigawatt.simulate(gigawatt.loads(RAMP), samples=3, seed=1)
    # revenue 1, 2, ..., 6; free cash flow -1.5, -0.5, 0.5, 1.5, 2.5, 3.5
    for text, expected in (("free_cash_flow@2026..2029 sum", 4.0), ("revenue_total@2025..2030 sum", 21.0),
                           ("free_cash_flow@2025..2027 mean", -0.5), ("free_cash_flow@2025..2030 min", -1.5),
                           ("revenue_total@2027..2028 max", 4.0), ("revenue_total@2030", 6.0)):
        metric = resolve_metric(result, text)
        assert metric.label == text
        np.testing.assert_allclose(metric.values(result), expected * B)
    with pytest.raises(KeyError, match="outside the horizon"):
        resolve_metric(result, "revenue_total@2025..2031 sum")


def test_compare_and_solve_take_a_window(tmp_path: Path) -> None:
    a = gigawatt.loads(RAMP)
    b = gigawatt.loads(RAMP, {"opex.general_admin": "$1.5B"})
    out = compare(a, b, metrics=["free_cash_flow@2026..2029 sum"], samples=3)
    row = out.rows[0]
    assert row["metric"] == "free_cash_flow@2026..2029 sum" and row["year"] is None
    assert row["label"] == "Free cash flow 2026–2029 sum"
    np.testing.assert_allclose([row["a"], row["b"]], [4.0 * B, 8.0 * B])
    # general admin for a four-year free cash flow of $10B: (2 + 3 + 4 + 5) - 4 g = 10 -> g = $1B
    path = tmp_path / "ramp.yaml"
    path.write_text(RAMP, encoding="utf-8")
    found = solve(str(path), "opex.general_admin", "free_cash_flow@2026..2029 sum p50 = $10B", lo="$0B", hi="$5B",
                  samples=3)
    assert found.value == pytest.approx(1.0 * B, rel=1e-6)


def test_a_summary_alone_cannot_add_up_a_window() -> None:
    summary = gigawatt.simulate(gigawatt.loads(RAMP), samples=3, seed=1).summary()
    with pytest.raises(ValueError, match="made without it"):
        compare_summaries(summary, summary, [MetricSpec.parse("free_cash_flow@2026..2029 sum")])
