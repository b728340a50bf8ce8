"""The run store: every `gigawatt run` recorded in a DuckDB database, to list, show and diff later.

One table, ``runs``: id, time (UTC), scenario name, content hash and full text
(after ``extends`` and overrides: loading the text gives the same scenario back),
seed, samples, gigawatt version and the summary JSON.

Where: ``--store PATH``, else the environment variable ``GIGAWATT_STORE``, else
``runs.duckdb`` in the user's data directory (platformdirs).

Concurrency: DuckDB lets one process at a time open a database file (a writer
locks out readers too). Every operation therefore opens a connection, does one
transaction and closes it at once; when another process holds the file, it
retries with exponential backoff (and jitter) for up to ``timeout`` seconds. A
record is one ``INSERT`` in one transaction: it lands whole or not at all.
"""

from __future__ import annotations

import builtins
import json
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from gigawatt.outputs import FUNDING_GAP

if TYPE_CHECKING:
    import duckdb

    from gigawatt.engine.result import Result
    from gigawatt.scenario.schema import Scenario

ENV = "GIGAWATT_STORE"
DEFAULT_TIMEOUT = 30.0
"""Seconds to keep retrying while another process holds the store."""

T = TypeVar("T")

_SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS run_ids START 1;
CREATE TABLE IF NOT EXISTS runs (
    id BIGINT PRIMARY KEY DEFAULT nextval('run_ids'),
    time TIMESTAMP NOT NULL,
    scenario VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    seed BIGINT NOT NULL,
    samples BIGINT NOT NULL,
    version VARCHAR NOT NULL,
    summary VARCHAR NOT NULL
);
"""


class StoreError(Exception):
    """The run store cannot be used (locked too long, not a DuckDB file, unknown run id...)."""


def default_store_path() -> Path:
    """``$GIGAWATT_STORE``, else ``runs.duckdb`` in the user's data directory."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("gigawatt", appauthor=False)) / "runs.duckdb"


@dataclass(frozen=True)
class RunInfo:
    """One recorded run, without its scenario text and summary."""

    id: int
    time: datetime
    scenario: str
    content_hash: str
    seed: int
    samples: int
    version: str
    funding_gap_p50: float | None = None


