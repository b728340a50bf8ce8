"""Request and response models of the REST API: they make the OpenAPI schema precise."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictFloat, StringConstraints, model_validator

from gigawatt import metrics
from gigawatt.outputs import FUNDING_GAP
from gigawatt.web.limits import MAX_SAMPLES, MAX_TEXT_CHARS

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
PATH_PATTERN = r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$"
ScenarioName = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=NAME_PATTERN)]
DottedPath = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=PATH_PATTERN)]
MetricName = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=metrics.PATTERN)]
"""A metric in the grammar of :mod:`gigawatt.metrics`: ``funding_gap``, ``revenue_total@2030``,
``contract_cost@2025..2030 sum`` (the reducer and the years are checked when the run starts)."""
MAX_OVERRIDE_CHARS = 2_000
"""Longest override value written as text, in characters."""
OverrideValue = Annotated[
    # strict: a numeric string (of any length) stays text and meets the length limit; true is not 1.0
    StrictFloat | Annotated[str, StringConstraints(max_length=MAX_OVERRIDE_CHARS)],
    Field(description="A value in the scenario file's syntax: a number in the field's canonical unit, or text "
          "such as `12%`, `$45B/GW`, `8% to 12%` or `{2025: 5%, 2030: 9%}`."),
]

SEED_MAX = 2**32 - 1


def _json_integer(value: Any) -> Any:
    """A JSON number only (``12``, ``12.0``): not ``true`` (a bool is an int in Python) nor ``"12"``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected an integer")
    return value


JsonInt = Annotated[int, BeforeValidator(_json_integer)]
"""An integer as JSON Schema says: a number with no fraction, never a bool or a numeric string."""
# bounds inside the type: on an optional field pydantic would write them beside the union, unread by JSON Schema
Samples = Annotated[int, Field(ge=1, le=MAX_SAMPLES), BeforeValidator(_json_integer)]
Year = Annotated[int, Field(ge=1990, le=2150), BeforeValidator(_json_integer)]

SIMULATE_SAMPLES = 5_000
"""Samples of a simulation that names none (lowered to the server's cap when that is lower)."""
DOWNLOAD_SAMPLES = 20_000
"""Samples of a report or workbook downloaded by GET that names none (lowered likewise)."""


class Strict(BaseModel):
    """Unknown fields are errors."""

    model_config = ConfigDict(extra="forbid")


ONE_SOURCE = {"oneOf": [{"required": ["scenario"], "properties": {"scenario": {"type": "string"}}},
                        {"required": ["text"], "properties": {"text": {"type": "string"}}}]}
"""`scenario` or `text`, exactly one of them a string, in JSON Schema (what ``_one_source`` checks)."""
ScenarioText = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]
OVERRIDE_KEYS: dict[str, Any] = {"additionalProperties": False,
                                 "propertyNames": {"minLength": 1, "maxLength": 200, "pattern": PATH_PATTERN}}
"""Every key of `overrides` is a dotted path (pydantic states the pattern for values only)."""


