"""Evaluating scenario values into arrays over samples and years."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Protocol

import numpy as np

from gigawatt.scenario.evaluate import evaluate
from gigawatt.scenario.values import Value


class _Series(Protocol):
    @property
    def values(self) -> np.ndarray: ...

    @property
    def unit(self) -> str: ...


class OutputView(Mapping[str, tuple[np.ndarray, str]]):
    """The model outputs computed so far, as formulas read them: ``{name: (values, unit)}``."""

    def __init__(self, outputs: Mapping[str, _Series]) -> None:
        self._outputs = outputs

    def __getitem__(self, name: str) -> tuple[np.ndarray, str]:
        out = self._outputs[name]
        values = np.asarray(out.values)
        return (values.reshape(-1, 1) if values.ndim == 1 else values), out.unit  # a per-sample scalar: (n, 1)

    def __iter__(self) -> Iterator[str]:
        return iter(self._outputs)

    def __len__(self) -> int:
        return len(self._outputs)


class Inputs:
    """The sampled inputs of one chunk of samples, evaluated on demand.

    ``inputs(value)`` gives an array of shape ``(n, years)`` -- or ``(1, years)``
    when the value is the same in every sample: blocks rely on numpy
    broadcasting and never on the first axis being ``n``. Each value is evaluated
    once per chunk and the arrays are read-only.

    Parameters
    ----------
    years
        Calendar years simulated, shape ``(Y,)``.
    draws
        ``{dotted path: draws of shape (n,)}`` for every uncertain input.
    n
        Number of samples in this chunk.
    outputs
        The model outputs computed so far (the runner fills it as the blocks run): what a
        formula may read.
    links
        ``{name: array}`` handed in from outside the company (a network of companies fills it:
        docs/model.md section 11); empty for a company on its own. The engine only carries the arrays:
        which names exist and what they mean is the model's business (docs/model.md).
    """

    def __init__(self, years: np.ndarray, draws: Mapping[str, np.ndarray], n: int,
                 outputs: Mapping[str, _Series] | None = None,
                 links: Mapping[str, np.ndarray] | None = None) -> None:
        self.years = years
        self.draws = draws
        self.n = n
        self.outputs = OutputView(outputs if outputs is not None else {})
        self.links: Mapping[str, np.ndarray] = MappingProxyType(dict(links or {}))
        # Each value evaluated once per chunk: blocks ask for the same field many times (a site's capacity
        # by delivery, capex and power). Keyed by identity: the scenario holds its values for the whole run.
        self._evaluated: dict[int, tuple[Value, np.ndarray]] = {}

    @property
    def shape(self) -> tuple[int, int]:
        """``(n, Y)``: the full shape of a series."""
        return (self.n, len(self.years))

    def zeros(self) -> np.ndarray:
        """A new all-zero series of full shape."""
        return np.zeros(self.shape)

    def year_index(self, year: int) -> int:
        """Column of ``year`` (clamped to the horizon)."""
        return int(np.clip(year - int(self.years[0]), 0, len(self.years) - 1))

    def __call__(self, value: Value | None, default: float = 0.0) -> np.ndarray:
        """Evaluate ``value`` over samples and years; ``None`` gives ``default``.

        The array is read-only (it may be shared with other callers and be a broadcast view of a
        per-sample column): compute new arrays from it, do not write into it.
        """
        if value is None:
            return np.full((1, len(self.years)), default)
        out = self._eval(value)
        if out.shape[1] == len(self.years):
            return out
        return np.broadcast_to(out, (out.shape[0], len(self.years)))  # a view, not the copy `* ones` made

    def scalar(self, value: Value | None, default: float = 0.0) -> np.ndarray:
        """Evaluate a single (not time-varying) value: shape ``(n, 1)`` or ``(1, 1)``, read-only."""
        if value is None:
            return np.full((1, 1), default)
        out = self._eval(value)
        return out if out.shape[1] == 1 else out[:, :1]

    def _eval(self, value: Value) -> np.ndarray:
        kept = self._evaluated.get(id(value))
        if kept is not None and kept[0] is value:
            return kept[1]
        out = np.asarray(evaluate(value, self.years, self.draws, self.outputs), dtype=float)
        # A formula that reads model outputs is kept as well: the scenario's load checked that every output it
        # reads is made before the first block that asks for it, and an output does not change once made.
        out.flags.writeable = False
        self._evaluated[id(value)] = (value, out)
        return out
