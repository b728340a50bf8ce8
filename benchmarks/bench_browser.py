"""The dashboard measured by the browser: a slider moved, until the new charts are drawn.

``gigawatt serve`` runs in its own process (as in ``bench_web``); headless Chromium (Debian's
``/usr/bin/chromium``, driven by Playwright, as ``tests/web/test_web_browser.py`` does) opens the
dashboard at 5,000 samples. Each round moves the paying-share slider to a position not used before
(so no cache answers) and times, with the page's own ``performance.now()``:

- ``request + drawing``: from the start of the dashboard's ``run()`` (the status turns busy: the
  request is sent) to the end of drawing (the status is no longer busy: headline, the charts on
  screen and statements are in the page), plus the next animation frame, so that the browser has painted;
- ``from the input event``: the same, from the slider's ``input`` event, which includes the
  dashboard's wait for the next animation frame (the slider's moves within one frame make one request:
  ``scheduleFrame()`` in ``app.js``);
- ``every chart drawn``: from the request to the last chart drawn, the charts below the screen included
  (``app.js`` draws those in the tasks after the page has painted, or as they come into view; ``#charts``
  carries ``data-waiting`` until then), plus the next animation frame.

Then the page alone: the last two answers of the server are replayed by Playwright (``page.route``), one
after the other, for as many moves again, so no server time is in them: ``request + drawing`` is then the
page's own work on an answer (reading it, the headline, the charts on screen, the tables, and painting),
and ``main-thread CPU`` the CPU time of the renderer's main thread per answer (from ``/proc``, Linux only),
which the other processes on a loaded machine inflate far less than wall time.
"""

from __future__ import annotations

import os
import shutil
import statistics
from pathlib import Path
from typing import Any

from benchmarks.bench_web import SCENARIO, server_process
from benchmarks.registry import Rows, Skip, register

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SIZES = {"smoke": {"samples": 500, "rounds": 2}, "full": {"samples": 5_000, "rounds": 25}}
TARGET_MS = 100.0
"""A changed input answered in under 100 ms median at 5,000 samples (issue: speed)."""
SLIDER = ".control[data-path^='consumer.paying_share.'] input[type=range]"

# Runs in the page (Playwright's evaluate, which the page's Content-Security-Policy does not govern).
MOVE_AND_TIME = """async ([selector, position]) => {
  const status = document.querySelector('#status');
  const range = document.querySelector(selector);
  let sent = null;
  const drawn = new Promise((resolve) => {
    const watch = new MutationObserver(() => {
      if (status.classList.contains('busy')) { if (sent === null) sent = performance.now(); }
      else if (sent !== null) { watch.disconnect(); resolve(); }
    });
    watch.observe(status, { attributes: true, attributeFilter: ['class'] });
  });
  const min = Number(range.min), max = Number(range.max), step = Number(range.step) || (max - min) / 1000;
  const moved = performance.now();
  range.value = String(Math.min(max, min + position * step));
  range.dispatchEvent(new Event('input', { bubbles: true }));
  await drawn;
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const painted = performance.now();
  const charts = document.querySelector('#charts');
  await new Promise((resolve) => {
    if (!('waiting' in charts.dataset)) { resolve(); return; }
    const watch = new MutationObserver(() => {
      if (!('waiting' in charts.dataset)) { watch.disconnect(); resolve(); }
    });
    watch.observe(charts, { attributes: true, attributeFilter: ['data-waiting'] });
  });
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const all = performance.now();
  return { request: painted - sent, input: painted - moved, all: all - sent, text: status.textContent };
}"""


def _renderers() -> list[int]:
    """The process ids of this process's Chromium renderers (Linux: the descendants of this process in /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if "--type=renderer" not in Path(f"/proc/{entry}/cmdline").read_text():
                continue
            pid = int(entry)
            while pid > 1:
                pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
                if pid == os.getpid():
                    found.append(int(entry))
                    break
        except (OSError, ValueError):  # a process that ended while it was read
            continue
    return found


def _main_thread_ms(pids: list[int]) -> float:
    """CPU time (user + system, ms) of the main threads of ``pids`` so far."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def _chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    found = shutil.which("chromium")
    if found is None:
        raise Skip("Debian's chromium is not installed (make setup installs it)")
    return found


