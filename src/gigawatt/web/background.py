"""Running the application on loopback in a background thread (for tests and benchmarks)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI


@contextmanager
def running(app: FastAPI, host: str = "127.0.0.1", start_timeout: float = 60.0) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free port of ``host``; yield its base URL; stop it on exit.

    The socket is bound here (port 0: the system picks a free port) and handed to uvicorn,
    so no other process can take the port in between.
    """
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    from gigawatt.web.limits import MAX_HEAD_BYTES

    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on",
                                           h11_max_incomplete_event_size=MAX_HEAD_BYTES))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="gigawatt-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError(f"the test server on {host}:{port} did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
