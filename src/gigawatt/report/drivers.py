"""The top drivers of an output, for the tornado chart of the report.

The report prefers ``gigawatt.analysis.tornado`` (the sensitivity analysis) when it is
installed; otherwise it uses :func:`conditional_medians`, a cheap estimate from the
draws already in the result (no new simulation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gigawatt.engine.result import Result
from gigawatt.i18n import ENGLISH, N_, Language, language

__all__ = ["Drivers", "conditional_medians", "drivers"]


@dataclass
class Drivers:
    """Tornado rows and how they were computed.

    Attributes
    ----------
    rows
        ``{"parameter", "low", "high", "swing"}`` per input, largest ``|swing|`` first; ``low`` and ``high``
        are values of the output in its unit.
    base
        The output's P50 over all samples (the centre line of the chart).
    method
        One sentence for the reader saying how the rows were computed.
    source
        ``"gigawatt.analysis.tornado"`` or ``"conditional medians"``.
    low_label, high_label
        What "low" and "high" mean, for the legend.
    """

    rows: list[dict[str, Any]]
    base: float
    method: str
    source: str
    low_label: str = N_("input below its median")
    high_label: str = N_("input above its median")
    notes: list[str] = field(default_factory=list)


def conditional_medians(result: Result, output: str = "funding_gap") -> list[dict[str, Any]]:
    """For each uncertain input: the P50 of ``output`` over samples with the input below vs above its median.

    Uses the draws in ``result.inputs`` only. An input with fewer than two distinct draws
    (pinned, or a one-sample run) has no rows.

    Returns
    -------
    list of dict
        ``{"parameter": path, "low": P50 of the output with the input below its median,
        "high": the same above it, "swing": high - low}``, largest ``|swing|`` first; values in the
        output's unit.
    """
    values = np.asarray(result[output], dtype=float)
    if values.ndim != 1:
        raise ValueError(f"{output!r} is a series; the drivers are computed for a scalar output such as funding_gap")
    rows: list[dict[str, Any]] = []
    for path, draws in result.inputs.items():
        middle = np.median(draws)
        below = draws < middle
        above = draws > middle
        if not below.any() or not above.any():
            continue
        low, high = float(np.median(values[below])), float(np.median(values[above]))
        rows.append({"parameter": path, "low": low, "high": high, "swing": high - low})
    rows.sort(key=lambda r: -abs(r["swing"]))
    return rows


ANALYSIS_SAMPLES = 2_000
"""Samples per run of ``gigawatt.analysis.tornado`` (it re-simulates twice per uncertain input)."""


Progress = Callable[[int, int], None]
"""Called with (samples done, samples in all) while the tornado re-simulates."""


NOTES = (N_("inputs keep their declared correlations in the base draws; the swung input is fixed"),)
"""The notes ``gigawatt.analysis.tornado`` writes, for their translation."""


def _words(output: str, lang: Language) -> str:
    """An output name in words for a sentence: ``funding_gap_by_2030`` -> ``funding gap by 2030``."""
    return lang._(WORDS[output]) if output in WORDS else lang.isolate(output.replace("_", " "))


WORDS = {"funding_gap": N_("funding gap")}


def _from_analysis(result: Result, output: str, progress: Progress | None, lang: Language) -> Drivers | None:
    """Rows from ``gigawatt.analysis.tornado`` when that module exists (checked at call time)."""
    try:
        from gigawatt.analysis import tornado
    except ImportError:
        return None
    samples = min(result.samples, ANALYSIS_SAMPLES)
    found = tornado(result.scenario, output, seed=result.seed, samples=samples, progress=progress)
    rows = sorted((dict(r) for r in found.rows), key=lambda r: -abs(float(r["swing"])))
    what = _words(output, lang)
    if found.metric.year is not None:
        what = lang._("{output} in {year}", output=what, year=lang.year(found.metric.year))
    what = lang._("probability of {output}", output=what) if found.metric.kind == "event" else lang._(
        "median {output}", output=what)
    return Drivers(
        rows=rows, base=float(found.base), source="gigawatt.analysis.tornado",
        method=lang._("Computed by gigawatt.analysis.tornado: each uncertain input in turn is fixed at its P10 (blue) "
                      "and at its P90 (orange) while every other input keeps its distribution, with the same random "
                      "draws ({samples} futures per run); the bars show the {what} of each run.",
                      samples=lang.integer(samples), what=what),
        low_label=lang._("input at its P10"), high_label=lang._("input at its P90"),
        notes=[lang._(note) for note in found.notes],
    )


def drivers(result: Result, output: str = "funding_gap", *, local: bool = False,
            progress: Progress | None = None, lang: Language | str = ENGLISH) -> Drivers:
    """The tornado rows of ``output`` for the report, with a sentence on how they were computed.

    Uses ``gigawatt.analysis.tornado`` (a re-simulation) when it can be imported, unless ``local``;
    otherwise, or if it fails, :func:`conditional_medians` over the result's own draws. The sentences
    and legend names are in ``lang``.
    """
    lang = language(lang)
    notes: list[str] = []
    if not local:
        try:
            found = _from_analysis(result, output, progress, lang)
        except Exception as exc:  # a failing optional analysis must not sink the report
            found = None
            notes.append(lang._("gigawatt.analysis.tornado failed ({error}); the local estimate is shown.",
                                error=lang.isolate(f"{type(exc).__name__}: {exc}")))
        if found is not None:
            return found
    return Drivers(
        rows=conditional_medians(result, output), base=float(np.percentile(result[output], 50)),
        source=N_("conditional medians"),
        method=lang._("Estimated from the simulated futures themselves, without re-simulating: for each uncertain "
                      "input, the median {output} of the futures in which that input was below its median (blue) "
                      "and of those in which it was above (orange). Inputs that move together (declared "
                      "correlations) share credit.", output=_words(output, lang)),
        low_label=lang._(Drivers.low_label), high_label=lang._(Drivers.high_label), notes=notes,
    )
