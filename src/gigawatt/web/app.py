"""The FastAPI application: :func:`create_app` builds it with its limits, routes and error handling.

::

    import uvicorn
    from gigawatt.web.app import create_app
    uvicorn.run(create_app(), host="127.0.0.1", port=8000)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from gigawatt.web import require_web

require_web()

from fastapi import FastAPI, Request  # noqa: E402
from fastapi.encoders import jsonable_encoder  # noqa: E402
from fastapi.exceptions import RequestValidationError  # noqa: E402
from fastapi.responses import JSONResponse, Response  # noqa: E402
from fastapi.staticfiles import StaticFiles  # noqa: E402
from starlette.exceptions import HTTPException as StarletteHTTPException  # noqa: E402
from starlette.middleware.trustedhost import TrustedHostMiddleware  # noqa: E402
from starlette.routing import Match, Mount  # noqa: E402
from starlette.types import ASGIApp, Message, Receive, Scope, Send  # noqa: E402

from gigawatt.scenario.errors import ScenarioError  # noqa: E402
from gigawatt.web import pages, routes  # noqa: E402
from gigawatt.web.limits import BodySizeLimit, DeadlineExceeded, Limits, Worker  # noqa: E402
from gigawatt.web.openapi import precise_openapi  # noqa: E402
from gigawatt.web.service import Missing, StoreUnavailable  # noqa: E402
from gigawatt.web.sources import problems_of  # noqa: E402

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""Content-Security-Policy of the dashboard: the browser refuses any request that leaves this server."""

DESCRIPTION = """\
The REST API of **gigawatt**: can the revenue catch up with the compute?

Simulate a bundled scenario (or YAML text) with `--set`-style overrides, validate scenario text with
line-located errors, get the dashboard's charts, run sensitivity analyses, download the HTML report and the
workbook. Money is in US dollars; every number is in the canonical unit of its field (see `docs/fields.md`).
"""


class SecurityHeaders:
    """ASGI middleware: a strict Content-Security-Policy on the dashboard's own pages, nosniff everywhere.

    The interactive API docs (``/docs``) are left without the policy: Swagger UI starts from an inline
    script (its files are served from this server, see :func:`add_docs`).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        strict = path == "/" or path.startswith(("/static/", "/vendor/"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                if strict:
                    headers.append((b"content-security-policy", PAGE_POLICY.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1", "testserver"]
"""Host headers accepted by default: a page elsewhere cannot reach this server by DNS rebinding."""


def create_app(limits: Limits | None = None, *, warm: bool = True, store: str | Path | None = None,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """Build the dashboard and REST API.

    Parameters
    ----------
    limits
        Samples, body size, run time and threads allowed (default: :class:`Limits` ``()``: 100,000
        samples, 1 MB, 30 s, one worker process per CPU).
    warm
        Import scipy and load the bundled scenarios at start-up, so that the first request
        is as fast as the others.
    store
        The run store that ``/api/runs`` reads (default: ``$GIGAWATT_STORE`` or the user's data folder).
    allowed_hosts
        Host headers to answer (default :data:`LOOPBACK_HOSTS`; ``["*"]`` for any, when serving a network).
    """
    from gigawatt import __version__

    limits = limits or Limits()
    worker = Worker(limits.worker_threads, limits.timeout_s, limits.isolation, pages.warm_up if warm else None)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm:
            await worker.start()  # each worker warms up as it starts
        try:
            yield
        finally:
            worker.close()

    app = FastAPI(title="gigawatt", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  openapi_tags=[{"name": "scenarios", "description": "Bundled scenarios and scenario text."},
                                {"name": "simulation", "description": "Simulations, charts and analyses."},
                                {"name": "runs", "description": "The run store."},
                                {"name": "downloads", "description": "The HTML report and the workbook."}])
    app.state.limits = limits
    app.state.worker = worker
    app.state.store = str(store) if store is not None else None
    app.add_middleware(SecurityHeaders)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)
    app.add_middleware(BodySizeLimit, limit=limits.max_body_bytes)

    @app.exception_handler(ScenarioError)
    async def _scenario_error(request: Request, exc: ScenarioError) -> JSONResponse:
        from gigawatt.i18n import language

        lang = language(*getattr(request.state, "lang", ("en", "latn")))
        problems = problems_of(exc, lang)
        first = problems[0]["message"] if problems else str(exc)
        detail = lang._("the scenario is not valid: {problem}", problem=first)
        if len(problems) > 1:
            more = len(problems) - 1
            detail += lang.ngettext(" (and {n} more problem)", " (and {n} more problems)", more, n=lang.integer(more))
        return JSONResponse({"detail": detail, "problems": problems}, status_code=422)

    @app.exception_handler(routes.UserError)
    async def _user_error(_: Request, exc: routes.UserError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = jsonable_encoder(exc.errors())
        where = [".".join(str(p) for p in e.get("loc", ())) + ": " + str(e.get("msg", "")) for e in errors]
        return JSONResponse({"detail": "; ".join(where) or "the request is not valid", "errors": errors},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # the path may have a route per method (GET and POST /api/report): Allow lists them all
            headers["Allow"] = ", ".join(_methods_at(app, request.scope))
        if exc.status_code < 200 or exc.status_code in (204, 304):
            return Response(status_code=exc.status_code, headers=headers)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(Missing)
    async def _missing(_: Request, exc: Missing) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=501)

    @app.exception_handler(StoreUnavailable)
    async def _store_unavailable(_: Request, exc: StoreUnavailable) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(DeadlineExceeded)
    async def _deadline(_: Request, exc: DeadlineExceeded) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "5"})

    app.include_router(routes.router)
    app.include_router(pages.router)
    static = resources.files("gigawatt.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    add_docs(app)
    app.openapi = precise_openapi(app, limits)  # type: ignore[method-assign]
    return app


DOCS_ASSETS = "/docs-assets"
"""Where Swagger UI's own files are served from (those the ``fastapi-offline`` package ships): /docs works offline."""


def add_docs(app: FastAPI) -> None:
    """``GET /docs``: Swagger UI from files of an installed package, never from a CDN."""
    import fastapi_offline  # only its copy of Swagger UI 5 (OpenAPI 3.1, which FastAPI writes)
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def _docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="gigawatt API",
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png")


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _methods_at(app: FastAPI, scope: Scope) -> list[str]:
    """The methods some route answers at the path of ``scope`` (included routers are searched through)."""
    found = []
    for method in METHODS:
        probe = {**scope, "method": method, "root_path": scope.get("app_root_path", "")}  # not a mount's
        matched = [route for route in app.router.routes if route.matches(probe)[0] == Match.FULL]
        if any(isinstance(route, Mount) for route in matched):
            return ["GET", "HEAD"]  # static files
        if matched:
            found.append(method)
    return found
