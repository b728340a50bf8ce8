"""The planning sections of the bundled openai-2025 scenario: sourced, and solvable end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

import gigawatt
from gigawatt.plan import plan, write_scenario
from gigawatt.scenario.loader import read_raw


def _written_numbers(raw: dict[str, Any]) -> list[str]:
    """Dotted paths of the numbers written in the planning sections of raw scenario data."""
    text_fields = {"name", "country", "countries", "partners", "counterparty"}
    paths = [f"planning.{key}" for key in raw.get("planning", {})]
    for section in ("candidates", "offers", "regions"):
        for item in raw.get(section, []):
            paths += [f"{section}.{item['name']}.{key}" for key in item if key not in text_fields]
    return paths


def test_every_planning_number_has_a_source() -> None:
    scenario = gigawatt.load("openai-2025")
    assert len(scenario.candidates) >= 5 and scenario.offers and scenario.regions
    raw = read_raw("openai-2025")
    written = _written_numbers(raw.data)
    assert len(written) > 40
    # the comment beside a value or on the lines just above it
    missing = [path for path in written if not raw.comments.get(tuple(path.split(".")), "").strip()]
    assert missing == [], missing


def test_plan_the_bundled_scenario_and_run_the_result(tmp_path: Path) -> None:
    scenario = gigawatt.load("openai-2025")
    result = plan(scenario, samples=5, seed=3)
    assert result.costs["total"] > 0
    assert np.all(result.build >= -1e-9)
    online = result.online[:, -1]
    assert np.all(online <= np.array([s.max_gw for s in result.problem.sites]) + 1e-6)
    target = tmp_path / "planned.yaml"
    write_scenario(result, scenario, target, source="openai-2025")
    planned = gigawatt.load(target)
    assert planned.extends == "openai-2025"
    simulated = gigawatt.simulate(planned, samples=5, seed=3)
    expected = result.problem.existing + result.online.sum(axis=0) + result.contracted.sum(axis=0)
    np.testing.assert_allclose(simulated["compute_capacity_gw"], expected, atol=1e-5)
