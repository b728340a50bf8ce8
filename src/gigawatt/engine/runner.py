"""Running model blocks over chunks of samples, on one thread or several.

Chunks are independent (each draws its own random blocks: :mod:`gigawatt.engine.sampling`), so they may
run at the same time: :func:`in_order` runs them on a pool of threads and hands the results back in chunk
order, which keeps the numbers bit for bit those of one thread (the joins and sums are made in the same
order) and progress reports in order. numpy releases the GIL while it works on large arrays and the
compiled kernels run without it (``nogil``), so two threads keep two cores busy for most of a chunk.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import numpy as np

from gigawatt.engine.finite import check_outputs
from gigawatt.engine.inputs import Inputs
from gigawatt.engine.memory import keep_freed_memory
from gigawatt.engine.result import Out, Result
from gigawatt.engine.sampling import BLOCK, draw_inputs
from gigawatt.scenario.paths import uncertain_inputs
from gigawatt.scenario.schema import Scenario

Block = Callable[[Scenario, Inputs, Mapping[str, np.ndarray]], Mapping[str, Out]]
"""A model block: sampled inputs and the series computed so far in, new named outputs out.

A name that begins with ``_`` is an intermediate: later blocks see it as returned (not broadcast to the
full shape), the result does not keep it."""

Progress = Callable[[int, int], None]
"""Called with (samples done, samples in all) after each chunk."""

DEFAULT_CHUNK = 4 * BLOCK
"""Samples run at once: 32,768. Larger chunks were slower, not faster: at 100,000 samples of openai-2025,
chunks of 131,072 took 13.6 s (10.4 s of it the kernel handing out fresh pages) against 5.1 s in chunks of
32,768, joining included (docs/performance.md). The numbers are the same whatever the chunk size."""


THREADS_ENVIRONMENT = "GIGAWATT_THREADS"
"""Worker threads of a run when ``threads=`` is not given (``1``: every chunk on the calling thread)."""

T = TypeVar("T")

MAX_SEED = 2**63 - 1
"""Largest seed: the run store keeps seeds as 64-bit integers, so a larger one could not be recorded."""


def block_ranges(start: int, stop: int, size: int) -> Iterator[tuple[int, int]]:
    """Consecutive ``(lo, hi)`` from ``start`` to ``stop``, made one at a time (a run of 10^12 samples
    holds no list of its chunks); ``size`` is rounded to whole random blocks."""
    size = max(BLOCK, (size // BLOCK) * BLOCK)
    for lo in range(start, stop, size):
        yield lo, min(lo + size, stop)


def thread_count(threads: int | None = None) -> int:
    """Threads to run chunks on: ``threads``, else :data:`THREADS_ENVIRONMENT`, else 1 (every chunk on the
    calling thread: on a loaded machine two threads measured slower, docs/performance.md). Raises
    ``ValueError`` unless it is a whole number of at least 1."""
    where = "threads"
    if threads is None:
        text = os.environ.get(THREADS_ENVIRONMENT, "").strip()
        if not text:
            return 1
        where = THREADS_ENVIRONMENT
        try:
            threads = int(text)
        except ValueError:
            raise ValueError(f"{THREADS_ENVIRONMENT} must be a whole number of threads, at least 1 (1 runs every "
                             f"chunk on the calling thread); got {text!r}") from None
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ValueError(f"{where} must be a whole number of threads, at least 1 (1 runs every chunk on the "
                         f"calling thread); got {threads!r}")
    return int(threads)


def chunk_ranges(start: int, stop: int, size: int, workers: int = 1) -> Iterator[tuple[int, int]]:
    """The chunks of samples ``start`` to ``stop`` (``start`` on a block boundary): :func:`block_ranges` on one
    worker; on more, the random blocks spread evenly over a number of chunks of at most ``size`` samples that
    is a multiple of ``workers`` (when there are blocks enough), so that the workers finish together. The
    numbers do not depend on the cut (:mod:`gigawatt.engine.sampling`)."""
    if workers <= 1:
        yield from block_ranges(start, stop, size)
        return
    per_chunk = max(1, size // BLOCK)
    blocks = -(-(stop - start) // BLOCK)
    chunks = -(-blocks // per_chunk)
    chunks = min(blocks, -(-chunks // workers) * workers)
    base, extra = divmod(blocks, chunks) if chunks else (0, 0)
    lo = start
    for index in range(chunks):  # a loop over chunks, not samples
        hi = min(stop, lo + (base + (1 if index < extra else 0)) * BLOCK)
        yield lo, hi
        lo = hi


def in_order(work: Callable[[int, int], T], ranges: Iterable[tuple[int, int]],
             workers: int) -> Iterator[tuple[int, int, T]]:
    """``(lo, hi, work(lo, hi))`` for each range, in the order of ``ranges``, computed on ``workers`` threads.

    At most ``workers`` ranges are being worked on or waiting to be taken at once (the memory of a run
    grows with the number of threads, not with its samples). An error in a range is raised when that
    range's turn comes, as one thread would raise it (the ranges not started are cancelled).
    """
    if workers <= 1:
        for lo, hi in ranges:
            yield lo, hi, work(lo, hi)
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gigawatt-chunk")
    pending: deque[tuple[int, int, Future[T]]] = deque()
    try:
        for lo, hi in ranges:
            pending.append((lo, hi, pool.submit(work, lo, hi)))
            if len(pending) >= workers:
                first, last, done = pending.popleft()
                yield first, last, done.result()
        while pending:
            first, last, done = pending.popleft()
            yield first, last, done.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def check_seed(seed: int) -> None:
    """Raise ``ValueError`` unless ``seed`` is a whole number from 0 to :data:`MAX_SEED`."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED} (2^63 - 1, what the run store "
                         f"holds); got {seed!r}")


