"""The assumptions behind a result, as table rows: inputs, sites, contracts, financing.

Everything here reads the scenario (``result.scenario``) and the series of the result;
values are written with their units (see :mod:`gigawatt.report.format`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gigawatt import outputs
from gigawatt.engine.result import Result
from gigawatt.i18n import ENGLISH, N_, Language, language
from gigawatt.i18n import outputs as output_words
from gigawatt.outputs import (
    BREAKEVEN_BY,
    COMPUTE_CAPACITY_GW,
    COMPUTE_CAPACITY_GW_COUNTRY,
    CONTRACT_BACKLOG,
    COST_PER_MILLION_TOKENS,
    FLEET_AGE_YEARS,
    FLEET_FLOPS_PER_WATT,
    FRONTIER_FLOPS_PER_WATT,
    GROSS_MARGIN,
    HOST_SHORTFALL_GW,
    PURCHASED_GW,
    REVENUE_PER_GW,
    SITE_CAPACITY_GW,
    is_a,
    part,
)
from gigawatt.report.format import money, percent, quantity
from gigawatt.scenario.distributions import quantile
from gigawatt.scenario.formula import Formula
from gigawatt.scenario.paths import numeric_fields, uncertain_inputs, value_units
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.values import Anchors, Const, Dist, Growth, Logistic, Value

__all__ = ["KINDS", "InputRow", "column_title", "contract_rows", "country_rows", "financing_rows",
           "input_rows", "site_rows", "value_rows", "value_text"]


KINDS = {"normal": N_("normal"), "lognormal": N_("lognormal"), "beta": N_("beta"), "pert": N_("PERT"),
         "uniform": N_("uniform"), "triangular": N_("triangular"), "choice": N_("choice")}
"""The distributions of the scenario language, by name, as a reader calls them."""


def value_text(value: Value, unit: str, lang: Language | str = ENGLISH) -> str:
    """A value of a scenario written for a reader, with its unit: ``$50B/GW``, ``2025: 5%; 2030: 8%–12%``."""
    lang = language(lang)
    if isinstance(value, Const):
        return quantity(value.value, unit, lang=lang)
    if isinstance(value, Dist):
        return dist_text(value, unit, lang)
    if isinstance(value, Anchors):
        return lang._("; ").join(lang._("{year}: {value}", year=lang.year(year), value=value_text(v, unit, lang))
                                 for year, v in value.points)
    if isinstance(value, Formula):
        return value.text  # the formula as written: names and operators, in no language
    start, since = value_text(value.start, unit, lang), value.start_year
    if isinstance(value, Growth):
        rate = value_text(value.growth, "fraction", lang)
        return (lang._("{start} in {year}, growing {rate} a year", start=start, year=lang.year(since), rate=rate)
                if since is not None else lang._("{start}, growing {rate} a year", start=start, rate=rate))
    if isinstance(value, Logistic) and value.reach is not None:
        ceiling, reached = value_text(value.ceiling, unit, lang), value_text(value.reach[1], unit, lang)
        when = lang.year(value.reach[0])
        return (lang._("S-curve from {start} in {year} towards {ceiling}, reaching {value} in {when}", start=start,
                       year=lang.year(since), ceiling=ceiling, value=reached, when=when) if since is not None else
                lang._("S-curve from {start} towards {ceiling}, reaching {value} in {when}", start=start,
                       ceiling=ceiling, value=reached, when=when))
    if isinstance(value, Logistic) and value.midpoint_year is not None:
        ceiling, mid = value_text(value.ceiling, unit, lang), value_text(value.midpoint_year, "year", lang)
        return (lang._("S-curve from {start} in {year} towards {ceiling}, midpoint {midpoint}", start=start,
                       year=lang.year(since), ceiling=ceiling, midpoint=mid) if since is not None else
                lang._("S-curve from {start} towards {ceiling}, midpoint {midpoint}", start=start, ceiling=ceiling,
                       midpoint=mid))
    raise TypeError(f"not a value: {value!r}")


def dist_text(dist: Dist, unit: str, lang: Language | str = ENGLISH) -> str:
    """An uncertain value as its 90% range in the field's unit: ``$40B/GW – $60B/GW``."""
    lang = language(lang)
    if dist.kind == "choice":
        return lang._("one of {values}", values=lang._(", ").join(
            quantity(float(v), unit, lang=lang) for v in np.ravel(dist.params["values"])))
    low, high = quantile(dist, np.array([0.05, 0.95]))
    pct = _as_percent(unit, float(low), float(high))
    return (f"{quantity(float(low), unit, as_percent=pct, lang=lang)} – "
            f"{quantity(float(high), unit, as_percent=pct, lang=lang)}")


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


