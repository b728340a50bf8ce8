"""A Rich progress bar that appears only when a run takes longer than about a second."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from gigawatt.engine.runner import Progress as ProgressCallback

SHOW_AFTER_SECONDS = 1.0


@contextmanager
def progress_bar(label: str, console: Console, enabled: bool = True) -> Iterator[ProgressCallback | None]:
    """Yield a callback ``(done, total)``; the bar shows once the work is expected to pass a second."""
    if not enabled:
        yield None
        return
    started = time.perf_counter()
    bar: Progress | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        elapsed = time.perf_counter() - started
        if bar is None:
            expected = elapsed * total / max(done, 1)
            if done >= total or expected < SHOW_AFTER_SECONDS:
                return
            bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TimeRemainingColumn(), console=console, transient=True)
            bar.start()
            task = bar.add_task(label, total=total)
        assert task is not None
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()
