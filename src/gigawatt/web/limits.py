"""What a request may ask of the server: samples, body size, run time; and where the CPU work runs.

- :class:`BodySizeLimit` refuses a body over the limit with 413, by its
  ``Content-Length`` and by counting the bytes actually streamed.
- :class:`Worker` runs CPU-bound work (loading, simulating, charting) in a
  bounded thread pool with a deadline; past it the client gets 503.
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

T = TypeVar("T")

MAX_SAMPLES = 100_000
"""Most Monte Carlo samples one request may ask for (the schema's bound; a server may set a lower one)."""

MAX_BODY_BYTES = 1_000_000
"""Largest request body accepted, in bytes."""

MAX_HEAD_BYTES = 65_536
"""Largest request line and headers uvicorn reads (its ``h11_max_incomplete_event_size``); past it,
uvicorn answers a plain-text 400."""

MAX_TEXT_CHARS = MAX_BODY_BYTES // 2
"""Longest scenario text in a request, in characters: half the body limit, so that a text the schema
allows fits in the body with its overrides (at most 200 of 2,000 characters)."""


@dataclass(frozen=True)
class Limits:
    """What one request may cost the server.

    Attributes
    ----------
    max_samples
        Most Monte Carlo samples per simulation (at most :data:`MAX_SAMPLES`).
    max_body_bytes
        Largest request body, in bytes (413 above it).
    timeout_s
        Seconds a request may wait and compute before it is answered with 503.
    threads
        Threads doing CPU-bound work at once (default: the number of CPUs).
    max_evaluations
        Most model evaluations (samples simulated in all) of one sensitivity analysis.
    """

    max_samples: int = MAX_SAMPLES
    max_body_bytes: int = MAX_BODY_BYTES
    timeout_s: float = 30.0
    threads: int = 0
    max_evaluations: int = 2_000_000

    def __post_init__(self) -> None:
        if not 1 <= self.max_samples <= MAX_SAMPLES:
            raise ValueError(f"max_samples must be between 1 and {MAX_SAMPLES:,}; got {self.max_samples}")
        if self.max_body_bytes < 1024:
            raise ValueError(f"max_body_bytes must be at least 1024; got {self.max_body_bytes}")
        if self.timeout_s <= 0:
            raise ValueError(f"timeout_s must be positive; got {self.timeout_s}")

    @property
    def max_text_chars(self) -> int:
        """Longest scenario text of a request, in characters (half the body limit, at most :data:`MAX_TEXT_CHARS`)."""
        return min(MAX_TEXT_CHARS, self.max_body_bytes // 2)

    @property
    def worker_threads(self) -> int:
        """Threads of the CPU pool."""
        return self.threads if self.threads > 0 else max(1, os.cpu_count() or 2)


class BodySizeLimit:
    """ASGI middleware: refuse a request body larger than ``limit`` bytes with 413.

    The declared ``Content-Length`` is checked first; the body is then read (at most
    ``limit`` bytes are held) and replayed to the application, so a chunked body that
    lies about its size is refused as well.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _error(400, "the Content-Length header is not a number", scope, receive, send)
                return
            if size > self.limit:
                await self._too_large(size, scope, receive, send)
                return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.extend(message.get("body", b""))
            if len(body) > self.limit:
                await self._too_large(len(body), scope, receive, send, at_least=True)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, size: int, scope: Scope, receive: Receive, send: Send, at_least: bool = False) -> None:
        got = f"{'more than ' if at_least else ''}{size:,} bytes"
        await _error(413, f"the request body is too large: {got}; the limit is {self.limit:,} bytes",
                     scope, receive, send)


async def _error(status: int, detail: str, scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse({"detail": detail}, status_code=status)(scope, receive, send)


class DeadlineExceeded(Exception):
    """CPU work that did not finish (or start) within the deadline."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"the computation did not finish within {seconds:g} s; ask for fewer samples "
                         "or try again when the server is less busy")


class Worker:
    """A bounded thread pool for CPU-bound work, with a deadline per call.

    Numpy releases the GIL in its loops, so threads share the cores; a call waiting in
    the queue past the deadline is dropped before it starts. A call already running
    when its deadline passes finishes in the background (a thread cannot be killed),
    but its client has already been answered.
    """

    def __init__(self, threads: int, timeout_s: float) -> None:
        self.threads = threads
        self.timeout_s = timeout_s
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="gigawatt-web")
            return self._pool

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` in the pool; raise :class:`DeadlineExceeded` after ``timeout_s``."""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor(), functools.partial(fn, *args, **kwargs))
        try:
            return await asyncio.wait_for(future, self.timeout_s)
        except TimeoutError:
            raise DeadlineExceeded(self.timeout_s) from None

    def close(self) -> None:
        """Drop queued calls and let the threads go (a later call starts a new pool)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def single_threaded_blas() -> bool:
    """Limit BLAS (OpenBLAS, MKL) to one thread in this process; ``False`` when threadpoolctl is missing.

    The engine's matrix products are tiny (the copula's mix of a few inputs); a threaded BLAS
    gains nothing on them, and its threads spinning after each product take the CPU from the
    request threads. Measured on a busy 2-core machine: a (15 x 15) @ (15 x 5,000) product took
    8.5 ms with two BLAS threads and 0.1 ms with one, and a simulation of 5,000 samples of
    openai-2025 about twice as long. ``gigawatt serve`` calls this; a library does not
    configure the process for its host application.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return False
    threadpool_limits(1, user_api="blas")
    return True
