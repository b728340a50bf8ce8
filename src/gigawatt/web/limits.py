"""What a request may ask of the server: samples, body size, run time; and where the CPU work runs.

- :class:`BodySizeLimit` refuses a body over the limit with 413, by its
  ``Content-Length`` and by counting the bytes actually streamed.
- :class:`Worker` runs CPU-bound work (loading, simulating, charting) in a
  pool of worker processes with a deadline; past it the work is stopped and the client gets 503.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

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


Isolation = Literal["process", "thread"]
"""Where a request's work runs: worker processes (stopped at the deadline) or threads (see :class:`Worker`)."""


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
    isolation
        ``"process"``: work runs in worker processes, stopped at its deadline; ``"thread"``: in threads
        of this process, which finish in the background past it (see :class:`Worker`).
    """

    max_samples: int = MAX_SAMPLES
    max_body_bytes: int = MAX_BODY_BYTES
    timeout_s: float = 30.0
    threads: int = 0
    max_evaluations: int = 2_000_000
    isolation: Isolation = "process"

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

    def __init__(self, seconds: float, stopped: bool = True) -> None:
        self.seconds = seconds
        done = " and was stopped" if stopped else ""
        super().__init__(f"the computation did not finish within {seconds:g} s{done}; ask for fewer samples "
                         "or try again when the server is less busy")


def _start_method() -> str:
    """``forkserver`` where there is one (a fork of a clean server process, not of the threaded web server)."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


PRELOAD = ["gigawatt.web.routes", "gigawatt.web.service", "scipy.stats", "plotly.io"]
"""Modules the fork server imports once, so that a new worker process starts in milliseconds."""


def _worker_started(warm: Callable[[], None] | None) -> None:
    """In each new worker process: one BLAS thread (see :func:`single_threaded_blas`), then the warm-up."""
    single_threaded_blas()
    if warm is not None:
        warm()


class Worker:
    """Where CPU-bound work runs (loading, simulating, charting), with a deadline per call that stops it.

    With ``isolation="process"`` (the default) calls run in a pool of worker processes
    (:class:`pebble.ProcessPool`); a call still running at its deadline is stopped by ending its
    process, which the pool replaces, so an expensive request cannot keep a worker busy after its
    client got 503. With ``"thread"`` calls run in a thread pool: quicker to start and sharing one
    process's caches (tests that patch the process use it), but a call already running when its
    deadline passes finishes in the background (a thread cannot be stopped).

    Function, arguments and result of a call cross a process boundary: module-level functions and
    picklable values only.
    """

    def __init__(self, threads: int, timeout_s: float, isolation: Isolation = "process",
                 warm: Callable[[], None] | None = None) -> None:
        self.threads = threads
        self.timeout_s = timeout_s
        self.isolation = isolation
        self.warm = warm
        self._threads: ThreadPoolExecutor | None = None
        self._processes: Any = None
        self._lock = threading.Lock()

    def _submit(self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Future[T]:
        with self._lock:
            if self.isolation == "thread":
                if self._threads is None:
                    self._threads = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="gigawatt-web")
                return self._threads.submit(fn, *args, **kwargs)
            if self._processes is None:
                import pebble

                context = multiprocessing.get_context(_start_method())
                if context.get_start_method() == "forkserver":
                    context.set_forkserver_preload(PRELOAD)
                self._processes = pebble.ProcessPool(max_workers=self.threads, initializer=_worker_started,
                                                     initargs=(self.warm,), context=context)
            future: Future[T] = self._processes.schedule(fn, args=args, kwargs=kwargs)
            return future

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)``; raise :class:`DeadlineExceeded` after ``timeout_s`` (and stop it)."""
        future = self._submit(fn, args, kwargs)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except TimeoutError:
            future.cancel()  # a queued call is dropped; a running one ends with its process (pebble)
            raise DeadlineExceeded(self.timeout_s, stopped=self.isolation == "process") from None

    async def start(self) -> None:
        """Start the workers now (and warm them up) rather than on the first request."""
        if self.isolation == "thread":
            if self.warm is not None:
                await self.run(self.warm)  # the threads share one process: warm it once
            return
        await asyncio.gather(*(self.run(_nothing) for _ in range(self.threads)))

    def close(self) -> None:
        """Drop queued calls, stop the workers (a later call starts new ones)."""
        with self._lock:
            threads, self._threads = self._threads, None
            processes, self._processes = self._processes, None
        if threads is not None:
            threads.shutdown(wait=False, cancel_futures=True)
        if processes is not None:
            processes.stop()
            processes.join(timeout=10)


def _nothing() -> None:
    """A call that does nothing (it starts a worker)."""


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
