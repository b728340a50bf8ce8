"""No file name or path ever comes from scenario text: `gigawatt report`, the run store, the slug itself.

Each test gives a scenario a ``name`` that is a path (absolute, or climbing with ``..``) and checks
that nothing is written there and that a default file name is a slug.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from toy_scenarios import TOY
from typer.testing import CliRunner

from gigawatt.cli import app as cli
from gigawatt.filenames import MAX_SLUG, slug

runner = CliRunner()


def named(name: str) -> str:
    """The toy scenario under another ``name`` (a JSON string is a YAML double-quoted scalar)."""
    return TOY.replace("name: toy\n", f"name: {json.dumps(name)}\n", 1)


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def test_cli_report_default_file_is_a_slug_in_this_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    source = work / "s.yaml"
    for name, expected in (("../escaped", "escaped.html"), (f"{tmp_path}/abs/evil", slug(f"{tmp_path}/abs/evil")
                                                            + ".html")):
        source.write_text(named(name), encoding="utf-8")
        monkeypatch.chdir(work)
        done = runner.invoke(cli, ["report", str(source), "--samples", "100", "--local-drivers", "--quiet"])
        assert done.exit_code == 0, done.output
        assert (work / expected).is_file()
    assert not (tmp_path / "escaped.html").exists()
    assert not (tmp_path / "abs").exists()


def test_run_store_and_unrecorded_summaries_ignore_the_name(tmp_path: Path) -> None:
    store = tmp_path / "store" / "runs.duckdb"
    source = tmp_path / "s.yaml"
    source.write_text(named(f"{tmp_path}/evil/../../x"), encoding="utf-8")
    done = runner.invoke(cli, ["run", str(source), "--samples", "50", "--store", str(store), "--quiet"])
    assert done.exit_code == 0, done.output
    assert files_under(tmp_path) - {source} <= {store.parent, store, store.parent / "runs.duckdb.wal"}
    from gigawatt.store import RunStore

    assert [r.scenario for r in RunStore(store).list()] == [f"{tmp_path}/evil/../../x"]


@pytest.mark.parametrize(("text", "expected"), [
    ("openai-2025", "openai-2025"), ("../../etc/passwd", "etc-passwd"), ("/abs/path/x", "abs-path-x"),
    (".hidden", "hidden"), ("C:\\Windows\\x", "c-windows-x"), ("Pérez & Söhne", "perez-sohne"),
    ("\x1b[2J\x00", "2j"), ("...", "scenario"), ("", "scenario"), ("NUL", "nul-file"), ("con", "con-file"),
])
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_slug_is_bounded() -> None:
    assert len(slug("a b " * 500)) <= MAX_SLUG
    assert not slug("a" * (MAX_SLUG - 1) + " b").endswith("-")
