"""The done-when toy: a buyer and a seller, one contract, the buyer's default in a known year, by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from typer.testing import CliRunner

import gigawatt
from gigawatt.cli import app

B = 1e9

TOY = """\
name: contract-toy
horizon: {start: 2025, end: 2028}
entities:
  lab:
    streams: [{name: api, type: fixed, amount: $2B}]
    opex: {general_admin: $1B}
    contracts:
      - {name: cloud, counterparty: Cloud, capacity_gw: 1, price_per_gw_year: $10B}
    finance: {starting_cash: $25B, borrowing_limit: $0}
  cloud:
    streams:
      - {name: lab, type: capacity, gw: 1, price_per_gw_year: $10B}
    opex: {general_admin: $7B}
    finance: {starting_cash: $5B, borrowing_limit: $0}
links:
  - {name: lab_cloud, buyer: lab.contracts.cloud, seller: cloud.streams.lab}
"""
"""lab earns $2B, spends $1B and pays $10B a year for 1 GW at $10B/GW-year: from $25B its cash is $16B, $7B,
then -$2B in 2027, above its limit of no borrowing: lab defaults in 2027 and pays nothing from then on
(default_share 1), so its cash is $8B in 2027 and $9B in 2028. cloud earns what lab pays, $10B, $10B, then 0,
and spends $7B: from $5B its cash is $8B, $11B, $4B and -$3B in 2028: cloud defaults in 2028, which it would not
if lab paid in full ($8B, $11B, $14B, $17B): a cascade. Still due after each year end with no default: $30B,
$20B, $10B, 0; unpaid: $20B."""


def test_a_buyer_default_in_a_known_year_by_hand() -> None:
    result = gigawatt.simulate(gigawatt.loads(TOY), samples=3)
    row = {name: result[name][0] for name in result.names()}
    np.testing.assert_allclose(row["lab.cash_balance"], [16 * B, 7 * B, 8 * B, 9 * B])
    assert row["lab.default_year"] == 2027 and row["lab.in_default"]
    np.testing.assert_allclose(row["lab.contract_cost"], [10 * B, 10 * B, 0, 0])
    np.testing.assert_allclose(row["network.flow_lab_cloud"], [10 * B, 10 * B, 0, 0])
    np.testing.assert_allclose(row["cloud.revenue_lab"], [10 * B, 10 * B, 0, 0])
    np.testing.assert_allclose(row["cloud.cash_balance"], [8 * B, 11 * B, 4 * B, -3 * B])
    assert row["cloud.default_year"] == 2028
    np.testing.assert_allclose(row["network.exposure_lab_cloud"], [30 * B, 20 * B, 10 * B, 0])
    np.testing.assert_allclose(row["network.loss_lab_cloud"], 20 * B)
    assert row["network.defaults"] == 2 and row["network.cascade"]


def test_paid_in_full_no_one_defaults() -> None:
    result = gigawatt.simulate(gigawatt.loads(TOY.replace("starting_cash: $25B", "starting_cash: $40B")), samples=2)
    np.testing.assert_allclose(result["network.flow_lab_cloud"][0], [10 * B] * 4)
    np.testing.assert_allclose(result["cloud.revenue_lab"][0], [10 * B] * 4)
    np.testing.assert_allclose(result["cloud.cash_balance"][0], [8 * B, 11 * B, 14 * B, 17 * B])
    assert not result["network.cascade"].any() and (result["network.defaults"] == 0).all()
    assert np.isinf(result["lab.default_year"]).all() and np.isinf(result["cloud.default_year"]).all()


def test_metrics_name_an_entitys_outputs_and_the_networks(tmp_path: Path) -> None:
    """``-m`` reads ``<entity>.<output>`` and ``network.<output>`` in every form of the grammar, by hand."""
    from gigawatt.metrics import MetricSpec

    result = gigawatt.simulate(gigawatt.loads(TOY), samples=2)
    assert MetricSpec.parse("lab.cash_balance@2026").values(result)[0] == 7 * B
    assert MetricSpec.parse("cloud.revenue_lab@2025..2028 sum").values(result)[0] == 20 * B
    assert MetricSpec.parse("network.loss_lab_cloud").values(result)[0] == 20 * B
    path = tmp_path / "toy.yaml"
    path.write_text(TOY)
    out = tmp_path / "metrics.json"
    ran = CliRunner().invoke(app, ["run", str(path), "-n", "2", "--no-store", "-m", "network.cascade",
                                   "-m", "cloud.revenue_lab@2025..2028 sum", "--json", str(out)])
    assert ran.exit_code == 0, ran.output
    assert "A default cascades" in ran.output
