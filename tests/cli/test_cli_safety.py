"""The command line under hostile input: huge sample counts and seeds, terminal escapes, streamed runs recorded."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gigawatt
from gigawatt.cli import app
from gigawatt.cli.app import MAX_CLUSTER_SAMPLES, MAX_SAMPLES
from gigawatt.cli.safe_console import SafeConsole, visible
from gigawatt.engine.runner import MAX_SEED, block_ranges
from gigawatt.engine.sampling import BLOCK
from gigawatt.store import RunStore

runner = CliRunner()


def test_block_ranges_are_made_one_at_a_time() -> None:
    ranges = block_ranges(0, 10**12, 4 * BLOCK)  # a list of these would hold 30 million tuples
    assert not isinstance(ranges, list)
    assert list(itertools.islice(ranges, 2)) == [(0, 4 * BLOCK), (4 * BLOCK, 8 * BLOCK)]
    assert list(block_ranges(0, 2 * BLOCK + 5, BLOCK)) == [(0, BLOCK), (BLOCK, 2 * BLOCK), (2 * BLOCK, 2 * BLOCK + 5)]


@pytest.mark.parametrize("extra", [[], ["--stream"], ["--workers", "2"]])
def test_too_many_samples_is_a_clear_error_before_any_work(toy_file: Path, extra: list[str]) -> None:
    result = runner.invoke(app, ["run", str(toy_file), "--samples", str(10**12), "--no-store", *extra])
    assert result.exit_code == 2
    assert f"more than the {MAX_SAMPLES:,}" in result.output and "docs/scale.md" in result.output
    assert "Traceback" not in result.output


def test_a_cluster_takes_more_but_not_without_bound(toy_file: Path) -> None:
    result = runner.invoke(app, ["run", str(toy_file), "--samples", str(MAX_CLUSTER_SAMPLES + 1), "--no-store",
                                 "--cluster", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert f"more than the {MAX_CLUSTER_SAMPLES:,} the command line runs on a Dask cluster" in result.output


@pytest.mark.parametrize("command", [["run"], ["report", "-o", "x.html"]])
def test_other_commands_cap_samples_too(toy_file: Path, command: list[str]) -> None:
    result = runner.invoke(app, [command[0], str(toy_file), *command[1:], "--samples", str(MAX_SAMPLES + 1)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_seed_the_store_cannot_hold_is_refused(toy_file: Path) -> None:
    result = runner.invoke(app, ["run", str(toy_file), "-n", "100", "--seed", str(2**63)])
    assert result.exit_code == 2
    assert "9223372036854775807" in result.output
    with pytest.raises(ValueError, match="seed must be a whole number from 0"):
        gigawatt.simulate(gigawatt.load(toy_file), 10, seed=2**63)
    with pytest.raises(ValueError, match="seed must be a whole number from 0"):
        gigawatt.summarize(gigawatt.load(toy_file), 10, seed=2**64)


def test_the_largest_seed_runs_and_is_recorded(toy_file: Path, tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    result = runner.invoke(app, ["run", str(toy_file), "-n", "100", "--seed", str(MAX_SEED), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "not recorded" not in result.output
    (run,) = RunStore(store).list()
    assert run.seed == MAX_SEED


def test_streamed_runs_are_recorded_with_their_summary(toy_file: Path, tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["run", str(toy_file), "-n", "5000", "--stream", "--store", str(store),
                                 "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Quantiles are estimates of a streamed run: sketch" in result.output
    assert "Recorded as run" in result.output
    (info,) = RunStore(store).list()
    run = RunStore(store).get(info.id)
    assert run.samples == 5000 and run.summary == json.loads(out.read_text())
    assert run.summary is not None and run.summary["quantiles"].startswith("sketch")
    shown = runner.invoke(app, ["runs", "show", str(info.id), "--store", str(store)])
    assert "quantiles are estimates" in shown.output


def test_an_exact_run_says_nothing_about_sketches(toy_file: Path) -> None:
    result = runner.invoke(app, ["run", str(toy_file), "-n", "500", "--no-store"])
    assert result.exit_code == 0 and "estimates" not in result.output


ESCAPE = "\x1b[2J\x1b]0;owned\x07\x9b31m\u202e"


def test_visible_writes_control_characters_as_escapes() -> None:
    assert visible(ESCAPE) == "\\x1b[2J\\x1b]0;owned\\x07\\x9b31m\\u202e"
    assert visible("tab\tand\nnewline, Über") == "tab\tand\nnewline, Über"


def test_the_console_keeps_its_own_styles_but_escapes_text() -> None:
    console = SafeConsole(force_terminal=True, color_system="standard", width=80)
    with console.capture() as captured:
        console.print(f"[bold]x[/] {ESCAPE}", highlight=False)
    text = captured.get()
    assert "\x1b[1m" in text  # rich's own style
    assert "\x1b[2J" not in text and "\x07" not in text and "\x9b" not in text and "\u202e" not in text
    assert "\\x1b[2J" in text


@pytest.mark.parametrize("command", [["validate"], ["run", "-n", "100", "--no-store"]])
def test_scenario_text_with_escapes_prints_no_control_characters(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "esc.yaml"
    path.write_text('name: "x\\e[2Jy\\u202e[red]z"\nconsumer:\n  "\\e[31m": 5\n', encoding="utf-8")
    result = runner.invoke(app, [command[0], str(path), *command[1:]], color=True)
    assert "\x1b[2J" not in result.output and "\x1b[31m" not in result.output and "\u202e" not in result.output
    bad = runner.invoke(app, ["validate", str(path)], color=True)
    assert bad.exit_code == 2 and "\\x1b[31m" in bad.output
    fixed = path.read_text().replace('  "\\e[31m": 5\n', "  users: 5\n")
    path.write_text(fixed, encoding="utf-8")
    good = runner.invoke(app, [command[0], str(path), *command[1:]], color=True)
    assert good.exit_code == 0, good.output
    assert "x\\x1b[2Jy\\u202e[red]z" in good.output.replace("\n", "")
