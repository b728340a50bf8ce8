"""Property-based tests from the OpenAPI schema (schemathesis): no request the schema allows gives a 5xx."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from gigawatt.web.app import create_app
from gigawatt.web.limits import Limits

STORE = Path(tempfile.gettempdir()) / "gigawatt-schemathesis-absent" / "runs.duckdb"
APP = create_app(Limits(max_samples=200, max_body_bytes=100_000, timeout_s=30, threads=2, max_evaluations=5_000),
                 warm=False, store=STORE)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])
