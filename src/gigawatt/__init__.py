"""gigawatt: can the revenue catch up with the compute?

The public Python API. Everything else (CLI, report, dashboard) is a thin layer
over these names::

    import gigawatt
    scenario = gigawatt.load("openai-2025")
    result = gigawatt.simulate(scenario, samples=20_000, seed=1)
    result.summary()["scalars"]["funding_gap"]

The names are imported when first used (PEP 562): ``import gigawatt.cli`` or
``import gigawatt.outputs`` does not pay for numpy, pydantic and the engine, so
``gigawatt --help`` starts in a fraction of a second.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gigawatt.analysis.network import LinkInfo, NetworkSummary, network_summary
    from gigawatt.api import load, loads, sample, simulate, summarize
    from gigawatt.engine.result import Result
    from gigawatt.scenario.errors import ScenarioError
    from gigawatt.scenario.schema import Scenario

__version__ = "0.1.0"

_LAZY = {
    "load": "gigawatt.api",
    "loads": "gigawatt.api",
    "sample": "gigawatt.api",
    "simulate": "gigawatt.api",
    "summarize": "gigawatt.api",
    "LinkInfo": "gigawatt.analysis.network",
    "NetworkSummary": "gigawatt.analysis.network",
    "network_summary": "gigawatt.analysis.network",
    "Result": "gigawatt.engine.result",
    "ScenarioError": "gigawatt.scenario.errors",
    "Scenario": "gigawatt.scenario.schema",
}

__all__ = [
    "LinkInfo", "NetworkSummary", "Result", "Scenario", "ScenarioError", "__version__",
    "load", "loads", "network_summary", "sample", "simulate", "summarize",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gigawatt' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
