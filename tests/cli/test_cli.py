"""The command line through typer's CliRunner: good paths, bad input, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gigawatt import __version__
from gigawatt.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"gigawatt {__version__}"


def test_help_teaches() -> None:
    result = runner.invoke(app, ["run", "--help"])
    assert result.exit_code == 0
    assert "--set" in result.output
    assert "gigawatt run openai-2025-bear" in result.output


def test_validate_good_file(toy_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(toy_file)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output
    assert "3 uncertain inputs" in result.output


def test_validate_bad_file_exit_2_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nconsumer:\n  paying_share: 10 to 5\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3:3: consumer.paying_share:" in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an exception escaping


def test_run_json_to_stdout_is_pure_json(toy_file: Path) -> None:
    result = runner.invoke(app, ["run", str(toy_file), "--samples", "200", "--seed", "3", "--json", "-"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["scenario"] == "toy"
    assert summary["samples"] == 200
    assert summary["seed"] == 3
    assert summary["years"] == [2025, 2026, 2027, 2028, 2029, 2030]
    assert set(summary["series"]["revenue_total"]) == {"unit", "mean", "p5", "p50", "p95"}
    assert set(summary) == {"scenario", "samples", "seed", "version", "years", "series", "scalars",
                            "probabilities"}


def test_run_json_file_and_tables(toy_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    result = runner.invoke(app, ["run", str(toy_file), "-n", "100", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Revenue by stream" in result.output
    assert "Headline" in result.output
    assert json.loads(out.read_text())["samples"] == 100


def test_run_set_changes_the_result(toy_file: Path) -> None:
    base = runner.invoke(app, ["run", str(toy_file), "-n", "100", "--json", "-"])
    cheaper = runner.invoke(app, ["run", str(toy_file), "-n", "100", "--json", "-",
                                  "--set", "consumer.tiers.plus.price=10 USD/month"])
    p50 = json.loads(base.stdout)["series"]["revenue_subs"]["p50"][0]
    half = json.loads(cheaper.stdout)["series"]["revenue_subs"]["p50"][0]
    assert half == pytest.approx(p50 / 2, rel=1e-9)


@pytest.mark.parametrize(("args", "fragment"), [
    (["--set", "consumer.paying_shares=5%"], "unknown field 'paying_shares'"),
    (["--set", "nonsense"], "--set expects PATH=VALUE"),
    (["--set", "sites.abilen.pue=1.1"], "did you mean 'abilene'?"),
    (["--set", "consumer.paying_share=150%"], "at most 1"),
])
def test_run_bad_set_exit_2(toy_file: Path, args: list[str], fragment: str) -> None:
    result = runner.invoke(app, ["run", str(toy_file), "-n", "10", *args])
    assert result.exit_code == 2
    assert fragment in result.output
    assert isinstance(result.exception, SystemExit)


def test_run_unknown_scenario_exit_2() -> None:
    result = runner.invoke(app, ["run", "openai-2052"])
    assert result.exit_code == 2
    assert "no bundled scenario or file named 'openai-2052'" in result.output


def test_scenarios_lists_bundled() -> None:
    result = runner.invoke(app, ["scenarios"], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert "openai-2025" in result.output
    assert "hsbc-2025" in result.output and "HSBC Global" in result.output


def test_fidelity_prints_published_against_gigawatt_and_fails_on_a_miss(tmp_path: Path) -> None:
    result = runner.invoke(app, ["fidelity", "hsbc-2025"], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert "| published | gigawatt | error |" in result.output and "| paying_share_20 |" in result.output
    miss = tmp_path / "miss.yaml"
    miss.write_text("name: miss\nstreams: [{name: fees, type: fixed, amount: $10B}]\npublished:\n"
                    "  - {name: fees, metric: revenue_total@2025, value: $20B, source: '[S-x]'}\n", encoding="utf-8")
    result = runner.invoke(app, ["fidelity", str(miss)], terminal_width=400)
    assert result.exit_code == 1
    assert "not reproduced" in result.output and "-50.0%" in result.output
    result = runner.invoke(app, ["fidelity", "openai-2025"])
    assert result.exit_code == 2 and "no `published` section" in result.output


def test_error_text_with_brackets_is_shown_verbatim(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nconsumer:\n  users: '[bold]800M'\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "[bold]800M" in result.output


def test_unwritable_json_is_a_clear_error(toy_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(toy_file), "-n", "50", "--json", str(tmp_path), "--no-store"])
    assert result.exit_code == 2
    assert f"error: cannot write {tmp_path}" in result.output
    assert not isinstance(result.exception, OSError)


def test_negative_seed_is_refused(toy_file: Path) -> None:
    result = runner.invoke(app, ["run", str(toy_file), "-n", "10", "--seed", "-1"])
    assert result.exit_code == 2
    assert "--seed" in result.output


def test_new_set_path_is_located_at_the_set(toy_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(toy_file), "--set", "nope.x=1"])
    assert result.exit_code == 2
    assert "error: --set nope.x: nope: unknown field 'nope'" in result.output
