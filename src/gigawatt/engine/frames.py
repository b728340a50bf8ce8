"""Notebook views of a :class:`~gigawatt.engine.result.Result`: a tidy pandas frame, an xarray dataset,
a short text and a small HTML table.

pandas and xarray are imported only when asked for (``pip install 'gigawatt[notebook]'``). Values
stay in each output's canonical unit (its ``unit`` column or attribute); labels and units come from
the output catalogue when it declares the output.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

    from gigawatt.engine.result import Result

FRAME_STATS = ("p5", "p50", "p95", "mean")
INSTALL_HINT = "pip install 'gigawatt[notebook]'"


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - installed with [dev]
        raise ImportError(f"this view needs {module}: {INSTALL_HINT}") from exc


def _label(name: str) -> str:
    from gigawatt import outputs

    return outputs.label(name)


def to_pandas(result: Result, stats: Sequence[str] | None = FRAME_STATS, samples: bool = False) -> pd.DataFrame:
    """A tidy frame: one row per metric, year (none for a scalar) and statistic (or sample), with its unit.

    ``samples=True`` gives every sample instead (column ``sample``; a result of every sample only).
    An event's rows have the statistic ``probability``.
    """
    pd = _require("pandas")
    years = np.asarray(result.years, dtype=np.int64)
    parts = []
    if samples:
        if result.is_streamed:
            raise ValueError("a streamed run keeps statistics, not samples: use simulate() for samples=True")
        for name in result.names():
            values = np.asarray(result[name], dtype=float)
            n = values.shape[0]
            two_d = values.ndim == 2
            parts.append(pd.DataFrame({
                "metric": name,
                "year": pd.array(np.tile(years, n) if two_d else [pd.NA] * n, dtype="Int64"),
                "sample": np.repeat(np.arange(n), len(years)) if two_d else np.arange(n),
                "value": values.reshape(-1),
                "unit": result.units[name],
            }))
        return pd.concat(parts, ignore_index=True)
    chosen = tuple(stats or result.streamed_stats)
    for name in result.names():
        kind = result.kind(name)
        if kind == "event":
            parts.append(pd.DataFrame({"metric": [name], "year": pd.array([pd.NA], dtype="Int64"),
                                       "statistic": ["probability"], "value": [result.probabilities[name]],
                                       "unit": [result.units[name]]}))
            continue
        rows = {stat: np.atleast_1d(np.asarray(result.stat(name, stat), dtype=float)) for stat in chosen}
        for stat, values in rows.items():
            parts.append(pd.DataFrame({
                "metric": name,
                "year": pd.array(years if kind == "series" else [pd.NA], dtype="Int64"),
                "statistic": stat, "value": values, "unit": result.units[name],
            }))
    return pd.concat(parts, ignore_index=True)


def to_xarray(result: Result) -> xr.Dataset:
    """Every output as a variable over ``sample`` (and ``year``), with ``unit``, ``label`` and ``kind`` attributes."""
    xr = _require("xarray")
    if result.is_streamed:
        raise ValueError("a streamed run keeps statistics, not samples: use simulate() for to_xarray()")
    data = {}
    for name in result.names():
        values = result[name]
        dims = ("sample", "year") if values.ndim == 2 else ("sample",)
        data[name] = (dims, values, {"unit": result.units[name], "label": _label(name), "kind": result.kind(name)})
    coords = {"sample": np.arange(result.samples), "year": np.asarray(result.years, dtype=np.int64)}
    attrs = {"scenario": result.scenario.name, "seed": result.seed, "samples": result.samples,
             "version": result.version}
    return xr.Dataset(data, coords=coords, attrs=attrs)


def headline_rows(result: Result) -> list[tuple[str, str, str, str]]:
    """``(label, P5, P50, P95)`` of the headline outputs the result has, written as tables show them."""
    from gigawatt import outputs
    from gigawatt.outputs import BREAKEVEN_YEAR, FUNDING_GAP, NPV, REVENUE_TOTAL

    rows = []
    last = int(result.years[-1])
    if REVENUE_TOTAL in result.series_names:
        cells = [outputs.text(float(result.stat(REVENUE_TOTAL, s, last)), REVENUE_TOTAL) for s in ("p5", "p50", "p95")]
        rows.append((f"{outputs.label(REVENUE_TOTAL)} {last}", *cells))
    for name in (FUNDING_GAP, NPV, BREAKEVEN_YEAR):
        if name in result.scalar_names:
            cells = [outputs.text(float(result.stat(name, s)), name) for s in ("p5", "p50", "p95")]
            rows.append((outputs.label(name), *cells))
    return [(a, b, c, d) for a, b, c, d in rows]


def short_repr(result: Result) -> str:
    """One line: scenario, samples, seed, years and the number of outputs."""
    how = "streamed statistics" if result.is_streamed else "samples"
    years = [int(y) for y in result.years]
    span = f"{years[0]}-{years[-1]}" if years else "no years"
    return (f"<Result {result.scenario.name!r}: {result.samples:,} {how}, seed {result.seed}, {span}, "
            f"{len(result.series_names)} series, {len(result.scalar_names)} scalars, "
            f"{len(result.event_names)} events>")


def html_table(result: Result) -> str:
    """The headline and a small table (P5, P50, P95), for a notebook cell."""
    head = html.escape(short_repr(result))
    body = "".join(f"<tr><td style='text-align:left'>{html.escape(label)}</td>"
                   + "".join(f"<td>{html.escape(v)}</td>" for v in values) + "</tr>"
                   for label, *values in headline_rows(result))
    return (f"<div><p><code>{head}</code></p><table><thead><tr><th></th><th>P5</th><th>P50</th><th>P95</th>"
            f"</tr></thead><tbody>{body}</tbody></table></div>")
