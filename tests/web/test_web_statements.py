"""The dashboard's answer carries the three statements of the median future and the valuation."""

from __future__ import annotations

import numpy as np
from fastapi.testclient import TestClient

import gigawatt
from gigawatt.analysis.statements import median_future


def test_charts_answer_has_the_statements(client: TestClient, toy_text: str) -> None:
    data = client.post("/api/charts", json={"text": toy_text, "samples": 200, "seed": 3}).json()
    titles = [s["title"] for s in data["statements"]]
    assert titles == ["income statement", "cash flows", "balance sheet"]
    result = gigawatt.simulate(gigawatt.loads(toy_text), samples=200, seed=3)
    sample = median_future(result)
    assert data["statements"][0]["sample"] == sample
    balance = {line["name"]: line["values"] for line in data["statements"][2]["lines"]}
    np.testing.assert_allclose(balance["total_assets"], result["total_assets"][sample])
    np.testing.assert_allclose(balance["total_assets"],
                               np.add(balance["total_liabilities"], balance["equity_balance"]), rtol=1e-9)
    assert [c["label"] for c in data["valuation"]][0] == "Enterprise value"
