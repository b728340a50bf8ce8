"""The dashboard's sliders: the key drivers of a scenario, found by their dotted paths.

A curated list names the drivers an analyst reaches for first (paying share,
user ceiling, tier prices, advertising share, capex per GW, power price,
committed share of contracts, device market potential, ...); those the
scenario has become controls. When it has few, its other uncertain inputs fill
the list. A field holding a time path is controlled through one part of it:
the last anchor of an anchor path (its uncertain one if any), the ceiling of an
S-curve, the rate of a growth path; and, in a section of its own, by a multiplier on the
whole path (sent as ``x1.2``: every anchor and every draw times 1.2).
"""

from __future__ import annotations

import fnmatch
import math
import typing
from typing import Any

import numpy as np
from pydantic import BaseModel

from gigawatt.i18n import ENGLISH, N_, Language
from gigawatt.scenario.distributions import quantile
from gigawatt.scenario.fields import NumSpec
from gigawatt.scenario.paths import GROWTH_SPEC, Field, every_value, numeric_fields
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.values import Anchors, Const, Dist, Growth, Logistic, formulas_in

MAX_CONTROLS = 40
PER_PATTERN = 6
"""Most controls from one curated pattern (e.g. the first six contracts' committed shares)."""
FALLBACK_UNTIL = 8
"""Fewer curated controls than this: add the scenario's other uncertain inputs."""
FALLBACK_MAX = 16

CURATED: tuple[tuple[str, str, str], ...] = (
    ("consumer.paying_share", N_("Demand"), N_("Paying share of users")),
    ("consumer.users", N_("Demand"), N_("Regular users")),
    ("consumer.tiers.*.price", N_("Revenue"), N_("{item} tier price")),
    ("streams.*.share", N_("Revenue"), N_("{item}: market share")),
    ("streams.*.take_rate", N_("Revenue"), N_("{item}: take rate")),
    ("streams.*.seat_price", N_("Revenue"), N_("{item}: seat price")),
    ("streams.*.price_per_million_tokens", N_("Revenue"), N_("{item}: price per million tokens")),
    ("streams.*.market_potential", N_("Revenue"), N_("{item}: device market potential")),
    ("streams.*.attach_uplift", N_("Revenue"), N_("{item}: owners who start paying")),
    ("compute.flops_per_watt_effective", N_("Compute"), N_("Compute efficiency (FLOP/s per W)")),
    ("compute.training_to_inference", N_("Compute"), N_("Training load per inference load")),
    ("sites.*.capex_per_gw", N_("Infrastructure"), N_("{item}: capex per GW")),
    ("sites.*.power_price", N_("Infrastructure"), N_("{item}: power price")),
    ("contracts.*.committed_share", N_("Contracts"), N_("{item}: committed share")),
    ("contracts.*.price_per_gw_year", N_("Contracts"), N_("{item}: price per GW-year")),
    ("opex.sales_marketing_share", N_("Costs"), N_("Sales and marketing share of revenue")),
    ("opex.cost_per_head", N_("Costs"), N_("Cost per employee")),
    ("finance.starting_cash", N_("Finance"), N_("Starting cash")),
)
"""``(field path pattern, section, label)``: the drivers the dashboard offers first, in order (English; each is
translated where it is shown)."""
OTHERS = N_("Other uncertain inputs")


def curated_meanings() -> list[str]:
    """The meanings (field descriptions of the schema) of the fields :data:`CURATED` names: the tooltips of the
    dashboard's first sliders, which the catalogs translate (``make messages`` extracts them from here)."""
    found: list[str] = []
    for pattern, _, _ in CURATED:
        found += [d for d in _descriptions(Scenario, pattern.split(".")) if d and d not in found]
    return found


def _descriptions(model: type[BaseModel], parts: list[str]) -> list[str]:
    """The descriptions of the fields a dotted pattern names in a pydantic model (``*``: each item of a list)."""
    field = model.model_fields.get(parts[0])
    if field is None:
        return []
    rest = parts[1:]
    if not rest:
        return [field.description or ""]
    rest = rest[1:] if rest[0] == "*" else rest
    return [d for sub in _models_in(field.annotation) for d in _descriptions(sub, rest)]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic model classes an annotation holds (through ``list[...]``, unions and ``Annotated``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]



def lead_part(field: Field) -> Field | None:
    """The single value a slider moves for a field: itself, or one part of its time path."""
    value = field.value
    if isinstance(value, (Const, Dist)):
        return field
    if isinstance(value, Anchors):
        year, part = next(((y, v) for y, v in reversed(value.points) if isinstance(v, Dist)), value.points[-1])
        if isinstance(part, (Const, Dist)):
            return Field(f"{field.path}.{year}", part, field.spec, field.description)
        return None
    if isinstance(value, Logistic) and isinstance(value.ceiling, (Const, Dist)):
        return Field(f"{field.path}.ceiling", value.ceiling, field.spec, field.description)
    if isinstance(value, Growth) and isinstance(value.growth, (Const, Dist)):
        return Field(f"{field.path}.growth", value.growth, GROWTH_SPEC, field.description)
    return None


