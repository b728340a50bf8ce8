"""What each endpoint computes, as plain functions: no FastAPI here, so they run in the worker threads.

Every function takes plain values and returns JSON-ready data (or bytes); none
keeps state between calls except the caches of :mod:`gigawatt.web.sources`
and :func:`charts_json` (keyed by content, holding immutable values).
"""

from __future__ import annotations

import functools
import json
import shlex
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import gigawatt
from gigawatt.engine.result import Result, finite_or_none
from gigawatt.filenames import slug
from gigawatt.i18n import Language
from gigawatt.outputs import (
    BREAKEVEN_BY,
    COMPUTE_CAPACITY_GW,
    COMPUTE_CAPACITY_GW_COUNTRY,
    COMPUTE_DEMAND_GW,
    COMPUTE_SPEND,
    FUNDING_GAP,
    REVENUE_STREAM,
    REVENUE_TOTAL,
    SITE_CAPACITY_GW,
    TOTAL_ASSETS,
    is_a,
)
from gigawatt.scenario.distributions import describe, quantile
from gigawatt.scenario.errors import ScenarioError
from gigawatt.scenario.paths import uncertain_inputs
from gigawatt.scenario.schema import Scenario
from gigawatt.web import controls as control_list
from gigawatt.web import sources
from gigawatt.web.limits import MAX_SAMPLES

DASHBOARD_CHARTS = ("revenue_vs_compute", "fan_cash_before_financing", "gap_histogram", "compute_balance",
                    "breakeven")
"""The charts the dashboard draws after every change, in page order."""
NETWORK_CHARTS = ("network_flows", "network_defaults", "network_exposure")
"""The charts the dashboard draws for a network scenario."""


class Missing(Exception):
    """A part of gigawatt the endpoint needs is not installed (yet): the API answers 501."""


def _need(module: str, what: str) -> Any:
    """Import ``module`` at call time; :class:`Missing` with a clear message when it (or what it needs) is absent."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        needs = f"; it needs {exc.name}" if exc.name and not exc.name.startswith(module) else ""
        raise Missing(f"{what} is not available in this installation ({module} cannot be imported{needs})") from None


# --- scenarios -----------------------------------------------------------------------------


def list_scenarios() -> list[dict[str, Any]]:
    """Every bundled scenario: name, description, extends."""
    out = []
    for name in sources.bundled():
        loaded = sources.scenario_of(name, None)
        out.append({"name": name, "description": loaded.description, "extends": loaded.extends})
    return out


def input_rows(scenario: Scenario) -> list[dict[str, Any]]:
    """Every uncertain input with its unit, text, source and P5/P50/P95 (canonical units)."""
    units = control_list.input_unit(scenario)
    rows = []
    for path, dist in uncertain_inputs(scenario).items():
        p5, p50, p95 = quantile(dist, np.array([0.05, 0.5, 0.95]))
        rows.append({"path": path, "unit": units.get(path, ""), "kind": dist.kind, "text": dist.text,
                     "description": describe(dist), "source": dist.source, "p5": finite_or_none(p5),
                     "p50": finite_or_none(p50), "p95": finite_or_none(p95)})
    return rows


def scenario_detail(name: str) -> dict[str, Any]:
    """A bundled scenario: YAML as written and resolved, parsed fields, uncertain inputs."""
    loaded = sources.scenario_of(name, None)
    return {"name": loaded.name, "description": loaded.description, "extends": loaded.extends,
            "content_hash": loaded.content_hash, "years": loaded.years,
            "yaml": sources.source_text(name, None), "resolved_yaml": loaded.text,
            "parsed": loaded.model_dump(mode="json"), "inputs": input_rows(loaded)}


def controls(name: str | None, text: str | None, overrides: dict[str, Any] | None = None,
             lang: str = "en", digits: str = "latn") -> dict[str, Any]:
    """The dashboard's sliders for a scenario, labelled in ``lang``."""
    from gigawatt.i18n import language

    speaks = language(lang, digits)
    loaded = sources.scenario_of(name, text, overrides)
    return {"scenario": loaded.name, "content_hash": loaded.content_hash,
            "controls": control_list.controls(loaded, speaks)}