def check_pinned(scenario: Scenario, pinned: Mapping[str, float | np.ndarray] | None, samples: int) -> None:
    """Raise unless ``samples`` is positive and every pinned path is an uncertain input with one value,
    or one value per sample."""
    if samples < 1:
        raise ValueError("samples must be at least 1")
    unknown = set(pinned or {}) - set(uncertain_inputs(scenario))
    if unknown:
        raise KeyError(f"not uncertain inputs of {scenario.name}: {', '.join(sorted(unknown))}")
    for path, value in (pinned or {}).items():
        shape = np.shape(value)
        if shape not in ((), (samples,)):
            raise ValueError(f"pinned {path}: expected one number or an array of {samples} values, got shape {shape}")


def run_blocks(
    scenario: Scenario, blocks: Sequence[Block], draws: Mapping[str, np.ndarray], n: int,
    links: Mapping[str, np.ndarray] | None = None, start: int = 0,
) -> tuple[dict[str, Out], dict[str, np.ndarray]]:
    """Run every block over ``n`` samples of input ``draws``; return the outputs kept and every series
    computed (the intermediates, whose names begin with ``_``, included).

    ``links`` are carried to the blocks as :attr:`Inputs.links`, as given; ``start`` is the first
    sample's index (for error messages). Raises :class:`~gigawatt.engine.finite.OverflowProblem` at
    the first block whose output is not finite (or beyond :data:`~gigawatt.engine.finite.LIMIT`),
    naming the inputs of largest magnitude.
    """
    computed: dict[str, np.ndarray] = {}
    outputs: dict[str, Out] = {}
    # formulas read the outputs so far
    sampled = Inputs(np.asarray(scenario.years), draws, n, outputs, links)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):  # check_outputs says
        for block in blocks:
            run_block(scenario, block, sampled, computed, outputs, start, draws)
    return outputs, computed