def _suffix_label(field: Field, label: str, lang: Language = ENGLISH) -> str:
    tail = field.path.rsplit(".", 1)[-1]
    if tail.isdigit():
        return lang._("{label} in {year}", label=label, year=lang.digits_of(tail))
    if tail == "ceiling":
        return lang._("{label}: ceiling", label=label)
    if tail == "growth":
        return lang._("{label}: growth a year", label=label)
    return label


def _nice(x: float, up: bool = True) -> float:
    """1, 2 or 5 times a power of ten: the next one up (or down)."""
    if x <= 0 or not math.isfinite(x):
        return 1.0
    power = 10 ** math.floor(math.log10(x))
    steps = (1, 2, 5, 10) if up else (10, 5, 2, 1)
    for step in steps:
        if (up and step * power >= x * (1 - 1e-9)) or (not up and step * power <= x * (1 + 1e-9)):
            return float(step * power)
    return float(10 * power)


MONEY_UNITS = {"T": N_("$T"), "B": N_("$B"), "M": N_("$M"), "K": N_("$K"), "": N_("$")}
COUNT_UNITS = {"T": N_("T"), "B": N_("B"), "M": N_("M"), "K": N_("K")}
PER = {"/yr": N_("/yr"), "/GW": N_("/GW"), "/GW-yr": N_("/GW-yr"), "/MWh": N_("/MWh"), "/day": N_("/day"),
       "/year": N_("/yr")}
"""The parts of the units a control is shown in, each translated on its own (units, not sentences)."""


def display(unit: str, spec: NumSpec, centre: float, lang: Language = ENGLISH) -> tuple[str, float]:
    """``(unit shown, canonical units per unit shown)`` for a control, the unit written in ``lang``."""
    size = abs(centre)

    def per(tail: str) -> str:
        return lang._(PER[tail]) if tail in PER else tail

    if unit == "fraction":
        return (lang.number("%"), 0.01) if spec.hi == 1 or spec.lo == -1 else ("×", 1.0)
    if unit.startswith("USD"):
        tail = {"USD": "", "USD/year": "/yr", "USD/GW": "/GW", "USD/GW/year": "/GW-yr", "USD/MWh": "/MWh"}.get(
            unit, unit.removeprefix("USD"))
        if unit == "USD/year" and size < 1e5:
            return lang._("$/month"), 12.0
        for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
            if size >= scale:
                return lang._(MONEY_UNITS[suffix]) + per(tail), scale
        return lang._(MONEY_UNITS[""]) + per(tail), 1.0
    if unit.startswith("count"):
        tail = unit.removeprefix("count")
        for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
            if size >= scale:
                return (lang._(COUNT_UNITS[suffix]) + per(tail)).strip(), scale
        return per(tail).strip("/ ") if tail else "", 1.0
    if unit == "FLOP/s/W":
        return "GFLOP/s/W", 1e9
    if unit == "year":
        return lang._("year"), 1.0
    return unit, 1.0


def control_of(field: Field, section: str, label: str, lang: Language = ENGLISH) -> dict[str, Any] | None:
    """The slider for one scalar field (a :class:`Const` or :class:`Dist`), or ``None`` if none makes sense."""
    value, spec = field.value, field.spec
    uncertain = isinstance(value, Dist)
    if isinstance(value, Dist):
        p5, centre, p95 = (float(v) for v in quantile(value, np.array([0.05, 0.5, 0.95])))
    elif isinstance(value, Const):
        p5 = p95 = centre = float(value.value)
    else:
        return None
    if not all(math.isfinite(v) for v in (p5, centre, p95)):
        return None
    lower, upper = spec.lo, spec.hi
    year = spec.unit == "year"
    if year:
        low, high, step = round(centre) - 5.0, round(centre) + 5.0, 1.0
    else:
        spread = max(abs(centre), p95 - p5)
        if spread == 0:
            if spec.unit != "fraction":
                return None  # a zero money or count field: no scale to offer
            spread = 0.1
        if lower is not None and lower >= 0:
            low = float(lower)
            high = max(3 * centre, 1.5 * p95) if centre > 0 else spread * 4
            if spec.unit == "fraction" and upper == 1:
                high = max(4 * centre, 1.5 * p95, 0.05) if p95 > 0 else 1.0
        else:
            low, high = centre - 2 * spread, centre + 2 * spread
            if lower is not None:
                low = max(low, float(lower))
        if upper is not None:
            high = min(high, float(upper))
        high = _nice(high) if high > 0 else high
        if upper is not None:
            high = min(high, float(upper))
        if high <= low:
            high = low + (1.0 if spec.unit != "fraction" else 0.1)
        step = _nice((high - low) / 200, up=False)
        low = math.floor(low / step) * step if lower is None or low > lower else low
    shown_unit, scale = display(spec.unit, spec, centre, lang)
    spread_kind = None
    if uncertain:
        spread_kind = "scale" if p5 > 0 and centre > 0 else "shift"
    return {
        "path": field.path, "label": label, "section": section, "unit": spec.unit, "display_unit": shown_unit,
        "display_scale": scale, "min": low, "max": high, "step": step, "value": centre,
        "lower": lower, "upper": upper, "uncertain": uncertain, "p5": p5 if uncertain else None,
        "p95": p95 if uncertain else None, "spread": spread_kind, "integer": year, "help": _help(field, lang),
    }


