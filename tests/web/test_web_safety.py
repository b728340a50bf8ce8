"""Bounded work per request and no DNS rebinding: the server answers loopback Host headers only."""

from __future__ import annotations

from fastapi.testclient import TestClient

from gigawatt.web.app import create_app


def test_a_foreign_host_header_is_refused() -> None:
    with TestClient(create_app(warm=False), base_url="http://evil.example") as client:
        response = client.get("/api/scenarios")
    assert response.status_code == 400


def test_loopback_host_headers_are_served() -> None:
    with TestClient(create_app(warm=False), base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/scenarios").status_code == 200


def test_a_huge_result_is_refused_before_any_work() -> None:
    sites = "".join(f"  - {{name: s{i}, country: C{i}, capacity_gw: 1}}\n" for i in range(400))
    text = "name: big\nhorizon: {start: 2025, end: 2085}\nsites:\n" + sites
    with TestClient(create_app(warm=False)) as client:
        response = client.post("/api/simulate", json={"text": text, "samples": 100_000, "seed": 1})
    assert response.status_code == 422
    assert "this server allows 200,000,000" in response.json()["detail"]