def validate(text: str, overrides: dict[str, Any] | None = None, lang: str = "en",
             digits: str = "latn") -> dict[str, Any]:
    """Check YAML text: ``valid`` and every problem with line, column and field (messages in ``lang``)."""
    from gigawatt.i18n import language

    try:
        loaded = sources.scenario_of(None, text, overrides)
    except ScenarioError as exc:
        return {"valid": False, "problems": sources.problems_of(exc, language(lang, digits))}
    return {"valid": True, "problems": [], "name": loaded.name, "years": loaded.years,
            "streams": len(loaded.streams), "sites": len(loaded.sites), "contracts": len(loaded.contracts),
            "uncertain_inputs": len(uncertain_inputs(loaded))}


# --- simulation ----------------------------------------------------------------------------


MAX_VALUES = 200_000_000
"""Most numbers one simulation may hold (samples x years x outputs, about 1.6 GB): posted text could
otherwise ask for thousands of sites over sixty years, far beyond what the sample cap alone bounds."""


def _output_count(loaded: Scenario) -> int:
    """About how many outputs a run of ``loaded`` holds: a network's are its entities' and three per link."""
    if loaded.is_network:
        return sum(_output_count(company) for company in loaded.entities.values()) + 3 * len(loaded.links) + 2
    countries = {s.country for s in loaded.sites} | {c.country for c in loaded.contracts}
    return 70 + 2 * len(loaded.streams) + len(loaded.sites) + len(countries) + len(loaded.years)


def check_size(loaded: Scenario, samples: int) -> None:
    """Refuse a simulation whose result would exceed :data:`MAX_VALUES` numbers (a clear 422, before any work)."""
    outputs = _output_count(loaded)
    values = samples * len(loaded.years) * outputs
    if values > MAX_VALUES:
        raise ValueError(f"this simulation would hold {values:,} numbers ({samples:,} samples x {len(loaded.years)} "
                         f"years x about {outputs} outputs); this server allows {MAX_VALUES:,}: lower `samples`")


def simulate(name: str | None, text: str | None, overrides: dict[str, Any] | None, samples: int,
             seed: int, metrics: Sequence[str] = ()) -> Result:
    """Load (cached) and simulate a scenario (with the ``metrics`` of :mod:`gigawatt.metrics` as scalars)."""
    loaded = sources.scenario_of(name, text, overrides)
    check_size(loaded, samples)
    return gigawatt.simulate(loaded, samples=samples, seed=seed, metrics=metrics)


def summary(name: str | None, text: str | None, overrides: dict[str, Any] | None, samples: int,
            seed: int, metrics: Sequence[str] = ()) -> dict[str, Any]:
    """The summary JSON of a simulation (``Result.summary()``), with ``outputs``: label, unit, kind, group
    and number format of each output, from the catalogue."""
    result = simulate(name, text, overrides, samples, seed, metrics)
    return {**result.summary(), "outputs": output_info(result)}


def output_info(result: Result) -> dict[str, dict[str, str]]:
    """``{name: {label, unit, kind, group, format, header}}`` of every output of ``result``."""
    from gigawatt import outputs

    return {name: {"label": outputs.label(name), "unit": outputs.unit(name), "kind": result.kind(name),
                   "group": outputs.group(name), "format": outputs.fmt(name), "header": outputs.header(name)}
            for name in result.names()}


