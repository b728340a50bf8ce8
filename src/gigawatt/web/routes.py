"""The REST API routes: thin, each one checks limits and hands the work to :mod:`gigawatt.web.service`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import AfterValidator, Field, StringConstraints

from gigawatt.filenames import slug
from gigawatt.scenario.errors import ScenarioError
from gigawatt.web import service
from gigawatt.web.limits import MAX_SAMPLES, Limits, Worker
from gigawatt.web.payloads import (
    DOWNLOAD_SAMPLES,
    LANGUAGE_PATTERN,
    SEED_MAX,
    SIMULATE_SAMPLES,
    ChartsRequest,
    ChartsResponse,
    ControlsResponse,
    Digits,
    ErrorResponse,
    MetricsRequest,
    NetworkSummary,
    RunDetail,
    RunInfo,
    ScenarioDetail,
    ScenarioItem,
    ScenarioName,
    ScenarioSource,
    SensitivityRequest,
    SensitivityResponse,
    SimulateRequest,
    Summary,
    ValidateRequest,
    ValidateResponse,
)

T = TypeVar("T")

router = APIRouter(prefix="/api")

SCENARIO_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No bundled scenario of that name."},
    422: {"model": ErrorResponse, "description": "The request or the scenario is not valid (problems located)."},
    503: {"model": ErrorResponse, "description": "The computation did not finish before the deadline."},
}
RUN_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": "The request body is too large."},
    422: {"model": ErrorResponse, "description": "The request or the scenario is not valid (problems located)."},
    503: {"model": ErrorResponse, "description": "The computation did not finish before the deadline."},
}
OPTIONAL: dict[int | str, dict[str, Any]] = {
    501: {"model": ErrorResponse, "description": "The module this endpoint needs is not installed."},
}


LangQuery = Annotated[str, Query(pattern=LANGUAGE_PATTERN, max_length=6,
                                 description="The language of the words: `en` (default) or `ar` (Arabic).")]
DigitsQuery = Annotated[Digits, Query(description="Digits of the numbers: `latn` (0-9, default) or `arab`.")]


class UserError(Exception):
    """A request the server refuses, with an HTTP status and a sentence saying why."""

    def __init__(self, status: int, detail: str) -> None:
        self.status = status
        self.detail = detail
        super().__init__(detail)


def _speaks(request: Request, lang: str, digits: str) -> None:
    """Note the language of the request, so that the problems of a scenario error are written in it."""
    request.state.lang = (lang, digits)


def _limits(request: Request) -> Limits:
    limits: Limits = request.app.state.limits
    return limits


def _check_samples(request: Request, samples: int | None) -> None:
    cap = _limits(request).max_samples
    if samples is not None and samples > cap:
        raise UserError(422, f"samples: at most {cap:,} on this server; got {samples:,}")


def _samples(request: Request, given: int | None, default: int) -> int:
    """``given`` samples, or ``default`` lowered to the server's cap (a server started with a lower cap still
    answers a request that names none)."""
    return given if given is not None else min(default, _limits(request).max_samples)


def _check_body(request: Request, body: ScenarioSource | ValidateRequest) -> None:
    """The server's own limits on a body (its schema says the same): samples, and the length of the text."""
    _check_samples(request, getattr(body, "samples", None))
    cap = _limits(request).max_text_chars
    if body.text is not None and len(body.text) > cap:
        raise UserError(422, f"text: at most {cap:,} characters on this server; got {len(body.text):,}")


