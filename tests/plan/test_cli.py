"""`gigawatt plan`: tables, JSON on stdout untouched by the solver, the scenario round trip, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import gigawatt
from gigawatt.cli import app
from gigawatt.plan import plan

from .helpers import TOY_PLAN

runner = CliRunner()


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A toy scenario with candidates, an offer and a sovereign region."""
    path = tmp_path / "toy.yaml"
    path.write_text(TOY_PLAN, encoding="utf-8")
    return path


def test_help_teaches() -> None:
    result = runner.invoke(app, ["plan", "--help"])
    assert result.exit_code == 0
    assert "--write-scenario" in result.output
    assert "gigawatt plan my.yaml --samples 100" in result.output


def test_json_on_stdout_is_pure_json_even_with_the_solver_banner(plan_file: Path) -> None:
    # a real process: HiGHS writes its banner to file descriptor 1, below Python's sys.stdout
    code = "from gigawatt.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code, "plan", str(plan_file), "-n", "4", "--json", "-"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["scenario"] == "toy" and data["samples"] == 4 and data["years"][0] == 2025
    assert "HiGHS" not in done.stdout and "HiGHS" not in done.stderr  # the banner reaches nobody
    assert set(data) >= {"builds", "contracts", "unserved_gw", "costs", "binding", "site_value_per_gw"}


def test_tables_and_json_file(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", str(plan_file), "-n", "6", "--seed", "2", "--json", str(out)])
    assert result.exit_code == 0, result.output
    for title in ("Build plan", "Contracts signed", "Demand and unserved GW", "Costs", "Binding limits"):
        assert title in result.output
    data = json.loads(out.read_text())
    assert data["seed"] == 2 and data["samples"] == 6
    assert data["costs"]["total"] == pytest.approx(data["objective"], rel=1e-7)


def test_write_scenario_round_trip(plan_file: Path, tmp_path: Path) -> None:
    planned = plan(gigawatt.load(plan_file), samples=6, seed=1)
    assert planned.build.sum() > 0.1, "the toy plan should build something"
    target = tmp_path / "sub" / "planned.yaml"
    result = runner.invoke(app, ["plan", str(plan_file), "-n", "6", "--write-scenario", str(target), "--quiet"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(target.read_text())
    assert data["extends"] == "../toy.yaml"
    built = {s["name"] for s in data["sites"]}
    assert built == {s.name for i, s in enumerate(planned.problem.sites) if planned.build[i].sum() > 1e-6}
    assert {c["name"] for c in data.get("candidates", [])} == built and all(c["drop"] for c in data["candidates"])

    # the written scenario simulates the planned capacity: existing + built + contracted, year by year
    loaded = gigawatt.load(target)
    assert {c.name for c in loaded.candidates}.isdisjoint(built)
    simulated = gigawatt.simulate(loaded, samples=6, seed=1)
    for i, site in enumerate(planned.problem.sites):
        if site.name in built:
            np.testing.assert_allclose(simulated[f"site_capacity_gw_{site.name}"][0], planned.online[i], atol=1e-5)
    expected = planned.problem.existing + planned.online.sum(axis=0) + planned.contracted.sum(axis=0)
    np.testing.assert_allclose(simulated["compute_capacity_gw"], expected, atol=1e-5)
    texas = next(s for s in data["sites"] if s["name"] == "texas")
    assert texas["capex_per_gw"] == "$45B/GW to $55B/GW" and texas["ownership"] == "owned"

    run = runner.invoke(app, ["run", str(target), "-n", "50", "--json", "-", "--quiet"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["scenario"] == "toy-plan"


def test_write_scenario_with_overrides_stands_alone(plan_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "planned.yaml"
    result = runner.invoke(app, ["plan", str(plan_file), "-n", "3", "--set", "planning.unserved_penalty_per_gw_year="
                                 "$80B", "--write-scenario", str(target), "--quiet"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(target.read_text())
    assert "extends" not in data
    assert data["planning"]["unserved_penalty_per_gw_year"] == "$80B"
    loaded = gigawatt.load(target)
    assert "abilene" in {s.name for s in loaded.sites}
    assert len(loaded.sites) > 1


def test_infeasible_plan_exit_2_names_the_constraint(plan_file: Path) -> None:
    result = runner.invoke(app, ["plan", str(plan_file), "-n", "3", "--set", "planning.max_expected_unserved_gw=0"])
    assert result.exit_code == 2
    assert "no plan for toy meets every constraint" in result.output
    assert "unserved_cap[year=" in result.output
    assert "planning.max_expected_unserved_gw" in result.output
    assert "Traceback" not in result.output


def test_nothing_to_plan_exit_2(toy_file: Path) -> None:
    result = runner.invoke(app, ["plan", str(toy_file), "-n", "2"])
    assert result.exit_code == 2
    assert "nothing to plan" in result.output


def test_missing_extra_says_how_to_install(plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "highspy", None)  # `import highspy` now raises ImportError
    result = runner.invoke(app, ["plan", str(plan_file)])
    assert result.exit_code == 2
    assert "pip install 'gigawatt[plan]'" in result.output
    assert "highspy" in result.output


def test_solver_output_silenced_drops_c_level_writes() -> None:
    # what C code writes to fd 1 (printf, unflushed) inside the guard reaches no one; text after it is on stdout
    code = ("import ctypes, os; from gigawatt.plan.solve import solver_output_silenced\n"
            "libc = ctypes.CDLL(None)\n"
            "with solver_output_silenced():\n"
            "    libc.printf(b'banner\\n'); os.write(1, b'raw\\n')\n"
            "print('after')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout == "after\n"
    assert "banner" not in done.stderr and "raw" not in done.stderr