def input_rows(scenario: Scenario, lang: Language | str = ENGLISH) -> list[InputRow]:
    """Every uncertain input: what was written, the distribution, its P5/P50/P95 and its source comment."""
    lang = language(lang)
    units = value_units(scenario)
    rows = []
    for path, dist in uncertain_inputs(scenario).items():
        unit = units[path]
        p5, p50, p95 = (float(v) for v in quantile(dist, np.array([0.05, 0.5, 0.95])))
        pct = _as_percent(unit, p5, p95)
        kind = lang._(KINDS[dist.kind]) if dist.kind in KINDS else dist.kind
        rows.append(InputRow(
            path=path, written=dist.text or "",
            kind=kind if dist.clip == (None, None) else lang._("{kind} (clipped)", kind=kind),
            p5=quantity(p5, unit, as_percent=pct, lang=lang), p50=quantity(p50, unit, as_percent=pct, lang=lang),
            p95=quantity(p95, unit, as_percent=pct, lang=lang),
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


def value_rows(scenario: Scenario, lang: Language | str = ENGLISH) -> list[tuple[str, str, str]]:
    """Every numeric field of the scenario: ``(dotted path, value with unit, source comment)``."""
    return [(item.path, value_text(item.value, item.spec.unit, lang), scenario.comments.get(item.path, ""))
            for item in numeric_fields(scenario)]


def _p50_at(result: Result, name: str, column: int) -> float:
    return float(np.percentile(result.series[name][:, column], 50)) if name in result.series else float("nan")


OWNERSHIP = {"owned": N_("owned"), "leased": N_("leased"), "joint_venture": N_("joint venture")}
FINANCING = {"equity": N_("equity"), "debt": N_("debt"), "delayed_draw": N_("delayed-draw facility"),
             "gpu_backed": N_("GPU-backed debt"), "vendor_equity": N_("vendor equity"), "warrant": N_("warrant"),
             "acquisition": N_("acquisition")}


def site_rows(result: Result, lang: Language | str = ENGLISH) -> list[dict[str, str]]:
    """One row per site: country, ownership, partners and the median GW online in the first, middle and last year.

    The keys are the column names in English (``site``, ``country``, ..., ``GW <year>``).
    """
    lang = language(lang)
    years = [int(y) for y in result.years]
    columns = sorted({0, len(years) // 2, len(years) - 1})
    units = value_units(result.scenario)
    rows = []
    for site in result.scenario.sites:
        ownership = lang._(OWNERSHIP[site.ownership]) if site.ownership in OWNERSHIP else site.ownership
        if site.ownership == "joint_venture":
            ownership = lang._("{ownership} ({share} equity)", ownership=ownership,
                               share=value_text(site.equity_share, "fraction", lang))
        row = {"site": site.name,
               "country": lang._("{country} (sovereign)", country=site.country) if site.sovereign else site.country,
               "ownership": ownership, "partners": lang._(", ").join(site.partners) or "–",
               "capex": value_text(site.capex_per_gw, units.get(f"sites.{site.name}.capex_per_gw", "USD/GW"), lang)}
        for column in columns:
            gw = _p50_at(result, SITE_CAPACITY_GW.format(site=site.name), column)
            row[f"GW {years[column]}"] = "–" if not np.isfinite(gw) else lang.num(gw, ",.2f")
        rows.append(row)
    return rows


def country_rows(result: Result, lang: Language | str = ENGLISH) -> list[dict[str, str]]:
    """One row per country: its sites, and the median GW there (sites and contracts) in the first, middle and
    last year, with its share of all capacity in the last year."""
    from gigawatt.report.format import country_label, slug

    lang = language(lang)
    years = [int(y) for y in result.years]
    columns = sorted({0, len(years) // 2, len(years) - 1})
    scenario = result.scenario
    countries = [s.country for s in scenario.sites] + [c.country for c in scenario.contracts]
    keys = outputs.of(COMPUTE_CAPACITY_GW_COUNTRY, result.series)
    keys.sort(key=lambda n: -_p50_at(result, n, len(years) - 1))
    total = _p50_at(result, COMPUTE_CAPACITY_GW, len(years) - 1)
    rows = []
    for name in keys:
        key = part(name, COMPUTE_CAPACITY_GW_COUNTRY)
        row = {"country": country_label(key, countries),
               "sites": lang._(", ").join(s.name for s in scenario.sites if slug(s.country) == key) or "–"}
        for column in columns:
            row[f"GW {years[column]}"] = lang.num(_p50_at(result, name, column), ",.2f")
        last = _p50_at(result, name, len(years) - 1)
        row[f"share {years[-1]}"] = percent(last / total, lang=lang) if total > 0 else "–"
        rows.append(row)
    return rows


def contract_rows(scenario: Scenario, lang: Language | str = ENGLISH) -> list[dict[str, str]]:
    """One row per compute contract: counterparty, size, price, take-or-pay share (keys: English column names)."""
    lang = language(lang)
    rows = []
    for c in scenario.contracts:
        if c.total_value is not None:
            years = int(c.years or 0)
            size = lang.ngettext("{amount} over {n} year from {year}", "{amount} over {n} years from {year}", years,
                                 amount=value_text(c.total_value, "USD", lang), n=lang.integer(years),
                                 year=lang.digits_of(str(c.start_year)))
        else:
            assert c.capacity_gw is not None
            size = value_text(c.capacity_gw, "GW", lang)
        rows.append({"contract": c.name, "counterparty": c.counterparty, "country": c.country, "size": size,
                     "price per GW-year": value_text(c.price_per_gw_year, "USD/GW/year", lang),
                     "take-or-pay": value_text(c.committed_share, "fraction", lang),
                     "note": lang._("chips inside the listed sites (no extra capacity)") if c.inside_sites else ""})
    return rows


def financing_rows(scenario: Scenario, lang: Language | str = ENGLISH) -> list[dict[str, str]]:
    """One row per planned financing item: equity, debt, facilities, vendor deals, acquisitions
    (keys: English column names)."""
    from gigawatt.scenario.components import finance as f

    lang = language(lang)

    rows = []
    for item in scenario.finance.financing:
        amount, terms = "", ""
        if isinstance(item, (f.Equity, f.Debt, f.DelayedDraw, f.Acquisition)):
            amount = value_text(item.amount, "USD", lang)
        if isinstance(item, f.Equity) and item.valuation_post is not None:
            terms = lang._("at {valuation} post-money", valuation=value_text(item.valuation_post, "USD", lang))
        elif isinstance(item, f.Debt):
            rate = value_text(item.rate, "fraction", lang)
            n = lang.integer(item.tenor_years)
            terms = lang.ngettext("{rate} a year, repaid after {n} y", "{rate} a year, repaid after {n} y",
                                  item.tenor_years, rate=rate, n=n) if item.amortisation == "bullet" else \
                lang.ngettext("{rate} a year, amortised over {n} y", "{rate} a year, amortised over {n} y",
                              item.tenor_years, rate=rate, n=n)
        elif isinstance(item, f.DelayedDraw):
            terms = lang.ngettext("drawn on need at {rate} a year, repaid after {n} y",
                                  "drawn on need at {rate} a year, repaid after {n} y", item.tenor_years,
                                  rate=value_text(item.rate, "fraction", lang), n=lang.integer(item.tenor_years))
        elif isinstance(item, f.GpuBacked):
            amount = lang._("{share} of capex", share=value_text(item.advance_rate, "fraction", lang))
            terms = lang.ngettext("{rate} a year, amortised over {n} y", "{rate} a year, amortised over {n} y",
                                  item.tenor_years, rate=value_text(item.rate, "fraction", lang),
                                  n=lang.integer(item.tenor_years))
        elif isinstance(item, (f.VendorEquity, f.Warrant)):
            per = item.per_gw if isinstance(item, f.VendorEquity) else item.value_per_gw
            amount = lang._("{amount} per GW deployed", amount=value_text(per, "USD/GW", lang))
            if item.limit is not None:
                terms = lang._("up to {amount}", amount=value_text(item.limit, "USD", lang))
        elif isinstance(item, f.Acquisition):
            terms = lang._("{share} in shares", share=value_text(item.share_paid, "fraction", lang))
        rows.append({"name": item.name, "type": lang._(FINANCING[item.type]) if item.type in FINANCING else item.type,
                     "year": lang.year(item.year), "amount": amount, "terms": terms})
    return rows


COLUMNS = (N_("site"), N_("country"), N_("ownership"), N_("partners"), N_("capex"), N_("sites"), N_("contract"),
           N_("counterparty"), N_("size"), N_("price per GW-year"), N_("take-or-pay"), N_("note"), N_("name"),
           N_("type"), N_("year"), N_("amount"), N_("terms"))
"""The column names of the rows above (their keys), for the translation of table headers."""


def column_title(key: str, lang: Language | str = ENGLISH) -> str:
    """The header of a column of the rows above in ``lang``: ``GW 2030`` and ``share 2030`` keep their year."""
    lang = language(lang)
    head, _, year = key.rpartition(" ")
    if head == "GW" and year.isdigit():
        return lang._("GW {year}", year=lang.year(int(year)))
    if head == "share" and year.isdigit():
        return lang._("share {year}", year=lang.year(int(year)))
    return lang._(key)


def breakeven_rows(result: Result, lang: Language | str = ENGLISH) -> list[tuple[str, str]]:
    """``(year, probability of break-even by then)`` for every ``breakeven_by_<year>`` event."""
    lang = language(lang)
    names = sorted((n for n in result.events if is_a(n, BREAKEVEN_BY)),
                   key=lambda n: int(part(n, BREAKEVEN_BY)))
    return [(lang.year(int(part(n, BREAKEVEN_BY))), percent(float(result.events[n].mean()), lang=lang))
            for n in names]


def year_table(result: Result, names: Sequence[str],
               lang: Language | str = ENGLISH) -> tuple[list[str], list[list[tuple[str, str]]]]:
    """Rows per year of ``(P50, "P5 – P95")`` money cells for the series in ``names``, each headed by its label."""
    lang = language(lang)
    present = [n for n in names if n in result.series]
    header = [lang._("year"), *(output_words.label(n, lang) for n in present)]
    rows = []
    for column, year in enumerate(result.years):
        cells = [(lang.year(year), "")]
        for name in present:
            p5, p50, p95 = np.percentile(result.series[name][:, column], [5, 50, 95])
            spread = "" if np.isclose(p5, p95) else (
                f"{money(p5, billions=True, lang=lang)} – {money(p95, billions=True, lang=lang)}")
            cells.append((money(p50, billions=True, lang=lang), spread))
        rows.append(cells)
    return header, rows


FLEET_MEASURES: dict[str, str] = {
    FLEET_FLOPS_PER_WATT: "number",
    FRONTIER_FLOPS_PER_WATT: "number",
    FLEET_AGE_YEARS: "years",
    GROSS_MARGIN: "percent",
    COST_PER_MILLION_TOKENS: "cents",
    REVENUE_PER_GW: "money",
    PURCHASED_GW: "years",
    HOST_SHORTFALL_GW: "years",
    CONTRACT_BACKLOG: "money",
}
"""The supply and unit-economics outputs the report shows, and how a median is written (the label is the
catalogue's, :mod:`gigawatt.outputs`)."""


def fleet_rows(result: Result, lang: Language | str = ENGLISH) -> tuple[list[str], list[list[str]]]:
    """The header (the first, middle and last year) and one row per measure of :data:`FLEET_MEASURES`: medians."""
    lang = language(lang)
    years = [int(y) for y in result.years]
    columns = sorted({0, len(years) // 2, len(years) - 1})
    rows = []
    for name, kind in FLEET_MEASURES.items():
        if name not in result.series:
            continue
        row = [output_words.label(name, lang)]
        for column in columns:
            value = _p50_at(result, name, column)
            if kind == "percent":
                row.append(percent(value, lang=lang))
            elif kind == "money":
                row.append(money(value, lang=lang))
            elif kind == "cents":
                row.append(lang.num(value, ",.2f"))
            elif kind == "years":
                row.append(lang.num(value, ",.1f"))
            else:
                row.append(lang.num(value, ".3g"))
        rows.append(row)
    return [lang.year(years[c]) for c in columns], rows
