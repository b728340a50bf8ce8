"""The assumptions behind a result, as table rows: inputs, sites, contracts, financing.

Everything here reads the scenario (``result.scenario``) and the series of the result;
values are written with their units (see :mod:`gigawatt.report.format`).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel

from gigawatt.engine.result import Result
from gigawatt.report.format import money, percent, quantity
from gigawatt.scenario.distributions import quantile
from gigawatt.scenario.fields import spec_of
from gigawatt.scenario.paths import iter_values, uncertain_inputs
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.values import Anchors, Const, Dist, Growth, Logistic, Value

__all__ = ["InputRow", "contract_rows", "country_rows", "field_units", "financing_rows", "input_rows", "site_rows",
           "value_rows", "value_text"]


def _unit_of(info: Any) -> str | None:
    spec = spec_of(list(info.metadata))
    if spec is None:
        for arg in typing.get_args(info.annotation):
            spec = spec_of(list(getattr(arg, "__metadata__", ())))
            if spec is not None:
                break
    return spec.unit if spec is not None else None


def field_units(model: BaseModel, prefix: str = "") -> dict[str, str]:
    """The canonical unit of every numeric field of a scenario (or component), by dotted path."""
    units: dict[str, str] = {}
    for name, info in type(model).model_fields.items():
        path = f"{prefix}{name}"
        unit = _unit_of(info)
        if unit is not None:
            units[path] = unit
            continue
        item = getattr(model, name)
        if isinstance(item, BaseModel):
            units.update(field_units(item, f"{path}."))
        elif isinstance(item, (list, tuple)):
            for i, element in enumerate(item):
                if isinstance(element, BaseModel):
                    key = getattr(element, "name", None)
                    units.update(field_units(element, f"{path}.{key if isinstance(key, str) else i}."))
    return units


def unit_of_path(path: str, units: dict[str, str]) -> str:
    """The unit of a dotted path of an input or a part of one (a growth rate is a fraction, a midpoint a year)."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        head = ".".join(parts[:cut])
        if head in units:
            rest = parts[cut:]
            if rest and rest[-1] == "growth":
                return "fraction"
            if rest and rest[-1] == "midpoint_year":
                return "year"
            return units[head]
    return ""


def value_text(value: Value, unit: str) -> str:
    """A value of a scenario written for a reader, with its unit: ``$50B/GW``, ``2025: 5%; 2030: 8%–12%``."""
    if isinstance(value, Const):
        return quantity(value.value, unit)
    if isinstance(value, Dist):
        return dist_text(value, unit)
    if isinstance(value, Anchors):
        return "; ".join(f"{year}: {value_text(v, unit)}" for year, v in value.points)
    if isinstance(value, Growth):
        since = f" in {value.start_year}" if value.start_year is not None else ""
        return f"{value_text(value.start, unit)}{since}, growing {value_text(value.growth, 'fraction')} a year"
    if isinstance(value, Logistic):
        since = f" in {value.start_year}" if value.start_year is not None else ""
        return (f"S-curve from {value_text(value.start, unit)}{since} towards {value_text(value.ceiling, unit)}, "
                f"midpoint {value_text(value.midpoint_year, 'year')}")
    raise TypeError(f"not a value: {value!r}")


def dist_text(dist: Dist, unit: str) -> str:
    """An uncertain value as its 90% range in the field's unit: ``$40B/GW – $60B/GW``."""
    if dist.kind == "choice":
        return "one of " + ", ".join(quantity(float(v), unit) for v in np.ravel(dist.params["values"]))
    low, high = quantile(dist, np.array([0.05, 0.95]))
    pct = _as_percent(unit, float(low), float(high))
    return f"{quantity(float(low), unit, as_percent=pct)} – {quantity(float(high), unit, as_percent=pct)}"


def _as_percent(unit: str, *values: float) -> bool | None:
    return all(abs(v) <= 1 for v in values) if unit == "fraction" else None


