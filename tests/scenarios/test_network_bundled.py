"""The bundled network ai-compute-2025: it runs, its links net to zero, and 2025 stays history.

The entities are the bundled company scenarios (docs/network.md); each link's flow is the payer's payment
and the payee's revenue or cash in, sample by sample and year by year. The 2025 revenue of each seller in
the network is its reported one, as when it runs alone (tests/scenarios/test_sellers.py): the links feed
what the buyers' 2025 contracts and purchases give, which the sellers' scenarios are written to match.
"""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.engine.result import Result

NETWORK = "ai-compute-2025"


@pytest.fixture(scope="module")
def network() -> Result:
    return gigawatt.simulate(NETWORK, samples=400, seed=1)


def test_the_network_runs_to_finite_numbers(network: Result) -> None:
    for name, series in network.series.items():
        assert np.all(np.isfinite(series)) or name.endswith("default_year"), name
    entities = {"openai", "anthropic", "oracle", "microsoft", "coreweave", "nvidia", "amd"}
    assert set(network.scenario.entities) == entities


@pytest.mark.parametrize(("link", "payee_output"), [
    ("openai_oracle", "oracle.revenue_oci_openai"),
    ("openai_microsoft", "microsoft.revenue_azure_openai"),
    ("openai_coreweave", "coreweave.revenue_openai"),
    ("anthropic_microsoft", "microsoft.revenue_azure_anthropic"),
    ("oracle_nvidia", "nvidia.revenue_oracle"),
    ("coreweave_nvidia", "nvidia.revenue_coreweave"),
    ("openai_amd", "amd.revenue_openai_gpus"),
])
def test_each_trade_is_the_sellers_revenue(network: Result, link: str, payee_output: str) -> None:
    flow = network.series[f"network.flow_{link}"]
    np.testing.assert_allclose(flow, network.series[payee_output], rtol=1e-9, atol=1.0)


# (entity output, reported 2025 figure, relative tolerance): as the sellers alone (test_sellers.py)
HISTORY_2025 = [
    ("oracle.revenue_total", 61.0e9, 0.02),        # estimate [S-orcl-ltm-2q26] (from the 10-Q)
    ("microsoft.revenue_total", 281.7e9, 0.02),    # official [S-msft-fy2025]
    ("coreweave.revenue_total", 5.13e9, 0.02),     # official [S-crwv-fy2025]
    ("nvidia.revenue_total", 215.9e9, 0.02),       # official [S-nvda-fy2026]
    ("amd.revenue_total", 34.6e9, 0.02),           # official [S-amd-fy2025]
]


@pytest.mark.parametrize(("output", "target", "tolerance"), HISTORY_2025)
def test_2025_is_history_in_the_network_too(network: Result, output: str, target: float, tolerance: float) -> None:
    got = float(np.percentile(network.series[output][:, network.year_index(2025)], 50))
    assert abs(got - target) <= tolerance * target, f"{output} 2025: P50 {got:.4g}, target {target:.4g}"


def test_the_summary_reads_the_network(network: Result) -> None:
    summary = gigawatt.network_summary(network)
    assert {link.name for link in summary.links} >= {"openai_oracle", "nvidia_openai"}
    for entity, probability in summary.default_probability.items():
        assert 0.0 <= probability <= 1.0, entity
    # Nvidia's $30B in OpenAI's 2026 round [S-round-2026-02] arrives unless Nvidia defaults first
    flow = np.asarray(summary.flows["nvidia_openai"])
    assert flow[network.year_index(2026)] == pytest.approx(30e9, rel=0.01)
