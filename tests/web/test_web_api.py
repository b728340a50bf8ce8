"""The good path of every endpoint, with known answers from toy scenarios."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

import gigawatt
from gigawatt.scenario.loader import bundled_names

TIER = "consumer.tiers.plus.price"


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    for path in ("/api/scenarios", "/api/scenarios/{name}", "/api/scenarios/{name}/controls", "/api/simulate",
                 "/api/validate", "/api/sensitivity", "/api/runs", "/api/runs/{run_id}", "/api/report",
                 "/api/export", "/api/charts", "/api/controls"):
        assert path in paths, path
    simulate = schema["paths"]["/api/simulate"]["post"]
    assert simulate["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Summary")
    samples = schema["components"]["schemas"]["SimulateRequest"]["properties"]["samples"]
    assert samples["anyOf"][0]["maximum"] == 2_000  # this server's own cap (SMALL), not the schema's 100,000


def test_list_and_show_bundled_scenarios(client: TestClient) -> None:
    listed = client.get("/api/scenarios").json()
    names = [s["name"] for s in listed]
    assert names == bundled_names()
    assert all(isinstance(s["description"], str) for s in listed)
    if "openai-2025" not in names:
        pytest.skip("the bundled openai-2025 scenario is not installed")
    detail = client.get("/api/scenarios/openai-2025").json()
    assert detail["name"] == "openai-2025"
    assert detail["yaml"].lstrip().startswith(("name:", "#"))
    assert detail["years"][0] == detail["parsed"]["horizon"]["start"]
    ceiling = next(i for i in detail["inputs"] if i["path"] == "consumer.users.ceiling")
    assert ceiling["unit"] == "count"
    assert ceiling["p5"] < ceiling["p50"] < ceiling["p95"]
    controls = client.get("/api/scenarios/openai-2025/controls").json()["controls"]
    paths = [c["path"] for c in controls]
    assert "consumer.users.ceiling" in paths
    assert any(p.startswith("consumer.paying_share") for p in paths)
    assert any(p.endswith(".capex_per_gw") for p in paths)


def test_controls_of_text(client: TestClient, toy_text: str) -> None:
    data = client.post("/api/controls", json={"text": toy_text}).json()
    controls = {c["path"]: c for c in data["controls"]}
    paying = controls["consumer.paying_share.2030"]
    assert paying["uncertain"] and paying["spread"] == "scale"
    assert paying["display_unit"] == "%" and paying["display_scale"] == 0.01
    assert paying["p5"] == pytest.approx(0.08) and paying["p95"] == pytest.approx(0.12)
    assert paying["value"] == pytest.approx(np.sqrt(0.08 * 0.12))  # the median of the lognormal interval
    assert (paying["lower"], paying["upper"]) == (0, 1)
    assert paying["min"] <= paying["value"] <= paying["max"] <= 1
    price = controls[TIER]
    assert price["value"] == 240 and price["display_unit"] == "$/month" and price["display_scale"] == 12
    assert not price["uncertain"]
    capex = controls["sites.abilene.capex_per_gw"]
    assert capex["display_unit"] == "$B/GW" and capex["section"] == "Infrastructure"


def test_simulate_matches_the_python_api(client: TestClient, toy_text: str) -> None:
    body = {"text": toy_text, "samples": 300, "seed": 7, "overrides": {TIER: 300}}
    got = client.post("/api/simulate", json=body).json()
    expected = gigawatt.simulate(gigawatt.loads(toy_text, {TIER: 300}), samples=300, seed=7).summary()
    assert got == expected
    assert got["samples"] == 300 and got["seed"] == 7
    assert client.post("/api/simulate", json=body).json() == got  # same seed, same numbers


def test_override_of_an_s_curve_part(client: TestClient, toy_text: str) -> None:
    """`consumer.users.ceiling` is the dotted path of a part written under `logistic:` in the file."""
    base = client.post("/api/simulate", json={"text": toy_text, "samples": 200}).json()
    higher = client.post("/api/simulate", json={"text": toy_text, "samples": 200,
                                                "overrides": {"consumer.users.ceiling": "6B"}}).json()
    users, more = base["series"]["users_consumer"]["p50"], higher["series"]["users_consumer"]["p50"]
    assert users[0] == pytest.approx(800e6) and more[0] == pytest.approx(800e6)  # the S-curve starts there
    assert more[-1] > users[-1] * 1.5


def test_charts_and_headline(client: TestClient, toy_text: str) -> None:
    body = {"text": toy_text, "samples": 500, "charts": ["fan_revenue_total", "gap_histogram", "breakeven"]}
    data = client.post("/api/charts", json=body).json()
    assert [c["key"] for c in data["charts"]] == ["fan_revenue_total", "gap_histogram", "breakeven"]
    fan = data["charts"][0]["figure"]
    assert [t.get("meta") for t in fan["data"]] == ["p5", "p95", "p25", "p75", "p50"]
    assert fan["data"][-1]["x"] == list(range(2025, 2031))
    assert fan["layout"]["title"]["text"] == "Revenue"
    assert data["headline"]["cards"] and data["headline"]["sentences"]
    assert {"load", "simulate", "charts", "total"} <= set(data["timings_ms"])
    default = client.post("/api/charts", json={"text": toy_text, "samples": 200}).json()
    assert [c["key"] for c in default["charts"]][:2] == ["fan_revenue_total", "fan_cash_before_financing"]


def test_validate_valid_and_invalid(client: TestClient, toy_text: str) -> None:
    good = client.post("/api/validate", json={"text": toy_text}).json()
    assert good == {"valid": True, "problems": [], "name": "toy", "years": list(range(2025, 2031)), "streams": 1,
                    "sites": 1, "contracts": 0, "uncertain_inputs": 3}
    bad_text = toy_text.replace("price: 20 USD/month", "price: 20 GW")
    bad = client.post("/api/validate", json={"text": bad_text}).json()
    assert bad["valid"] is False
    [problem] = bad["problems"]
    line = next(i for i, text in enumerate(bad_text.splitlines(), 1) if "20 GW" in text)
    assert (problem["file"], problem["line"], problem["path"]) == ("<text>", line, TIER)
    assert problem["column"] > 1
    assert "USD/year" in problem["message"] and "GW" in problem["message"]
    assert problem["text"].startswith(f"<text>:{line}:")


def test_validate_runs_the_checks_of_formulas_that_read_model_outputs(client: TestClient, toy_text: str) -> None:
    text = toy_text.replace("price: 20 USD/month", 'price: "= revenue_total / 1B"')
    bad = client.post("/api/validate", json={"text": text}).json()
    assert bad["valid"] is False
    [problem] = bad["problems"]
    assert problem["path"] == TIER and "'revenue_total' is not a model output computed before" in problem["message"]
    good = toy_text.replace("tokens_per_user_per_day: 2000}",  # read by the revenue block, after the demand block
                            'tokens_per_user_per_day: 2000, store_fee: "= 30% * users_consumer / 800M"}')
    assert client.post("/api/validate", json={"text": good}).json()["valid"] is True


def test_validate_with_overrides(client: TestClient, toy_text: str) -> None:
    bad = client.post("/api/validate", json={"text": toy_text, "overrides": {TIER: "-5"}}).json()
    assert bad["valid"] is False
    assert bad["problems"][0]["file"] == f"--set {TIER}"
    assert bad["problems"][0]["path"] == TIER


def test_sensitivity_tornado(client: TestClient, toy_text: str) -> None:
    data = client.post("/api/sensitivity", json={"text": toy_text, "samples": 200, "method": "tornado"}).json()
    assert data["method"] == "tornado" and data["metric"] == "funding_gap" and data["unit"] == "USD"
    assert {r["parameter"] for r in data["rows"]} == {"consumer.users.ceiling", "consumer.paying_share.2030",
                                                      "sites.abilene.capex_per_gw"}
    assert data["evaluations"] == 200 * 7


def test_report_get_and_post(client: TestClient, toy_text: str) -> None:
    if "openai-2025" in bundled_names():
        page = client.get("/api/report", params={"scenario": "openai-2025", "samples": 300, "seed": 3,
                                                 "set": f"{TIER}=25 USD/month"})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "content-disposition" not in page.headers
        assert "gigawatt report openai-2025 --samples 300 --seed 3 --set" in page.text
    posted = client.post("/api/report?download=true", json={"text": toy_text, "samples": 200})
    assert posted.status_code == 200
    assert posted.headers["content-disposition"] == 'attachment; filename="toy-report.html"'
    assert "<html" in posted.text[:500].lower() and "toy" in posted.text


def test_export_xlsx_and_csv(client: TestClient, toy_text: str) -> None:
    xlsx = client.post("/api/export?format=xlsx", json={"text": toy_text, "samples": 200})
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "sheet" in " ".join(zipfile.ZipFile(io.BytesIO(xlsx.content)).namelist())
    csv = client.post("/api/export?format=csv", json={"text": toy_text, "samples": 200})
    assert csv.text.splitlines()[0] == "metric,unit,year,statistic,value"
    assert "revenue_total" in csv.text
    if "openai-2025" in bundled_names():
        got = client.get("/api/export", params={"scenario": "openai-2025", "format": "csv", "samples": 100})
        assert got.status_code == 200 and got.headers["content-disposition"].endswith('openai-2025.csv"')


def test_runs_from_the_store(client: TestClient, toy_text: str, store_path: Path) -> None:
    from gigawatt.store import RunStore

    assert client.get("/api/runs").json() == []
    result = gigawatt.simulate(gigawatt.loads(toy_text), samples=50, seed=2)
    run_id = RunStore(store_path).record(result)
    listed = client.get("/api/runs").json()
    assert [r["id"] for r in listed] == [run_id]
    assert listed[0]["scenario"] == "toy" and listed[0]["samples"] == 50 and listed[0]["time"].endswith("Z")
    detail = client.get(f"/api/runs/{run_id}").json()
    assert detail["summary"] == result.summary() and detail["text"] == result.scenario.text


def test_dashboard_page_and_plotly(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy
    assert 'src="/vendor/plotly.min.js"' in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from elsewhere
    script = client.get("/static/app.js")
    assert script.status_code == 200 and "https://" not in script.text
    plotly = client.get("/vendor/plotly.min.js", headers={"accept-encoding": "gzip"})
    assert plotly.status_code == 200 and plotly.headers["content-encoding"] == "gzip"
    assert "max-age=86400" in plotly.headers["cache-control"]
    assert plotly.content.startswith(b"/**") or b"plotly" in plotly.content[:2000].lower()
    again = client.get("/vendor/plotly.min.js", headers={"if-none-match": plotly.headers["etag"]})
    assert again.status_code == 304
    docs = client.get("/docs")
    assert docs.status_code == 200 and "content-security-policy" not in docs.headers


def test_a_whole_path_has_a_multiplier_control_that_scales_every_anchor(client: TestClient, toy_text: str) -> None:
    controls = {c["path"]: c for c in client.post("/api/controls", json={"text": toy_text}).json()["controls"]}
    whole = controls["consumer.paying_share"]
    assert whole["multiplier"] and whole["value"] == 1.0 and whole["section"] == "Whole time paths"
    body = {"text": toy_text, "samples": 200, "seed": 3, "overrides": {"consumer.paying_share": "x1.5"}}
    got = client.post("/api/simulate", json=body).json()
    expected = gigawatt.simulate(gigawatt.loads(toy_text, {"consumer.paying_share": "x1.5"}), samples=200,
                                 seed=3).summary()
    assert got == expected
    base = gigawatt.simulate(gigawatt.loads(toy_text), samples=200, seed=3)
    scaled = gigawatt.simulate(gigawatt.loads(toy_text, {"consumer.paying_share": "x1.5"}), samples=200, seed=3)
    np.testing.assert_allclose(scaled.series["paying_share_of_users"], 1.5 * base.series["paying_share_of_users"])