def chart_builders(result: Result, lang: Language | str = "en") -> dict[str, Callable[[], Any]]:
    """The chart builders of ``gigawatt.report.charts`` that ``result`` has the outputs for, by key, drawing in
    ``lang``. The keys are those of the HTML report (``gigawatt.report.html.chart_figures``).
    """
    charts = _need("gigawatt.report.charts", "the chart builders (gigawatt.report.charts)")
    from gigawatt.i18n import language
    from gigawatt.report.html import FANS

    lang = language(lang)
    if result.scenario.is_network:  # the network's own charts (its entities' outputs are prefixed)
        from gigawatt.report import network as views

        summary = functools.cache(lambda: gigawatt.network_summary(result))
        return {"network_flows": lambda: views.flow_chart(summary(), lang),
                "network_defaults": lambda: views.default_chart(summary(), lang),
                "network_exposure": lambda: views.exposure_chart(summary(), lang=lang)}

    has = result.series.__contains__
    out: dict[str, Callable[[], Any]] = {}
    if FUNDING_GAP in result.scalars:
        out["gap_histogram"] = lambda: charts.gap_histogram(result, lang=lang)
        out["gap_exceedance"] = lambda: charts.exceedance_chart(result, lang=lang)
    for name in FANS:
        if has(name):
            out[f"fan_{name}"] = functools.partial(charts.fan_chart, result, name, lang=lang)
    if has(REVENUE_TOTAL) and has(COMPUTE_SPEND):
        out["revenue_vs_compute"] = lambda: charts.revenue_vs_compute_chart(result, lang)
    if any(has(REVENUE_STREAM.format(stream=s.name)) for s in result.scenario.streams):
        out["revenue_streams"] = lambda: charts.revenue_streams_chart(result, lang)
    if any(is_a(n, BREAKEVEN_BY) for n in result.events):
        out["breakeven"] = lambda: charts.breakeven_chart(result, lang)
    if has(COMPUTE_DEMAND_GW) and has(COMPUTE_CAPACITY_GW):
        out["compute_balance"] = lambda: charts.compute_balance_chart(result, lang)
    if any(has(SITE_CAPACITY_GW.format(site=s.name)) for s in result.scenario.sites):
        out["capacity_sites"] = lambda: charts.capacity_by_site_chart(result, lang)
    if any(is_a(n, COMPUTE_CAPACITY_GW_COUNTRY) for n in result.series):
        out["capacity_countries"] = lambda: charts.capacity_by_country_chart(result, lang)
    return out


def chart_specs(result: Result, lang: Language | str = "en") -> dict[str, Callable[[], dict[str, Any]]]:
    """The figures of :func:`chart_builders` as plotly JSON dicts (``{"data", "layout"}``), by key: the plain-dict
    builders of ``gigawatt.report.charts`` (``*_spec``, no plotly objects) where there is one, else the figure's
    ``to_plotly_json()``. Either way the dict ``Figure.to_plotly_json()`` gives (``tests/report`` checks it)."""
    charts = _need("gigawatt.report.charts", "the chart builders (gigawatt.report.charts)")
    from gigawatt.i18n import language

    lang = language(lang)
    builders = chart_builders(result, lang)
    specs: dict[str, Callable[[], dict[str, Any]]] = {
        "gap_histogram": lambda: charts.gap_histogram_spec(result, lang=lang),
        "revenue_vs_compute": lambda: charts.revenue_vs_compute_spec(result, lang),
        "breakeven": lambda: charts.breakeven_spec(result, lang),
        "compute_balance": lambda: charts.compute_balance_spec(result, lang),
    }
    out: dict[str, Callable[[], dict[str, Any]]] = {}
    for key, build in builders.items():
        if key in specs:
            out[key] = specs[key]
        elif key.startswith("fan_"):
            out[key] = functools.partial(charts.fan_chart_spec, result, key.removeprefix("fan_"), lang=lang)
        else:
            out[key] = functools.partial(_plotly_json, build)
    return out


def _plotly_json(build: Callable[[], Any]) -> dict[str, Any]:
    figure: dict[str, Any] = build().to_plotly_json()
    return figure


def network_view(result: Result, lang: Language | str = "en") -> dict[str, Any]:
    """The dashboard's network tables in ``lang``: cards, link and entity rows, column titles, and the summary."""
    from gigawatt.i18n import language
    from gigawatt.report.assumptions import column_title
    from gigawatt.report.network_rows import COLUMNS, cards, entity_rows, link_rows

    lang = language(lang)
    summary = gigawatt.network_summary(result)
    return {"cards": cards(summary, lang), "links": link_rows(summary, lang), "entities": entity_rows(summary, lang),
            "columns": {key: column_title(key, lang) for key in COLUMNS}, "summary": summary.to_dict()}


