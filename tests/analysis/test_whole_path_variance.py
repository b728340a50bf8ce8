"""Sobol and Morris over whole fields: every uncertain part of a time path moves together, one index per field."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import gigawatt
from gigawatt.analysis import Design, morris, salib_problem, sensitivity, sobol

TWO_ANCHORS = 'paying_share: {2025: 5%, 2028: "6% to 9%", 2030: "8% to 12%"}'


@pytest.fixture
def grouped(toy: Path) -> gigawatt.Scenario:
    text = toy.read_text()
    assert 'paying_share: {2025: 5%, 2030: "8% to 12%"}' in text
    return gigawatt.loads(text.replace('paying_share: {2025: 5%, 2030: "8% to 12%"}', TWO_ANCHORS))


def test_the_problem_groups_the_anchors_of_a_path(grouped: gigawatt.Scenario) -> None:
    fields = {f"consumer.paying_share.{year}": "consumer.paying_share" for year in (2028, 2030)}
    problem = salib_problem(grouped, fields)
    assert problem["groups"] == [fields.get(n, n) for n in problem["names"]]
    design = Design.sobol(problem, 64)
    assert design.parameters == list(dict.fromkeys(problem["groups"]))
    assert design.rows == 64 * (len(design.parameters) + 2)  # a group is one dimension of the design


def test_sobol_of_whole_paths_has_one_row_per_field(grouped: gigawatt.Scenario) -> None:
    whole = sobol(grouped, "revenue_total", year=2030, samples=1024, seed=3, whole_paths=True)
    each = sobol(grouped, "revenue_total", year=2030, samples=1024, seed=3)
    rows = {r["parameter"]: r for r in whole.rows}
    assert set(rows) == {"consumer.users", "consumer.paying_share", "sites.abilene.capex_per_gw"}
    assert rows["consumer.paying_share"]["inputs"] == ["consumer.paying_share.2028", "consumer.paying_share.2030"]
    assert whole.evaluations == 1024 * (3 + 2) and each.evaluations == 1024 * (4 + 2)
    # 2030 revenue reads the 2030 anchor only: the whole path explains what that anchor explains alone
    alone = next(r for r in each.rows if r["parameter"] == "consumer.paying_share.2030")
    assert rows["consumer.paying_share"]["ST"] == pytest.approx(alone["ST"], abs=0.05)
    assert rows["consumer.paying_share"]["S1"] == pytest.approx(alone["S1"], abs=0.05)
    assert rows["consumer.paying_share"]["ST"] > 0.2


def test_morris_of_whole_paths(grouped: gigawatt.Scenario) -> None:
    out = morris(grouped, "revenue_total", year=2030, samples=20, seed=2, whole_paths=True)
    assert {r["parameter"] for r in out.rows} == {"consumer.users", "consumer.paying_share",
                                                  "sites.abilene.capex_per_gw"}
    assert out.evaluations == 20 * (3 + 1)
    path = next(r for r in out.rows if r["parameter"] == "consumer.paying_share")
    assert path["mu_star"] > 0 and np.isnan(path["sigma"])  # SALib defines no sigma for a group
    again = sensitivity(grouped, "revenue_total", method="morris", year=2030, samples=20, seed=2, whole_paths=True)
    assert [(r["parameter"], r["mu_star"]) for r in again.rows] == [(r["parameter"], r["mu_star"]) for r in out.rows]