@dataclass(frozen=True)
class Run(RunInfo):
    """One recorded run with its scenario text and summary."""

    text: str = ""
    summary: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every column, the time in ISO 8601 (UTC)."""
        return {"id": self.id, "time": self.time.isoformat() + "Z", "scenario": self.scenario,
                "content_hash": self.content_hash, "seed": self.seed, "samples": self.samples,
                "version": self.version, "text": self.text, "summary": self.summary}


def _info(row: tuple[Any, ...]) -> RunInfo:
    """A :class:`RunInfo` from ``(id, time, scenario, content_hash, seed, samples, version, summary)``."""
    return RunInfo(id=int(row[0]), time=row[1], scenario=str(row[2]), content_hash=str(row[3]), seed=int(row[4]),
                   samples=int(row[5]), version=str(row[6]), funding_gap_p50=_headline(row[7]))


def _headline(summary: str) -> float | None:
    """The median funding gap of a stored summary, if it has one."""
    value = json.loads(summary).get("scalars", {}).get(FUNDING_GAP, {}).get("p50")
    return float(value) if isinstance(value, (int, float)) else None


def _is_lock_conflict(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set lock" in text)


class RunStore:
    """A DuckDB file of recorded runs.

    Parameters
    ----------
    path
        The database file (created on first record); default :func:`default_store_path`.
    timeout
        Seconds to keep retrying while another process holds the file.
    """

    def __init__(self, path: str | Path | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = Path(path).expanduser() if path is not None else default_store_path()
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"RunStore({str(self.path)!r})"

    @contextmanager
    def _connect(self, write: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection, retried with backoff while another process holds the file."""
        import duckdb

        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.timeout
        delay = 0.01
        while True:
            try:
                con = duckdb.connect(str(self.path), read_only=not write)
                break
            except duckdb.Error as exc:
                if not _is_lock_conflict(exc):
                    raise StoreError(self._unreadable(exc)) from None
                if time.monotonic() >= deadline:
                    raise StoreError(f"the run store {self.path} is locked by another process and stayed locked "
                                     f"for {self.timeout:g} s ({exc}); try again, or choose another store with "
                                     f"--store PATH or {ENV}") from None
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.5)
        try:
            if write:
                con.execute(_SCHEMA)
            yield con
        except duckdb.Error as exc:
            raise StoreError(f"the run store {self.path} failed: {exc}") from None
        finally:
            con.close()

    def _unreadable(self, exc: Exception) -> str:
        return (f"cannot open the run store {self.path}: {exc}. If the file is damaged, move it aside (a new store "
                f"is created on the next run), or choose another with --store PATH or {ENV}")

    def _read(self, query: Callable[[duckdb.DuckDBPyConnection], T], empty: T) -> T:
        if not self.path.exists():
            return empty
        with self._connect(write=False) as con:
            tables = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'runs'").fetchone()
            if not tables or not tables[0]:
                return empty
            return query(con)

    def record(self, result: Result, summary: dict[str, Any] | None = None) -> int:
        """Record a run; returns its id. ``summary`` defaults to ``result.summary()``."""
        data = summary if summary is not None else result.summary()
        return self.record_summary(result.scenario, data)

    def record_summary(self, scenario: Scenario, summary: dict[str, Any]) -> int:
        """Record a run by its summary alone (a streamed run keeps no samples); returns its id.

        The seed, sample count and version come from the summary. A seed the store cannot hold
        (above 2^63 - 1) is a :class:`StoreError` before anything is written.
        """
        text = json.dumps(summary, allow_nan=False)
        seed, samples = int(summary["seed"]), int(summary["samples"])
        if not 0 <= seed <= 2**63 - 1:
            raise StoreError(f"seed {seed} does not fit the run store (0 to 2^63 - 1)")
        now = datetime.now(UTC).replace(tzinfo=None)
        with self._connect(write=True) as con:
            row = con.execute(
                "INSERT INTO runs (time, scenario, content_hash, text, seed, samples, version, summary) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [now, scenario.name, scenario.content_hash, scenario.text, seed, samples,
                 str(summary.get("version", "")), text],
            ).fetchone()
        assert row is not None
        return int(row[0])

    def list(self, limit: int | None = 20, scenario: str | None = None) -> builtins.list[RunInfo]:
        """Recorded runs, newest first (``limit=None``: all)."""

        def query(con: duckdb.DuckDBPyConnection) -> builtins.list[RunInfo]:
            sql = "SELECT id, time, scenario, content_hash, seed, samples, version, summary FROM runs"
            params: builtins.list[Any] = []
            if scenario is not None:
                sql += " WHERE scenario = ?"
                params.append(scenario)
            sql += " ORDER BY id DESC"
            if limit is not None:
                sql += f" LIMIT {int(limit)}"
            return [_info(row) for row in con.execute(sql, params).fetchall()]

        return self._read(query, [])

    def get(self, run_id: int) -> Run:
        """One recorded run; ``StoreError`` naming the ids that exist when there is none with ``run_id``."""

        def query(con: duckdb.DuckDBPyConnection) -> Run | None:
            row = con.execute("SELECT id, time, scenario, content_hash, seed, samples, version, text, summary "
                              "FROM runs WHERE id = ?", [int(run_id)]).fetchone()
            if row is None:
                return None
            info = _info(row[:7] + row[8:])
            return Run(**vars(info), text=row[7], summary=json.loads(row[8]))

        run = self._read(query, None)
        if run is None:
            known = [r.id for r in self.list(limit=5)]
            hint = f"; the latest are {', '.join(map(str, known))}" if known else "; the store is empty"
            raise StoreError(f"no run {run_id} in {self.path}{hint} (see `gigawatt runs list`)")
        return run

    def count(self) -> int:
        """Number of recorded runs."""
        def query(con: duckdb.DuckDBPyConnection) -> int:
            row = con.execute("SELECT count(*) FROM runs").fetchone()
            return int(row[0]) if row else 0

        return self._read(query, 0)

    def diff(self, a: int, b: int, metrics: builtins.list[str] | None = None, stat: str = "p50") -> dict[str, Any]:
        """Two recorded runs: what differs in their settings and scenario text, and their key metrics."""
        import difflib

        from gigawatt.analysis.compare import compare_summaries, with_recorded_windows

        ra, rb = self.get(a), self.get(b)
        settings = {k: [getattr(ra, k), getattr(rb, k)] for k in ("scenario", "content_hash", "seed", "samples",
                                                                   "version") if getattr(ra, k) != getattr(rb, k)}
        text = list(difflib.unified_diff(ra.text.splitlines(), rb.text.splitlines(), f"run {a}", f"run {b}",
                                         lineterm="", n=1))
        assert ra.summary is not None and rb.summary is not None
        sa, sb = (with_recorded_windows(r.summary, r.text, metrics) for r in (ra, rb))  # type: ignore[arg-type]
        rows = compare_summaries(sa, sb, metrics, stat)
        return {"a": a, "b": b, "settings": settings, "text_diff": text, "rows": rows}


def unrecorded_path(store: Path) -> Path:
    """Where a run's summary goes when the store cannot take it: beside the store, else the temp folder."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    name = f"gigawatt-unrecorded-{stamp}-{os.getpid()}.json"
    folder = store.parent
    if not (folder.is_dir() and os.access(folder, os.W_OK)):
        import tempfile

        folder = Path(tempfile.gettempdir())
    return folder / name
