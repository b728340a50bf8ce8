"""The run store: recording, listing, diffing, concurrent writers, locks, damaged files, and `gigawatt run`."""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gigawatt
from gigawatt.cli import app
from gigawatt.store import RunStore, StoreError, default_store_path

from .toys import TOY

runner = CliRunner()


def _record_many(path: str, count: int) -> list[int]:
    """Worker of the concurrency test: record ``count`` runs of the toy scenario."""
    result = gigawatt.simulate(gigawatt.loads(TOY), samples=20)
    store = RunStore(path, timeout=60)
    return [store.record(result) for _ in range(count)]


def _hold_lock(path: str, seconds: float, ready: multiprocessing.synchronize.Event) -> None:
    """Worker: keep the store open for writing (which locks it) for ``seconds``."""
    import duckdb

    con = duckdb.connect(path)
    con.execute("CREATE TABLE IF NOT EXISTS held (a INTEGER)")
    ready.set()
    time.sleep(seconds)
    con.close()


@pytest.fixture(scope="module")
def result() -> gigawatt.Result:
    return gigawatt.simulate(gigawatt.loads(TOY), samples=100, seed=3)


def test_default_path_follows_the_environment(store_path: Path) -> None:
    assert default_store_path() == store_path
    assert RunStore().path == store_path


def test_record_list_get(tmp_path: Path, result: gigawatt.Result) -> None:
    store = RunStore(tmp_path / "s.duckdb")
    assert store.list() == [] and store.count() == 0
    first, second = store.record(result), store.record(result)
    assert (first, second) == (1, 2)
    runs = store.list()
    assert [r.id for r in runs] == [2, 1]
    assert runs[0].scenario == "toy" and runs[0].seed == 3 and runs[0].samples == 100
    assert runs[0].content_hash == result.scenario.content_hash
    assert runs[0].funding_gap_p50 == pytest.approx(result.stat("funding_gap", "p50"))
    run = store.get(1)
    assert run.text == result.scenario.text and run.version == gigawatt.__version__
    assert run.summary == json.loads(json.dumps(result.summary()))
    assert gigawatt.loads(run.text).content_hash == result.scenario.content_hash  # the text gives the scenario back
    with pytest.raises(StoreError, match="no run 7"):
        store.get(7)


def test_diff(tmp_path: Path, result: gigawatt.Result) -> None:
    store = RunStore(tmp_path / "s.duckdb")
    a = store.record(result)
    other = gigawatt.simulate(gigawatt.loads(TOY, {"consumer.paying_share.2030": "15%"}), samples=100, seed=3)
    b = store.record(other)
    out = store.diff(a, b)
    assert "content_hash" in out["settings"]
    assert any(line.startswith("+") and "15%" in line for line in out["text_diff"])
    row = next(r for r in out["rows"] if r["metric"] == "revenue_total" and r["year"] == 2030)
    assert row["diff"] == pytest.approx(other.stat("revenue_total", "p50", 2030)
                                        - result.stat("revenue_total", "p50", 2030))


def test_two_processes_record_at_once_and_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.duckdb")
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        ids = pool.starmap(_record_many, [(path, 10), (path, 10)])
    every = sorted(ids[0] + ids[1])
    assert every == list(range(1, 21))
    assert RunStore(path).count() == 20


def test_a_held_lock_is_waited_for(tmp_path: Path, result: gigawatt.Result) -> None:
    path = tmp_path / "locked.duckdb"
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    holder = context.Process(target=_hold_lock, args=(str(path), 1.0, ready))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(StoreError, match="locked by another process"):
            RunStore(path, timeout=0.2).record(result)
        assert RunStore(path, timeout=30).record(result) == 1  # waits until the holder lets go
    finally:
        holder.join(30)
    assert RunStore(path).count() == 1


def test_a_damaged_store_gives_a_clear_error(tmp_path: Path, result: gigawatt.Result) -> None:
    path = tmp_path / "bad.duckdb"
    path.write_bytes(b"not a database at all" * 200)
    with pytest.raises(StoreError, match="not a valid DuckDB database.*move it aside"):
        RunStore(path).record(result)
    with pytest.raises(StoreError, match="move it aside"):
        RunStore(path).list()


def test_cli_run_records_and_runs_commands_read(toy: Path, store_path: Path) -> None:
    first = runner.invoke(app, ["run", str(toy), "-n", "100"])
    assert first.exit_code == 0, first.output
    assert "Recorded as run 1" in first.output
    second = runner.invoke(app, ["run", str(toy), "-n", "100", "--set", "consumer.paying_share.2030=15%", "--json",
                                 "-"])
    assert second.exit_code == 0
    json.loads(second.output)  # stdout stays pure JSON
    assert runner.invoke(app, ["run", str(toy), "-n", "100", "--no-store", "-q"]).exit_code == 0
    assert RunStore(store_path).count() == 2

    listed = runner.invoke(app, ["runs", "list", "--json", "-"])
    assert listed.exit_code == 0
    assert [r["id"] for r in json.loads(listed.output)] == [2, 1]
    table = runner.invoke(app, ["runs", "list"])
    assert table.exit_code == 0 and "toy" in table.output

    shown = runner.invoke(app, ["runs", "show", "1"])
    assert shown.exit_code == 0 and "funding_gap" in shown.output
    text = runner.invoke(app, ["runs", "show", "2", "--text"])
    assert "2030: 15%" in text.output

    diff = runner.invoke(app, ["runs", "diff", "1", "2", "--json", "-"])
    assert diff.exit_code == 0
    data = json.loads(diff.output)
    assert data["a"] == 1 and data["b"] == 2 and data["rows"]
    assert runner.invoke(app, ["runs", "diff", "1", "2"]).exit_code == 0

    missing = runner.invoke(app, ["runs", "show", "9"])
    assert missing.exit_code == 2 and "no run 9" in missing.output


def test_cli_store_option_moves_the_store(toy: Path, tmp_path: Path, store_path: Path) -> None:
    other = tmp_path / "elsewhere" / "r.duckdb"
    assert runner.invoke(app, ["run", str(toy), "-n", "50", "-q", "--store", str(other)]).exit_code == 0
    assert RunStore(other).count() == 1 and not store_path.exists()
    listed = runner.invoke(app, ["runs", "list", "--store", str(other), "--json", "-"])
    assert len(json.loads(listed.output)) == 1


def test_a_failed_record_loses_no_result(toy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"garbage" * 500)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["run", str(toy), "-n", "50", "--store", str(bad), "--json", str(out)])
    assert result.exit_code == 0
    assert "Headline" in result.output  # the run's output came first
    assert "warning" in result.output and "not recorded" in result.output and f"summary is in {out}" in \
        result.output.replace("\n", "")
    assert json.loads(out.read_text())["scenario"] == "toy"

    # without --json the summary is saved beside the store, and the warning says where
    result = runner.invoke(app, ["run", str(toy), "-n", "50", "--store", str(bad), "-q"])
    assert result.exit_code == 0
    saved = list(tmp_path.glob("gigawatt-unrecorded-*.json"))
    assert len(saved) == 1 and str(saved[0].name) in result.output.replace("\n", "")
    assert json.loads(saved[0].read_text())["samples"] == 50
