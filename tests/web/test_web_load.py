"""A bounded load test on loopback: 50 concurrent simulations against a real uvicorn server, no errors.

Latency is recorded by ``benchmarks/bench_web.py``, not asserted here.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from gigawatt.web.app import create_app
from gigawatt.web.background import running
from gigawatt.web.limits import Limits

REQUESTS = 50


def test_fifty_concurrent_simulations(toy_text: str) -> None:
    app = create_app(Limits(max_samples=5_000, timeout_s=120, threads=2), warm=False)
    with running(app) as url, httpx.Client(base_url=url, timeout=120) as http:
        assert url.startswith("http://127.0.0.1:")

        def simulate(i: int) -> httpx.Response:
            body = {"text": toy_text, "samples": 1_000, "seed": i % 5,
                    "overrides": {"consumer.tiers.plus.price": 200 + 10 * (i % 3)}}
            return http.post("/api/simulate", json=body)

        with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
            responses = list(pool.map(simulate, range(REQUESTS)))
    assert [r.status_code for r in responses] == [200] * REQUESTS
    bodies = [r.json() for r in responses]
    # identical requests get identical answers, whatever ran beside them
    for i in range(15, REQUESTS):
        assert bodies[i] == bodies[i - 15], i
    assert bodies[0]["seed"] == 0 and bodies[1]["seed"] == 1
    assert bodies[0]["scalars"]["funding_gap"] != bodies[1]["scalars"]["funding_gap"]
