"""Chunks on several threads: the same numbers, progress in order, errors as on one thread, and the cut."""

from __future__ import annotations

import threading
from collections.abc import Mapping

import numpy as np
import pytest

import gigawatt
from gigawatt.engine import runner
from gigawatt.engine.finite import OverflowProblem
from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.engine.runner import BLOCK, chunk_ranges, in_order, run, thread_count
from gigawatt.scenario.schema import Scenario


def every_array(result: gigawatt.Result) -> dict[str, np.ndarray]:
    return {**{k: np.asarray(result[k]) for k in result.names()}, **{f"input {k}": v for k, v in result.inputs.items()}}


@pytest.mark.parametrize("threads", [2, 3, 8])
@pytest.mark.parametrize("chunk_size", [BLOCK, 2 * BLOCK, 32 * BLOCK])
def test_the_full_model_gives_the_same_bits_on_any_number_of_threads(threads: int, chunk_size: int) -> None:
    samples = 4 * BLOCK + 77
    one = every_array(gigawatt.simulate("openai-2025", samples, 5, chunk_size=32 * BLOCK, threads=1))
    many = every_array(gigawatt.simulate("openai-2025", samples, 5, chunk_size=chunk_size, threads=threads))
    assert one.keys() == many.keys()
    for name, values in one.items():
        np.testing.assert_array_equal(many[name], values, err_msg=name)


@pytest.mark.parametrize("threads", [2, 3])
def test_streaming_gives_the_same_summary_on_any_number_of_threads(toy_text: str, threads: int) -> None:
    toy = gigawatt.loads(toy_text)
    samples = 5 * BLOCK + 11
    one = gigawatt.summarize(toy, samples, 3, threads=1, keep=("payers",), stats=("mean", "sd", "p5", "p50"))
    many = gigawatt.summarize(toy, samples, 3, threads=threads, keep=("payers",), stats=("mean", "sd", "p5", "p50"))
    assert one.summary() == many.summary()
    np.testing.assert_array_equal(one.kept["payers"], many.kept["payers"])


def test_progress_is_reported_in_order_and_reaches_the_end(toy_text: str) -> None:
    toy = gigawatt.loads(toy_text)
    samples = 7 * BLOCK + 3
    seen: list[tuple[int, int]] = []
    gigawatt.simulate(toy, samples, 1, chunk_size=BLOCK, threads=3,
                      progress=lambda done, total: seen.append((done, total)))
    assert [done for done, _ in seen] == [min((i + 1) * BLOCK, samples) for i in range(8)]
    assert {total for _, total in seen} == {samples}
    streamed: list[int] = []
    gigawatt.summarize(toy, samples, 1, threads=3, progress=lambda done, total: streamed.append(done))
    assert streamed == [min((i + 1) * BLOCK, samples) for i in range(8)]


def test_chunks_run_on_other_threads_at_once() -> None:
    """Two chunks are being worked on at the same time (each waits until the other has started)."""
    started = threading.Barrier(2, timeout=10)
    names: set[str] = set()

    def work(lo: int, hi: int) -> int:
        names.add(threading.current_thread().name)
        started.wait()
        return hi - lo

    got = list(in_order(work, [(0, 5), (5, 7), (7, 17), (17, 18)], 2))
    assert got == [(0, 5, 5), (5, 7, 2), (7, 17, 10), (17, 18, 1)]
    assert threading.current_thread().name not in names and len(names) == 2


def test_an_error_in_a_chunk_is_raised_in_its_turn() -> None:
    def work(lo: int, hi: int) -> int:
        if lo >= 2:
            raise ValueError(f"chunk {lo}")
        return lo

    results = in_order(work, [(i, i + 1) for i in range(6)], 3)
    assert next(results) == (0, 1, 0)
    assert next(results) == (1, 2, 1)
    with pytest.raises(ValueError, match="chunk 2"):
        next(results)


def overflowing(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    users = np.array(x(scenario.consumer.users))
    users[BLOCK + 5 :] = np.inf  # only in the second block and later of every chunk (chunks start on blocks)
    return {"users_consumer": Out(users, "users")}


def test_an_overflow_names_the_same_sample_on_threads(toy_text: str) -> None:
    toy = gigawatt.loads(toy_text)
    messages = []
    for threads in (1, 2):
        with pytest.raises(OverflowProblem) as caught:
            run(toy, [overflowing], samples=6 * BLOCK, seed=1, chunk_size=2 * BLOCK, threads=threads)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert f"sample {BLOCK + 5}," in messages[0]


@pytest.mark.parametrize(("start", "stop", "size", "workers"), [
    (0, 100_000, 4 * BLOCK, 2), (0, 20_000, 4 * BLOCK, 2), (0, 5, BLOCK, 2), (0, 13 * BLOCK, BLOCK, 3),
    (3 * BLOCK, 40 * BLOCK + 1, 8 * BLOCK, 4), (0, 100_000, 4 * BLOCK, 1), (0, 3 * BLOCK, 100 * BLOCK, 8),
])
def test_chunks_cover_the_samples_on_block_boundaries(start: int, stop: int, size: int, workers: int) -> None:
    chunks = list(chunk_ranges(start, stop, size, workers))
    assert chunks[0][0] == start and chunks[-1][1] == stop
    assert all(a[1] == b[0] for a, b in zip(chunks, chunks[1:], strict=False))
    assert all(lo % BLOCK == 0 and lo < hi for lo, hi in chunks)
    assert all(hi - lo <= max(size, BLOCK) for lo, hi in chunks)
    blocks = -(-(stop - start) // BLOCK)
    if workers > 1:  # as many chunks as the workers can share evenly (or one a block)
        assert len(chunks) % workers == 0 or len(chunks) == blocks
        sizes = [-(-(hi - lo) // BLOCK) for lo, hi in chunks]
        assert max(sizes) - min(sizes) <= 1
    else:
        assert chunks == list(runner.block_ranges(start, stop, size))


def test_chunk_ranges_by_hand() -> None:
    """100,000 samples (13 blocks) in chunks of at most 4 blocks on 2 threads: 4 chunks of 4, 3, 3, 3 blocks."""
    assert list(chunk_ranges(0, 100_000, 4 * BLOCK, 2)) == [(0, 4 * BLOCK), (4 * BLOCK, 7 * BLOCK),
                                                          (7 * BLOCK, 10 * BLOCK), (10 * BLOCK, 100_000)]
    assert list(chunk_ranges(0, 20_000, 4 * BLOCK, 2)) == [(0, 2 * BLOCK), (2 * BLOCK, 20_000)]


def test_thread_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(runner.THREADS_ENVIRONMENT, raising=False)
    assert thread_count() == 1
    assert thread_count(3) == 3
    monkeypatch.setenv(runner.THREADS_ENVIRONMENT, " 1 ")
    assert thread_count() == 1
    assert thread_count(2) == 2  # the argument wins
    monkeypatch.setenv(runner.THREADS_ENVIRONMENT, "two")
    with pytest.raises(ValueError, match="GIGAWATT_THREADS must be a whole number.*'two'"):
        thread_count()
    monkeypatch.setenv(runner.THREADS_ENVIRONMENT, "0")
    with pytest.raises(ValueError, match="GIGAWATT_THREADS must be a whole number.*0"):
        thread_count()
    for wrong in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="threads must be a whole number"):
            thread_count(wrong)  # type: ignore[arg-type]
