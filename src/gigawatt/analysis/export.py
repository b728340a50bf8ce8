"""Exporting a result: tidy tables (metric, unit, year, statistic, value) as CSV, Parquet or an Excel workbook.

Every series gives, per year, its P5, P25, P50, P75, P95 and mean; every scalar
the same without a year; every event its probability. Parquet and CSV can also
hold the raw samples of named metrics (statistic ``sample``, with a ``sample``
index column). Parquet is written through DuckDB (no pyarrow), the workbook
through openpyxl; every file is written atomically (a temporary file renamed
into place).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gigawatt.engine.result import Result, finite_or_none, percentiles
from gigawatt.scenario.errors import did_you_mean

EXPORT_STATS = ("p5", "p25", "p50", "p75", "p95", "mean")
FORMATS = (".xlsx", ".csv", ".parquet")
COLUMNS = ("metric", "unit", "year", "statistic", "value")
GROUPS = ("revenue", "costs", "cash", "compute", "scalars")

_COSTS = {
    "capex", "capex_gross", "depreciation", "power_cost", "lease_cost", "contract_cost", "contract_commitments",
    "compute_spend", "app_store_fees", "device_cogs", "revenue_share_cost", "cost_of_revenue", "staff_cost",
    "sales_marketing", "general_admin", "other_opex", "stock_compensation", "opex_cash", "compute_cost_to_revenue",
}
_CASH = {
    "inference_compute_cost", "training_compute_cost", "cost_of_revenue_total", "gross_profit",
    "research_development", "admin_and_other", "ebitda", "operating_income", "other_income", "interest_expense",
    "interest_income", "pre_tax_income", "taxes", "net_income", "cash_from_operations", "cash_from_investing",
    "cash_from_financing", "free_cash_flow", "unlevered_free_cash_flow", "cash_before_financing", "cash_balance",
    "pp_e_net", "other_assets", "total_assets", "debt_balance", "revolver_balance", "total_liabilities",
    "equity_balance", "existing_holders_ownership",
}
_COMPUTE = {"tokens_total", "resale_gw"}


def group_of(name: str, unit: str) -> str:
    """The workbook sheet of a series: revenue (and demand), costs, cash, compute."""
    if name in _COSTS:
        return "costs"
    if name in _CASH:
        return "cash"
    if name in _COMPUTE or unit == "GW" or name.endswith("_gw") or "_gw_" in name:
        return "compute"
    return "revenue"


Row = tuple[str, str, int | None, str, float | None]


def tidy(result: Result, stats: Sequence[str] = EXPORT_STATS) -> list[Row]:
    """``(metric, unit, year, statistic, value)`` rows: series per year, then scalars, then event probabilities.

    Values are in each metric's canonical unit; a non-finite statistic (e.g. a
    break-even year that never comes) is ``None``.
    """
    years = [int(y) for y in result.years]
    rows: list[Row] = []
    for name, values in result.series.items():
        table = _stats(values, stats)  # (stats, Y)
        unit = result.units[name]
        rows += [(name, unit, year, stat, finite_or_none(table[i, j])) for j, year in enumerate(years)
                 for i, stat in enumerate(stats)]
    for name, values in result.scalars.items():
        table = _stats(values[:, None], stats)
        rows += [(name, result.units[name], None, stat, finite_or_none(table[i, 0])) for i, stat in enumerate(stats)]
    for name, share in result.probabilities.items():
        rows.append((name, "probability", None, "probability", share))
    return rows


def _stats(values: np.ndarray, stats: Sequence[str]) -> np.ndarray:
    """Statistics over samples (axis 0), shape ``(len(stats), Y)``; percentiles in one pass."""
    pct = [s for s in stats if s.startswith("p")]
    table = percentiles(values, [float(s[1:]) for s in pct]) if pct else None
    mean = values.mean(axis=0)
    out = []
    for stat in stats:
        out.append(mean if stat == "mean" else table[pct.index(stat)])  # type: ignore[index]
    return np.asarray(out, dtype=float).reshape(len(stats), -1)


def check_samples_of(result: Result, names: Iterable[str]) -> list[str]:
    """The names of ``--samples-of``, each checked against the result (``KeyError`` with a suggestion)."""
    out = []
    for name in names:
        if name not in result.series and name not in result.scalars and name not in result.events:
            raise KeyError(f"--samples-of: no output named {name!r}{did_you_mean(name, result.names())}")
        out.append(name)
    return out


def _sample_columns(result: Result, name: str) -> dict[str, Any]:
    """Columns of the raw samples of one metric, long format (numpy arrays, no Python loop over samples)."""
    values = np.asarray(result[name], dtype=float)
    n = values.shape[0]
    if values.ndim == 2:
        years = np.asarray(result.years, dtype=np.int64)
        sample = np.repeat(np.arange(n), len(years))
        year: np.ndarray | None = np.tile(years, n)
        flat = values.reshape(-1)
    else:
        sample, year, flat = np.arange(n), None, values
    unit = "probability" if name in result.events else result.units[name]
    return {"metric": name, "unit": unit, "year": year, "sample": sample, "value": flat}


def export(result: Result, path: str | Path, *, samples_of: Sequence[str] = ()) -> Path:
    """Write the tidy statistics of a result (and raw samples of ``samples_of``) to ``path``.

    The format follows the suffix: ``.xlsx`` (one sheet per group), ``.csv`` or
    ``.parquet``. Raw samples go to CSV or Parquet only.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot export to {target.name!r}: use a file ending in {', '.join(FORMATS)}")
    names = check_samples_of(result, samples_of)
    if names and suffix == ".xlsx":
        raise ValueError("--samples-of writes raw samples to .parquet or .csv, not to a workbook")
    if suffix == ".csv":
        write_csv(result, target, names)
    elif suffix == ".parquet":
        write_parquet(result, target, names)
    else:
        from gigawatt.analysis.workbook import write_workbook

        write_workbook(result, target)
    return target


