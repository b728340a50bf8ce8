"""The OpenAPI schema tells the truth: Schemathesis with every check against a live server on loopback.

Every phase (examples, coverage, fuzzing, stateful) with a bounded number of cases per operation and a
fixed seed, so the run is the same each time and takes well under a minute. One check is adapted
(``schemathesis_hooks.py``: a scenario's validity is not a property of JSON), and 413 counts as a
rejection of an invalid request (``schemathesis.toml``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gigawatt.web.app import create_app
from gigawatt.web.background import running
from gigawatt.web.limits import MAX_SAMPLES, Limits
from gigawatt.web.models import PATH_PATTERN
from gigawatt.web.openapi import ERROR_REF

HERE = Path(__file__).parent
EXAMPLES = 8


@pytest.mark.slow
def test_schemathesis_finds_nothing(tmp_path: Path) -> None:
    # a small body limit keeps the longest texts the schema allows (half of it) quick to parse
    app = create_app(Limits(max_samples=20, max_body_bytes=20_000, timeout_s=60, threads=2, max_evaluations=500),
                     warm=False,
                     store=tmp_path / "absent" / "runs.duckdb")
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(HERE / "schemathesis.toml"), "run",
               "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--max-examples", str(EXAMPLES),
               "--seed", "1", "--workers", "1", "--generation-database", "none", "--request-timeout", "60",
               "--no-color"]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": str(HERE / "schemathesis_hooks.py")}
    with running(app) as url:
        done = subprocess.run([*command, f"{url}/openapi.json"], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "Coverage" in done.stdout and "Stateful" in done.stdout and " failed" not in done.stdout


# --- what the run above found once, each pinned by a quick test -----------------------------------


def schema_of(limits: Limits | None = None) -> dict[str, Any]:
    return create_app(limits, warm=False).openapi()


def test_every_error_is_documented_as_the_error_the_server_sends() -> None:
    schema = schema_of()
    assert "HTTPValidationError" not in json.dumps(schema)  # FastAPI's 422 shape, which this server never sends
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert response["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, (path, method)


def test_a_get_with_a_bad_query_answers_the_documented_error(client: TestClient) -> None:
    got = client.get("/api/runs", params={"scenario": "×ø"})
    assert got.status_code == 422
    body = got.json()
    assert isinstance(body["detail"], str) and body["errors"][0]["loc"] == ["query", "scenario"]


def test_exactly_one_of_scenario_or_text_is_in_the_schema(client: TestClient) -> None:
    request = schema_of()["components"]["schemas"]["SimulateRequest"]
    assert [branch["required"] for branch in request["oneOf"]] == [["scenario"], ["text"]]
    for body in ({}, {"scenario": "openai-2025", "text": "name: x"}, {"scenario": None, "text": None}):
        assert client.post("/api/simulate", json=body).status_code == 422, body


def test_overrides_keys_and_values_are_bounded_as_documented(client: TestClient) -> None:
    overrides = schema_of()["components"]["schemas"]["SimulateRequest"]["properties"]["overrides"]
    assert overrides["additionalProperties"] is False and overrides["propertyNames"]["pattern"] == PATH_PATTERN
    for value in ("1" * 2_001, True, [], {}):
        got = client.post("/api/validate", json={"text": "name: x", "overrides": {"finance.min_cash": value}})
        assert got.status_code == 422, value  # a numeric string was read as a number, past the length limit
    assert client.post("/api/validate", json={"text": "name: x", "overrides": {"no path": 1}}).status_code == 422


@pytest.mark.parametrize("field", ["seed", "samples"])
def test_integers_are_json_integers(client: TestClient, field: str) -> None:
    for value in (False, True, "3"):
        got = client.post("/api/simulate", json={"scenario": "openai-2025", "samples": 10, field: value})
        assert got.status_code == 422, value
    assert client.post("/api/simulate", json={"scenario": "openai-2025", "samples": 10, field: 3.0}).status_code == 200


def test_405_lists_every_method_of_the_path(client: TestClient) -> None:
    assert client.put("/api/report").headers["allow"] == "GET, POST"
    assert client.options("/api/charts").headers["allow"] == "POST"
    assert client.post("/static/app.js").headers["allow"] == "GET, HEAD"


def test_the_schema_states_this_servers_own_limits() -> None:
    schema = schema_of(Limits(max_samples=300, max_body_bytes=10_000))
    props = schema["components"]["schemas"]["SimulateRequest"]["properties"]
    assert props["samples"]["anyOf"][0]["maximum"] == 300
    assert props["text"]["anyOf"][0]["maxLength"] == 5_000
    report = schema["paths"]["/api/report"]["get"]["parameters"]
    assert next(p for p in report if p["name"] == "samples")["schema"]["anyOf"][0]["maximum"] == 300
    assert schema_of()["components"]["schemas"]["SimulateRequest"]["properties"]["samples"]["anyOf"][0][
        "maximum"] == MAX_SAMPLES


def test_defaults_fit_a_server_with_a_lower_cap() -> None:
    with TestClient(create_app(Limits(max_samples=50), warm=False)) as small:
        assert small.post("/api/simulate", json={"scenario": "openai-2025"}).json()["samples"] == 50
        got = small.post("/api/sensitivity", json={"scenario": "openai-2025", "method": "sobol"})
        assert got.status_code == 200, got.text
        data = got.json()
        assert data["samples"] == 32  # the default 512, lowered to the cap of 50 and then to a power of two
        assert any("lowered from the default 512 to 32" in note for note in data["notes"])
        too_long = small.post("/api/validate", json={"text": "#" * 500_001})
        assert too_long.status_code in (413, 422)


def test_a_set_item_is_path_equals_value_in_the_schema(client: TestClient) -> None:
    got = client.get("/api/export", params={"scenario": "openai-2025", "samples": 10, "set": "no-equals-sign"})
    assert got.status_code == 422 and got.json()["errors"][0]["loc"][:2] == ["query", "set"]