def run_block(scenario: Scenario, block: Block, sampled: Inputs, computed: dict[str, np.ndarray],
              outputs: dict[str, Out], start: int, draws: Mapping[str, np.ndarray]) -> None:
    """Run one block: its intermediates into ``computed``, its outputs (full shape) into both."""
    made: dict[str, Out] = {}
    for name, out in block(scenario, sampled, computed).items():
        if name.startswith("_"):  # an intermediate: passed on as it is, not kept
            computed[name] = np.asarray(out.values)
            continue
        values = np.asarray(out.values, dtype=bool if out.unit == "event" else float)
        if values.ndim == 2:
            values = np.ascontiguousarray(np.broadcast_to(values, sampled.shape))
        elif values.ndim == 1 and values.shape[0] == 1:
            values = np.repeat(values, sampled.n)
        computed[name] = values
        made[name] = Out(values, out.unit)
    check_outputs(scenario, getattr(block, "__name__", "model"),
                  {name: (out.values, out.unit) for name, out in made.items()}, start, draws)
    outputs.update(made)


def run_chunk(
    scenario: Scenario, blocks: Sequence[Block], seed: int, start: int, stop: int,
    pinned: Mapping[str, float | np.ndarray] | None = None,
) -> tuple[dict[str, Out], dict[str, np.ndarray]]:
    """Run every block for samples ``start`` to ``stop``; return the outputs and the input draws.

    A pinned value is one number for every sample, or an array over all samples (sliced here).
    Raises as :func:`run_blocks` does.
    """
    keep_freed_memory()  # once per process: freed arrays are reused instead of faulted in again
    # Floating-point trouble is not warned about on stderr: check_outputs turns it into a clear error
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        inputs = uncertain_inputs(scenario)
        pinned = pinned or {}
        # a pinned input is not drawn (a sensitivity design pins every one); the others' draws are the same
        drawn = draw_inputs({p: d for p, d in inputs.items() if p not in pinned}, scenario.correlations, seed,
                            start, stop)
        draws: dict[str, np.ndarray] = {}
        for path in inputs:  # in the order of the inputs, as when every one is drawn
            if path not in pinned:
                draws[path] = drawn[path]
                continue
            fixed = np.asarray(pinned[path], dtype=float)
            draws[path] = np.full(stop - start, float(fixed)) if fixed.ndim == 0 else fixed[start:stop].copy()
        outputs, _ = run_blocks(scenario, blocks, draws, stop - start, start=start)
    return outputs, draws


def run(
    scenario: Scenario,
    blocks: Sequence[Block],
    *,
    samples: int,
    seed: int,
    chunk_size: int = DEFAULT_CHUNK,
    pinned: Mapping[str, float | np.ndarray] | None = None,
    progress: Progress | None = None,
    version: str = "",
    threads: int | None = None,
) -> Result:
    """Simulate ``samples`` Monte Carlo samples of ``scenario`` through ``blocks``.

    The result is bit-identical for the same scenario, seed and ``pinned``
    values whatever ``chunk_size`` and ``threads`` are (see :mod:`gigawatt.engine.sampling`;
    :func:`thread_count` says how many threads run when ``threads`` is None).
    ``pinned`` fixes uncertain inputs (by dotted path) to one value in every
    sample while every other input keeps its draws (common random numbers);
    a pinned array of shape ``(samples,)`` gives each sample its own value
    (sensitivity designs: Sobol, Morris, stacked tornado runs).
    """
    check_seed(seed)
    check_pinned(scenario, pinned, samples)
    workers = thread_count(threads)
    chunks: list[dict[str, Out]] = []
    draws: list[dict[str, np.ndarray]] = []

    def work(start: int, stop: int) -> tuple[dict[str, Out], dict[str, np.ndarray]]:
        return run_chunk(scenario, blocks, seed, start, stop, pinned)

    for _, stop, (outputs, chunk_draws) in in_order(work, chunk_ranges(0, samples, chunk_size, workers), workers):
        chunks.append(outputs)
        draws.append(chunk_draws)
        if progress is not None:
            progress(stop, samples)
    return Result.from_chunks(scenario, np.asarray(scenario.years), seed, chunks, draws, version)
