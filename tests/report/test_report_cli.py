"""`gigawatt report` on the command line."""

from __future__ import annotations

from pathlib import Path

from report_toy import REPORT_TOY
from typer.testing import CliRunner

from gigawatt.cli import app

runner = CliRunner()


def toy_file(tmp_path: Path) -> Path:
    path = tmp_path / "toy.yaml"
    path.write_text(REPORT_TOY, encoding="utf-8")
    return path


def test_report_writes_the_file(tmp_path: Path) -> None:
    scenario = toy_file(tmp_path)
    out = tmp_path / "out" / "toy.html"
    result = runner.invoke(app, ["report", str(scenario), "-o", str(out), "--samples", "200", "--seed", "3",
                                 "--set", "finance.starting_cash=$30B", "--local-drivers"])
    assert result.exit_code == 0, result.output
    assert f"Report written to {out}" in result.output
    page = out.read_text(encoding="utf-8")
    assert (f"gigawatt report {scenario} --samples 200 --seed 3 --set &#39;finance.starting_cash=$30B&#39; "
            f"--local-drivers -o {out}") in page
    assert "In half of 200 simulated futures, toy-report" in page
    assert "$30B" in page  # the override reached the scenario


def test_default_output_name(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", str(toy_file(tmp_path)), "--samples", "100", "--quiet", "--local-drivers"])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert (tmp_path / "toy-report.html").exists()


def test_bad_input_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    scenario = toy_file(tmp_path)
    result = runner.invoke(app, ["report", str(scenario), "--set", "consumer.nope=3", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert "error" in result.output and "Traceback" not in result.output
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["report", str(scenario), "--samples", "50", "--local-drivers",
                                 "-o", str(blocker / "x.html")])
    assert result.exit_code == 2
    assert "cannot write" in result.output


def test_help_teaches() -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    assert "gigawatt report -o out/openai-2025.html" in result.output


def test_report_in_arabic(tmp_path: Path) -> None:
    out = tmp_path / "toy-ar.html"
    result = runner.invoke(app, ["report", str(toy_file(tmp_path)), "-o", str(out), "--samples", "100",
                                 "--local-drivers", "--lang", "ar", "--digits", "arab", "--quiet"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page and "في نصف ١٠٠ مسار محاكى" in page
    assert "--lang ar --digits arab" in page  # the command that reproduces it


def test_report_in_an_unknown_language(tmp_path: Path) -> None:
    out = tmp_path / "toy-fr.html"
    result = runner.invoke(app, ["report", str(toy_file(tmp_path)), "-o", str(out), "--lang", "fr"])
    assert result.exit_code != 0
    assert "language: expected one of en, ar; got 'fr'" in result.output
    assert not out.exists()
