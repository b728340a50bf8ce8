"""A plan written back as a scenario, so that ``gigawatt run`` simulates the planned buildout and its finances.

The written file extends the planned scenario (or, when it was changed with ``--set``, holds
all of it) and adds:

- each built candidate as a ``sites`` item: ``ownership: owned``, a ``capacity_gw`` path
  through the years where the plan's growth changes, and the candidate's own cost fields as
  written in the source (uncertain values stay uncertain in the simulation);
- each signed offer as a ``contracts`` item: take-or-pay (``committed_share: 1``) with a
  ``capacity_gw`` path that is the contracted GW in each year of its term, 0 outside.

Built candidates and signed offers are dropped from ``candidates`` and ``offers``: the written
scenario holds decisions, not options. (In the simulation, GW online in the first year
count as built before the horizon, with no capex.)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from gigawatt.plan.result import PlanResult
from gigawatt.scenario.components.planning import Candidate
from gigawatt.scenario.schema import Scenario

MIN_GW = 1e-6
"""Builds and contracts smaller than this (GW) are left out."""

#: Candidate fields a built site keeps (the same names and meanings in `sites`).
SITE_FIELDS = ("capex_per_gw", "it_share_of_capex", "it_life_years", "facility_life_years", "build_years",
               "power_price", "pue", "utilisation")


def path_anchors(years: list[int], values: np.ndarray) -> dict[int, float]:
    """The fewest anchor years whose linear interpolation (flat outside) gives ``values`` exactly.

    An anchor sits at the first and last year and wherever the yearly change changes.
    """
    v = np.round(np.asarray(values, dtype=float), 6)
    keep = [0]
    for i in range(1, len(v) - 1):
        if abs((v[i + 1] - v[i]) - (v[i] - v[i - 1])) > 1e-9:
            keep.append(i)
    if len(v) > 1:
        keep.append(len(v) - 1)
    return {int(years[i]): float(v[i]) for i in keep}


def _raw_items(data: dict[str, Any], section: str) -> dict[str, dict[str, Any]]:
    return {str(item.get("name")): item for item in data.get(section) or [] if isinstance(item, dict)}


def _site_item(plan: PlanResult, index: int, scenario: Scenario, raw: dict[str, Any]) -> dict[str, Any]:
    name = plan.problem.sites[index].name
    candidate = next(c for c in scenario.candidates if c.name == name)
    written = raw.get(name, {})
    sovereign = any(plan.problem.in_region(r, candidate.country) for r in plan.problem.regions
                    if r.sovereign_share > 0)
    item: dict[str, Any] = {"name": name, "country": candidate.country}
    if candidate.partners:
        item["partners"] = list(candidate.partners)
    # the plan's schedule is its own: the common build delay of `run` does not move it again
    item.update(sovereign=sovereign, ownership="owned", common_delay=False,
                capacity_gw=path_anchors(plan.years, plan.online[index]))
    for key in SITE_FIELDS:
        item[key] = written[key] if key in written else Candidate.model_fields[key].default
    return item


def _contract_item(plan: PlanResult, index: int, raw: dict[str, Any]) -> dict[str, Any]:
    offer = plan.problem.offers[index]
    written = raw.get(offer.name, {})
    return {
        "name": offer.name,
        "counterparty": offer.counterparty,
        "country": offer.country,
        "capacity_gw": path_anchors(plan.years, plan.contracted[index]),
        "price_per_gw_year": written.get("price_per_gw_year", "$12B"),
        "committed_share": 1,
        "common_delay": False,
    }


def plan_scenario_data(plan: PlanResult, scenario: Scenario, extends: str | None = None) -> dict[str, Any]:
    """The written scenario as data: extending ``extends`` (a bundled name or a file path) or standing alone."""
    raw = yaml.safe_load(scenario.text) if scenario.text else {}
    if not isinstance(raw, dict):
        raw = {}
    candidates, offers = _raw_items(raw, "candidates"), _raw_items(raw, "offers")
    built = [i for i in range(len(plan.problem.sites)) if plan.build[i].sum() > MIN_GW]
    signed = [o for o in range(len(plan.problem.offers)) if plan.sign[o].sum() > MIN_GW]
    sites = [_site_item(plan, i, scenario, candidates) for i in built]
    contracts = [_contract_item(plan, o, offers) for o in signed]
    built_names = {plan.problem.sites[i].name for i in built}
    signed_names = {plan.problem.offers[o].name for o in signed}
    header = {
        "name": f"{scenario.name}-plan",
        "description": f"The buildout `gigawatt plan` chose for {scenario.name}: {len(sites)} sites built, "
                       f"{len(contracts)} contracts signed.",
    }
    if extends is not None:
        data: dict[str, Any] = {**header, "extends": extends}
        if sites:  # an empty list would replace the parent's list
            data["sites"] = sites
        if contracts:
            data["contracts"] = contracts
        dropped_c = [{"name": n, "drop": True} for n in sorted(built_names)]
        dropped_o = [{"name": n, "drop": True} for n in sorted(signed_names)]
        if dropped_c:
            data["candidates"] = dropped_c
        if dropped_o:
            data["offers"] = dropped_o
        return data
    data = {key: value for key, value in raw.items() if key != "extends"}
    data.update(header)
    data["sites"] = list(data.get("sites") or []) + sites
    data["contracts"] = list(data.get("contracts") or []) + contracts
    data["candidates"] = [c for c in data.get("candidates") or [] if c.get("name") not in built_names]
    data["offers"] = [o for o in data.get("offers") or [] if o.get("name") not in signed_names]
    return data


def plan_scenario_text(plan: PlanResult, scenario: Scenario, extends: str | None = None) -> str:
    """The written scenario as YAML text, with a header saying where it came from."""
    meta = plan.meta
    lines = [
        f"# Written by `gigawatt plan` from {scenario.name} ({plan.problem.n_samples} demand samples, "
        f"seed {meta.get('seed', '?')}).",
        f"# Expected cost {plan.objective / 1e9:,.1f} $B (present value at {plan.years[0]}). "
        "Simulate it with `gigawatt run FILE`.",
    ]
    body = yaml.safe_dump(plan_scenario_data(plan, scenario, extends), sort_keys=False, allow_unicode=True)
    return "\n".join(lines) + "\n" + body


def extends_reference(source: str, target: Path) -> str:
    """How the written file at ``target`` names its parent: a bundled name as is, a file relative to ``target``."""
    path = Path(source)
    if not (source.endswith((".yaml", ".yml")) or path.exists() or "/" in source):
        return source
    try:
        return os.path.relpath(path.resolve(), target.resolve().parent)
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def write_scenario(plan: PlanResult, scenario: Scenario, target: Path | str, source: str | None = None) -> None:
    """Write the plan as a scenario file (atomically).

    Parameters
    ----------
    plan, scenario
        The plan and the scenario it was made from.
    target
        The file to write.
    source
        The bundled name or file the scenario was loaded from, to extend; ``None`` writes the
        whole scenario (needed when it was changed by overrides).
    """
    from gigawatt.atomic import atomic_write_text

    target = Path(target)
    extends = extends_reference(source, target) if source is not None else None
    atomic_write_text(target, plan_scenario_text(plan, scenario, extends))