@register("browser", "Dashboard measured by the browser: slider moved to new charts drawn (openai-2025)")
def run(size: str) -> Rows:
    """One row: median, p90 and worst of ``request + drawing`` and ``from the input event``, in ms."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise Skip(f"Playwright is not installed: {exc}") from exc
    executable = _chromium()
    cfg = SIZES[size]
    samples, rounds = cfg["samples"], cfg["rounds"]
    request: list[float] = []
    from_input: list[float] = []
    every: list[float] = []
    alone: list[float] = []
    sent: list[str] = []
    cpu: float | None = None
    with server_process() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda r: sent.append(r.post_data or "") if r.url.endswith("/api/charts") else None)
            page.goto(f"{url}/#scenario={SCENARIO}&samples={samples}&seed=1")
            page.locator(".card .value").first.wait_for(timeout=120_000)
            page.locator(SLIDER).wait_for(timeout=60_000)
            for warm in (3, 7):  # the first moves warm the server's and the page's caches
                page.evaluate(MOVE_AND_TIME, [SLIDER, warm])
            for i in range(rounds):
                got: dict[str, Any] = page.evaluate(MOVE_AND_TIME, [SLIDER, 11 + 3 * i])
                if "answered" not in got["text"] and "simulated" not in got["text"]:
                    raise RuntimeError(f"the dashboard did not answer: {got['text']!r}")
                request.append(float(got["request"]))
                from_input.append(float(got["input"]))
                every.append(float(got["all"]))
            answers = _answers(url, sent[-2:])
            page.route("**/api/charts", lambda route: route.fulfill(
                status=200, content_type="application/json", body=answers[len(alone) % 2]))
            renderers = _renderers() if Path("/proc/self/stat").exists() else []
            cpu_before = _main_thread_ms(renderers) if renderers else 0.0
            for i in range(rounds):
                got = page.evaluate(MOVE_AND_TIME, [SLIDER, 12 + 3 * i])
                alone.append(float(got["request"]))
            if renderers:
                cpu = (_main_thread_ms(renderers) - cpu_before) / rounds
        finally:
            browser.close()

    def p90(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]

    toy = _numpy_toy_ms(samples)
    rows: Rows = [{"case": "hand-written numpy toy (10 years), in this process", "samples": samples, "rounds": 9,
                   "median ms": toy, "this / numpy toy": 1.0}]
    for case, values in (("request + drawing", request),
                         ("from the input event (the wait for a frame included)", from_input),
                         ("every chart drawn (those below the screen included)", every)):
        median = statistics.median(values)
        rows.append({"case": case, "samples": samples, "rounds": rounds, "median ms": median, "p90 ms": p90(values),
                     "max ms": max(values), "target ms": TARGET_MS, "under target": median < TARGET_MS,
                     "this / numpy toy": median / toy})
    median = statistics.median(alone)
    rows.append({"case": "the page alone (answers replayed): request + drawing", "samples": samples, "rounds": rounds,
                 "median ms": median, "p90 ms": p90(alone), "max ms": max(alone), "this / numpy toy": median / toy,
                 "main-thread CPU ms": cpu if cpu is not None else "–"})
    return rows


def _answers(url: str, bodies: list[str]) -> list[bytes]:
    """The server's answers to two requests the page sent (the last two moves), to replay them."""
    import httpx

    with httpx.Client(base_url=url, timeout=600) as http:
        return [http.post("/api/charts", content=body, headers={"Content-Type": "application/json"}).content
                for body in bodies]


def _numpy_toy_ms(samples: int) -> float:
    """Median ms of the peers' toy model in hand-written numpy at ``samples``: a yardstick of this run's load."""
    from benchmarks.bench_peers import numpy_gap

    return statistics.median(numpy_gap(samples, 1)[1] * 1000 for _ in range(9))
