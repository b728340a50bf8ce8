"""Schemathesis hooks of ``test_web_schema.py``: one check that knows what JSON Schema cannot say.

A scenario's validity (its YAML, its fields, the override paths that exist in it, a metric that is one of
its outputs) is not a property of the request's JSON: a body the schema allows may still carry a scenario
that is not valid. The server answers that with 422 and a body whose ``errors`` (mistakes against the
schema) is empty and whose ``problems`` or ``detail`` says what is wrong with the content. Schemathesis's
``positive_data_acceptance`` counts any 422 to a schema-valid request as a failure; this check accepts that
one answer only and applies ``positive_data_acceptance`` to everything else, so a request the schema allows
but the server's own validation refuses (a 422 with ``errors``) still fails.

It also accepts 413 for a body over the server's byte limit: the schema bounds characters (text, overrides),
and a text within them can still take more bytes than the limit once encoded (``\\ud83d\\ude00`` is twelve).
"""

from __future__ import annotations

import re
from typing import Any

import schemathesis
from schemathesis.checks import positive_data_acceptance


def _sent_bytes(response: Any) -> int:
    body = getattr(getattr(response, "request", None), "body", None) or b""
    return len(body if isinstance(body, bytes) else str(body).encode("utf-8"))


@schemathesis.check
def positive_data_accepted_or_content_refused(ctx: Any, response: Any, case: Any) -> bool | None:
    """``positive_data_acceptance``, except a 422 that refuses the scenario's content rather than the request."""
    if response.status_code == 413:
        limit = re.search(r"the limit is ([0-9,]+) bytes", response.text)
        if limit and _sent_bytes(response) > int(limit.group(1).replace(",", "")):
            return True
    if response.status_code == 422:
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("detail"), str) and not body.get("errors"):
            return True
    result: bool | None = positive_data_acceptance(ctx, response, case)
    return result