async def _compute(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run CPU work in the worker pool; a bad input (KeyError, ValueError) becomes a 422."""
    worker: Worker = request.app.state.worker
    outcome: Outcome = await worker.run(guarded, fn, *args, **kwargs)
    kind, value = outcome
    if kind == "user":
        status, detail = value
        raise UserError(status, detail)
    if kind == "scenario":
        raise ScenarioError(value)
    if kind == "missing":
        raise service.Missing(value)
    if kind == "store":
        raise service.StoreUnavailable(value)
    result: T = value
    return result


Outcome = tuple[str, Any]
"""What :func:`guarded` sends back from a worker: ``("ok", value)`` or the kind of a user error and its data
(exceptions are sent as data: ScenarioError and UserError do not survive pickling as they are)."""


def guarded(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Outcome:
    """``fn(*args, **kwargs)`` in a worker, with every refusal of the input as data; a bug raises as it is."""
    try:
        return "ok", fn(*args, **kwargs)
    except ScenarioError as exc:
        return "scenario", exc.problems
    except UserError as exc:
        return "user", (exc.status, exc.detail)
    except service.Missing as exc:
        return "missing", str(exc)
    except service.StoreUnavailable as exc:
        return "store", str(exc)
    except (KeyError, ValueError) as exc:
        if isinstance(exc, UnicodeError):
            raise
        message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        return "user", (422, message)


def _not_found(name: str) -> None:
    from gigawatt.web.sources import bundled, check_name

    if name not in bundled():
        try:
            check_name(name)
        except KeyError as exc:
            raise UserError(404, str(exc.args[0])) from None


def _overrides(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        path, sep, value = item.partition("=")
        if not sep or not path.strip() or not value.strip():
            raise UserError(422, f"set: expected PATH=VALUE (e.g. consumer.paying_share.2030=12%); got {item!r}")
        out[path.strip()] = value.strip()
    return out


# --- scenarios -----------------------------------------------------------------------------


@router.get("/health", tags=["scenarios"])
def health() -> dict[str, str]:
    """The server is up; its gigawatt version."""
    from gigawatt import __version__

    return {"status": "ok", "version": __version__}


@router.get("/scenarios", response_model=list[ScenarioItem], tags=["scenarios"])
async def list_scenarios(request: Request) -> Any:
    """The bundled scenarios, with a one-line description each."""
    return await _compute(request, service.list_scenarios)


@router.get("/scenarios/{name}", response_model=ScenarioDetail, responses=SCENARIO_ERRORS, tags=["scenarios"])
async def get_scenario(request: Request, name: Annotated[ScenarioName, Path()]) -> Any:
    """A bundled scenario: its YAML, the parsed fields, and every uncertain input with P5/P50/P95."""
    _not_found(name)
    return await _compute(request, service.scenario_detail, name)


@router.get("/scenarios/{name}/controls", response_model=ControlsResponse, responses=SCENARIO_ERRORS,
            tags=["scenarios"])
async def get_controls(request: Request, name: Annotated[ScenarioName, Path()], lang: LangQuery = "en",
                       digits: DigitsQuery = "latn") -> Any:
    """The dashboard's sliders for a bundled scenario: key drivers with range, step and current value."""
    _speaks(request, lang, digits)
    _not_found(name)
    return await _compute(request, service.controls, name, None, None, lang, digits)


@router.post("/controls", response_model=ControlsResponse, responses=RUN_ERRORS, tags=["scenarios"])
async def post_controls(request: Request, body: ScenarioSource, lang: LangQuery = "en",
                        digits: DigitsQuery = "latn") -> Any:
    """The dashboard's sliders for a bundled scenario or YAML text (with overrides)."""
    _speaks(request, lang, digits)
    _check_body(request, body)
    return await _compute(request, service.controls, body.scenario, body.text, body.overrides, lang, digits)


@router.post("/validate", response_model=ValidateResponse, responses=RUN_ERRORS, tags=["scenarios"])
async def validate(request: Request, body: ValidateRequest, lang: LangQuery = "en",
                   digits: DigitsQuery = "latn") -> Any:
    """Check scenario YAML: `valid`, and every problem with file, line, column, field path and message (the
    message in `lang`)."""
    _speaks(request, lang, digits)
    _check_body(request, body)
    return await _compute(request, service.validate, body.text, body.overrides, lang, digits)


# --- simulation ----------------------------------------------------------------------------


@router.post("/simulate", response_model=Summary, responses=RUN_ERRORS, tags=["simulation"])
async def simulate(request: Request, body: MetricsRequest) -> Any:
    """Simulate a scenario; the summary of `gigawatt run --json` (quantiles per year, probabilities, and the
    `metrics` asked for among the scalars)."""
    _check_body(request, body)
    data = await _compute(request, service.summary, body.scenario, body.text, body.overrides,
                          _samples(request, body.samples, SIMULATE_SAMPLES), body.seed, body.metrics)
    return Response(service.dumps(data), media_type="application/json")


@router.post("/charts", response_model=ChartsResponse, responses=RUN_ERRORS, tags=["simulation"])
async def charts(request: Request, body: ChartsRequest) -> Any:
    """Simulate and draw: the headline and Plotly figures (`data`, `layout`) of `gigawatt.report.charts`."""
    _speaks(request, body.lang, body.digits)
    _check_body(request, body)
    keys = tuple(dict.fromkeys(body.charts)) if body.charts else None
    data = await _compute(request, service.charts_json, body.scenario, body.text, body.overrides,
                          _samples(request, body.samples, SIMULATE_SAMPLES), body.seed, keys, body.lang, body.digits)
    return Response(data, media_type="application/json")


@router.post("/network", response_model=NetworkSummary, responses=RUN_ERRORS, tags=["simulation"])
async def network(request: Request, body: SimulateRequest) -> Any:
    """Simulate a network scenario (one with `entities:`): who pays whom, the exposure matrix by year, each
    entity's default probability and first default year, each link's expected loss, the chance of a cascade
    (`gigawatt network --json`). A single company is a 422."""
    _check_body(request, body)
    data = await _compute(request, service.network, body.scenario, body.text, body.overrides,
                          _samples(request, body.samples, SIMULATE_SAMPLES), body.seed)
    return Response(service.dumps(data), media_type="application/json")


@router.post("/sensitivity", response_model=SensitivityResponse, responses={**RUN_ERRORS, **OPTIONAL},
             tags=["simulation"])
async def sensitivity(request: Request, body: SensitivityRequest) -> Any:
    """Which uncertain inputs move a metric most: tornado swings, Sobol indices or Morris effects."""
    _check_body(request, body)
    data = await _compute(request, service.sensitivity, body.scenario, body.text, body.overrides,
                          method=body.method, metric=body.metric, year=body.year, stat=body.stat,
                          samples=body.samples, seed=body.seed, max_evaluations=_limits(request).max_evaluations,
                          max_samples=_limits(request).max_samples)
    return Response(service.dumps(data), media_type="application/json")


# --- runs ----------------------------------------------------------------------------------


def _store_path(request: Request) -> str | None:
    path: str | None = request.app.state.store
    return path


@router.get("/runs", response_model=list[RunInfo], responses=OPTIONAL, tags=["runs"])
async def list_runs(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 50,
                    scenario: Annotated[ScenarioName | None, Query(description="Only this scenario.")] = None) -> Any:
    """The latest runs recorded in the run store (`gigawatt run` records them), newest first."""
    data = await _compute(request, service.runs, _store_path(request), limit, scenario)
    return Response(service.dumps(data), media_type="application/json")


@router.get("/runs/{run_id}", response_model=RunDetail, responses={**OPTIONAL, **SCENARIO_ERRORS}, tags=["runs"])
async def get_run(request: Request, run_id: Annotated[int, Path(ge=1, le=2**62)]) -> Any:
    """One recorded run, with its scenario text and summary."""
    try:
        data = await _compute(request, service.run_detail, _store_path(request), run_id)
    except UserError as exc:
        raise UserError(404, exc.detail) from None
    return Response(service.dumps(data), media_type="application/json")


# --- downloads -----------------------------------------------------------------------------

ScenarioQuery = Annotated[ScenarioName, Query(description="A bundled scenario name.")]
SamplesQuery = Annotated[int | None, Query(ge=1, le=MAX_SAMPLES, description=(
    f"Monte Carlo samples (default {DOWNLOAD_SAMPLES:,}, or the server's cap when that is lower)."))]
SeedQuery = Annotated[int, Query(ge=0, le=SEED_MAX, description="Seed.")]
# A URL holds far less than a body: a request head is at most 64 KB (`gigawatt serve`); many or long overrides go
# in the body of POST /api/report or /api/export.
SET_PATTERN = r"^[^=]*[^=\s][^=]*=[\s\S]*\S"
"""PATH=VALUE with something other than spaces on both sides of the first ``=`` (what ``_overrides`` reads)."""


def _path_equals_value(item: str) -> str:
    if not re.match(SET_PATTERN, item):
        raise ValueError(f"expected PATH=VALUE (e.g. consumer.paying_share.2030=12%); got {item!r}")
    return item


SetItem = Annotated[str, StringConstraints(max_length=500), AfterValidator(_path_equals_value),
                    Field(json_schema_extra={"pattern": SET_PATTERN})]
SetQuery = Annotated[list[SetItem], Query(alias="set", max_length=20,
                                      description="PATH=VALUE overrides, as `--set` (repeatable; many or long ones: "
                                                      "POST a body).")]
FormatQuery = Annotated[Literal["xlsx", "csv"], Query(alias="format", description="Workbook format.")]
HTML_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {}}, "description": "The report."}}
FILE_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {
    service.EXPORT_TYPES["xlsx"]: {}, "text/csv": {}}, "description": "The workbook."}}


