"""gigawatt: can the revenue catch up with the compute?

The public Python API. Everything else (CLI, report, dashboard) is a thin layer
over these names::

    import gigawatt
    scenario = gigawatt.load("openai-2025")
    result = gigawatt.simulate(scenario, samples=20_000, seed=1)
    result.summary()["scalars"]["funding_gap"]
"""

from __future__ import annotations

from gigawatt.api import load, loads, sample, simulate, summarize
from gigawatt.engine.result import Result
from gigawatt.scenario.errors import ScenarioError
from gigawatt.scenario.schema import Scenario

__version__ = "0.1.0"

__all__ = ["Result", "Scenario", "ScenarioError", "__version__", "load", "loads", "sample", "simulate", "summarize"]