@dataclass(frozen=True)
class InputRow:
    """One uncertain input of a scenario, for the assumptions table."""

    path: str
    written: str
    kind: str
    p5: str
    p50: str
    p95: str
    source: str


def input_rows(scenario: Scenario) -> list[InputRow]:
    """Every uncertain input: what was written, the distribution, its P5/P50/P95 and its source comment."""
    units = field_units(scenario)
    rows = []
    for path, dist in uncertain_inputs(scenario).items():
        unit = unit_of_path(path, units)
        p5, p50, p95 = (float(v) for v in quantile(dist, np.array([0.05, 0.5, 0.95])))
        pct = _as_percent(unit, p5, p95)
        clip = "" if dist.clip == (None, None) else " (clipped)"
        rows.append(InputRow(
            path=path, written=dist.text or "", kind=dist.kind + clip,
            p5=quantity(p5, unit, as_percent=pct), p50=quantity(p50, unit, as_percent=pct),
            p95=quantity(p95, unit, as_percent=pct),
            source=dist.source or scenario.comments.get(path, "") or _parent_comment(path, scenario.comments),
        ))
    return rows


def _parent_comment(path: str, comments: dict[str, str]) -> str:
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        text = comments.get(".".join(parts[:cut]))
        if text:
            return text
    return ""


def value_rows(scenario: Scenario) -> list[tuple[str, str, str]]:
    """Every numeric field of the scenario: ``(dotted path, value with unit, source comment)``."""
    units = field_units(scenario)
    return [(path, value_text(value, units.get(path, "")), scenario.comments.get(path, ""))
            for path, value in iter_values(scenario)]


def _p50_at(result: Result, name: str, column: int) -> float:
    return float(np.percentile(result.series[name][:, column], 50)) if name in result.series else float("nan")


