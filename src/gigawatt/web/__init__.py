"""The web dashboard and REST API: a thin FastAPI layer over the Python API.

Start it with ``gigawatt serve`` (binds to 127.0.0.1:8000), or build the
application yourself::

    from gigawatt.web.app import create_app
    app = create_app()          # an ASGI app for uvicorn

FastAPI and uvicorn are the ``[web]`` extra: ``pip install 'gigawatt[web]'``.
"""

from __future__ import annotations

INSTALL_HINT = "pip install 'gigawatt[web]'"
"""The command that installs what the dashboard needs."""


def require_web() -> None:
    """Raise :class:`ImportError` naming the install command when FastAPI or uvicorn is missing."""
    import importlib.util

    missing = [name for name in ("fastapi", "uvicorn") if importlib.util.find_spec(name) is None]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise ImportError(f"the web dashboard needs {' and '.join(missing)}, which {verb} not installed; "
                          f"install the web extra with: {INSTALL_HINT}")


__all__ = ["INSTALL_HINT", "require_web"]
