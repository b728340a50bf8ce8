"""Scale-out on Dask: block-aligned chunks of samples on a cluster's workers, merged in block order.

Dask is optional (``pip install 'gigawatt[dist]'``); nothing here imports it until a
cluster is asked for, so the local path stays plain numpy. What travels to the
workers: the scenario's full YAML text (``Scenario.text``, rebuilt and cached on each
worker), the seed, sample ranges and, for custom models, references to importable
block functions -- never pickled scenario objects. What comes back: a
:class:`~gigawatt.engine.stream.Partial` per task (per-block sums and a sparse sketch).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from gigawatt.engine.result import Out, Result
from gigawatt.engine.runner import Block, Progress, block_ranges, check_pinned, check_seed, run_chunk
from gigawatt.engine.sampling import BLOCK
from gigawatt.scenario.schema import Scenario

if TYPE_CHECKING:
    from distributed import Client

    from gigawatt.engine.stream import Partial

T = TypeVar("T")

INSTALL_HINT = "pip install 'gigawatt[dist]'"
TASKS_PER_THREAD = 4
"""Tasks per worker thread, so a slow worker does not hold the run up."""


class MissingExtraError(ImportError):
    """An optional extra is not installed; the message gives the install command."""


def require_dask() -> Any:
    """Import ``dask.distributed`` or raise :class:`MissingExtraError` with the install command."""
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - Dask is installed for the tests
        raise MissingExtraError(f"running on a Dask cluster needs Dask: {INSTALL_HINT}") from exc
    return distributed


@contextmanager
def connect(cluster: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A Dask client: to the scheduler at ``cluster`` (``tcp://HOST:PORT``), or to a new local cluster.

    Parameters
    ----------
    cluster
        Address of a running ``dask scheduler``.
    workers
        Otherwise, the number of local worker processes (one thread each) to start.
    """
    distributed = require_dask()
    if cluster and workers:
        raise ValueError("give either --cluster (an existing scheduler) or --workers (a local cluster), not both")
    if cluster:
        try:
            client = distributed.Client(cluster, timeout="10s")
        except OSError as exc:
            raise ValueError(f"cannot reach the Dask scheduler at {cluster}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    if workers is None or workers < 1:
        raise ValueError("workers must be at least 1")
    import dask

    # Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in its workers, which turns off glibc's adaptive
    # mmap threshold: every numpy temporary is then mapped and unmapped, doubling the model's time
    # (measured in docs/performance.md). The workers keep glibc's defaults instead.
    # The dashboard takes a free port (":0"): the default 8787 may be held by another cluster on the machine.
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}), \
            distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                     dashboard_address=":0", silence_logs=40) as local, \
            distributed.Client(local) as client:
        yield client


def threads(client: Client) -> int:
    """Worker threads of a cluster (at least 1)."""
    return max(1, sum(client.nthreads().values()))