def network(name: str | None, text: str | None, overrides: dict[str, Any] | None, samples: int,
            seed: int) -> dict[str, Any]:
    """The summary of a network run (``gigawatt.network_summary(result).to_dict()``); a company is refused."""
    loaded = sources.scenario_of(name, text, overrides)
    if not loaded.is_network:
        raise ValueError(f"{loaded.name} is a single company, not a network: a network scenario has `entities:`")
    check_size(loaded, samples)
    result = gigawatt.simulate(loaded, samples=samples, seed=seed)
    return dict(gigawatt.network_summary(result).to_dict())


def headline(result: Result, lang: Language | str = "en") -> dict[str, Any]:
    """The report's headline in ``lang``: sentences and cards (label, value, detail)."""
    if FUNDING_GAP not in result.scalars:
        if result.scenario.is_network:  # a network's answer: the chance of a cascade, who defaults, the loss
            from gigawatt.report.network_rows import cards

            return {"sentences": [], "cards": cards(gigawatt.network_summary(result), lang)}
        return {"sentences": [], "cards": []}
    module = _need("gigawatt.report.headline", "the headline (gigawatt.report.headline)")
    found = module.headline(result, lang)
    return {"sentences": list(found.sentences),
            "cards": [{"label": c.label, "value": c.value, "detail": c.detail} for c in found.cards]}


def charts_json(name: str | None, text: str | None, overrides: dict[str, Any] | None, samples: int, seed: int,
                keys: tuple[str, ...] | None = None, lang: str = "en", digits: str = "latn") -> bytes:
    """Headline and Plotly figures of a simulation as JSON bytes (the ``ChartsResponse`` shape), in ``lang``.

    Answers for the same scenario content, samples, seed, charts and language are cached (a slider moved back).
    """
    from gigawatt.i18n import language

    started = time.perf_counter()
    speaks = language(lang, digits)
    loaded = sources.scenario_of(name, text, overrides)
    check_size(loaded, samples)
    loaded_at = time.perf_counter()
    if not keys:
        keys = NETWORK_CHARTS if loaded.is_network else DASHBOARD_CHARTS
    return _charts_json(loaded, samples, seed, keys, (started, loaded_at), speaks)


