"""`gigawatt init NAME`: a commented skeleton scenario that validates and runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import gigawatt
from gigawatt.cli.app import app
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.skeleton import skeleton


def test_init_writes_a_skeleton_that_validates_and_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["init", "acme"])
    assert result.exit_code == 0, result.output
    scenario = gigawatt.load(tmp_path / "acme.yaml")
    assert scenario.name == "acme"
    run = gigawatt.simulate(scenario, samples=300, seed=1)
    assert all(np.all(np.isfinite(v)) for v in run.series.values())
    assert np.median(run.series["revenue_total"][:, 0]) > 0
    again = CliRunner().invoke(app, ["init", "acme"])
    assert again.exit_code == 2 and "exists" in again.output  # never replaces a file


def test_the_skeleton_has_every_section_and_comments_from_the_declarations() -> None:
    text = skeleton("acme")
    data = yaml.safe_load(text)
    network = {"entities", "links", "markets"}  # a company's skeleton; a network joins such companies
    assert set(Scenario.model_fields) - {"extends", "planning"} - network <= set(data)
    assert "# example value; fraction: Share of consumer users who pay for a tier." in text
    assert "# example value; USD/GW: All-in capital cost per GW (facility and IT)." in text
    for number, line in enumerate(text.splitlines(), start=1):  # every value says it is an example
        code = line.split("#", 1)[0]
        if re.search(r":\s*[^#]*\d", code) and not re.match(r"^\s*-?\s*(name|between):", code):
            assert "#" in line, f"line {number} has no comment: {line}"


def test_a_bad_name_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["init", "../Acme Corp"])
    assert result.exit_code == 2
    assert "a scenario name is lower-case letters" in result.output
    assert not list(tmp_path.iterdir())
