"""Every example of docs/analysis.md runs: the scenario block, each `$ gigawatt ...` line, each Python block."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gigawatt.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.M | re.S)


def blocks() -> list[tuple[str, str, str]]:
    """``(language, info, body)`` of every fenced block, in document order."""
    return [(m[1], m[2].strip(), m[3]) for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def test_the_doc_has_examples_of_every_command() -> None:
    commands = " ".join(body for lang, _, body in blocks() if lang == "console")
    for command in ("sensitivity", "--method sobol", "--method morris", "solve", "compare", "runs list",
                    "runs show", "runs diff", "--export", "--samples-of", "required-revenue", "network "):
        assert command in commands


def test_every_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    ran = 0
    for lang, info, body in blocks():
        if lang == "yaml" and info:
            (tmp_path / info).write_text(body, encoding="utf-8")
        elif lang == "console":
            for line in body.splitlines():
                if not line.startswith("$ gigawatt "):
                    continue
                expected = int(m[1]) if (m := re.search(r"#\s*exit (\d+)", line)) else 0
                args = shlex.split(line[len("$ gigawatt "):], comments=True)
                result = runner.invoke(app, args)
                assert result.exit_code == expected, f"{line}\n{result.output}"
                assert "Traceback" not in result.output
                ran += 1
        elif lang == "python":
            exec(compile(body, f"{DOC.name}:python", "exec"), {})  # noqa: S102 - our own documentation
    assert ran >= 15
    for name in ("tornado.json", "morris.json", "solve.json", "compare.json", "startup.xlsx", "startup.csv",
                 "startup.parquet", "required.json", "network.json", "network.xlsx"):
        assert (tmp_path / name).exists(), name
