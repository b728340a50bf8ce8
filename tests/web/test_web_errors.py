"""Every error path of the API: a clear 4xx (or 501/503) with a sentence, never a traceback or a 500."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gigawatt.web import service
from gigawatt.web.app import create_app
from gigawatt.web.limits import Limits


def detail(response: object) -> str:
    data = response.json()  # type: ignore[attr-defined]
    assert isinstance(data["detail"], str) and data["detail"]
    return str(data["detail"])


def test_unknown_scenario_is_404(client: TestClient) -> None:
    for url in ("/api/scenarios/openai-2052", "/api/scenarios/openai-2052/controls"):
        response = client.get(url)
        assert response.status_code == 404
        assert "no bundled scenario named 'openai-2052'" in detail(response)
    assert client.get("/api/report", params={"scenario": "nope", "samples": 10}).status_code == 404
    assert client.get("/api/export", params={"scenario": "nope", "samples": 10}).status_code == 404


def test_unknown_scenario_in_a_body_is_422(client: TestClient) -> None:
    response = client.post("/api/simulate", json={"scenario": "nope", "samples": 10})
    assert response.status_code == 422
    assert "no bundled scenario named 'nope'" in detail(response)


@pytest.mark.parametrize("body", [{"samples": 10}, {"scenario": "openai-2025", "text": "name: x", "samples": 10}])
def test_exactly_one_source(client: TestClient, body: dict[str, object]) -> None:
    response = client.post("/api/simulate", json=body)
    assert response.status_code == 422
    assert "exactly one of `scenario`" in detail(response)


@pytest.mark.parametrize(("body", "where"), [
    ({"samples": 0}, "body.samples"),
    ({"samples": 100_001}, "body.samples"),
    ({"seed": -1}, "body.seed"),
    ({"overrides": {"not a path": 1}}, "body.overrides"),
    ({"colour": "blue"}, "body.colour"),
])
def test_request_validation(client: TestClient, toy_text: str, body: dict[str, object], where: str) -> None:
    response = client.post("/api/simulate", json={"text": toy_text, **body})
    assert response.status_code == 422
    assert where in detail(response)
    assert response.json()["errors"]


def test_samples_over_the_server_limit(client: TestClient, toy_text: str) -> None:
    response = client.post("/api/simulate", json={"text": toy_text, "samples": 5_000})
    assert response.status_code == 422
    assert detail(response) == "samples: at most 2,000 on this server; got 5,000"
    assert client.post("/api/charts", json={"text": toy_text, "samples": 5_000}).status_code == 422
    assert client.get("/api/report", params={"scenario": "x", "samples": 5_000}).status_code == 422


def test_invalid_scenario_text_is_located(client: TestClient, toy_text: str) -> None:
    bad = toy_text.replace("ownership: owned", "ownership: rented")
    response = client.post("/api/simulate", json={"text": bad, "samples": 10})
    assert response.status_code == 422
    [problem] = response.json()["problems"]
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if "rented" in text)
    assert problem["line"] == line and problem["path"] == "sites.abilene.ownership"
    assert detail(response).startswith("the scenario is not valid")


def test_malformed_yaml(client: TestClient) -> None:
    response = client.post("/api/validate", json={"text": "name: x\nhorizon: {start: 2025\n"})
    assert response.status_code == 200
    data = response.json()
    assert data["valid"] is False and data["problems"][0]["line"] is not None
    assert client.post("/api/validate", json={"text": "   "}).json()["problems"][0]["message"].startswith(
        "the scenario text is empty")


@pytest.mark.parametrize("parent", ["/etc/passwd", "../secret.yaml", "openai-2025.yaml", "nope"])
def test_text_may_extend_bundled_scenarios_only(client: TestClient, parent: str) -> None:
    response = client.post("/api/validate", json={"text": f"name: x\nextends: {parent}\n"})
    [problem] = response.json()["problems"]
    assert problem["path"] == "extends" and problem["line"] == 2
    assert "bundled scenario only" in problem["message"]


def test_unknown_override_path_and_bad_value(client: TestClient, toy_text: str) -> None:
    response = client.post("/api/simulate", json={"text": toy_text, "samples": 10,
                                                  "overrides": {"sites.abilen.capex_per_gw": 1}})
    assert response.status_code == 422
    assert "did you mean 'abilene'" in detail(response)
    response = client.post("/api/simulate", json={"text": toy_text, "samples": 10,
                                                  "overrides": {"consumer.paying_share.2030": "150%"}})
    assert response.status_code == 422
    problem = response.json()["problems"][0]
    assert problem["path"].startswith("consumer.paying_share") and "must be at most 1; got 150%" in problem["message"]


def test_override_text_is_data_never_code(client: TestClient, toy_text: str) -> None:
    for value in ("!!python/object/apply:os.system ['true']", "__import__('os').system('true')"):
        response = client.post("/api/simulate", json={"text": toy_text, "samples": 10,
                                                      "overrides": {"consumer.paying_share.2030": value}})
        assert response.status_code == 422
    tagged = "name: x\nhorizon: !!python/object/apply:os.system ['true']\n"
    assert client.post("/api/validate", json={"text": tagged}).json()["valid"] is False


def test_body_too_large_by_content_length(client: TestClient) -> None:
    response = client.post("/api/validate", content=b"{" + b" " * 300_000 + b"}",
                           headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "the limit is 200,000 bytes" in detail(response)


def test_body_too_large_when_streamed(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b" " * 10_000

    response = client.post("/api/validate", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "too large: more than" in detail(response) and "the limit is 200,000 bytes" in detail(response)


def test_bad_content_length(client: TestClient) -> None:
    from gigawatt.web.limits import BodySizeLimit

    sent: list[dict[str, object]] = []

    async def app(scope: object, receive: object, send: object) -> None:  # pragma: no cover - never reached
        raise AssertionError("the body limit must answer first")

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    import asyncio

    scope = {"type": "http", "method": "POST", "path": "/api/validate", "headers": [(b"content-length", b"12a")]}
    asyncio.run(BodySizeLimit(app, 1000)(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 400


def test_deadline_gives_503(toy_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: object, **kwargs: object) -> dict[str, object]:
        time.sleep(1.0)
        return {}

    monkeypatch.setattr(service, "summary", slow)  # in this process: the work runs in its threads
    with TestClient(create_app(Limits(timeout_s=0.1, threads=1, isolation="thread"), warm=False)) as client:
        response = client.post("/api/simulate", json={"text": toy_text, "samples": 10})
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert "did not finish within 0.1 s" in detail(response)


@pytest.mark.parametrize(("module", "method", "url", "kwargs"), [
    ("gigawatt.analysis", "post", "/api/sensitivity", {"json": {"scenario": "openai-2025"}}),
    ("gigawatt.store", "get", "/api/runs", {}),
    ("gigawatt.store", "get", "/api/runs/1", {}),
    ("gigawatt.report.html", "post", "/api/report", {"json": {"scenario": "openai-2025", "samples": 10}}),
    ("gigawatt.analysis.export", "post", "/api/export", {"json": {"scenario": "openai-2025", "samples": 10}}),
    ("gigawatt.report.charts", "post", "/api/charts", {"json": {"scenario": "openai-2025", "samples": 10}}),
])
def test_missing_module_gives_501(client: TestClient, monkeypatch: pytest.MonkeyPatch, module: str, method: str,
                                  url: str, kwargs: dict[str, object]) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now raises ImportError
    service.clear_caches()
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 501
    assert f"({module} cannot be imported" in detail(response)


def test_sensitivity_errors(client: TestClient, toy_text: str) -> None:
    with TestClient(create_app(Limits(max_evaluations=1_000), warm=False)) as small:
        too_big = small.post("/api/sensitivity", json={"text": toy_text, "samples": 200, "method": "tornado"})
    assert too_big.status_code == 422
    assert detail(too_big) == ("tornado with samples=200 and 3 uncertain inputs needs 1,400 model evaluations; "
                               "this server allows 1,000: lower `samples`")
    not_power = client.post("/api/sensitivity", json={"text": toy_text, "samples": 100, "method": "sobol"})
    assert not_power.status_code == 422 and "power of two" in detail(not_power)
    certain = "name: flat\nhorizon: {start: 2025, end: 2026}\n"
    assert "no uncertain inputs" in detail(client.post("/api/sensitivity", json={"text": certain}))
    unknown = client.post("/api/sensitivity", json={"text": toy_text, "samples": 50, "metric": "revenue_totl"})
    assert unknown.status_code == 422 and "revenue_total" in detail(unknown)
    assert client.post("/api/sensitivity", json={"text": toy_text, "method": "fast"}).status_code == 422


def test_runs_errors(client: TestClient) -> None:
    assert client.get("/api/runs/0").status_code == 422
    assert client.get("/api/runs/abc").status_code == 422
    assert client.get("/api/runs", params={"limit": 0}).status_code == 422
    missing = client.get("/api/runs/7")
    assert missing.status_code == 404 and "no run 7" in detail(missing)


def test_download_parameter_errors(client: TestClient) -> None:
    bad_set = client.get("/api/report", params={"scenario": "openai-2025", "samples": 10, "set": "no-equals"})
    assert bad_set.status_code == 422 and "expected PATH=VALUE" in detail(bad_set)
    bad_format = client.get("/api/export", params={"scenario": "openai-2025", "format": "pdf"})
    assert bad_format.status_code == 422
    assert client.get("/api/report").status_code == 422  # no scenario


def test_no_route_is_404_not_500(client: TestClient) -> None:
    assert client.get("/api/nothing").status_code == 404
    assert client.delete("/api/simulate").status_code == 405
    assert client.post("/api/simulate", content=b"not json", headers={"content-type": "application/json"}
                       ).status_code == 422


def test_control_characters_are_located(client: TestClient) -> None:
    data = client.post("/api/validate", json={"text": "name: x\nde\x1bscription: y\n"}).json()
    assert data["valid"] is False
    [problem] = data["problems"]
    assert (problem["line"], problem["column"]) == (2, 3)
    assert "#x001b" in problem["message"]