def site_rows(result: Result) -> list[dict[str, str]]:
    """One row per site: country, ownership, partners and the median GW online in the first, middle and last year."""
    years = [int(y) for y in result.years]
    columns = sorted({0, len(years) // 2, len(years) - 1})
    units = field_units(result.scenario)
    rows = []
    for site in result.scenario.sites:
        ownership = site.ownership.replace("_", " ")
        if site.ownership == "joint_venture":
            ownership += f" ({value_text(site.equity_share, 'fraction')} equity)"
        row = {"site": site.name, "country": site.country + (" (sovereign)" if site.sovereign else ""),
               "ownership": ownership, "partners": ", ".join(site.partners) or "–",
               "capex": value_text(site.capex_per_gw, units.get(f"sites.{site.name}.capex_per_gw", "USD/GW"))}
        for column in columns:
            gw = _p50_at(result, f"site_capacity_gw_{site.name}", column)
            row[f"GW {years[column]}"] = "–" if not np.isfinite(gw) else f"{gw:,.2f}"
        rows.append(row)
    return rows


def country_rows(result: Result) -> list[dict[str, str]]:
    """One row per country: its sites, and the median GW there (sites and contracts) in the first, middle and
    last year, with its share of all capacity in the last year."""
    from gigawatt.report.format import country_label, slug

    years = [int(y) for y in result.years]
    columns = sorted({0, len(years) // 2, len(years) - 1})
    scenario = result.scenario
    countries = [s.country for s in scenario.sites] + [c.country for c in scenario.contracts]
    prefix = "compute_capacity_gw_"
    keys = [n for n in result.series if n.startswith(prefix)]
    keys.sort(key=lambda n: -_p50_at(result, n, len(years) - 1))
    total = _p50_at(result, "compute_capacity_gw", len(years) - 1)
    rows = []
    for name in keys:
        key = name.removeprefix(prefix)
        row = {"country": country_label(key, countries),
               "sites": ", ".join(s.name for s in scenario.sites if slug(s.country) == key) or "–"}
        for column in columns:
            row[f"GW {years[column]}"] = f"{_p50_at(result, name, column):,.2f}"
        last = _p50_at(result, name, len(years) - 1)
        row[f"share {years[-1]}"] = percent(last / total) if total > 0 else "–"
        rows.append(row)
    return rows


def contract_rows(scenario: Scenario) -> list[dict[str, str]]:
    """One row per compute contract: counterparty, size, price, take-or-pay share."""
    rows = []
    for c in scenario.contracts:
        if c.total_value is not None:
            size = f"{value_text(c.total_value, 'USD')} over {c.years} years from {c.start_year}"
        else:
            assert c.capacity_gw is not None
            size = value_text(c.capacity_gw, "GW")
        rows.append({"contract": c.name, "counterparty": c.counterparty, "country": c.country, "size": size,
                     "price per GW-year": value_text(c.price_per_gw_year, "USD/GW/year"),
                     "take-or-pay": value_text(c.committed_share, "fraction"),
                     "note": "chips inside the listed sites (no extra capacity)" if c.inside_sites else ""})
    return rows


def financing_rows(scenario: Scenario) -> list[dict[str, str]]:
    """One row per planned financing item: equity, debt, facilities, vendor deals, acquisitions."""
    from gigawatt.scenario.components import finance as f

    rows = []
    for item in scenario.finance.financing:
        amount, terms = "", ""
        if isinstance(item, f.Equity):
            amount = value_text(item.amount, "USD")
            if item.valuation_post is not None:
                terms = f"at {value_text(item.valuation_post, 'USD')} post-money"
        elif isinstance(item, f.Debt):
            amount = value_text(item.amount, "USD")
            repaid = "repaid after" if item.amortisation == "bullet" else "amortised over"
            terms = f"{value_text(item.rate, 'fraction')} a year, {repaid} {item.tenor_years} y"
        elif isinstance(item, f.DelayedDraw):
            amount = value_text(item.amount, "USD")
            terms = (f"drawn on need for {item.availability_years} y at {value_text(item.rate, 'fraction')}, "
                     f"repaid after {item.tenor_years} y")
        elif isinstance(item, f.GpuBacked):
            amount = f"{value_text(item.advance_rate, 'fraction')} of capex"
            terms = f"{value_text(item.rate, 'fraction')} a year, each draw amortised over {item.tenor_years} y"
        elif isinstance(item, (f.VendorEquity, f.Warrant)):
            per = item.per_gw if isinstance(item, f.VendorEquity) else item.value_per_gw
            amount = f"{value_text(per, 'USD/GW')} per GW deployed"
            terms = "" if item.limit is None else f"up to {value_text(item.limit, 'USD')}"
        elif isinstance(item, f.Acquisition):
            amount = value_text(item.amount, "USD")
            terms = f"{value_text(item.share_paid, 'fraction')} in shares"
        rows.append({"name": item.name, "type": item.type, "year": str(item.year), "amount": amount, "terms": terms})
    return rows


def breakeven_rows(result: Result) -> list[tuple[int, str]]:
    """``(year, probability of break-even by then)`` for every ``breakeven_by_<year>`` event."""
    names = sorted((n for n in result.events if n.startswith("breakeven_by_")),
                   key=lambda n: int(n.removeprefix("breakeven_by_")))
    return [(int(n.removeprefix("breakeven_by_")), percent(float(result.events[n].mean()))) for n in names]


def year_table(result: Result, names: dict[str, str]) -> tuple[list[str], list[list[tuple[str, str]]]]:
    """Rows per year of ``(P50, "P5 – P95")`` money cells for the series in ``names`` (name -> column label)."""
    present = {n: label for n, label in names.items() if n in result.series}
    header = ["year", *present.values()]
    rows = []
    for column, year in enumerate(result.years):
        cells = [(str(int(year)), "")]
        for name in present:
            p5, p50, p95 = np.percentile(result.series[name][:, column], [5, 50, 95])
            spread = "" if np.isclose(p5, p95) else f"{money(p5, billions=True)} – {money(p95, billions=True)}"
            cells.append((money(p50, billions=True), spread))
        rows.append(cells)
    return header, rows
