"""A network on a Dask cluster: shipped as its YAML text, bit-identical to the run in this process."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

import gigawatt
from gigawatt.engine.sampling import BLOCK

distributed = pytest.importorskip("distributed")

NETWORK = """\
name: dask-network
horizon: {start: 2025, end: 2029}
entities:
  vc:
    opex: {general_admin: $5B to $7B}
    finance: {starting_cash: $14B, borrowing_limit: $1B}
  lab:
    streams: [{name: api, type: fixed, amount: $1.6B to $2.4B}]
    opex: {general_admin: $2B}
    finance:
      starting_cash: $1B
      borrowing_limit: $0.5B
      financing: [{name: round, type: equity, year: 2027, amount: $4B}]
links:
  - {name: vc_lab, investor: vc, investee: lab.finance.financing.round}
"""


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    """Two in-process workers of one thread each."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0",
                                  silence_logs=40) as cluster, distributed.Client(cluster) as c:
        yield c


def test_a_network_runs_on_the_cluster_as_here(client: object) -> None:
    scenario = gigawatt.loads(NETWORK)
    samples = 2 * BLOCK + 11
    local = gigawatt.simulate(scenario, samples, 3, chunk_size=BLOCK)
    remote = gigawatt.simulate(scenario, samples, 3, chunk_size=BLOCK, client=client)
    assert local.names() == remote.names()
    for name in local.names():
        np.testing.assert_array_equal(remote[name], local[name], err_msg=name)
    assert 0 < local.probabilities["network.cascade"] < 1  # the cascade happens in some samples, not all
    streamed = gigawatt.summarize(scenario, samples, 3, chunk_size=BLOCK, client=client)
    assert streamed.probabilities["network.cascade"] == local.probabilities["network.cascade"]
