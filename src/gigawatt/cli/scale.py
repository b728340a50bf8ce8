"""Options and helpers for large runs: the streaming path and Dask clusters (`--stream`, `--workers`, `--cluster`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gigawatt.cli.app import EXIT_BAD_INPUT, MAX_CLUSTER_SAMPLES, MAX_SAMPLES, errors

if TYPE_CHECKING:
    from distributed import Client

    from gigawatt.engine.result import Result
    from gigawatt.engine.runner import Progress
    from gigawatt.scenario.schema import Scenario

STREAM_ABOVE = 200_000
"""Above this many samples `gigawatt run` streams (summaries only, bounded memory)."""

StreamOpt = Annotated[
    bool,
    typer.Option("--stream", help=f"Stream: keep running summaries, not samples (memory stays bounded; "
                 f"automatic above {STREAM_ABOVE:,} samples). Quantiles within 0.5%."),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Run on a local Dask cluster of N worker processes "
                 "(needs `pip install 'gigawatt[dist]'`)."),
]
ClusterOpt = Annotated[
    str | None,
    typer.Option("--cluster", help="Run on an existing Dask scheduler, e.g. `tcp://10.0.0.5:8786` "
                 "(see docs/scale.md)."),
]


def streaming(samples: int, stream: bool) -> bool:
    """Whether a run takes the streaming path (sketch quantiles): asked for, or more than :data:`STREAM_ABOVE`
    samples -- never because of where it runs, so a run on Dask gives the same JSON as one in this process."""
    return stream or samples > STREAM_ABOVE


@contextmanager
def dask_client(workers: int | None, cluster: str | None) -> Iterator[Client | None]:
    """A Dask client when `--workers` or `--cluster` is given, else ``None``; a missing Dask exits with 2."""
    if workers is None and cluster is None:
        yield None
        return
    from gigawatt.engine.dask_backend import MissingExtraError, connect

    try:
        with connect(cluster=cluster, workers=workers) as client:
            yield client
    except MissingExtraError as exc:
        from rich.markup import escape

        errors.print(f"[bold red]error[/]: {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def check_samples(samples: int, cluster: str | None) -> None:
    """``ValueError`` for more samples than the command line runs: :data:`MAX_SAMPLES` on this machine,
    :data:`MAX_CLUSTER_SAMPLES` on a cluster."""
    most = MAX_CLUSTER_SAMPLES if cluster else MAX_SAMPLES
    if samples > most:
        where = "on a Dask cluster (--cluster)" if cluster else "on this machine"
        beyond = ("" if cluster else f"; on a Dask cluster (--cluster tcp://HOST:8786) up to {MAX_CLUSTER_SAMPLES:,}")
        raise ValueError(f"--samples {samples:,} is more than the {most:,} the command line runs {where}{beyond}; "
                         "beyond that call gigawatt.summarize(..., client=...) from Python (docs/scale.md)")


def simulate_or_stream(scenario: Scenario, samples: int, seed: int, progress: Progress | None, *,
                       stream: bool = False, workers: int | None = None, cluster: str | None = None,
                       export: Path | None = None, metrics: Sequence[str] = ()) -> Result:
    """A :class:`Result` of every sample for an ordinary run, or of statistics streamed (local or on Dask).

    Raises ``ValueError`` before running when a streamed run is asked to ``export`` samples.
    """
    import gigawatt

    check_samples(samples, cluster)
    if not streaming(samples, stream):  # exact: every sample, here or gathered from the workers
        with dask_client(workers, cluster) as client:
            return gigawatt.simulate(scenario, samples=samples, seed=seed, progress=progress, client=client,
                                     metrics=metrics)
    if export is not None:
        raise ValueError(f"--export needs every sample, and a streamed run (--stream or more than "
                         f"{STREAM_ABOVE:,} samples) keeps summaries only; use --json for the summary")
    with dask_client(workers, cluster) as client:
        return gigawatt.summarize(scenario, samples, seed, progress=progress, client=client, metrics=metrics)