class ScenarioSource(Strict):
    """Which scenario: a bundled name or YAML text (exactly one), with `--set`-style overrides."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=ONE_SOURCE)  # type: ignore[typeddict-item]

    scenario: ScenarioName | None = Field(None, description="A bundled scenario name (see GET /api/scenarios).",
                                          examples=["openai-2025"])
    text: ScenarioText | None = Field(
        None, description="A whole scenario as YAML text; `extends` may name bundled scenarios only.")
    overrides: dict[DottedPath, OverrideValue] = Field(
        default_factory=dict, max_length=200, json_schema_extra=OVERRIDE_KEYS,
        description="`{dotted.path: value}` applied like `--set PATH=VALUE`.",
        examples=[{"consumer.paying_share.2030": "8% to 12%"}])

    @model_validator(mode="after")
    def _one_source(self) -> ScenarioSource:
        if (self.scenario is None) == (self.text is None):
            raise ValueError("give exactly one of `scenario` (a bundled name) or `text` (YAML)")
        return self


class SimulateRequest(ScenarioSource):
    """A scenario, the number of samples and the seed."""

    samples: Samples | None = Field(None, description=(
        f"Monte Carlo samples (default {SIMULATE_SAMPLES:,}, or the server's cap when that is lower)."))
    seed: JsonInt = Field(1, ge=0, le=SEED_MAX, description="Seed: the same seed gives the same numbers.")


class MetricsRequest(SimulateRequest):
    """A simulation and metrics of a year or a window of years to compute as well (``gigawatt.metrics``)."""

    metrics: list[MetricName] = Field(default_factory=list, max_length=20, description=(
        "Metrics to add to the scalars, each named as written: `revenue_total@2030`, "
        "`contract_cost@2025..2030 sum` (or mean, min, max over the years, both included)."))


ChartKey = Literal[
    "gap_histogram", "gap_exceedance", "fan_revenue_total", "fan_compute_spend", "fan_free_cash_flow",
    "fan_cash_before_financing", "fan_cash_balance", "fan_revenue_share_from_payers", "revenue_vs_compute",
    "revenue_streams",
    "breakeven", "compute_balance", "capacity_sites", "capacity_countries",
    "network_flows", "network_defaults", "network_exposure",
]


LANGUAGE_PATTERN = r"^[a-z]{2,3}(_[A-Z]{2})?$"
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN, max_length=6)]
Digits = Literal["latn", "arab"]


class ChartsRequest(SimulateRequest):
    """A simulation and the charts to draw from it."""

    lang: LanguageCode = Field("en", description="The language of titles, legends and the headline: `en`, `ar`.")
    digits: Digits = Field("latn", description="Digits of the numbers: `latn` (0-9) or `arab` (Arabic-Indic).")

    charts: list[ChartKey] | None = Field(None, max_length=20,
                                          description="Chart keys, in order (default: the dashboard's set).")


class SensitivityRequest(ScenarioSource):
    """A sensitivity analysis of one output (``gigawatt.analysis``)."""

    method: Literal["tornado", "sobol", "morris"] = Field("tornado", description="Method.")
    metric: MetricName = Field(FUNDING_GAP, description=(
        "An output name (series or scalar), a year of a series (`revenue_total@2030`) or a window "
        "(`free_cash_flow@2026..2029 sum`; sum, mean, min or max)."))
    year: Year | None = Field(None, description="Year of a series (default: the last).")
    stat: Literal["mean", "p5", "p10", "p25", "p50", "p75", "p90", "p95"] = Field(
        "p50", description="Statistic (tornado only).")
    samples: Samples | None = Field(None, description=(
        "Tornado: samples per run; Sobol: base samples N (a power of two); Morris: trajectories. "
        "Default per method."))
    seed: JsonInt = Field(1, ge=0, le=SEED_MAX)


class ValidateRequest(Strict):
    """YAML text to check, with optional overrides."""

    text: ScenarioText = Field(..., description="Scenario YAML.")
    overrides: dict[DottedPath, OverrideValue] = Field(default_factory=dict, max_length=200,
                                                       json_schema_extra=OVERRIDE_KEYS)


class Problem(BaseModel):
    """One problem of a scenario: where (file, line, column), which field, and what is wrong."""

    file: str = Field(..., description="The file, `<text>` for posted text, or `--set PATH` for an override.")
    line: int | None = Field(None, description="1-based line, when known.")
    column: int | None = Field(None, description="1-based column, when known.")
    path: str = Field("", description="Dotted path of the field.")
    message: str = Field(..., description="What was expected and what was received.")
    text: str = Field(..., description="The whole problem as the command line prints it.")


class ErrorResponse(BaseModel):
    """An error: a sentence, and the problems of a scenario when it is one."""

    detail: str
    problems: list[Problem] = Field(default_factory=list, description="Problems of a scenario, located.")
    errors: list[dict[str, Any]] = Field(default_factory=list, description="Problems of the request, by location.")


class ValidateResponse(BaseModel):
    """Whether the text is a valid scenario, and every problem found."""

    valid: bool
    problems: list[Problem] = Field(default_factory=list)
    name: str | None = None
    years: list[int] = Field(default_factory=list)
    streams: int = 0
    sites: int = 0
    contracts: int = 0
    uncertain_inputs: int = 0


class ScenarioItem(BaseModel):
    """A bundled scenario."""

    name: str
    description: str
    extends: str | None = None


class UncertainInput(BaseModel):
    """An uncertain input with its 90% interval and median, in the field's canonical unit."""

    path: str
    unit: str
    kind: str
    text: str = Field(..., description="What the file says, e.g. `8% to 12%`.")
    description: str = Field(..., description="The distribution in words.")
    source: str = Field("", description="The source comment written beside it in the file.")
    p5: float | None
    p50: float | None
    p95: float | None


