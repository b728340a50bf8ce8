"""The public functions: load a scenario, simulate it, sample one uncertain value."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from gigawatt.engine.result import Result
from gigawatt.engine.runner import DEFAULT_CHUNK, Progress, check_seed, run
from gigawatt.engine.stream import summarize  # noqa: F401  (public: streaming summaries, Dask)
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
    """Check the formulas that read model outputs by running the model once, on one sample.

    The loader checks what it can alone (names of fields, cycles, units of fields); which outputs exist,
    their units, and whether each is computed before the field that reads it is used, only the model
    knows. Raises :class:`~gigawatt.ScenarioError` located at the formula.
    """
    from gigawatt.model import BLOCKS
    from gigawatt.scenario.formula import Formula
    from gigawatt.scenario.paths import iter_values

    if any(isinstance(value, Formula) and value.outputs and not value.outputs_checked
           for _, value in iter_values(scenario)):
        run(scenario, BLOCKS, samples=1, seed=DEFAULT_SEED)
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
    """
    from gigawatt import __version__
    from gigawatt.model import BLOCKS

    check_seed(seed)
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    if client is not None:
        from gigawatt.engine.dist import simulate_on

        return simulate_on(client, scenario, samples, seed, chunk_size=chunk_size, pinned=pinned, progress=progress,
                           version=__version__)
    return run(scenario, BLOCKS, samples=samples, seed=seed, chunk_size=chunk_size, pinned=pinned,
               progress=progress, version=__version__)


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
