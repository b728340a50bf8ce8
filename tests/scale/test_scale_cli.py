"""`gigawatt run` on the streaming path and on Dask: same numbers, tables from a summary, clear errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gigawatt.cli import app
from gigawatt.engine.sampling import BLOCK

runner = CliRunner()
SAMPLES = str(2 * BLOCK + 9)


def run_json(*args: str) -> dict:
    result = runner.invoke(app, ["run", *args, "--json", "-", "--no-store"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_stream_flag_gives_the_sketch_summary(toy_file: Path) -> None:
    streamed = run_json(str(toy_file), "-n", SAMPLES, "--stream")
    plain = run_json(str(toy_file), "-n", SAMPLES)
    assert streamed["quantiles"].startswith("sketch") and "quantiles" not in plain
    assert streamed["probabilities"] == plain["probabilities"]
    assert streamed["scalars"]["funding_gap"]["p50"] == pytest.approx(plain["scalars"]["funding_gap"]["p50"],
                                                                      rel=0.005)


def test_many_samples_stream_by_themselves(toy_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gigawatt.cli.scale.STREAM_ABOVE", 1000)
    assert "quantiles" in run_json(str(toy_file), "-n", "1001")
    assert "quantiles" not in run_json(str(toy_file), "-n", "1000")


def test_tables_print_from_a_streamed_summary(toy_file: Path) -> None:
    result = runner.invoke(app, ["run", str(toy_file), "-n", SAMPLES, "--stream", "--no-store"])
    assert result.exit_code == 0, result.output
    assert "Revenue by stream" in result.output and "subs" in result.output
    assert f"{int(SAMPLES):,} samples" in result.output


def test_export_needs_samples(toy_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(toy_file), "--stream", "--export", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "--export needs every sample" in result.output and "Traceback" not in result.output


def test_cluster_address_gives_the_same_bits(toy_file: Path) -> None:
    """The summariser follows the sample count and --stream, not where the run happens."""
    distributed = pytest.importorskip("distributed")
    local = run_json(str(toy_file), "-n", SAMPLES, "--stream")
    exact = run_json(str(toy_file), "-n", SAMPLES)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0",
                                  silence_logs=40, scheduler_port=0, protocol="tcp") as cluster:
        remote = run_json(str(toy_file), "-n", SAMPLES, "--cluster", cluster.scheduler_address, "--stream")
        remote_exact = run_json(str(toy_file), "-n", SAMPLES, "--cluster", cluster.scheduler_address)
    assert remote == local
    assert remote_exact == exact and "quantiles" not in remote_exact


def test_local_worker_processes_give_the_same_json(toy_file: Path) -> None:
    """`gigawatt run -n 20000 --seed 3` and the same with `--workers 2`: identical JSON, exact quantiles."""
    pytest.importorskip("distributed")
    local = run_json(str(toy_file), "-n", "20000", "--seed", "3")
    remote = run_json(str(toy_file), "-n", "20000", "--seed", "3", "--workers", "2")
    assert remote == local and "quantiles" not in remote


def test_missing_dask_exit_2_with_the_install_command(toy_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = runner.invoke(app, ["run", str(toy_file), "-n", "100", "--workers", "2", "--no-store"])
    assert result.exit_code == 2
    assert "pip install 'gigawatt[dist]'" in result.output and "Traceback" not in result.output
