"""The README's examples work: its scenario, its Python, and every command it lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gigawatt
from gigawatt.cli import app

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_readme_scenario_in_ten_lines_loads_and_changes_the_base(tmp_path: Path) -> None:
    [text] = blocks("yaml")
    path = tmp_path / "my-variant.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = gigawatt.load(path)
    base = gigawatt.load("openai-2025")
    assert scenario.name == "my-variant"
    # a time path merges anchor by anchor: the variant's 2030 anchor, the base's 2025, 2026 and 2035
    points = dict(scenario.consumer.paying_share.points)  # type: ignore[union-attr]
    base_points = dict(base.consumer.paying_share.points)  # type: ignore[union-attr]
    assert list(points) == [2025, 2026, 2030, 2035]
    assert points[2030].text == "6% to 9%"  # type: ignore[union-attr]
    assert points[2026].params == base_points[2026].params  # type: ignore[union-attr]
    assert [c.name for c in scenario.correlations] == [c.name for c in base.correlations]
    assert next(c.rank for c in scenario.correlations if c.name == "audience_ads") == 0.6


def test_readme_python_runs() -> None:
    [code] = blocks("python")
    namespace: dict[str, object] = {}
    exec(compile(code.replace("samples=20_000", "samples=500").replace("10_000)", "100)"), "README", "exec"),
         namespace)
    assert isinstance(namespace["result"], gigawatt.Result)


@pytest.mark.parametrize("command", sorted({line.split()[1] for block in re.findall(r"```\n(.*?)```", README, re.S)
                                            for line in block.splitlines() if line.startswith("gigawatt ")}))
def test_every_readme_command_exists(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