def _report_response(html: str, stem: str, download: bool) -> HTMLResponse:
    """The report page; with ``download``, an attachment named by ``stem`` (a slug, never scenario text as is)."""
    name = slug(stem)
    headers = {"Content-Disposition": f'attachment; filename="{name}-report.html"'} if download else {}
    return HTMLResponse(html, headers=headers)


@router.get("/report", response_class=HTMLResponse, responses={**HTML_RESPONSE, **SCENARIO_ERRORS, **OPTIONAL},
            tags=["downloads"])
async def get_report(request: Request, scenario: ScenarioQuery, samples: SamplesQuery = None,
                     seed: SeedQuery = 1, set_: SetQuery = [],  # noqa: B006 - FastAPI copies defaults
                     download: bool = False, lang: LangQuery = "en", digits: DigitsQuery = "latn") -> HTMLResponse:
    """The self-contained HTML report of a bundled scenario (with `set=PATH=VALUE` overrides)."""
    _speaks(request, lang, digits)
    _check_samples(request, samples)
    _not_found(scenario)
    html, stem = await _compute(request, service.report_html, scenario, None, _overrides(set_),
                                _samples(request, samples, DOWNLOAD_SAMPLES), seed, lang, digits)
    return _report_response(html, stem, download)


@router.post("/report", response_class=HTMLResponse, responses={**HTML_RESPONSE, **RUN_ERRORS, **OPTIONAL},
             tags=["downloads"])