class _Answers:
    """The last answers of :func:`charts_json` (immutable bytes), shared safely between threads."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self._items: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], body: bytes) -> None:
        with self._lock:
            self._items[key] = body
            while len(self._items) > self.kept:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_answers = _Answers(32)


def _charts_json(loaded: Scenario, samples: int, seed: int, keys: tuple[str, ...],
                 marks: tuple[float, float], lang: Language) -> bytes:
    from plotly.io.json import to_json_plotly

    key = (loaded.content_hash, samples, seed, keys, lang.code, lang.digits)
    cached = _answers.get(key)
    if cached is not None:
        return cached
    started, loaded_at = marks
    result = gigawatt.simulate(loaded, samples=samples, seed=seed)
    simulated = time.perf_counter()
    specs = chart_specs(result, lang)
    figures = [{"key": k, "figure": specs[k]()} for k in keys if k in specs]
    drawn = time.perf_counter()
    words = headline(result, lang)
    tables = statements_json(result, lang)
    network = network_view(result, lang) if result.scenario.is_network else None
    done = time.perf_counter()
    payload = {
        "scenario": loaded.name, "content_hash": loaded.content_hash, "samples": result.samples, "seed": seed,
        "years": [int(y) for y in result.years], "headline": words, "charts": figures,
        **tables, "network": network,
        "timings_ms": {"load": (loaded_at - started) * 1e3, "simulate": (simulated - loaded_at) * 1e3,
                       "charts": (drawn - simulated) * 1e3, "headline": (done - drawn) * 1e3,
                       "total": (done - started) * 1e3},
    }
    body = to_json_plotly(payload).encode("utf-8")
    _answers.put(key, body)
    return body


def statements_json(result: Result, lang: Any = None) -> dict[str, Any]:
    """The three statements of the median future and the valuation, for the dashboard's tables (titles and
    labels in ``lang``, English by default)."""
    from gigawatt.analysis.statements import statements
    from gigawatt.engine.result import finite_or_none
    from gigawatt.i18n import language
    from gigawatt.report.html import valuation_rows

    if TOTAL_ASSETS not in result.series:
        return {"statements": [], "valuation": []}
    lang = language(lang or "en")
    tables = [{"title": lang._(t.title), "sample": t.sample,
               "lines": [{"name": n, "label": lang._(label), "values": [finite_or_none(v) for v in values]}
                         for n, label, values in t.rows]} for t in statements(result)]
    cards = [{"label": label, "value": p50, "detail": f"P5 – P95: {spread}"}
             for label, p50, spread in valuation_rows(result, lang)]
    return {"statements": tables, "valuation": cards}


def clear_caches() -> None:
    """Forget cached scenarios and answers (benchmarks measure with and without them)."""
    sources.clear_caches()
    _answers.clear()


# --- analysis, report, export --------------------------------------------------------------


def default_size(method: str, inputs: int, max_samples: int, max_evaluations: int) -> int:
    """The ``samples`` of a sensitivity analysis asked without one: the method's default, lowered to fit the
    server's sample cap and evaluation budget (Sobol: to a power of two); at least the method's minimum."""
    from gigawatt.analysis.sensitivity import DEFAULT_SIZES

    per_sample = EVALUATIONS_PER_SAMPLE[method](inputs)
    size = min(int(DEFAULT_SIZES.get(method, 1000)), max_samples, max(1, max_evaluations // per_sample))
    if method == "sobol":
        size = max(2, 1 << (size.bit_length() - 1))
    return size


EVALUATIONS_PER_SAMPLE: dict[str, Callable[[int], int]] = {
    "tornado": lambda k: 2 * k + 1, "sobol": lambda k: k + 2, "morris": lambda k: k + 1}
"""Model evaluations per sample of each method, for ``k`` uncertain inputs."""


def sensitivity(name: str | None, text: str | None, overrides: dict[str, Any] | None, *, method: str, metric: str,
                year: int | None, stat: str, samples: int | None, seed: int, max_evaluations: int,
                max_samples: int = MAX_SAMPLES) -> dict[str, Any]:
    """A sensitivity analysis (``gigawatt.analysis.sensitivity``) as JSON.

    Without ``samples``, the method's default is lowered to fit ``max_samples`` and ``max_evaluations``
    (:func:`default_size`), and the answer's notes say so.
    """
    analysis = _need("gigawatt.analysis", "sensitivity analysis (gigawatt.analysis)")
    loaded = sources.scenario_of(name, text, overrides)
    inputs = len(uncertain_inputs(loaded))
    if inputs == 0:
        raise ValueError(f"{loaded.name} has no uncertain inputs: there is nothing to analyse")
    from gigawatt.analysis.sensitivity import DEFAULT_SIZES

    size = samples if samples is not None else default_size(method, inputs, max_samples, max_evaluations)
    check_size(loaded, size)
    evaluations = size * EVALUATIONS_PER_SAMPLE[method](inputs)
    if evaluations > max_evaluations:
        raise ValueError(f"{method} with samples={size:,} and {inputs} uncertain inputs needs {evaluations:,} model "
                         f"evaluations; this server allows {max_evaluations:,}: lower `samples`")
    found = analysis.sensitivity(loaded, metric, method=method, year=year, stat=stat, samples=size, seed=seed)
    data = dict(found.to_dict())
    default = int(DEFAULT_SIZES.get(method, 1000))
    if samples is None and size < default:
        data["notes"] = [*data.get("notes", []), f"samples lowered from the default {default:,} to {size:,} to fit "
                         f"this server's limits ({max_samples:,} samples, {max_evaluations:,} evaluations)"]
    return data


def reproduce_command(name: str | None, overrides: dict[str, Any] | None, samples: int, seed: int) -> str:
    """The command line that reproduces a report."""
    words = ["gigawatt", "report", name or "SCENARIO.yaml", "--samples", str(samples), "--seed", str(seed)]
    for path, value in (overrides or {}).items():
        words += ["--set", f"{path}={value}"]
    return shlex.join(words)


def report_html(name: str | None, text: str | None, overrides: dict[str, Any] | None, samples: int,
                seed: int, lang: str = "en", digits: str = "latn") -> tuple[str, str]:
    """The self-contained HTML report of a simulation (``gigawatt.report.html.render_report``) in ``lang``, and
    its download stem (:func:`gigawatt.filenames.slug` of the scenario's name)."""
    from gigawatt.i18n import language

    html = _need("gigawatt.report.html", "the HTML report (gigawatt.report.html)")
    speaks = language(lang, digits)
    result = simulate(name, text, overrides, samples, seed)
    command = reproduce_command(name, overrides, samples, seed)
    if speaks.code != "en":
        command += f" --lang {speaks.code}" + (f" --digits {speaks.digits}" if speaks.digits != "latn" else "")
    page = str(html.render_report(result, command=command, lang=speaks))
    return page, slug(result.scenario.name)


EXPORT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "csv": "text/csv; charset=utf-8"}


