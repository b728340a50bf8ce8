"""A hand-made network summary shared by the tests of the network's views (numbers chosen to check by eye)."""

from __future__ import annotations

import math

from gigawatt.analysis.network import LinkInfo, NetworkSummary


def hand_made_summary() -> NetworkSummary:
    """Three entities over 2025-2027: a lab buys compute from a cloud, the cloud buys chips, the chip maker
    invests in the lab. The lab defaults in 30% of samples (median year 2026), the cloud in 10% (2027),
    the chip maker never; a default spreads in 10% of samples."""
    return NetworkSummary(
        entities=["lab", "cloud", "chips"],
        years=[2025, 2026, 2027],
        links=[
            LinkInfo("lab-cloud", "contract", "lab", "cloud"),
            LinkInfo("cloud-chips", "purchase", "cloud", "chips"),
            LinkInfo("chips-equity", "investment", "chips", "lab"),
        ],
        flows={"lab-cloud": [10e9, 20e9, 30e9], "cloud-chips": [5e9, 5e9, 0.0], "chips-equity": [2e9, 0.0, 0.0]},
        total_flows={"lab-cloud": 60e9, "cloud-chips": 10e9, "chips-equity": 2e9},
        default_probability={"lab": 0.3, "cloud": 0.1, "chips": 0.0},
        first_default_year={"lab": 2026.0, "cloud": 2027.0, "chips": None},
        exposure={"lab": {"cloud": [50e9, 30e9, 0.0]}, "cloud": {"chips": [5e9, 0.0, 0.0]}},
        expected_loss={"lab-cloud": 9e9, "cloud-chips": 0.5e9, "chips-equity": 0.0},
        cascade_probability=0.1,
    )


def with_infinities(summary: NetworkSummary) -> NetworkSummary:
    """``summary`` with a non-finite flow, loss and default year, as a diverging run could give."""
    from dataclasses import replace

    return replace(summary, total_flows={**summary.total_flows, "chips-equity": math.inf},
                   expected_loss={**summary.expected_loss, "cloud-chips": math.nan},
                   first_default_year={**summary.first_default_year, "chips": math.inf})
