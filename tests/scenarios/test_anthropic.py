"""anthropic-2025: a second company, written from `gigawatt init`'s skeleton, tied to its 2025 figures.

The figures (docs/sources.md): 2025 revenue ~$4.2B (WSJ, [S-anth-burn-2025]) to ~$4.7B (The Information,
[S-anth-plan-2025-11]), of which ~$3.8B from the API [S-anth-api-2025]; nearly $3B of cash burn
[S-anth-burn-2025]; a ~50% gross margin on paying users, 47% with free users [S-anth-plan-2025-11].
"""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import gigawatt
from gigawatt.cli import app
from gigawatt.engine.result import Result
from gigawatt.scenario.loader import bundled_text
from gigawatt.scenario.skeleton import skeleton


@pytest.fixture(scope="module")
def anthropic() -> Result:
    return gigawatt.simulate("anthropic-2025", samples=4000, seed=1)


def p50(result: Result, name: str, year: int) -> float:
    return float(np.percentile(result.series[name][:, result.year_index(year)], 50))


# (output, target, tolerance): the 2025 figures the scenario must reproduce at P50, with their sources.
ACTUALS_2025 = [
    # reported [S-anth-burn-2025] $4.2B, [S-anth-plan-2025-11] $4.7B: the middle, +- the spread
    ("revenue_total", 4.45e9, 0.5e9),
    # reported [S-anth-api-2025]: ~$3.8B of API revenue in 2025
    ("revenue_api", 3.8e9, 0.4e9),
    # reported [S-anth-burn-2025]: nearly $3B of cash burn in 2025
    ("free_cash_flow", -3.0e9, 1.0e9),
    # reported [S-anth-plan-2025-11]: gross margin ~50% on paying users (47% with free users)
    ("gross_margin", 0.49, 0.04),
]


@pytest.mark.parametrize(("output", "target", "tolerance"), ACTUALS_2025)
def test_anthropic_keeps_its_2025_figures(anthropic: Result, output: str, target: float, tolerance: float) -> None:
    assert abs(p50(anthropic, output, 2025) - target) <= tolerance, p50(anthropic, output, 2025)


def test_anthropic_runs_to_finite_numbers(anthropic: Result) -> None:
    for name, series in anthropic.series.items():
        assert np.all(np.isfinite(series)), name
    assert anthropic.scenario.description


def test_anthropic_is_written_from_the_skeleton_not_from_openai() -> None:
    """Its own file, not a variant: no `extends`, its sections are among those `gigawatt init` writes and in
    the same order, and every section that carries the company is there (`consumer` is left out: its
    consumer plans are paid seats, docs/scenarios.md)."""
    own = list(yaml.safe_load(bundled_text("anthropic-2025")))
    template = list(yaml.safe_load(skeleton("anthropic-2025")))
    assert "extends" not in own
    assert set(own) <= set(template)
    assert own == sorted(own, key=template.index)
    assert {"horizon", "streams", "compute", "sites", "contracts", "opex", "finance"} <= set(own)


def test_anthropic_cloud_deals_are_each_paid_once(anthropic: Result) -> None:
    """AWS, Google and Microsoft deliver GW (the clouds own the chips); nothing is bought as a purchase on top."""
    assert not anthropic.scenario.purchases
    delivered_2027 = sum(p50(anthropic, f"delivered_gw_{c}", 2027) for c in ("amazon", "google", "microsoft"))
    site_2027 = p50(anthropic, "site_capacity_gw_fluidstack_us", 2027)
    assert p50(anthropic, "compute_capacity_gw", 2027) == pytest.approx(delivered_2027 + site_2027, rel=0.02)


def test_scenarios_lists_anthropic_with_its_description_and_source() -> None:
    result = CliRunner().invoke(app, ["scenarios"], terminal_width=400)
    assert result.exit_code == 0, result.output
    # the rows of the table; a cell may wrap over several lines, the first column names the row
    rows: dict[str, list[str]] = {}
    name = ""
    for line in result.output.splitlines():
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if len(cells) != 4:
            continue
        name = cells[0] or name
        rows.setdefault(name, ["", "", "", ""])
        rows[name] = [f"{old} {new}".strip() for old, new in zip(rows[name], cells, strict=True)]
    loaded = gigawatt.load("anthropic-2025")
    assert rows["anthropic-2025"][1] == ""
    assert rows["anthropic-2025"][2] == loaded.description
    assert loaded.source and rows["anthropic-2025"][3] == loaded.source