def write_csv(result: Result, path: Path, samples_of: Sequence[str] = ()) -> None:
    """Tidy CSV (a ``sample`` column is added when raw samples are included).

    Raw samples are written by DuckDB (``COPY ... (FORMAT csv)``) from the table of
    :func:`write_parquet`, without a Python loop over samples; a missing value is an empty field.
    """
    if samples_of:
        con = _tidy_table(result, samples_of)
        try:
            _copy_atomic(con, path, "csv", "FORMAT csv, HEADER")
        finally:
            con.close()
        return
    from gigawatt.io import atomic_write_text

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows((m, u, "" if y is None else y, s, "" if v is None else repr(v))
                     for m, u, y, s, v in tidy(result))
    atomic_write_text(path, buffer.getvalue())


def write_parquet(result: Result, path: Path, samples_of: Sequence[str] = ()) -> None:
    """Tidy Parquet through DuckDB: columns metric, unit, year, statistic, value (and sample)."""
    con = _tidy_table(result, samples_of)
    try:
        _copy_atomic(con, path, "parquet", "FORMAT parquet")
    finally:
        con.close()


def _tidy_table(result: Result, samples_of: Sequence[str] = ()) -> Any:
    """An in-memory DuckDB connection holding table ``tidy``: the tidy rows, then the raw samples of ``samples_of``."""
    import duckdb

    rows = tidy(result)
    con = duckdb.connect()
    try:
        sample_col = ", sample BIGINT" if samples_of else ""
        con.execute(f"CREATE TABLE tidy (metric VARCHAR, unit VARCHAR, year INTEGER, statistic VARCHAR"
                    f"{sample_col}, value DOUBLE)")
        columns: list[Any] = list(zip(*rows, strict=True)) if rows else [[], [], [], [], []]
        if samples_of:
            con.execute("INSERT INTO tidy SELECT unnest($1), unnest($2), unnest($3), unnest($4), NULL, unnest($5)",
                        [list(c) for c in columns])
        else:
            con.execute("INSERT INTO tidy SELECT unnest($1), unnest($2), unnest($3), unnest($4), unnest($5)",
                        [list(c) for c in columns])
        for name in samples_of:
            cols = _sample_columns(result, name)
            values = np.where(np.isfinite(cols["value"]), cols["value"], np.nan)
            years = cols["year"] if cols["year"] is not None else np.full(len(values), -1, dtype=np.int64)
            con.execute("INSERT INTO tidy SELECT $1, $2, nullif(y, -1), 'sample', s, "
                        "CASE WHEN isnan(v) THEN NULL ELSE v END "
                        "FROM (SELECT unnest($3) AS y, unnest($4) AS s, unnest($5) AS v)",
                        [name, cols["unit"], years, cols["sample"], values])
    except BaseException:
        con.close()
        raise
    return con


def _copy_atomic(con: Any, path: Path, suffix: str, options: str) -> None:
    """``COPY tidy TO`` a temporary file next to ``path`` with ``options``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".{suffix}", dir=path.parent)
    os.close(fd)
    try:
        escaped = tmp.replace("'", "''")
        con.execute(f"COPY tidy TO '{escaped}' ({options})")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
