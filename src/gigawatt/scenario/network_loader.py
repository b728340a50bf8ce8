"""Validating a network: each entity as a company scenario of its own, then the network that joins them.

An entity is validated as a whole company scenario over the network's horizon (the loader gives it that
horizon; an entity that states another is an error). Its problems are located where it is written, with the
path ``entities.<entity>.<path within the entity>``; its uncertain inputs, correlations, formulas and source
comments then take that prefix, so that draws, pinning, sensitivity and ``--set`` name them alike.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from gigawatt.scenario.errors import PathProblems, Problem, ScenarioError
from gigawatt.scenario.formula import Formula
from gigawatt.scenario.loader import (
    ENTITIES,
    Raw,
    _comment_for,
    _is_fixed,
    _locate,
    _mark_for,
    _problems,
    check_correlations,
    validate,
)
from gigawatt.scenario.paths import every_value, numeric_fields, uncertain_inputs
from gigawatt.scenario.schema import Horizon, Scenario
from gigawatt.scenario.yamlio import Key

YEARS = ("start", "end")
"""The parts of the horizon that are the network's: every entity runs over the same years (each keeps its own
discount rate)."""


def _section(node: Any, name: str) -> dict[str, Any]:
    value = node.get(name) if isinstance(node, dict) else None
    return dict(value) if isinstance(value, dict) else {}


def entity_raw(raw: Raw, entity: str) -> Raw:
    """The raw data of one entity, its marks and comments keyed within it, over the network's years."""
    key: Key = (ENTITIES, entity)
    node = copy.deepcopy(dict(raw.data[ENTITIES][entity]))
    horizon = {**_section(node, "horizon"), **{k: v for k, v in _section(raw.data, "horizon").items() if k in YEARS}}
    if horizon:
        node["horizon"] = horizon
    node.setdefault("name", entity)
    marks = {k[2:]: m for k, m in raw.marks.items() if k[:2] == key}
    marks.update({k: m for k, m in raw.marks.items() if k[:2] in (("horizon", "start"), ("horizon", "end"))})
    comments = {k[2:]: t for k, t in raw.comments.items() if k[:2] == key and len(k) > 2}
    return Raw(node, marks, comments)


def shared_streams(raw: Raw, entity: str) -> frozenset[str]:
    """The streams of ``entity`` that the network's markets list as members (``<entity>.streams.<name>``)."""
    found = set()
    for market in _section(raw.data, "markets").values():
        members = market.get("members") if isinstance(market, dict) else None
        for member in members if isinstance(members, list) else []:
            parts = str(member).split(".")
            if len(parts) == 3 and parts[0] == entity and parts[1] == "streams":
                found.add(parts[2])
    return frozenset(found)


def _horizon_problem(raw: Raw, entity: str) -> Problem | None:
    """A problem when the entity states years that are not the network's."""
    own = _section(raw.data[ENTITIES][entity], "horizon")
    if not set(own) & set(YEARS):
        return None
    network = Horizon.model_fields
    theirs = _section(raw.data, "horizon")
    for part in YEARS:
        if part in own and own[part] != theirs.get(part, network[part].default):
            return _locate(f"{ENTITIES}.{entity}.horizon.{part}", "every entity runs over the network's years; "
                           f"leave `{part}` out of the entity's horizon (or give the network's)", raw)
    return None


def _entity_problems(raw: Raw, entity: str, node: Any) -> list[Problem]:
    """What keeps ``node`` from being validated as an entity at all."""
    where = f"{ENTITIES}.{entity}"
    if not isinstance(node, dict):
        return [_locate(where, f"an entity is a company scenario: a mapping of sections (streams:, finance:, ...); "
                        f"got {node!r}", raw)]
    if ENTITIES in node:
        return [_locate(f"{where}.{ENTITIES}", "an entity is one company: networks do not nest", raw)]
    found = _horizon_problem(raw, entity)
    return [found] if found is not None else []


def validate_network(raw: Raw, years: tuple[int, int] | None) -> Scenario:
    """Validate the merged raw data of a network (``raw.data["entities"]`` a non-empty mapping)."""
    problems: list[Problem] = []
    entities: dict[str, Scenario] = {}
    for name, node in raw.data[ENTITIES].items():
        entity = str(name)
        found = _entity_problems(raw, entity, node)
        if found:
            problems += found
            continue
        here = _mark_for((ENTITIES, entity), raw)
        try:
            entities[entity] = validate(entity_raw(raw, entity), shared_markets=shared_streams(raw, entity))
        except ScenarioError as exc:
            problems += [Problem(p.mark if p.mark.file else here,
                                 f"{ENTITIES}.{entity}.{p.path}" if p.path else f"{ENTITIES}.{entity}", p.message)
                         for p in exc.problems]
    if problems:
        raise ScenarioError(problems)
    own = {k: v for k, v in raw.data.items() if k != ENTITIES}
    own_correlations = list(own.get("correlations") or [])
    scenario = _network(raw, own, entities, own_correlations, years)
    inputs = uncertain_inputs(scenario)
    kept = [c for c in own_correlations
            if not (isinstance(c, dict) and any(_is_fixed(str(p), scenario, inputs) for p in c.get("between", [])))]
    if len(kept) != len(own_correlations):  # a fixed value cannot be correlated: leave that one out
        scenario = _network(raw, own, entities, kept, years)
    for name, market in scenario.markets.items():
        market._where = _mark_for(("markets", name, "members"), raw)
    for path, dist in inputs.items():
        dist.path = path
        dist.source = dist.source or _comment_for(path, raw)
    for item in every_value(scenario):  # fields and their parts (an anchor may be a formula)
        path, value = item.path, item.value
        if isinstance(value, Formula) and not path.startswith(f"{ENTITIES}."):
            raise ScenarioError([_locate(path, f"{value.text}: a formula belongs in an entity; a network's own "
                                         "fields take numbers, paths and distributions", raw)])
        if isinstance(value, Formula):
            value.path = path  # a formula's errors at run time name its field in the network
    check_correlations(scenario, list(inputs), raw)
    scenario._data = {**own, ENTITIES: {name: entity._data for name, entity in entities.items()}}
    scenario._notes = [*raw.notes, *(f"{name}: {note}" for name, entity in entities.items() for note in entity.notes)]
    comments = {item.path: _comment_for(item.path, raw) for item in numeric_fields(scenario)
                if not item.path.startswith(ENTITIES)}
    comments.update({f"{ENTITIES}.{name}.{path}": text for name, entity in entities.items()
                     for path, text in entity.comments.items()})
    scenario._comments = {path: text for path, text in comments.items() if text}
    return scenario


def _network(raw: Raw, own: dict[str, Any], entities: dict[str, Scenario], correlations: list[Any],
             years: tuple[int, int] | None) -> Scenario:
    """The network scenario: its own fields, the validated entities, and its correlations followed by each
    entity's with the entity's prefix."""
    prefixed = [{"name": f"{name}.{c.name}" if c.name else None,
                 "between": [f"{ENTITIES}.{name}.{path}" for path in c.between], "rank": c.rank}
                for name, entity in entities.items() for c in entity.correlations]
    data = {**own, ENTITIES: entities}
    if correlations or prefixed:
        data["correlations"] = [*correlations, *prefixed]
    try:
        return Scenario.model_validate(data, context={"years": years})
    except ValidationError as exc:
        raise ScenarioError(_problems(exc, raw)) from None
    except PathProblems as exc:
        raise ScenarioError(_locate(path, message, raw) for path, message in exc.problems) from None

