"""Streaming summaries: run chunk by chunk, keep mergeable statistics, never hold all samples.

A run is cut into the random blocks of :data:`~gigawatt.engine.sampling.BLOCK`
samples. For every block the stream keeps exact partial sums (and, for ``sd``,
sums of squared deviations) of each output in each year and the count of each
event; they are merged **in block order**, so the means and probabilities have the
same bits whatever the chunk size and whichever worker ran a block. Quantiles come
from a :class:`~gigawatt.engine.sketch.Sketch` (integer bucket counts: exact,
order-free merges) with a relative error of at most 0.5%.

Memory: one chunk of outputs plus the sketch (about 0.15 MB per output-year row);
the per-block sums are added into running totals as soon as the blocks before them
are in, so they do not pile up with the number of samples. 10 million samples of the
default scenario run in well under 4 GB (see docs/performance.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from gigawatt.engine.result import EVENT, SUMMARY_STATS, Out, Result
from gigawatt.engine.runner import (
    Block,
    Progress,
    check_pinned,
    check_seed,
    chunk_ranges,
    in_order,
    run_chunk,
    thread_count,
)
from gigawatt.engine.sampling import BLOCK
from gigawatt.engine.sketch import DESCRIPTION, Sketch
from gigawatt.outputs import is_calendar_year
from gigawatt.scenario.schema import Scenario

if TYPE_CHECKING:
    from distributed import Client

STREAM_CHUNK = BLOCK
"""Samples per chunk on the streaming path: one random block. Memory grows with it (openai-2025 peaks at
about 0.5 GB a process with 8,192, 0.65 GB with 16,384, 1 GB with 32,768) and the time per sample does
not fall with larger chunks (docs/performance.md)."""


@dataclass(frozen=True)
class Entry:
    """Where one output lives in a :class:`Partial`: its rows (years), or its event column."""

    name: str
    unit: str
    kind: str  # "series", "scalar" or "event"
    start: int  # first row (series, scalar) or column of the event counts (event)
    width: int


def layout_of(outputs: Mapping[str, Out]) -> tuple[Entry, ...]:
    """The rows of every output of a chunk, in output order (series and scalars: one row a year)."""
    entries: list[Entry] = []
    row = event = 0
    for name, out in outputs.items():
        if out.unit == EVENT:
            entries.append(Entry(name, out.unit, "event", event, 1))
            event += 1
        elif out.values.ndim == 2:
            entries.append(Entry(name, out.unit, "series", row, out.values.shape[1]))
            row += out.values.shape[1]
        else:
            entries.append(Entry(name, out.unit, "scalar", row, 1))
            row += 1
    return tuple(entries)


@dataclass
class BlockStats:
    """Exact statistics of one random block: sample count, sums per row, event counts."""

    n: int
    sums: np.ndarray
    events: np.ndarray
    m2: np.ndarray | None = None  # sums of squared deviations from the block mean (for sd)


@dataclass
class Folded:
    """The running totals of blocks ``0`` to ``next - 1``, added up in block order (see :meth:`Partial.totals`)."""

    next: int
    n: int
    sums: np.ndarray
    events: np.ndarray
    m2: np.ndarray | None
    mean: np.ndarray


@dataclass
class Partial:
    """Mergeable statistics of some blocks of a run (what a worker sends back).

    ``blocks`` maps a block index to its exact statistics; ``sketch`` counts every
    row's values; ``kept`` holds raw arrays asked for by name, by first sample.
    Blocks that follow on from block 0 without a gap are added into ``folded`` as soon as
    they arrive, in block order (the same operations as :meth:`totals`, so the same bits):
    a run streamed in one process holds at most a chunk's blocks, however many samples it has.
    """

    layout: tuple[Entry, ...]
    with_sd: bool = False
    blocks: dict[int, BlockStats] = field(default_factory=dict)
    kept: dict[str, dict[int, np.ndarray]] = field(default_factory=dict)
    sketch: Sketch = field(init=False)
    folded: Folded | None = None

    def __post_init__(self) -> None:
        self.sketch = Sketch(self.rows)

    @property
    def rows(self) -> int:
        """Rows of series and scalars (one per output and year)."""
        return sum(e.width for e in self.layout if e.kind != "event")

    @property
    def n_events(self) -> int:
        """Number of event outputs."""
        return sum(1 for e in self.layout if e.kind == "event")

    @property
    def samples(self) -> int:
        """Samples counted so far."""
        return (self.folded.n if self.folded else 0) + sum(b.n for b in self.blocks.values())

    def _counted(self, index: int) -> bool:
        return index in self.blocks or (self.folded is not None and index < self.folded.next)

    def _start(self) -> Folded:
        return Folded(0, 0, np.zeros(self.rows), np.zeros(self.n_events, dtype=np.int64),
                      np.zeros(self.rows) if self.with_sd else None, np.zeros(self.rows))

    def _fold(self) -> None:
        """Add the blocks that continue the folded prefix into it, in block order."""
        state = self.folded or self._start()
        while state.next in self.blocks:
            _add_block(state, self.blocks.pop(state.next))
        if state.next:
            self.folded = state

    def add_chunk(self, outputs: Mapping[str, Out], draws: Mapping[str, np.ndarray], start: int,
                  keep: Sequence[str] = ()) -> None:
        """Count the outputs of samples ``start`` to ``start + n`` (``start`` on a block boundary)."""
        if layout_of(outputs) != self.layout:
            raise ValueError("a chunk produced other outputs than the first one; blocks must be deterministic")
        n = next(iter(outputs.values())).values.shape[0]
        bounds = [(lo, min(lo + BLOCK, n)) for lo in range(0, n, BLOCK)]
        first = start // BLOCK
        sums = np.empty((len(bounds), self.rows))
        m2 = np.empty((len(bounds), self.rows)) if self.with_sd else None
        events = np.empty((len(bounds), self.n_events), dtype=np.int64)
        for entry in self.layout:
            values = outputs[entry.name].values
            if entry.kind == "event":
                for j, (lo, hi) in enumerate(bounds):
                    events[j, entry.start] = np.count_nonzero(values[lo:hi])
                continue
            # rows contiguous: (years, samples); each block's slice is reduced on its own,
            # so its sum has the same bits whatever chunk it came in
            rows = np.ascontiguousarray(values.T) if values.ndim == 2 else np.ascontiguousarray(values)[None, :]
            cols = slice(entry.start, entry.start + entry.width)
            for j, (lo, hi) in enumerate(bounds):
                block = rows[:, lo:hi]
                sums[j, cols] = block.sum(axis=1)
                if m2 is not None:
                    with np.errstate(invalid="ignore"):
                        m2[j, cols] = ((block - (sums[j, cols] / (hi - lo))[:, None]) ** 2).sum(axis=1)
            # calendar years are whole numbers, counted exactly; a duration in years (fleet age) is not
            self.sketch.add(entry.start, rows, integer=is_calendar_year(entry.name))
        for j, (lo, hi) in enumerate(bounds):
            if self._counted(first + j):
                raise ValueError(f"block {first + j} counted twice")
            self.blocks[first + j] = BlockStats(hi - lo, sums[j].copy(), events[j].copy(),
                                                None if m2 is None else m2[j].copy())
        for name in keep:
            source = outputs[name].values if name in outputs else draws[name]
            self.kept.setdefault(name, {})[start] = np.array(source)
        self._fold()

    def merge(self, other: Partial) -> None:
        """Add another partial of other blocks (exact; the order of merges does not matter)."""
        if other.layout != self.layout:
            raise ValueError("cannot merge summaries of different outputs")
        twice = sorted({i for i in other.blocks if self._counted(i)} | {i for i in self.blocks if other._counted(i)})
        if other.folded is not None and self.folded is not None:
            twice = [0, *twice]
        if twice:
            raise ValueError(f"blocks counted twice: {twice[:5]}")
        self.blocks.update(other.blocks)
        if other.folded is not None:
            self.folded = other.folded
        self.sketch.merge(other.sketch)
        for name, parts in other.kept.items():
            self.kept.setdefault(name, {}).update(parts)
        self._fold()

    def totals(self) -> tuple[int, np.ndarray, np.ndarray, np.ndarray | None]:
        """``(n, sums, event counts, m2)`` over every block, added up in block order."""
        if self.folded is None:
            state = self._start()
        else:
            f = self.folded
            state = Folded(f.next, f.n, f.sums, f.events, f.m2, f.mean)  # updates make new arrays: f stays
        for index in sorted(self.blocks):  # only blocks after a gap are left: a loop over blocks, in order
            _add_block(state, self.blocks[index])
        return state.n, state.sums, state.events, state.m2

    def summary(self, scenario: Scenario, seed: int, version: str,
                stats: tuple[str, ...] = SUMMARY_STATS) -> dict[str, Any]:
        """The shape of :meth:`Result.summary` plus ``"quantiles"`` saying they come from the sketch.

        Values stay floats (``inf`` for a year that never comes): :meth:`Result.summary` makes them JSON.
        """
        n, sums, events, m2 = self.totals()
        with np.errstate(invalid="ignore", divide="ignore"):
            columns: dict[str, np.ndarray] = {"mean": sums / n}
            if m2 is not None:
                columns["sd"] = np.sqrt(m2 / n)
        percentiles = check_stats(stats)
        if percentiles:
            estimates = self.sketch.quantiles([float(s[1:]) / 100.0 for s in percentiles])
            columns.update({s: estimates[:, i] for i, s in enumerate(percentiles)})
        out: dict[str, Any] = {
            "scenario": scenario.name, "samples": n, "seed": seed, "version": version,
            "years": [int(y) for y in scenario.years], "series": {}, "scalars": {}, "probabilities": {},
            "quantiles": DESCRIPTION,
        }
        for e in self.layout:
            if e.kind == "event":
                out["probabilities"][e.name] = float(events[e.start] / n)
                continue
            rows = slice(e.start, e.start + e.width)
            entry: dict[str, Any] = {"unit": e.unit}
            for s in stats:
                values = columns[s][rows]
                clean = [float(v) for v in values]
                entry[s] = clean if e.kind == "series" else clean[0]
            out["series" if e.kind == "series" else "scalars"][e.name] = entry
        return out

    def kept_arrays(self) -> dict[str, np.ndarray]:
        """The raw arrays asked for with ``keep``, joined in sample order."""
        return {name: np.concatenate([parts[s] for s in sorted(parts)]) for name, parts in self.kept.items()}


def _add_block(state: Folded, b: BlockStats) -> None:
    """Add one block's statistics to running totals (Chan et al.'s pairwise update of the squared deviations).

    Always the same operations in block order, so the totals have the same bits however the
    blocks were cut into chunks and tasks.
    """
    if state.m2 is not None and b.m2 is not None:
        with np.errstate(invalid="ignore"):
            block_mean = b.sums / b.n
            delta = block_mean - state.mean
            state.m2 = state.m2 + b.m2 + delta**2 * (state.n * b.n / (state.n + b.n))
    state.n += b.n
    state.sums = state.sums + b.sums
    state.events = state.events + b.events
    with np.errstate(invalid="ignore"):
        state.mean = state.sums / state.n
    state.next += 1


def check_stats(stats: Sequence[str]) -> list[str]:
    """The percentiles among ``stats`` (``mean``, ``sd`` or ``pNN``); ``ValueError`` for anything else."""
    percentiles = [s for s in stats if s not in ("mean", "sd")]
    for s in percentiles:
        if not (s.startswith("p") and s[1:].replace(".", "").isdigit()):
            raise ValueError(f"unknown statistic {s!r}; use mean, sd or pNN such as p5, p50, p95")
    return percentiles


def partial_of(scenario: Scenario, blocks: Sequence[Block], seed: int, start: int, stop: int, *,
               chunk_size: int = STREAM_CHUNK, pinned: Mapping[str, float] | None = None,
               keep: Sequence[str] = (), with_sd: bool = False,
               progress: Callable[[int], None] | None = None, threads: int = 1) -> Partial:
    """Statistics of samples ``start`` to ``stop`` (``start`` on a block boundary), chunk by chunk.

    With ``threads`` above 1 the chunks' model runs go on that many threads; their statistics are added
    on this thread, in chunk order (the same numbers, and memory for ``threads`` chunks at once)."""
    if start % BLOCK:
        raise ValueError(f"start {start} is not on a block boundary ({BLOCK} samples)")
    partial: Partial | None = None

    def work(lo: int, hi: int) -> tuple[dict[str, Out], dict[str, np.ndarray]]:
        return run_chunk(scenario, blocks, seed, lo, hi, pinned)

    for lo, hi, (outputs, draws) in in_order(work, chunk_ranges(start, stop, chunk_size, threads), threads):
        if partial is None:
            partial = Partial(layout_of(outputs), with_sd=with_sd)
            unknown = [k for k in keep if k not in outputs and k not in draws]
            if unknown:
                from gigawatt.scenario.errors import did_you_mean

                raise KeyError(f"cannot keep {unknown[0]!r}: not an output nor an uncertain input"
                               f"{did_you_mean(unknown[0], [*outputs, *draws])}")
        partial.add_chunk(outputs, draws, lo, keep)
        del outputs, draws
        if progress is not None:
            progress(hi - lo)
    if partial is None:
        raise ValueError("no samples to summarise")
    return partial


@functools.lru_cache(maxsize=8)
def scenario_from_text(text: str) -> Scenario:
    """A scenario rebuilt from its full YAML text (what is shipped to Dask workers), cached per process."""
    from gigawatt.scenario.loader import loads

    return loads(text, {})


def partial_of_text(text: str, blocks: Sequence[Block], seed: int, start: int, stop: int,
                    chunk_size: int, pinned: Mapping[str, float] | None, keep: Sequence[str],
                    with_sd: bool) -> Partial:
    """:func:`partial_of` for a scenario given as text: the task a Dask worker runs."""
    return partial_of(scenario_from_text(text), blocks, seed, start, stop, chunk_size=chunk_size, pinned=pinned,
                      keep=keep, with_sd=with_sd)


def stream(
    scenario: Scenario,
    blocks: Sequence[Block],
    *,
    samples: int,
    seed: int,
    chunk_size: int = STREAM_CHUNK,
    progress: Progress | None = None,
    client: Client | None = None,
    keep: Sequence[str] = (),
    pinned: Mapping[str, float] | None = None,
    stats: tuple[str, ...] = SUMMARY_STATS,
    version: str = "",
    threads: int | None = None,
) -> Result:
    """Run ``blocks`` over ``samples`` samples chunk by chunk, keeping statistics only (see
    :func:`gigawatt.summarize`, the public form); on ``client``'s Dask workers when given, else on
    ``threads`` threads of this process (:func:`~gigawatt.engine.runner.thread_count`)."""
    check_stats(stats)  # before any sample is simulated
    check_seed(seed)
    check_pinned(scenario, pinned, samples)
    with_sd = "sd" in stats
    workers = thread_count(threads)
    if client is None:
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(done, samples)

        partial = partial_of(scenario, blocks, seed, 0, samples, chunk_size=chunk_size, pinned=pinned,
                             keep=tuple(keep), with_sd=with_sd, progress=advance, threads=workers)
    else:
        from gigawatt.engine.dask_backend import summarize_on

        partial = summarize_on(client, scenario, blocks, samples, seed, chunk_size=chunk_size, pinned=pinned,
                               keep=tuple(keep), with_sd=with_sd, progress=progress)
    return Result.from_summary(scenario, partial.summary(scenario, seed, version, stats),
                               partial.kept_arrays() if keep else None)
