"""A toy network computed by hand, seen end to end: the Python API, the CLI, the report, the dashboard's API and
the exports all show the same numbers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from network_toys import TOY_NETWORK, by_hand
from typer.testing import CliRunner

import gigawatt
from gigawatt.analysis.network import NetworkSummary
from gigawatt.cli import app
from gigawatt.engine.result import Result
from gigawatt.report.format import money, percent

SAMPLES, SEED = 400, 1


@pytest.fixture(scope="module")
def toy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("network") / "toy-network.yaml"
    path.write_text(TOY_NETWORK, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result() -> Result:
    return gigawatt.simulate(gigawatt.loads(TOY_NETWORK), samples=SAMPLES, seed=SEED)


@pytest.fixture(scope="module")
def summary(result: Result) -> NetworkSummary:
    return gigawatt.network_summary(result)


def test_the_summary_is_the_hand_computation(result: Result, summary: NetworkSummary) -> None:
    hand = by_hand(result.inputs["entities.lab.finance.starting_cash"])
    np.testing.assert_array_equal(result["lab.default_year"], hand["lab"])
    np.testing.assert_array_equal(result["cloud.default_year"], hand["cloud"])
    assert 0.2 < summary.default_probability["lab"] < 0.9  # the toy has futures of both kinds
    assert summary.default_probability["lab"] == pytest.approx(np.isfinite(hand["lab"]).mean())
    assert summary.default_probability["cloud"] == pytest.approx(np.isfinite(hand["cloud"]).mean())
    assert summary.default_probability["chips"] == 0.0 and summary.first_default_year["chips"] is None
    assert summary.cascade_probability == pytest.approx(summary.default_probability["cloud"])  # only through lab
    assert summary.expected_loss["lab_cloud"] == pytest.approx(hand["unpaid"].mean())
    assert summary.total_flows["lab_cloud"] == pytest.approx(4 * 5e9 - hand["unpaid"].mean())  # due less unpaid
    assert summary.flows["chips_lab"] == [0.0, 2e9, 0.0, 0.0]
    assert summary.exposure["lab"]["cloud"] == [15e9, 10e9, 5e9, 0.0]
    assert summary.exposure["chips"]["lab"] == [2e9, 0.0, 0.0, 0.0]


def test_gigawatt_run_prints_each_entity_and_the_network(toy_file: Path, summary: NetworkSummary) -> None:
    out = CliRunner().invoke(app, ["run", str(toy_file), "--samples", str(SAMPLES), "--seed", str(SEED),
                                   "--no-store"], env={"COLUMNS": "120"})
    assert out.exit_code == 0, out.output
    text = out.output
    for entity in ("lab", "cloud", "chips"):
        assert f"Headline: {entity}" in text
    assert "Network links" in text and "Defaults by entity" in text
    lab_line = next(line for line in text.splitlines() if line.strip().startswith("lab ") and "%" in line)
    assert percent(summary.default_probability["lab"]) in lab_line
    contract = next(line for line in text.splitlines() if line.strip().startswith("lab_cloud"))
    assert money(summary.total_flows["lab_cloud"]) in contract and money(summary.expected_loss["lab_cloud"]) in contract
    assert f"chance of a cascade: {percent(summary.cascade_probability)}" in text
    assert "Funding gap" in text and "Traceback" not in text


def test_gigawatt_network_prints_the_summary_and_writes_it_as_json(toy_file: Path, summary: NetworkSummary,
                                                                   tmp_path: Path) -> None:
    target = tmp_path / "network.json"
    out = CliRunner().invoke(app, ["network", str(toy_file), "--samples", str(SAMPLES), "--seed", str(SEED),
                                   "--json", str(target)])
    assert out.exit_code == 0, out.output
    assert "lab_cloud" in out.output and "Defaults by entity" in out.output
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(json.dumps(summary.to_dict()))
    quiet = CliRunner().invoke(app, ["network", str(toy_file), "--samples", str(SAMPLES), "--seed", str(SEED),
                                     "--json", "-", "--quiet"])
    assert json.loads(quiet.stdout)["default_probability"] == summary.to_dict()["default_probability"]


def test_gigawatt_network_refuses_a_company() -> None:
    out = CliRunner().invoke(app, ["network", "anthropic-2025", "--samples", "10"])
    assert out.exit_code == 2
    assert "anthropic-2025 is a single company, not a network" in " ".join(out.output.split())


def test_the_report_of_a_network_shows_the_network_not_a_company(result: Result, summary: NetworkSummary) -> None:
    from gigawatt.report import render_report

    page = render_report(result, local_drivers=True)
    for key in ("network_flows", "network_defaults", "network_exposure"):
        assert f'id="chart-{key}"' in page
    assert '<section id="answer">' not in page and '<section id="compute">' not in page  # no company sections
    assert "<strong>Network.</strong>" in page
    assert money(summary.expected_loss["lab_cloud"]) in page
    headline = page[page.index("network-headline"):page.index("</table>", page.index("network-headline"))]
    for entity in ("lab", "cloud", "chips"):
        assert f"<bdi>{entity}</bdi>" in headline
    assert percent(summary.default_probability["lab"]) in headline


def test_the_dashboard_api_draws_the_network(summary: NetworkSummary) -> None:
    from gigawatt.web.app import create_app
    from gigawatt.web.limits import Limits

    body = {"text": TOY_NETWORK, "samples": SAMPLES, "seed": SEED}
    with TestClient(create_app(Limits(max_samples=2_000, isolation="thread", threads=2), warm=False)) as client:
        charts = client.post("/api/charts", json=body)
        assert charts.status_code == 200, charts.text
        data = charts.json()
        assert [c["key"] for c in data["charts"]] == ["network_flows", "network_defaults", "network_exposure"]
        sankey = data["charts"][0]["figure"]["data"][0]
        assert sankey["type"] == "sankey"
        values = dict(zip(sankey["link"]["label"], sankey["link"]["value"], strict=True))
        assert values == pytest.approx({k: v / 1e9 for k, v in summary.total_flows.items()})
        assert data["network"]["summary"] == json.loads(json.dumps(summary.to_dict()))
        assert [c["value"] for c in data["headline"]["cards"]][:2] == [percent(summary.cascade_probability), "lab"]
        assert client.post("/api/network", json=body).json() == data["network"]["summary"]
        controls = client.post("/api/controls", json={"text": TOY_NETWORK}).json()["controls"]
        assert "entities.lab.finance.starting_cash" in [c["path"] for c in controls]
        assert all(c["path"].startswith("entities.") for c in controls)
        rich = client.post("/api/network", json={**body, "overrides": {"entities.lab.finance.starting_cash": 30e9}})
        assert rich.json()["default_probability"] == {"lab": 0.0, "cloud": 0.0, "chips": 0.0}  # 30 >= 10: no default
        arabic = client.post("/api/charts", json={**body, "lang": "ar"}).json()
        assert arabic["network"]["columns"]["expected loss"] == "الخسارة المتوقعة"
        company = client.post("/api/network", json={"scenario": "anthropic-2025", "samples": 10})
        assert company.status_code == 422 and "not a network" in company.json()["detail"]


def test_the_exports_hold_the_network(result: Result, summary: NetworkSummary, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from gigawatt.analysis import export

    book = load_workbook(export(result, tmp_path / "toy.xlsx"))
    assert "network" in book.sheetnames and "income statement" not in book.sheetnames
    rows = list(book["network"].iter_rows(values_only=True))
    contract = next(r for r in rows if r[0] == "lab_cloud")
    assert contract[1:4] == ("contract", "lab", "cloud")
    assert contract[4] == pytest.approx(summary.total_flows["lab_cloud"])
    assert contract[5] == pytest.approx(summary.expected_loss["lab_cloud"])
    lab = next(r for r in rows if r[0] == "lab")
    assert lab[1] == pytest.approx(summary.default_probability["lab"])
    text = export(result, tmp_path / "toy.csv").read_text(encoding="utf-8")
    assert "network.flow_lab_cloud," in text and "network.loss_lab_cloud," in text and "lab.in_default," in text