class ScenarioDetail(BaseModel):
    """A scenario: its YAML (as written and after `extends`), the parsed fields and the uncertain inputs."""

    name: str
    description: str
    extends: str | None
    content_hash: str
    years: list[int]
    yaml: str = Field(..., description="The file as written.")
    resolved_yaml: str = Field(..., description="The whole scenario after `extends`.")
    parsed: dict[str, Any] = Field(..., description="Every field; numeric values described in words.")
    inputs: list[UncertainInput]


class Control(BaseModel):
    """A driver the dashboard offers as a slider: range and value in the field's canonical unit.

    The page shows ``value / display_scale`` in ``display_unit``. Moving an uncertain input keeps its
    spread: its 90% interval is scaled (``spread = "scale"``) or shifted (``"shift"``) to the new median.
    """

    path: str
    label: str
    section: str
    unit: str
    display_unit: str
    display_scale: float
    min: float
    max: float
    step: float
    value: float = Field(..., description="The current value (the median of an uncertain input).")
    lower: float | None = Field(None, description="Smallest allowed value (the field's bound).")
    upper: float | None = Field(None, description="Largest allowed value (the field's bound).")
    uncertain: bool
    p5: float | None = None
    p95: float | None = None
    spread: Literal["scale", "shift"] | None = None
    integer: bool = False
    multiplier: bool = Field(False, description="A multiplier on a whole time path, sent as `x1.2`.")
    help: str = ""


class ControlsResponse(BaseModel):
    """The dashboard's sliders for one scenario."""

    scenario: str
    content_hash: str
    controls: list[Control]


class SeriesStats(BaseModel):
    """Quantiles of a series per year (``null`` where not finite)."""

    unit: str
    mean: list[float | None]
    p5: list[float | None]
    p50: list[float | None]
    p95: list[float | None]


class ScalarStats(BaseModel):
    """Quantiles of a per-sample scalar (``null`` where not finite, e.g. a break-even that never comes)."""

    unit: str
    mean: float | None
    p5: float | None
    p50: float | None
    p95: float | None


class OutputInfo(BaseModel):
    """How to show one output, from the output catalogue (docs/outputs.md)."""

    label: str
    unit: str = Field(description="The canonical unit of its values.")
    kind: Literal["series", "scalar", "event"]
    group: str
    format: str = Field(description="usd_billions, usd_per_year, percent, probability, gw, count, year ...")
    header: str = Field(description="Label and short unit, as a column header: `Revenue ($B)`.")


class Summary(BaseModel):
    """The summary of a result: the shape `gigawatt run --json` writes, and ``outputs``: how to show each."""

    scenario: str
    samples: int
    seed: int
    version: str
    years: list[int]
    series: dict[str, SeriesStats]
    scalars: dict[str, ScalarStats]
    probabilities: dict[str, float]
    outputs: dict[str, OutputInfo] = Field(default_factory=dict)


