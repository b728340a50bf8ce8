"""The web API names metrics in the grammar of gigawatt.metrics (the ramp toy of tests/toy_scenarios.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from toy_scenarios import RAMP

B = 1e9
FCF = "free_cash_flow@2026..2029 sum"


def test_the_web_api_takes_metrics(client: TestClient) -> None:
    done = client.post("/api/simulate", json={"text": RAMP, "samples": 4, "metrics": [FCF]})
    assert done.status_code == 200, done.text
    data = done.json()
    assert data["scalars"][FCF]["p50"] == pytest.approx(4.0 * B)
    assert data["outputs"][FCF]["label"] == "Free cash flow, 2026–2029 sum"
    bad = client.post("/api/simulate", json={"text": RAMP, "samples": 4, "metrics": ["revenue_total@2026..2040 sum"]})
    assert bad.status_code == 422 and "outside the horizon" in bad.text
    sens = client.post("/api/sensitivity", json={"text": RAMP.replace("$2.5B", '"$2B to $3B"'), "metric": FCF,
                                                 "samples": 20})
    assert sens.status_code == 200, sens.text
    assert sens.json()["label"] == FCF