def export(name: str | None, text: str | None, overrides: dict[str, Any] | None, samples: int, seed: int,
           fmt: str, metrics: Sequence[str] = ()) -> tuple[bytes, str]:
    """The workbook of a simulation (``gigawatt.analysis.export``): xlsx bytes, or tidy CSV as UTF-8; and its
    download stem (:func:`gigawatt.filenames.slug` of the scenario's name).

    The file is written under a fixed name into a private temporary folder that this call makes and
    removes (``mkdtemp``: mode 0700): nothing of the scenario's text becomes part of a path.
    """
    module = _need("gigawatt.analysis.export", "the workbook export (gigawatt.analysis.export)")
    if fmt not in EXPORT_TYPES:
        raise ValueError(f"format: expected one of {', '.join(EXPORT_TYPES)}; got {fmt!r}")
    result = simulate(name, text, overrides, samples, seed, metrics)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="gigawatt-export-") as folder:
        written = module.export(result, Path(folder) / f"workbook.{fmt}")
        return Path(written).read_bytes(), slug(result.scenario.name)


class StoreUnavailable(Exception):
    """The run store cannot be read now (locked, damaged): the API answers 503."""


def _store(path: str | None) -> Any:
    module = _need("gigawatt.store", "the run store (gigawatt.store)")
    return module, module.RunStore(path)


def _info(run: Any) -> dict[str, Any]:
    data = {k: getattr(run, k) for k in ("id", "scenario", "content_hash", "seed", "samples", "version",
                                         "funding_gap_p50")}
    data["time"] = run.time.isoformat() + "Z"
    return data


def runs(store_path: str | None, limit: int, scenario: str | None = None) -> list[dict[str, Any]]:
    """The latest runs of the run store (``gigawatt.store``), newest first."""
    module, store = _store(store_path)
    try:
        return [_info(run) for run in store.list(limit=limit, scenario=scenario)]
    except module.StoreError as exc:
        raise StoreUnavailable(str(exc)) from None


def run_detail(store_path: str | None, run_id: int) -> dict[str, Any]:
    """One run of the run store with its scenario text and summary."""
    module, store = _store(store_path)
    try:
        return dict(store.get(run_id).to_dict())
    except module.StoreError as exc:
        if str(exc).startswith("no run"):
            raise KeyError(str(exc)) from None
        raise StoreUnavailable(str(exc)) from None


def dumps(data: Any) -> bytes:
    """JSON bytes with no NaN (``null`` instead)."""
    return json.dumps(data, allow_nan=False, separators=(",", ":")).encode("utf-8")
