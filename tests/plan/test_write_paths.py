"""`gigawatt plan --write-scenario` writes its target only, whatever the scenario's name says."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gigawatt.cli import app as cli

from .helpers import TOY_PLAN

runner = CliRunner()


def test_plan_write_back_writes_only_its_target(tmp_path: Path) -> None:
    pytest.importorskip("highspy")
    source = tmp_path / "s.yaml"
    source.write_text(TOY_PLAN.replace("name: toy\n", f"name: '{tmp_path}/evil'\n", 1), encoding="utf-8")
    target = tmp_path / "out" / "planned.yaml"
    done = runner.invoke(cli, ["plan", str(source), "-n", "4", "--write-scenario", str(target), "--quiet"])
    assert done.exit_code == 0, done.output
    assert target.is_file()
    assert set(tmp_path.rglob("*")) == {source, target.parent, target}


