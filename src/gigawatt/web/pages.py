"""The dashboard page and the plotly.js it draws with, served from the installed plotly package."""

from __future__ import annotations

import gzip
import hashlib
from functools import cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

router = APIRouter(include_in_schema=False)

ONE_DAY = 86_400


@cache
def plotly_js() -> tuple[bytes, bytes, str]:
    """The plotly.js bundled with the plotly package: ``(bytes, gzipped bytes, ETag)``."""
    from plotly.offline import get_plotlyjs

    body = get_plotlyjs().encode("utf-8")
    tag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    return body, gzip.compress(body, compresslevel=6, mtime=0), tag


@cache
def index_html() -> str:
    """The dashboard page."""
    return (resources.files("gigawatt.web") / "static" / "index.html").read_text(encoding="utf-8")


def warm_up() -> None:
    """Pay the one-time costs before the first request: scipy, the unit registry, plotly, bundled scenarios."""
    import scipy.special  # noqa: F401
    import scipy.stats  # noqa: F401

    from gigawatt.web import service, sources

    plotly_js()
    for name in sources.bundled():
        try:
            result = service.simulate(name, None, None, 64, 1)
            for build in service.chart_builders(result).values():
                build()
        except Exception:  # noqa: BLE001, S112 - a broken bundled scenario is reported by its own request
            continue


@router.get("/", response_class=HTMLResponse)
def dashboard() -> HTMLResponse:
    """The dashboard."""
    return HTMLResponse(index_html(), headers={"Cache-Control": "no-cache"})


@router.get("/vendor/plotly.min.js")
def plotly(request: Request) -> Response:
    """plotly.js from the installed plotly package (gzipped when the browser accepts it), cached a day."""
    body, zipped, tag = plotly_js()
    headers = {"Cache-Control": f"public, max-age={ONE_DAY}", "ETag": tag, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(zipped, media_type="text/javascript; charset=utf-8", headers=headers)
    return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)