async def post_report(request: Request, body: SimulateRequest, download: bool = False, lang: LangQuery = "en",
                      digits: DigitsQuery = "latn") -> HTMLResponse:
    """The HTML report of a bundled scenario or YAML text, with overrides."""
    _speaks(request, lang, digits)
    _check_body(request, body)
    html, stem = await _compute(request, service.report_html, body.scenario, body.text, body.overrides,
                                _samples(request, body.samples, SIMULATE_SAMPLES), body.seed, lang, digits)
    return _report_response(html, stem, download)


def _file(data: bytes, fmt: str, stem: str) -> Response:
    """A workbook download named by ``stem`` (a slug, never scenario text as is)."""
    name = slug(stem)
    return Response(data, media_type=service.EXPORT_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


@router.get("/export", responses={**FILE_RESPONSE, **SCENARIO_ERRORS, **OPTIONAL}, tags=["downloads"])
async def get_export(request: Request, scenario: ScenarioQuery, fmt: FormatQuery = "xlsx",
                     samples: SamplesQuery = None, seed: SeedQuery = 1,
                     set_: SetQuery = []) -> Response:  # noqa: B006 - FastAPI copies defaults
    """The workbook of a simulation: xlsx (sheets of inputs and results) or csv."""
    _check_samples(request, samples)
    _not_found(scenario)
    data, stem = await _compute(request, service.export, scenario, None, _overrides(set_),
                                _samples(request, samples, DOWNLOAD_SAMPLES), seed, fmt)
    return _file(data, fmt, stem)


@router.post("/export", responses={**FILE_RESPONSE, **RUN_ERRORS, **OPTIONAL}, tags=["downloads"])
async def post_export(request: Request, body: Annotated[MetricsRequest, Body()],
                      fmt: FormatQuery = "xlsx") -> Response:
    """The workbook of a bundled scenario or YAML text, with overrides (and the `metrics` asked for)."""
    _check_body(request, body)
    data, stem = await _compute(request, service.export, body.scenario, body.text, body.overrides,
                                _samples(request, body.samples, SIMULATE_SAMPLES), body.seed, fmt, body.metrics)
    return _file(data, fmt, stem)
