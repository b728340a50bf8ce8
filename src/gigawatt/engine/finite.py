"""Overflow checks: every output of every block must be a finite number of sensible size.

Huge values within a field's bounds (``capacity_gw: 1e308``, a lognormal ``sigma`` of 1e6, a
growth rate of 1e300) would otherwise turn into ``inf`` or ``nan`` and travel on silently to a
"–" in a table. :func:`check_outputs` stops the run at the first block and output where that
happens, naming the sample, the year and the inputs of largest magnitude in that sample.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from gigawatt.scenario.errors import Mark, Problem, ScenarioError
from gigawatt.scenario.paths import every_value
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.values import Const, Dist

LIMIT = 1e100
"""Largest magnitude an output may take. No quantity of the model comes within sixty orders of magnitude
of it (the largest, FLOP per year, are near 1e30); below it, sums and squares over billions of samples
stay finite, so means, standard deviations and quantiles never overflow either."""

NEVER_UNITS = frozenset({"year"})
"""Units whose outputs may be ``+inf``: a calendar year that never comes (``breakeven_year``)."""

SUSPECT = 1e30
"""Inputs beyond this magnitude (or not finite) are named as responsible for an overflow."""
SHOWN_INPUTS = 3
"""Inputs named in an overflow error when none is beyond :data:`SUSPECT`: the largest."""


class OverflowProblem(ScenarioError):
    """A scenario whose numbers overflow in the model: an output became non-finite or beyond :data:`LIMIT`."""


def bad_mask(values: np.ndarray, unit: str) -> np.ndarray | None:
    """Where ``values`` are NaN, infinite or beyond :data:`LIMIT` (``+inf`` allowed in :data:`NEVER_UNITS`);
    ``None`` when nowhere (the usual case, checked by the largest and the smallest value: no array of
    magnitudes is made; a NaN makes both NaN, which fails the comparisons)."""
    with np.errstate(invalid="ignore"):
        if values.size == 0 or (float(values.max()) <= LIMIT and float(values.min()) >= -LIMIT):
            return None
        bad = ~(np.abs(values) <= LIMIT)
        if unit in NEVER_UNITS:
            bad &= values != np.inf
    return bad if bad.any() else None


def check_outputs(scenario: Scenario, block: str, outputs: Mapping[str, tuple[np.ndarray, str]], start: int,
                  draws: Mapping[str, np.ndarray]) -> None:
    """Raise :class:`OverflowProblem` for the first output of ``block`` that is out of bounds.

    ``outputs`` maps a name to ``(values, unit)`` with samples on the first axis, the first sample
    being sample ``start`` of the run; ``draws`` holds the chunk's draws of every uncertain input.
    """
    for name, (values, unit) in outputs.items():
        if values.dtype == bool:
            continue
        bad = bad_mask(values, unit)
        if bad is None:
            continue
        where = np.argwhere(bad)[0]
        sample = int(where[0])
        value = float(values[tuple(where)])
        year = f", year {scenario.years[int(where[1])]}" if values.ndim == 2 else ""
        shown = "nan" if math.isnan(value) else f"{value:g}"
        largest = largest_inputs(scenario, draws, sample)
        suspects = [item for item in largest if not abs(item[1]) <= SUSPECT]
        listed = ", ".join(f"{path} = {x:g} ({kind})" for path, x, kind in (suspects or largest[:SHOWN_INPUTS]))
        why = (f"the inputs responsible (beyond ±{SUSPECT:g} or not finite in that sample): {listed}" if suspects
               else f"no input is beyond ±{SUSPECT:g}; the largest in that sample: {listed or 'none'}")
        message = (f"the numbers overflow: output {name} of the {block} block is {shown} in sample "
                   f"{start + sample}{year} (outputs must be finite and within ±{LIMIT:g}); {why}")
        raise OverflowProblem([Problem(Mark(""), "", message)])


def largest_inputs(scenario: Scenario, draws: Mapping[str, np.ndarray], sample: int) -> list[tuple[str, float, str]]:
    """``(path, value, "fixed" or "drawn")`` of every input in ``sample`` (index within the chunk), largest
    magnitude first (non-finite values before all others)."""
    found: list[tuple[str, float, str]] = []
    for item in every_value(scenario):
        if isinstance(item.value, Const):
            found.append((item.path, float(item.value.value), "fixed"))
        elif isinstance(item.value, Dist) and item.path in draws:
            found.append((item.path, float(draws[item.path][sample]), "drawn"))

    def size(item: tuple[str, float, str]) -> float:
        x = item[1]
        return math.inf if not math.isfinite(x) else abs(x)

    return sorted(found, key=size, reverse=True)