def task_ranges(samples: int, chunk_size: int, n_threads: int) -> list[tuple[int, int]]:
    """Block-aligned ``(start, stop)`` per task: about :data:`TASKS_PER_THREAD` tasks per thread."""
    blocks = math.ceil(samples / BLOCK)
    per_task = max(max(1, chunk_size // BLOCK), math.ceil(blocks / (TASKS_PER_THREAD * n_threads)))
    return list(block_ranges(0, samples, per_task * BLOCK))  # about TASKS_PER_THREAD per thread: a short list


def map_ordered(client: Client, fn: Callable[..., T], calls: Sequence[tuple[Any, ...]],
                done: Callable[[int, T], None] | None = None) -> list[T]:
    """Run ``fn(*args)`` for each ``args`` of ``calls`` on the cluster; results in the order of ``calls``.

    ``done(i, result)`` is called as each finishes (in completion order).
    """
    distributed = require_dask()
    futures = [client.submit(fn, *args, pure=False) for args in calls]
    index = {f.key: i for i, f in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    for future, result in distributed.as_completed(futures, with_results=True):
        i = index[future.key]
        results[i] = result
        future.release()
        if done is not None:
            done(i, result)
    return results


def summarize_on(client: Client, scenario: Scenario, blocks: Sequence[Block], samples: int, seed: int, *,
                 chunk_size: int, pinned: Mapping[str, float] | None, keep: Sequence[str], with_sd: bool,
                 progress: Progress | None) -> Partial:
    """Merged statistics of a run whose block-aligned chunks ran on ``client``'s workers."""
    from gigawatt.engine.stream import partial_of_text

    spans = task_ranges(samples, chunk_size, threads(client))
    text = scenario.text
    pins = dict(pinned) if pinned else None
    calls = [(text, list(blocks), seed, lo, hi, chunk_size, pins, tuple(keep), with_sd)
             for lo, hi in spans]
    merged: list[Partial] = []
    finished = 0

    def fold(i: int, part: Partial) -> None:  # merge as results arrive: integer sketch counts, blocks by index
        nonlocal finished
        if merged:
            merged[0].merge(part)
        else:
            merged.append(part)
        finished += spans[i][1] - spans[i][0]
        if progress is not None:
            progress(finished, samples)

    map_ordered(client, partial_of_text, calls, done=fold)
    return merged[0]


def _simulate_task(text: str, blocks: Sequence[Block], seed: int, start: int, stop: int,
                   pinned: Mapping[str, Any] | None) -> tuple[dict[str, Out], dict[str, np.ndarray]]:
    """The outputs and draws of samples ``start`` to ``stop`` through ``blocks`` (a task on a worker; the
    blocks travel by reference to their importable functions)."""
    from gigawatt.engine.stream import scenario_from_text

    return run_chunk(scenario_from_text(text), blocks, seed, start, stop, pinned)


def simulate_on(client: Client, scenario: Scenario, blocks: Sequence[Block], samples: int, seed: int, *,
                chunk_size: int, pinned: Mapping[str, Any] | None, progress: Progress | None,
                version: str) -> Result:
    """:func:`gigawatt.simulate` with the chunks run on ``client``'s workers and every sample gathered here.

    The chunks are block-aligned and joined in sample order, so the :class:`Result` is bit-identical
    to a run in one process (its quantiles exact), whatever the number of workers.
    """
    check_seed(seed)
    check_pinned(scenario, pinned, samples)
    spans = task_ranges(samples, chunk_size, threads(client))
    finished = 0

    def tick(i: int, _: Any) -> None:
        nonlocal finished
        finished += spans[i][1] - spans[i][0]
        if progress is not None:
            progress(finished, samples)

    pins = dict(pinned) if pinned else None
    calls = [(scenario.text, list(blocks), seed, lo, hi, pins) for lo, hi in spans]
    parts = map_ordered(client, _simulate_task, calls, done=tick)
    return Result.from_chunks(scenario, np.asarray(scenario.years), seed, [p[0] for p in parts],
                              [p[1] for p in parts], version)


def _chunk_task(fn: Callable[[Scenario, int, int], T], text: str, start: int, stop: int) -> T:
    from gigawatt.engine.stream import scenario_from_text

    return fn(scenario_from_text(text), start, stop)


def map_chunks(fn: Callable[[Scenario, int, int], T], scenario: Scenario, samples: int, *,
               chunk_size: int = 4 * BLOCK, client: Client | None = None,
               progress: Progress | None = None) -> list[T]:
    """Apply ``fn(scenario, start, stop)`` to block-aligned chunks of ``samples``; results in chunk order.

    The helper for analyses that need more than a summary (e.g. sensitivity): ``fn``
    typically calls :func:`gigawatt.engine.runner.run_chunk` and reduces its outputs.
    Locally (``client=None``) the chunks run one after another in this process; with a
    Dask client they run on its workers, ``fn`` travelling by reference (it must be a
    module-level function importable there) and the scenario as its YAML text.
    Because the random streams are fixed per block, the results do not depend on where
    a chunk ran.
    """
    spans = list(block_ranges(0, samples, chunk_size))
    finished = 0

    def tick(i: int, _: Any = None) -> None:
        nonlocal finished
        finished += spans[i][1] - spans[i][0]
        if progress is not None:
            progress(finished, samples)

    if client is None:
        out = []
        for i, (lo, hi) in enumerate(spans):
            out.append(fn(scenario, lo, hi))
            tick(i)
        return out
    return map_ordered(client, _chunk_task, [(fn, scenario.text, lo, hi) for lo, hi in spans], done=tick)