class Card(BaseModel):
    """A headline number with its label and a line of context."""

    label: str
    value: str
    detail: str


class Headline(BaseModel):
    """The answer in words and figures (the report's headline)."""

    sentences: list[str]
    cards: list[Card]


class Chart(BaseModel):
    """One Plotly figure (``data`` and ``layout``) from ``gigawatt.report.charts``."""

    key: str
    figure: dict[str, Any]


class StatementLine(BaseModel):
    """One line of a statement: its output name, label and value per year (USD)."""

    name: str
    label: str
    values: list[float | None]


class Statement(BaseModel):
    """One of the three statements of the median future (``gigawatt.analysis.statements``)."""

    title: str
    sample: int
    lines: list[StatementLine]


class NetworkLink(BaseModel):
    """A link of a network: money goes from ``payer`` to ``payee``."""

    name: str
    kind: Literal["contract", "purchase", "investment"]
    payer: str
    payee: str


class NetworkSummary(BaseModel):
    """A network run as data (``gigawatt.network_summary(result).to_dict()``): USD, fractions and years; ``null``
    where a number is not finite (a year that never comes)."""

    entities: list[str]
    years: list[int]
    links: list[NetworkLink]
    flows: dict[str, list[float | None]] = Field(description="Link -> mean USD paid along it each year.")
    total_flows: dict[str, float | None] = Field(description="Link -> mean USD paid along it over the horizon.")
    default_probability: dict[str, float | None] = Field(
        description="Entity -> share of futures in which it defaults within the horizon.")
    first_default_year: dict[str, float | None] = Field(
        description="Entity -> median first default year among the futures in which it defaults; null: never.")
    exposure: dict[str, dict[str, list[float | None]]] = Field(
        description="Payer -> payee -> mean USD still due at each year end, if no one defaults.")
    expected_loss: dict[str, float | None] = Field(description="Link -> mean USD a default left unpaid.")
    cascade_probability: float | None = Field(description="Share of futures in which a default spreads.")
    units: dict[str, str]


class NetworkView(BaseModel):
    """What the dashboard shows of a network beside its charts: cards, and the rows of its two tables (cells
    written out in the language asked for; ``columns`` gives each key's title)."""

    cards: list[Card]
    links: list[dict[str, str]]
    entities: list[dict[str, str]]
    columns: dict[str, str]
    summary: NetworkSummary


class ChartsResponse(BaseModel):
    """Headline and charts of one simulation, and how long each step took."""

    scenario: str
    content_hash: str
    samples: int
    seed: int
    years: list[int]
    headline: Headline
    charts: list[Chart]
    statements: list[Statement] = []
    valuation: list[Card] = []
    network: NetworkView | None = Field(None, description="The network's tables, for a network scenario.")
    timings_ms: dict[str, float]


class SensitivityResponse(BaseModel):
    """The outcome of a sensitivity analysis (the shape of `gigawatt sensitivity --json`)."""

    method: str
    metric: str
    label: str = Field("", description="The metric as named: `revenue_total@2030`, `free_cash_flow@2026..2029 sum`.")
    year: int | None = None
    last: int | None = Field(None, description="The last year of a window of years.")
    aggregate: str | None = Field(None, description="How a window is reduced: sum, mean, min or max.")
    unit: str
    stat: str
    base: float | None
    samples: int
    evaluations: int
    seed: int
    notes: list[str]
    rows: list[dict[str, Any]]


class RunInfo(BaseModel):
    """A run recorded in the run store."""

    id: int
    time: str = Field(..., description="When it ran (ISO 8601, UTC).")
    scenario: str
    content_hash: str
    seed: int
    samples: int
    version: str
    funding_gap_p50: float | None = None


class RunDetail(BaseModel):
    """A recorded run with its scenario text (after `extends` and overrides) and its summary."""

    id: int
    time: str
    scenario: str
    content_hash: str
    seed: int
    samples: int
    version: str
    text: str
    summary: dict[str, Any] | None
