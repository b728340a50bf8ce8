"""The OpenAPI schema as this server answers: its own limits, its error shape, JSON errors everywhere.

FastAPI's generated schema says less than the server does: every 422 is documented as FastAPI's
``HTTPValidationError`` although this server answers :class:`~gigawatt.web.models.ErrorResponse`;
errors of the HTML report are documented as ``text/html``; and the bounds are the schema's own
(100,000 samples) even when the server was started with lower ones. :func:`precise_openapi`
corrects the generated schema once per application, so a client (or a fuzzer) that trusts the
schema gets no surprise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from gigawatt.web.limits import MAX_SAMPLES, MAX_TEXT_CHARS, Limits

ERROR_REF = "#/components/schemas/ErrorResponse"
FASTAPI_ERRORS = ("HTTPValidationError", "ValidationError")

BAD_REQUEST = {"description": "A malformed request: a Content-Length that is not a number (JSON), or a request "
               "line and headers that the HTTP server cannot read, e.g. over 64 KB (plain text, from uvicorn).",
               "content": {"application/json": {"schema": {"$ref": ERROR_REF}},
                           "text/plain": {"schema": {"type": "string"}}}}


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``node``, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def _json_errors(operation: dict[str, Any]) -> None:
    """Errors are JSON :class:`ErrorResponse` whatever the operation's own media type; 400 is documented."""
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status, response in responses.items():
        if not status.isdigit() or int(status) < 400:
            continue
        content = response.get("content", {})
        if any(media != "application/json" for media in content) or not content:
            response["content"] = {"application/json": {"schema": {"$ref": ERROR_REF}}}
    responses.setdefault("400", BAD_REQUEST)


def _bounds(schema: dict[str, Any], limits: Limits) -> None:
    """Lower ``samples`` and ``text`` bounds to the server's own limits."""
    text_chars = limits.max_text_chars
    for node in _nodes(schema):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                _bound(name, prop, limits.max_samples, text_chars)
        if node.get("in") == "query" and isinstance(node.get("schema"), dict):
            _bound(str(node.get("name")), node["schema"], limits.max_samples, text_chars)


def _bound(name: str, prop: dict[str, Any], max_samples: int, text_chars: int) -> None:
    for branch in [prop, *prop.get("anyOf", [])]:
        if name == "samples" and branch.get("maximum") == MAX_SAMPLES:
            branch["maximum"] = max_samples
        if name == "text" and branch.get("maxLength") == MAX_TEXT_CHARS:
            branch["maxLength"] = text_chars


def precise_openapi(app: FastAPI, limits: Limits) -> Callable[[], dict[str, Any]]:
    """An ``app.openapi`` that returns the corrected schema (built on first use, then kept)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes,
                             tags=app.openapi_tags)
        for node in _nodes(schema):
            if node.get("$ref") in {f"#/components/schemas/{name}" for name in FASTAPI_ERRORS}:
                node["$ref"] = ERROR_REF
        components = schema.get("components", {}).get("schemas", {})
        for name in FASTAPI_ERRORS:
            components.pop(name, None)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                _json_errors(operation)
        _bounds(schema, limits)
        app.openapi_schema = schema
        return schema

    return openapi
