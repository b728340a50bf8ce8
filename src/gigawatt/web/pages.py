"""The dashboard page and the plotly.js it draws with, served from the installed plotly package."""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from gigawatt.i18n import Language

router = APIRouter(include_in_schema=False)

ONE_DAY = 86_400


@cache
def plotly_js() -> tuple[bytes, bytes, str]:
    """The plotly.js bundled with the plotly package: ``(bytes, gzipped bytes, ETag)``."""
    from plotly.offline import get_plotlyjs

    body = get_plotlyjs().encode("utf-8")
    tag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    return body, gzip.compress(body, compresslevel=6, mtime=0), tag


PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")
"""The order of CLDR plural categories in a gettext catalog's forms (Babel's order)."""


@cache
def script_strings() -> tuple[tuple[str, str | None], ...]:
    """The strings ``app.js`` shows (its ``_()`` and ``ngettext()`` calls), found with Babel's JavaScript reader:
    ``(message, plural or None)``."""
    from babel.messages.extract import extract

    from gigawatt.i18n.extract import KEYWORDS

    with (resources.files("gigawatt.web") / "static" / "app.js").open("rb") as handle:
        found = extract("javascript", handle, keywords=KEYWORDS)
        return tuple((m[0], m[1]) if isinstance(m, tuple) else (m, None) for _, m, _, _ in found)


def script_messages(lang: Language) -> dict[str, Any]:
    """What ``app.js`` needs to speak ``lang``: its strings translated, the plural categories in catalog
    order, and the locale of its number formats (``Intl``)."""
    tags = [t for t in PLURAL_ORDER if t in lang.locale.plural_form.tags or t == "other"]
    examples = [_example(lang, tag) for tag in tags]
    messages: dict[str, Any] = {}
    for message, plural in script_strings():
        if plural is None:
            messages[message] = lang.translations.gettext(message)
        else:
            messages[message] = [lang.translations.ngettext(message, plural, n) for n in examples]
    return {"lang": lang.code, "dir": lang.dir, "digits": lang.digits, "plural": tags,
            "intl": f"{lang.code}-u-nu-{lang.digits}", "separators": lang.plotly_separators, "messages": messages}


def _example(lang: Language, tag: str) -> int:
    """A count of the plural category ``tag`` in ``lang`` (to pick that form from the catalog)."""
    return next(n for n in range(0, 1000) if lang.locale.plural_form(n) == tag)


@cache
def index_html(code: str = "en", digits: str = "latn") -> str:
    """The dashboard page in a language (``ValueError`` for a language or digits there is no catalog for)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from gigawatt.i18n import available, language
    from gigawatt.i18n.jinja import install_gettext

    lang = language(code, digits)
    env = Environment(loader=PackageLoader("gigawatt.web", "templates"), autoescape=select_autoescape(("j2",)),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    install_gettext(env, lang)
    # JSON inside <script type="application/json">: "<" escaped so that no text can close the element
    data = json.dumps(script_messages(lang), ensure_ascii=False).replace("<", "\\u003c")
    return env.get_template("index.html.j2").render(
        lang=lang, i18n=Markup(data), languages=[(c, language(c).name) for c in available()])


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
def dashboard(lang: str = "en", digits: str = "latn") -> HTMLResponse:
    """The dashboard, in English or another language with a catalog (``?lang=ar``; ``&digits=arab`` for
    Arabic-Indic digits)."""
    try:
        page = index_html(lang, digits)
    except ValueError as exc:
        return HTMLResponse(f"<!doctype html><title>gigawatt</title><p>{escape(str(exc))}</p>", status_code=400)
    return HTMLResponse(page, headers={"Cache-Control": "no-cache", "Content-Language": lang})


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
