"""Sensitivity on Dask gives the same numbers as in this process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import gigawatt
from gigawatt.analysis import sensitivity

distributed = pytest.importorskip("distributed")

TEXT = """\
name: small
horizon: {start: 2025, end: 2027}
consumer:
  users: 700M to 900M
  paying_share: {beta: {a: 5, b: 95}}
  tiers:
    - {name: plus, share_of_payers: 100%, price: "$200 to $300"}
streams:
  - {name: subs, type: subscription}
opex:
  general_admin: "$4B to $7B"
"""


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cl, \
            distributed.Client(cl) as c:
        yield c


@pytest.mark.parametrize("method", ["tornado", "sobol", "morris"])
def test_same_rows_on_dask(client: object, method: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    common = importlib.import_module("gigawatt.analysis.common")
    module = importlib.import_module("gigawatt.analysis.sensitivity")
    monkeypatch.setattr(common, "BATCH_ROWS", 100)  # several batches, so several tasks
    monkeypatch.setattr(module, "BATCH_ROWS", 100)
    scenario = gigawatt.loads(TEXT)
    samples = {"tornado": 300, "sobol": 64, "morris": 8}[method]
    local = sensitivity(scenario, "ebitda", year=2027, method=method, samples=samples)
    remote = sensitivity(scenario, "ebitda", year=2027, method=method, samples=samples, client=client)
    assert remote.rows == local.rows
    assert len(local.rows) == 4
