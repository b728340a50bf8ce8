"""The public functions: load a scenario, simulate it, sample one uncertain value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from gigawatt.engine.result import SUMMARY_STATS, Result
from gigawatt.engine.runner import DEFAULT_CHUNK, Block, Progress, check_seed, run
from gigawatt.engine.stream import STREAM_CHUNK, stream
from gigawatt.scenario import loader
from gigawatt.scenario.schema import Scenario

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_SAMPLES = 20_000
DEFAULT_SEED = 1


def load(source: str | Path, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load a bundled scenario by name (``"openai-2025"``) or a YAML file.

    ``overrides`` maps dotted paths to values written as in a scenario file,
    e.g. ``{"consumer.paying_share.2030": "8% to 12%"}``. Raises
    :class:`~gigawatt.ScenarioError` with file, line and field of each problem.
    """
    return check_formulas(loader.load(source, dict(overrides or {})))


def loads(text: str, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load a scenario from YAML text."""
    return check_formulas(loader.loads(text, dict(overrides or {})))


def check_formulas(scenario: Scenario) -> Scenario:
    """Check that every formula reads only model outputs made before its field is used; return the scenario.

    The loader checks what it can alone (names of fields and outputs, cycles, units); the order of the model's
    blocks is the model's, so this checks it here, from declarations and without running the model: each
    output declares the block that makes it, each field the block that reads it first
    (:mod:`gigawatt.scenario.order`). Raises :class:`~gigawatt.ScenarioError` located at the formula.
    """
    from gigawatt.model import BLOCKS
    from gigawatt.scenario.order import check_output_order

    for company in scenario.entities.values() or [scenario]:  # a network: each entity runs the company blocks
        check_output_order(company, [block.__name__ for block in BLOCKS])
    return scenario


def simulate(
    scenario: Scenario | str | Path,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    pinned: Mapping[str, float | np.ndarray] | None = None,
    progress: Progress | None = None,
    client: Client | None = None,
    metrics: Sequence[str] = (),
    threads: int | None = None,
) -> Result:
    """Simulate a scenario over ``samples`` Monte Carlo samples.

    Parameters
    ----------
    scenario
        A loaded :class:`Scenario`, a bundled name or a file path.
    samples
        Number of Monte Carlo samples.
    seed
        Seed of every random stream: the same scenario and seed give bit-identical results.
    chunk_size
        Samples held in memory at once while the blocks run (rounded to whole random blocks).
    pinned
        ``{dotted path: value}`` fixing uncertain inputs (canonical units) in every sample,
        the others keeping their draws (common random numbers). A value may also be an array of
        shape ``(samples,)``: one value per sample (used by Sobol and Morris designs).
    progress
        Called with (samples done, samples in all) after each chunk.
    client
        A ``dask.distributed.Client``: the chunks run on its workers and their samples come back
        here, so the result (and its exact quantiles) is bit-identical to a run in this process.
    metrics
        Metrics to compute as well, each a scalar output named as written (:mod:`gigawatt.metrics`):
        ``"revenue_total@2030"``, ``"contract_cost@2025..2030 sum"`` (or ``mean``, ``min``, ``max``).
        ``result["contract_cost@2025..2030 sum"]`` then holds one value per sample, and summaries,
        tables and exports show it. A name, year or reducer the scenario cannot give raises
        :class:`gigawatt.metrics.MetricError` (or ``KeyError`` for an unknown name) before any sample is drawn.
    threads
        Threads of this process that run chunks at the same time (without ``client``): default the
        environment variable ``GIGAWATT_THREADS``, else 1 (every chunk on the calling thread). The
        numbers are bit-identical whatever the number of threads.
    """
    from gigawatt import __version__
    from gigawatt.model import blocks_for

    check_seed(seed)
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    blocks = with_metrics(blocks_for(scenario), scenario, metrics)
    if client is not None:
        from gigawatt.engine.dask_backend import simulate_on

        result = simulate_on(client, scenario, blocks, samples, seed, chunk_size=chunk_size, pinned=pinned,
                             progress=progress, version=__version__)
    else:
        result = run(scenario, blocks, samples=samples, seed=seed, chunk_size=chunk_size, pinned=pinned,
                     progress=progress, version=__version__, threads=threads)
    check_outputs(result)
    return result


def with_metrics(blocks: Sequence[Block], scenario: Scenario, metrics: Sequence[str]) -> list[Block]:
    """``blocks`` and, after them, the block computing ``metrics`` (see :mod:`gigawatt.metrics`), each
    checked against the output catalogue and the scenario's horizon first."""
    if isinstance(metrics, str):
        metrics = [metrics]
    if not metrics:
        return list(blocks)
    from gigawatt.metrics import block_for

    extra = block_for(metrics, [int(y) for y in scenario.years])
    return [*blocks, extra] if extra is not None else list(blocks)


def check_outputs(result: Result) -> None:
    """Raise :class:`gigawatt.outputs.UndeclaredOutputError` unless the catalogue declares every output
    of the model, with its unit and kind (a block that names a new output must declare it there)."""
    from gigawatt import outputs

    outputs.check(result.units, {name: result.kind(name) for name in result.names()})


def summarize(
    scenario: Scenario | str | Path,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    *,
    chunk_size: int = STREAM_CHUNK,
    progress: Progress | None = None,
    client: Client | None = None,
    keep: Sequence[str] = (),
    pinned: Mapping[str, float] | None = None,
    stats: tuple[str, ...] = SUMMARY_STATS,
    blocks: Sequence[Block] | None = None,
    metrics: Sequence[str] = (),
    threads: int | None = None,
) -> Result:
    """Simulate a scenario without holding all samples in memory: a :class:`Result` of statistics.

    The result answers :meth:`~Result.stat`, :meth:`~Result.quantiles`, :meth:`~Result.summary`,
    :attr:`~Result.probabilities` and the notebook views as an in-memory one does (for the
    ``stats`` computed); only the raw samples are missing (``result.is_streamed``).

    Parameters
    ----------
    scenario
        A loaded :class:`Scenario`, a bundled name or a file path.
    samples
        Number of Monte Carlo samples (10 million fit in well under 4 GB).
    seed
        Seed of every random stream.
    chunk_size
        Samples computed at once (rounded to whole random blocks of 8,192); bounds the memory.
    progress
        Called with (samples done, samples in all) as chunks finish.
    client
        A ``dask.distributed.Client``: the blocks run on its workers (the scenario is shipped
        as YAML text). The numbers are bit-identical to a local run.
    keep
        Output names or uncertain input paths whose raw samples to keep as well, in
        ``result.kept`` (``{name: array of shape (samples,) or (samples, years)}``).
    pinned
        ``{dotted path: value}`` fixing uncertain inputs, as in :func:`gigawatt.simulate`.
    stats
        Statistics per output: ``mean``, ``sd`` (exact) and ``pNN`` percentiles (sketch, within 0.5%).
    blocks
        Model blocks to run; default the whole model (``gigawatt.model.blocks_for(scenario)``).
    metrics
        Metrics of a year or a window of years to summarise as well, as in :func:`gigawatt.simulate`
        (``"free_cash_flow@2026..2029 sum"``): reduced per sample as the chunks run, then summarised.
    threads
        Threads of this process that run chunks at the same time (without ``client``), as in
        :func:`gigawatt.simulate`; memory grows with them (a chunk each), not with the samples.
    """
    from gigawatt import __version__

    check_seed(seed)
    model = blocks is None
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    if blocks is None:
        from gigawatt.model import blocks_for

        blocks = blocks_for(scenario)
    blocks = with_metrics(blocks, scenario, metrics)
    result = stream(scenario, blocks, samples=samples, seed=seed, chunk_size=chunk_size, progress=progress,
                    client=client, keep=keep, pinned=pinned, stats=stats, version=__version__, threads=threads)
    if model:  # a custom model (blocks=) names its own outputs
        check_outputs(result)
    return result


def sample(text: str | float, n: int = 1, seed: int = DEFAULT_SEED, unit: str | None = None) -> np.ndarray:
    """Draw ``n`` samples of one value written in the scenario language, in canonical units.

    ``gigawatt.sample("$40B to $70B", 10_000)`` gives lognormal draws in USD;
    ``gigawatt.sample("20 USD/month", 1)`` gives ``[240.0]`` (USD per year).
    ``unit`` names the canonical unit when the text alone does not tell it.
    """
    from gigawatt.engine.sampling import draw_inputs
    from gigawatt.scenario.parse import parse_value
    from gigawatt.scenario.units import canonical_of
    from gigawatt.scenario.values import Const, Dist

    if unit is None:
        probe = str(text).split(" to ")[0] if isinstance(text, str) else text
        unit = canonical_of(str(probe))[1]
    value = parse_value(text, unit)
    if isinstance(value, Const):
        return np.full(n, value.value)
    if not isinstance(value, Dist):
        raise ValueError("sample() takes a single value or distribution, not a time path")
    value.path = "sample"
    return draw_inputs({"sample": value}, [], seed, 0, n)["sample"]
