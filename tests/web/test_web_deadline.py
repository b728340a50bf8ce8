"""A request past its deadline is stopped, not left running: the next request finds its worker free.

The slow request is a Sobol analysis of openai-2025 within the server's budgets (16,384 base samples,
about 1.5 million model evaluations: tens of seconds of work). With one worker and a deadline of a few
seconds, a worker thread would still be computing it when the next request comes, which would then wait
past its own deadline; a worker process is ended at the deadline and replaced.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from gigawatt.scenario.loader import bundled_names
from gigawatt.web.app import create_app
from gigawatt.web.limits import Limits

SLOW = {"scenario": "openai-2025", "method": "sobol", "samples": 16_384}
DEADLINE_S = 8.0


@pytest.mark.slow
def test_a_request_past_its_deadline_is_stopped_and_frees_its_worker(toy_text: str) -> None:
    if "openai-2025" not in bundled_names():
        pytest.skip("needs the bundled openai-2025 scenario")
    with TestClient(create_app(Limits(timeout_s=DEADLINE_S, threads=1), warm=False)) as client:
        slow = client.post("/api/sensitivity", json=SLOW)
        assert slow.status_code == 503, slow.text
        assert slow.json()["detail"].startswith(f"the computation did not finish within {DEADLINE_S:g} s and was "
                                                "stopped")
        after = client.post("/api/simulate", json={"text": toy_text, "samples": 100})
        assert after.status_code == 200, after.text
        assert after.json()["scenario"] == "toy"


def test_a_refused_scenario_crosses_from_the_worker_process_located(toy_text: str) -> None:
    with TestClient(create_app(Limits(timeout_s=60, threads=1), warm=False)) as client:
        bad = client.post("/api/simulate", json={"text": toy_text.replace("2B to 3B", "3B to 2B"), "samples": 10})
        unknown = client.post("/api/simulate", json={"scenario": "openai-2025", "samples": 10,
                                                     "overrides": {"consumer.nothing_here": 1}})
        missing = client.get("/api/scenarios/nothere")
    assert bad.status_code == 422 and bad.json()["problems"][0]["line"] == 5
    assert unknown.status_code == 422 and unknown.json()["problems"][0]["file"].startswith("--set")
    assert missing.status_code == 404


@pytest.mark.parametrize("deep", [
    "name: x\nfinance: " + "[" * 500 + "]" * 500 + "\n",  # flow style: 1 KB of text
    "name: x\nfinance:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200)),  # block style
])
def test_deep_nesting_is_a_located_422_not_a_500(deep: str) -> None:
    with TestClient(create_app(Limits(timeout_s=60, threads=1), warm=False)) as client:
        checked = client.post("/api/validate", json={"text": deep})
        run = client.post("/api/simulate", json={"text": deep, "samples": 10})
    assert checked.status_code == 200 and checked.json()["valid"] is False
    [problem] = checked.json()["problems"]
    assert "nested more than" in problem["message"] and problem["line"] >= 2 and problem["file"] == "<text>"
    assert run.status_code == 422 and run.headers["content-type"] == "application/json"
    assert run.json()["problems"][0]["line"] == problem["line"]
