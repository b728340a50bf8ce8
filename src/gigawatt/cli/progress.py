"""A Rich progress bar that appears once a command has run for a second, whether or not work has been counted.

The engine reports progress after each chunk of samples (32,768 at a time), so a run can go on
for many seconds before its first report: the bar starts from a timer, as a pulse until the first
count arrives, then as a bar with the samples done and the time left.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

if TYPE_CHECKING:
    from gigawatt.engine.runner import Progress as ProgressCallback

SHOW_AFTER_SECONDS = 1.0


@contextmanager
def progress_bar(label: str, console: Console, enabled: bool = True,
                 after: float = SHOW_AFTER_SECONDS) -> Iterator[ProgressCallback | None]:
    """Yield a callback ``(done, total)``; the bar shows ``after`` seconds in, counted or not."""
    if not enabled:
        yield None
        return
    lock = threading.Lock()
    state: dict[str, int | None] = {"done": 0, "total": None}
    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TimeRemainingColumn(), console=console, transient=True)
    task = bar.add_task(label, total=None, start=True)
    shown = threading.Event()

    def show() -> None:
        with lock:
            if shown.is_set() or stopped.is_set():
                return
            bar.update(task, completed=state["done"] or 0, total=state["total"])
            bar.start()
            shown.set()

    def update(done: int, total: int) -> None:
        with lock:
            state["done"], state["total"] = done, total
            if shown.is_set():
                bar.update(task, completed=done, total=total)

    stopped = threading.Event()
    timer = threading.Timer(after, show)
    timer.daemon = True
    timer.start()
    try:
        yield update
    finally:
        timer.cancel()
        with lock:
            stopped.set()
            if shown.is_set():
                bar.stop()
