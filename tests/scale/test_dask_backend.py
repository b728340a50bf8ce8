"""The Dask backend: bit-identical to the local streaming run, scenario shipped as text, missing-extra error."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import numpy as np
import pytest

import gigawatt
from gigawatt.engine.dask_backend import MissingExtraError, connect, map_chunks, task_ranges
from gigawatt.engine.runner import run_chunk
from gigawatt.engine.sampling import BLOCK
from gigawatt.model import BLOCKS
from gigawatt.scenario.schema import Scenario

distributed = pytest.importorskip("distributed")

SAMPLES = 4 * BLOCK + 321


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    """Two in-process workers of one thread each (no process start-up: fast)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0",
                                  silence_logs=40) as cluster, distributed.Client(cluster) as c:
        yield c


def test_bit_identical_to_the_local_stream(client: object, toy_text: str) -> None:
    scenario = gigawatt.loads(toy_text, {"consumer.paying_share.2030": "9% to 11%"})
    local = gigawatt.summarize(scenario, SAMPLES, 11, chunk_size=BLOCK)
    seen: list[tuple[int, int]] = []
    remote = gigawatt.summarize(scenario, SAMPLES, 11, chunk_size=BLOCK, client=client,
                                progress=lambda d, t: seen.append((d, t)))
    assert remote.summary() == local.summary()
    assert seen[-1] == (SAMPLES, SAMPLES)


def test_kept_samples_and_sd_on_the_cluster(client: object, toy_text: str) -> None:
    scenario = gigawatt.loads(toy_text)
    stats = ("mean", "sd", "p50")
    local = gigawatt.summarize(scenario, SAMPLES, 2, keep=("funding_gap",), stats=stats)
    remote = gigawatt.summarize(scenario, SAMPLES, 2, keep=("funding_gap",), stats=stats, client=client)
    assert np.array_equal(remote.kept["funding_gap"], local.kept["funding_gap"])
    assert remote.summary() == local.summary()


def payers_total(scenario: Scenario, start: int, stop: int) -> float:
    """A module-level chunk function (it travels to workers by reference)."""
    outputs, _ = run_chunk(scenario, BLOCKS, 1, start, stop)
    return float(outputs["payers"].values.sum())


def test_map_chunks_same_results_locally_and_on_the_cluster(client: object, toy_text: str) -> None:
    scenario = gigawatt.loads(toy_text)
    local = map_chunks(payers_total, scenario, SAMPLES, chunk_size=2 * BLOCK)
    remote = map_chunks(payers_total, scenario, SAMPLES, chunk_size=2 * BLOCK, client=client)
    assert remote == local
    assert len(local) == 3
    whole = gigawatt.simulate(scenario, SAMPLES, 1).series["payers"]
    assert sum(local) == pytest.approx(float(whole.sum()), rel=1e-12)


def test_task_ranges_are_block_aligned_and_cover_everything() -> None:
    spans = task_ranges(100 * BLOCK + 5, chunk_size=BLOCK, n_threads=2)
    assert spans[0][0] == 0 and spans[-1][1] == 100 * BLOCK + 5
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(lo % BLOCK == 0 for lo, _ in spans)
    assert len(spans) == 8  # about four tasks per worker thread


def test_connect_refuses_both_or_neither() -> None:
    with pytest.raises(ValueError, match="not both"), connect(cluster="tcp://127.0.0.1:1", workers=2):
        pass
    with pytest.raises(ValueError, match="at least 1"), connect():
        pass


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now raises ImportError
    with pytest.raises(MissingExtraError, match=r"pip install 'gigawatt\[dist\]'"), connect(workers=1):
        pass
