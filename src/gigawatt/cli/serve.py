"""`gigawatt serve`: the web dashboard and REST API (needs the `[web]` extra)."""

from __future__ import annotations

from typing import Annotated

import typer

from gigawatt.cli.app import SERVE, app, console, errors

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command(rich_help_panel=SERVE)
def serve(
    host: Annotated[str, typer.Option(help="Address to bind. The default serves this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    max_samples: Annotated[int, typer.Option(min=1, max=100_000, help="Most samples one request may ask for.")
                           ] = 100_000,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds a request may compute before it gets 503.")
                       ] = 30.0,
    store: Annotated[str | None, typer.Option(help="Run store that /api/runs reads (default: $GIGAWATT_STORE "
                                              "or the user's data folder).")] = None,
) -> None:
    """Start the dashboard and REST API (FastAPI + uvicorn) at http://HOST:PORT.

    The dashboard moves a scenario's key drivers with sliders and redraws the charts; the API
    is documented at /docs (OpenAPI schema at /openapi.json).

    Examples:

    * `gigawatt serve` (then open http://127.0.0.1:8000)
    * `gigawatt serve --port 8080 --max-samples 20000`
    * `curl -s -X POST http://127.0.0.1:8000/api/simulate -H 'content-type: application/json'
      -d '{"scenario": "openai-2025", "samples": 5000}' | jq .scalars.funding_gap`
    """
    try:
        from gigawatt.web import require_web

        require_web()
        import uvicorn

        from gigawatt.web.app import create_app
        from gigawatt.web.limits import MAX_HEAD_BYTES, Limits, single_threaded_blas
    except ImportError as exc:
        from rich.markup import escape

        errors.print(f"[bold red]error[/]: {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    if host not in LOOPBACK:
        errors.print(f"[yellow]warning[/]: serving on {host}: anyone who can reach this address can run "
                     "simulations here (there is no login).", highlight=False)
    single_threaded_blas()
    hosts = None if host in LOOPBACK else ["*"]  # on loopback only loopback Host headers (no DNS rebinding)
    application = create_app(Limits(max_samples=max_samples, timeout_s=timeout), store=store, allowed_hosts=hosts)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"gigawatt dashboard at [bold]http://{shown}:{port}[/]  (API docs: /docs; Ctrl-C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning", h11_max_incomplete_event_size=MAX_HEAD_BYTES)