def _help(field: Field, lang: Language) -> str:
    """The tooltip of a control: the field's meaning, in ``lang`` when its catalog has it, then its dotted path
    (what ``--set`` and the scenario file call it) on a line of its own.

    The meanings are declared with the scenario language, in English; a language whose catalog does not
    translate one shows the dotted path alone (a name, not English prose).
    """
    if not field.description:
        return field.path
    meaning = field.description if lang.code == "en" else lang.translations.gettext(field.description)
    if lang.code != "en" and meaning == field.description:
        return field.path
    return f"{meaning}\n{lang.isolate(field.path)}"


MULTIPLIER_RANGE = (0.25, 3.0)
"""The range of a whole-path multiplier slider."""
MAX_MULTIPLIERS = 8
"""Most whole-path sliders (after the others, in their own section)."""
WHOLE_PATHS = N_("Whole time paths")


def multiplier_control(field: Field, label: str, lang: Language = ENGLISH) -> dict[str, Any]:
    """A slider that multiplies a whole time path (every anchor, every draw): it sends ``x1.2``."""
    low, high = MULTIPLIER_RANGE
    scales = lang._("Multiplies every anchor of {path} (and each draw) by this factor.", path=lang.isolate(field.path))
    return {
        "path": field.path, "label": lang._("{label} (whole path)", label=label), "section": lang._(WHOLE_PATHS),
        "unit": "multiplier", "display_unit": "×", "display_scale": 1.0, "min": low, "max": high, "step": 0.01,
        "value": 1.0, "lower": 0.0, "upper": None, "uncertain": False, "p5": None, "p95": None, "spread": None,
        "integer": False, "multiplier": True, "help": f"{scales} {_help(field, lang)}".strip(),
    }


def _item_name(path: str, pattern: str) -> str:
    parts, wild = path.split("."), pattern.split(".")
    names = [p for p, w in zip(parts, wild, strict=False) if w == "*"]
    return names[0].replace("_", " ").capitalize() if names else ""


def _relevant(scenario: Scenario, path: str) -> bool:
    """Leave out drivers with no effect: capex and power of leased sites, contracts given by value only."""
    parts = path.split(".")
    if parts[0] == "sites" and parts[-1] in ("capex_per_gw", "power_price"):
        site = next((s for s in scenario.sites if s.name == parts[1]), None)
        return site is not None and site.ownership != "leased"
    return True


def controls(scenario: Scenario, lang: Language = ENGLISH) -> list[dict[str, Any]]:
    """The dashboard's controls for a scenario: curated drivers first, then other uncertain inputs; labels,
    sections and units in ``lang``. A network's are each entity's own, at ``entities.<entity>.<path>`` (a slider
    sends ``--set entities.lab.x=...``), under a section named by the entity."""
    if scenario.is_network:
        share = max(1, MAX_CONTROLS // max(1, len(scenario.entities)))
        found: list[dict[str, Any]] = []
        for entity, company in scenario.entities.items():
            for item in controls(company, lang)[:share]:
                found.append({**item, "path": f"entities.{entity}.{item['path']}",
                              "section": lang._("{entity}: {section}", entity=lang.isolate(entity),
                                                section=item["section"])})
        return found
    fields = list(numeric_fields(scenario))
    out: list[dict[str, Any]] = []
    wholes: list[dict[str, Any]] = []
    seen: set[str] = set()
    for pattern, section, template in CURATED:
        taken = 0
        for field in fields:
            if taken >= PER_PATTERN or not fnmatch.fnmatchcase(field.path, pattern) or not _relevant(
                    scenario, field.path):
                continue
            part = lead_part(field)
            if part is None or part.path in seen:
                continue
            name = lang._(template, item=lang.isolate(_item_name(field.path, pattern)))
            label = _suffix_label(part, name, lang)
            control = control_of(part, lang._(section), label, lang)
            if control is not None:
                seen.add(part.path)
                out.append(control)
                taken += 1
                if part.path != field.path and len(wholes) < MAX_MULTIPLIERS and not formulas_in(field.value):
                    # a time path: also as a whole (not one with a formula anchor: a formula cannot be scaled)
                    wholes.append(multiplier_control(field, name, lang))
    if len(out) < FALLBACK_UNTIL:
        for leaf in every_value(scenario):
            if not isinstance(leaf.value, Dist) or len(out) >= FALLBACK_MAX or leaf.path in seen:
                continue
            label = _suffix_label(leaf, lang.isolate(leaf.field.replace("_", " ").replace(".", " · ")), lang)
            control = control_of(leaf, lang._(OTHERS), label, lang)
            if control is not None:
                seen.add(leaf.path)
                out.append(control)
    return out[:MAX_CONTROLS] + wholes


def input_unit(scenario: Scenario) -> dict[str, str]:
    """The canonical unit of every uncertain input, by dotted path."""
    return {item.path: item.spec.unit for item in every_value(scenario) if isinstance(item.value, Dist)}
