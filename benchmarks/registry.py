"""The benchmark registry: name -> a function ``run(size) -> rows`` (size ``"smoke"`` or ``"full"``).

A benchmark module registers its functions with :func:`register`; :func:`discover`
imports every known module, skipping those whose optional parts are missing. A
module that only exposes ``run(size: str) -> list[dict]`` (such as ``bench_plan``) is
registered under its short name. Each row is one line of the benchmark's table.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Rows = list[dict[str, Any]]
SIZES = ("smoke", "full")

MODULES = ("bench_startup", "bench_engine", "bench_economics", "bench_load", "bench_peers", "bench_sensitivity",
           "bench_web", "bench_browser", "bench_plan", "bench_network")
"""Benchmark modules in run order (those that do not exist yet are left out)."""


class Skip(Exception):
    """Raised by a benchmark that cannot run here (a missing optional part); the message says why."""


@dataclass(frozen=True)
class Benchmark:
    """One registered benchmark."""

    name: str
    title: str
    run: Callable[[str], Rows]


REGISTRY: dict[str, Benchmark] = {}


def register(name: str, title: str) -> Callable[[Callable[[str], Rows]], Callable[[str], Rows]]:
    """Decorator: register ``run(size) -> rows`` under ``name``."""

    def wrap(fn: Callable[[str], Rows]) -> Callable[[str], Rows]:
        if name in REGISTRY and REGISTRY[name].run is not fn:
            raise ValueError(f"benchmark {name!r} registered twice")
        REGISTRY[name] = Benchmark(name, title, fn)
        return fn

    return wrap


def discover() -> dict[str, Benchmark]:
    """Import every benchmark module present and return the registry, in :data:`MODULES` order."""
    for module_name in MODULES:
        full = f"benchmarks.{module_name}"
        if importlib.util.find_spec(full) is None:
            continue
        module = importlib.import_module(full)
        short = module_name.removeprefix("bench_")
        if not any(b.run.__module__ == full for b in REGISTRY.values()) and callable(getattr(module, "run", None)):
            doc = (module.__doc__ or short).strip().splitlines()[0]
            register(short, doc)(module.run)
    return REGISTRY
