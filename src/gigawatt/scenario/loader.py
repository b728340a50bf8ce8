"""Loading a scenario: files, `extends`, `--set` overrides, validation, located errors."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gigawatt import outputs as catalogue
from gigawatt.scenario.correlations import CorrelationProblem, copula_factor
from gigawatt.scenario.distributions import DIST_KINDS
from gigawatt.scenario.errors import Mark, PathProblems, Problem, ScenarioError, did_you_mean
from gigawatt.scenario.formula import (
    Dim,
    Formula,
    FormulaProblem,
    Name,
    check_counts,
    check_units,
    dim_of,
    output_unit,
)
from gigawatt.scenario.paths import (
    PathError,
    all_paths,
    every_value,
    numeric_fields,
    set_raw,
    uncertain_inputs,
)
from gigawatt.scenario.scale import Scale, parse_scale, raw_of, scaled
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.units import ValueProblem
from gigawatt.scenario.values import INTERPOLATE
from gigawatt.scenario.yamlio import Key, MalformedYAMLError, item_key, read_yaml

BUNDLED_PACKAGE = "gigawatt.scenarios"


@dataclass
class Raw:
    """Scenario data before validation, with the mark and source comment of every node."""

    data: dict[str, Any]
    marks: dict[Key, Mark] = field(default_factory=dict)
    comments: dict[Key, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What a variant changed that the reader should know (a correlation left out with a dropped item)."""


def bundled_names() -> list[str]:
    """Names of the scenarios that ship with gigawatt."""
    folder = resources.files(BUNDLED_PACKAGE)
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def bundled_text(name: str) -> str:
    """The YAML text of a bundled scenario."""
    return (resources.files(BUNDLED_PACKAGE) / f"{name}.yaml").read_text(encoding="utf-8")


def _resolve(source: str, relative_to: Path | None) -> tuple[str, str]:
    """Return ``(label, text)`` for a bundled name or a file path."""
    candidate = Path(source)
    if relative_to is not None and not candidate.is_absolute():
        candidate = relative_to / candidate
    if source.endswith((".yaml", ".yml")) or candidate.exists() or "/" in source:
        if not candidate.is_file():
            raise ScenarioError.one(f"no scenario file at {candidate}")
        try:
            text = candidate.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError.one(
                f"the file is not UTF-8 text (byte {exc.start}: {exc.object[exc.start:exc.start + 1]!r}); "
                "save it as UTF-8", file=str(candidate)) from None
        return str(candidate), text
    names = bundled_names()
    if source not in names:
        raise ScenarioError.one(
            f"no bundled scenario or file named {source!r}{did_you_mean(source, names)}; "
            f"bundled: {', '.join(names)}"
        )
    return f"<bundled:{source}>", bundled_text(source)


def _comments(text: str, marks: dict[Key, Mark]) -> dict[Key, str]:
    """The source comment of each node: on its own line, or the comment lines just above it."""
    lines = text.splitlines()
    out: dict[Key, str] = {}
    for key, mark in marks.items():
        if not key or not 0 < mark.line <= len(lines):
            continue
        line = lines[mark.line - 1]
        if "#" in line[mark.column - 1 :]:
            out[key] = line[line.index("#", mark.column - 1) + 1 :].strip()
            continue
        above: list[str] = []
        i = mark.line - 2
        while i >= 0 and lines[i].strip().startswith("#"):
            above.insert(0, lines[i].strip().lstrip("#").strip())
            i -= 1
        if above:
            out[key] = " ".join(above)
    return out


MAX_EXTENDS = 16
"""Longest chain of `extends` (a file extending a file ...): a longer one is refused at the `extends`."""


def read_raw(source: str, *, relative_to: Path | None = None, chain: tuple[str, ...] = (),
             via: Mark | None = None) -> Raw:
    """Read a scenario file (following `extends`) into merged raw data with marks.

    ``via`` is where the including file names this one (its `extends`): a file that cannot be
    found or read there is an error at that line.
    """
    try:
        label, text = _resolve(source, relative_to)
    except ScenarioError as exc:
        if via is None:
            raise
        raise ScenarioError(Problem(via, "extends", p.message) if not p.mark.file else p
                            for p in exc.problems) from None
    if label in chain:
        cycle = " -> ".join((*chain, label))
        raise ScenarioError([Problem(via or Mark(chain[-1]), "extends", f"extends forms a cycle: {cycle}")])
    if len(chain) > MAX_EXTENDS:
        raise ScenarioError([Problem(via or Mark(label), "extends",
                                     f"extends goes more than {MAX_EXTENDS} files deep: {' -> '.join(chain)}")])
    if not text.strip():
        raise ScenarioError.one("the file is empty; a scenario needs at least a name", file=label)
    data, marks = read_yaml(text, label)
    if not isinstance(data, dict):
        raise ScenarioError.one("a scenario must be a mapping of sections (name:, horizon:, ...)", file=label,
                                line=1, column=1)
    raw = Raw(data, marks, _comments(text, marks))
    parent = data.get("extends")
    if parent is None:
        return expand_entities(unwrap(raw), (*chain, label))
    mark = marks.get(("extends",), Mark(label))
    if not isinstance(parent, str):
        raise ScenarioError.one("extends must be a bundled scenario name or a file path", file=mark.file,
                                line=mark.line, column=mark.column, path="extends")
    folder = Path(label).parent if not label.startswith("<bundled:") else None
    base = read_raw(parent, relative_to=folder, chain=(*chain, label), via=mark)
    return expand_entities(merge(base, raw), (*chain, label))


ENTITIES = "entities"
"""The section of a network that holds its companies (docs/model.md section 12)."""


def expand_entities(raw: Raw, chain: tuple[str, ...]) -> Raw:
    """``raw`` with each entity of a network that ``extends`` a bundled scenario merged over it, as a variant
    merges over its base (a company scenario comes back unchanged).

    Inside a network an entity's ``extends`` names a bundled scenario only: no file name comes from an entity.
    The base's horizon years are dropped (the network's years are every entity's; the base's discount rate
    stays), and so is its ``extends``; what the base wrote is located at the entity's ``extends`` line, what the
    network wrote at its own lines.
    """
    entities = raw.data.get(ENTITIES)
    if not isinstance(entities, dict) or not any(isinstance(n, dict) and "extends" in n for n in entities.values()):
        return raw
    names = bundled_names()
    data = {**raw.data, ENTITIES: dict(entities)}
    marks, comments, notes = dict(raw.marks), dict(raw.comments), list(raw.notes)
    for entity, node in entities.items():
        if not isinstance(node, dict) or "extends" not in node:
            continue
        key: Key = (ENTITIES, str(entity))
        mark = raw.marks.get((*key, "extends"), raw.marks.get(key, Mark(chain[-1] if chain else "<scenario>")))
        parent = node["extends"]
        if not isinstance(parent, str) or parent not in names:
            raise ScenarioError.one(f"inside a network, an entity extends a bundled scenario only ({', '.join(names)});"
                                    f" got {parent!r}{did_you_mean(str(parent), names)}", file=mark.file,
                                    line=mark.line, column=mark.column, path=f"entities.{entity}.extends")
        base = read_raw(parent, chain=chain, via=mark)
        if ENTITIES in base.data:
            raise ScenarioError.one(f"{parent} is a network; an entity extends a company scenario", file=mark.file,
                                    line=mark.line, column=mark.column, path=f"entities.{entity}.extends")
        base.data.pop("extends", None)
        years = {"start", "end"}  # the network's; the entity keeps its own discount rate
        if isinstance(base.data.get("horizon"), dict):
            base.data["horizon"] = {k: v for k, v in base.data["horizon"].items() if k not in years}
        base_marks = {k: mark for k in base.marks if k and k[0] != "extends" and k[:2] not in (
            ("horizon", "start"), ("horizon", "end"))}
        own = {k[2:]: m for k, m in raw.marks.items() if k[:2] == key and len(k) > 2 and k[2] != "extends"}
        top = Raw({k: v for k, v in node.items() if k != "extends"}, own,
                  {k[2:]: t for k, t in raw.comments.items() if k[:2] == key and len(k) > 2})
        merged = merge(Raw(base.data, base_marks, base.comments, base.notes), top)
        data[ENTITIES][entity] = merged.data
        for k in [k for k in marks if k[:2] == key and len(k) > 2]:
            del marks[k]
        marks.update({(*key, *k): m for k, m in merged.marks.items() if k})
        comments.update({(*key, *k): t for k, t in merged.comments.items()})
        notes += [f"{entity}: {note}" for note in merged.notes]
    return Raw(data, marks, comments, notes)


REPLACE = "replace"
"""``{replace: VALUE}`` in a variant: VALUE replaces the base's value whole instead of merging with it."""

DROP = "drop"
"""``{name: x, drop: true}`` removes a list item; ``2030: {drop: true}`` removes an anchor."""


class _Whole:
    """A node written as ``{replace: ...}``: it replaces the base's node whole."""

    def __init__(self, value: Any) -> None:
        self.value = value


def merge(base: Raw, top: Raw) -> Raw:
    """Deep-merge ``top`` over ``base``: mappings key by key, named list items by name, anchors by year.

    A node written as ``{replace: VALUE}`` in ``top`` replaces the base's node whole.
    """
    wrapped, marks, comments = _mark_replacements(top)
    data = _plain(_merge(copy.deepcopy(base.data), wrapped))
    notes = [*base.notes, *top.notes]
    gone = _dropped_items(base.data, data, ())
    if gone and isinstance(data.get("correlations"), list):
        kept = []
        for item in data["correlations"]:
            between = item.get("between", []) if isinstance(item, dict) else []
            named = next((g for g in gone for p in between if str(p) == g or str(p).startswith(f"{g}.")), None)
            if named is None:
                kept.append(item)
                continue
            label = item.get("name") or " and ".join(map(str, between))
            notes.append(f"correlation {label} left out: it names {named}, which this variant drops")
        data["correlations"] = kept
    return Raw(data, {**base.marks, **marks}, {**base.comments, **comments}, notes)


def _dropped_items(base: Any, merged: Any, key: Key) -> list[str]:
    """Dotted paths of the named list items in ``base`` that ``merged`` no longer has."""
    if isinstance(base, dict) and isinstance(merged, dict):
        return [g for k, v in base.items() if k in merged for g in _dropped_items(v, merged[k], (*key, str(k)))]
    if isinstance(base, list) and isinstance(merged, list):
        names = {item_key(item, i): item for i, item in enumerate(merged)}
        out = []
        for i, item in enumerate(base):
            name = item_key(item, i)
            if not (isinstance(item, dict) and "name" in item):
                continue
            if name not in names:
                out.append(".".join((*key, name)))
            else:
                out += _dropped_items(item, names[name], (*key, name))
        return out
    return []


def unwrap(raw: Raw) -> Raw:
    """``raw`` with every ``{replace: VALUE}`` turned into VALUE (a file with no base to replace)."""
    wrapped, marks, comments = _mark_replacements(raw)
    return Raw(_plain(wrapped), marks, comments, list(raw.notes))


def _mark_replacements(raw: Raw) -> tuple[Any, dict[Key, Mark], dict[Key, str]]:
    """Wrap each ``{replace: VALUE}`` node as :class:`_Whole`; drop ``replace`` from the marks' keys."""
    dropped: list[Key] = []  # keys of the `replace` entries, deepest last

    def wrap(node: Any, key: Key) -> Any:
        if isinstance(node, dict):
            if len(node) == 1 and next(iter(node)) == REPLACE:
                dropped.append((*key, REPLACE))
                return _Whole(wrap(node[REPLACE], key))
            return {k: wrap(v, (*key, str(k))) for k, v in node.items()}
        if isinstance(node, list):
            return [wrap(item, (*key, item_key(item, i))) for i, item in enumerate(node)]
        return node

    data = wrap(raw.data, ())

    def rekey(key: Key) -> Key:
        for where in sorted(dropped, key=len, reverse=True):
            if key[: len(where)] == where:
                key = key[: len(where) - 1] + key[len(where):]
        return key

    marks: dict[Key, Mark] = {}
    for key, mark in raw.marks.items():  # the `replace:` line marks the value unless the value has its own
        if key in dropped:
            marks.setdefault(rekey(key), mark)
        else:
            marks[rekey(key)] = mark
    comments = {rekey(key): text for key, text in raw.comments.items()}
    return data, marks, comments


def _plain(node: Any) -> Any:
    """A deep copy of ``node`` with every :class:`_Whole` unwrapped."""
    if isinstance(node, _Whole):
        return _plain(node.value)
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    return copy.deepcopy(node)


def _is_year(key: Any) -> bool:
    """An anchor year as YAML reads it: 2030 or "2030"."""
    if isinstance(key, bool) or not isinstance(key, (int, str)):
        return False
    return str(key).isdigit() and len(str(key)) == 4


def _value_kind(node: Any) -> str | None:
    """The form of a numeric value written as a mapping (a distribution, a path), or None for a section."""
    if not isinstance(node, dict) or not node:
        return None
    keys = {str(k) for k in node}
    if keys & set(DIST_KINDS):
        return "distribution"
    if "logistic" in keys:
        return "logistic"
    if keys <= {"start", "growth", "start_year"}:
        return "growth"
    if any(_is_year(k) for k in node) and all(_is_year(k) or str(k) == INTERPOLATE for k in node):
        return "anchors"
    return None


_MERGING = ("logistic", "growth", "anchors")
"""Values whose parts merge: the parts of an S-curve or a growth path, the anchors of a time path."""


def _merge(base: Any, top: Any) -> Any:
    if isinstance(top, _Whole):
        return top
    base_kind, top_kind = _value_kind(base), _value_kind(top)
    if top_kind == "anchors" and base_kind == "anchors":
        anchors = dict(base)
        for key, value in top.items():
            anchors.pop(next((k for k in anchors if str(k) == str(key)), key), None)
            if not (isinstance(value, dict) and value == {DROP: True}):
                anchors[key] = value
        return anchors
    if (base_kind or top_kind) and not (base_kind == top_kind and top_kind in _MERGING):
        return top  # a value replaces a value; only the parts of an S-curve or growth path merge
    if isinstance(base, dict) and isinstance(top, dict):
        for key, value in top.items():
            base[key] = _merge(base[key], value) if key in base else value
        return base
    if isinstance(base, list) and isinstance(top, list) and top and all(
            isinstance(i, dict) and "name" in i for i in top):
        by_name = {item_key(item, i): i for i, item in enumerate(base)}
        items = list(base)
        for item in top:
            if item.get(DROP) is True:
                items = [b for b in items if item_key(b, -1) != item["name"]]
                by_name = {item_key(b, i): i for i, b in enumerate(items)}
            elif item["name"] in by_name:
                items[by_name[item["name"]]] = _merge(items[by_name[item["name"]]], item)
            else:
                items.append(item)
                by_name[item["name"]] = len(items) - 1
        return items
    return top


def override_value(text: Any, label: str = "--set") -> Any:
    """An override's value in the file's syntax: text is read as YAML data (never code); ``None`` if empty.

    Text that is not YAML stays text; tags, aliases, control characters and deep nesting are refused
    (:class:`ScenarioError`), as in a file.
    """
    if not isinstance(text, str):
        return text
    if not text.strip():
        return None
    try:
        return read_yaml(text, label)[0]
    except MalformedYAMLError:
        return text


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``PATH=VALUE`` from the command line; VALUE uses the scenario file's syntax."""
    if "=" not in text:
        raise ScenarioError.one(f"--set expects PATH=VALUE (e.g. consumer.paying_share=6%); got {text!r}",
                                file="--set")
    path, _, value_text = text.partition("=")
    value = override_value(value_text, f"--set {path.strip()}")
    if value is None:
        raise ScenarioError.one(f"--set {path.strip()}= needs a value", file="--set", path=path.strip())
    return path.strip(), value


def apply_overrides(raw: Raw, overrides: dict[str, Any]) -> Raw:
    """Apply ``{path: value}`` overrides (``--set``) to raw data; values use file syntax."""
    data = copy.deepcopy(raw.data)
    marks = dict(raw.marks)
    for path, value in overrides.items():
        parts = path.split(".")
        entities = data.get(ENTITIES)
        if parts[0] == ENTITIES and len(parts) > 2 and isinstance(entities, dict) and parts[1] not in entities:
            names = [str(name) for name in entities]  # a typo must not add an entity
            raise ScenarioError.one(f"the network has no entity named {parts[1]!r}{did_you_mean(parts[1], names)}; "
                                    f"entities: {', '.join(names)}", file="--set", path=path)
        try:
            set_raw(data, path, value)
        except PathError as exc:
            raise ScenarioError.one(str(exc), file="--set", path=path) from None
        key = tuple(path.split("."))
        for old in [k for k in marks if k[: len(key)] == key]:
            del marks[old]
        for depth in range(1, len(key) + 1):  # an error anywhere along a new path points at the --set
            marks.setdefault(key[:depth], Mark(f"--set {path}"))
        marks[key] = Mark(f"--set {path}")
    return Raw(data, marks, raw.comments, raw.notes)


def load(
    source: str | Path,
    overrides: dict[str, Any] | None = None,
) -> Scenario:
    """Load a bundled scenario by name, or a YAML file, and validate it.

    Parameters
    ----------
    source
        A bundled name (``"openai-2025"``) or a path to a YAML file.
    overrides
        ``{dotted.path: value}`` applied after `extends`, with the file's value syntax
        (``{"consumer.paying_share.2030": "8% to 12%"}``).

    Raises
    ------
    ScenarioError
        With every problem located by file, line, column and field path.
    """
    raw = read_raw(str(source))
    return with_overrides(validate(raw, overrides), overrides)


def loads(text: str, overrides: dict[str, Any] | None = None, *, label: str = "<text>") -> Scenario:
    """Load a scenario from YAML text (``extends`` resolves bundled names and paths from the working folder)."""
    return with_overrides(validate(read_text(text, label), overrides), overrides)


def with_overrides(scenario: Scenario, overrides: dict[str, Any] | None) -> Scenario:
    """``scenario``, remembering the ``--set`` overrides it was loaded with (exports show them)."""
    scenario._overrides = {str(k): v for k, v in (overrides or {}).items()}
    return scenario


def read_text(text: str, label: str = "<text>", *, extends_files: bool = True) -> Raw:
    """Read YAML text into merged raw data with marks, following ``extends``.

    With ``extends_files=False`` (text from a web request) ``extends`` may name a
    bundled scenario only: a path would let the text read the server's files.
    """
    if not text.strip():
        raise ScenarioError.one("the scenario text is empty; a scenario needs at least a name", file=label)
    data, marks = read_yaml(text, label)
    if not isinstance(data, dict):
        raise ScenarioError.one("a scenario must be a mapping of sections (name:, horizon:, ...)", file=label,
                                line=1, column=1)
    raw = Raw(data, marks, _comments(text, marks))
    parent = data.get("extends")
    if parent is None:
        return expand_entities(unwrap(raw), (label,))
    names = bundled_names()
    mark = marks.get(("extends",), Mark(label))
    if not isinstance(parent, str) or (not extends_files and parent not in names):
        allowed = (f"a bundled scenario ({', '.join(names)}) or a file path" if extends_files
                   else f"a bundled scenario only ({', '.join(names)})")
        raise ScenarioError.one(f"extends may name {allowed}; got {parent!r}{did_you_mean(str(parent), names)}",
                                file=mark.file, line=mark.line, column=mark.column, path="extends")
    return expand_entities(merge(read_raw(parent, chain=(label,), via=mark), raw), (label,))


def validate(raw: Raw, overrides: dict[str, Any] | None = None, *,
             shared_markets: frozenset[str] = frozenset()) -> Scenario:
    """Validate merged raw data into a :class:`Scenario` (paths of uncertain inputs assigned).

    An override ``"x1.2"`` (or a :class:`~gigawatt.scenario.scale.Scale`) multiplies the whole value at its
    path (every anchor of a time path); the others replace the value there. ``shared_markets`` names the
    `market_share` streams of an entity whose market is a market of its network (they need no `market`).
    """
    scales = {path: parse_scale(value) or value for path, value in (overrides or {}).items()
              if isinstance(value, Scale) or parse_scale(value) is not None}
    if scales:
        plain = {path: value for path, value in (overrides or {}).items() if path not in scales}
        fields = {item.path: item for item in numeric_fields(validate(raw, plain))}
        for path, scale in scales.items():
            if path not in fields:
                raise ScenarioError.one(f"x{scale.factor:g} scales a whole numeric field; no field {path!r}"
                                        f"{did_you_mean(path, list(fields))}", file="--set", path=path)
            item = fields[path]
            try:
                plain[path] = raw_of(scaled(item.value, scale.factor, (item.spec.lo, item.spec.hi)))
            except ValueProblem as exc:
                raise ScenarioError.one(str(exc), file="--set", path=path) from None
        overrides = plain
    if overrides:
        raw = apply_overrides(raw, overrides)
    years = _years(raw)
    if isinstance(raw.data.get(ENTITIES), dict) and raw.data[ENTITIES]:
        from gigawatt.scenario.network_loader import validate_network

        return validate_network(raw, years)
    try:
        scenario = Scenario.model_validate(raw.data, context={"years": years, "shared_markets": shared_markets})
    except ValidationError as exc:
        raise ScenarioError(_problems(exc, raw)) from None
    except PathProblems as exc:
        raise ScenarioError(_locate(path, message, raw) for path, message in exc.problems) from None
    _resolve_formulas(scenario, raw)
    inputs = uncertain_inputs(scenario)
    if scenario.correlations:
        kept = [c for c in raw.data.get("correlations") or []
                if not (isinstance(c, dict) and any(_is_fixed(str(p), scenario, inputs) for p in c.get("between", [])))]
        if len(kept) != len(scenario.correlations):  # a fixed value cannot be correlated: leave that one out
            return validate(Raw({**raw.data, "correlations": kept}, raw.marks, raw.comments, raw.notes),
                            shared_markets=shared_markets)
    for path, dist in inputs.items():
        dist.path = path
        dist.source = _comment_for(path, raw)
    check_correlations(scenario, list(inputs), raw)
    scenario._data = raw.data
    comments = {item.path: _comment_for(item.path, raw) for item in numeric_fields(scenario)}
    scenario._notes = list(raw.notes)
    scenario._comments = {path: text for path, text in comments.items() if text}
    return scenario


def _resolve_formulas(scenario: Scenario, raw: Raw) -> None:
    """Bind each formula to the fields it names; check names, cycles and units (a model output's name and unit
    against the output catalogue; whether it is made before the field is used, from the model's block order:
    :func:`gigawatt.api.check_formulas`)."""
    fields = {item.path: item for item in numeric_fields(scenario)}
    # every formula by its own path (a field's, or an anchor's: sites.b.capacity_gw.2030), with its field's
    found = [item for item in every_value(scenario) if isinstance(item.value, Formula)]
    formulas = {item.path: item.value for item in found if isinstance(item.value, Formula)}
    owners = {item.path: item.field for item in found}
    problems: list[Problem] = []
    for path, formula in formulas.items():
        mark = _mark_for(tuple(path.split(".")), raw)
        formula.path, formula.where = path, (mark.file, mark.line, mark.column)
        formula.fields.clear()
        for ref in formula.field_paths:
            if ref in fields:
                formula.fields[ref] = (fields[ref].value, fields[ref].spec.unit)
                continue
            owner = next((p for p in fields if ref.startswith(f"{p}.")), None)
            hint = (f"; a formula names a whole field, such as {owner}" if owner else
                    did_you_mean(ref, list(fields)))
            problems.append(_locate(path, f"{formula.text}: no numeric field {ref!r}{hint}", raw))
        for name in formula.outputs:
            if name.startswith("_"):
                problems.append(_locate(path, f"{formula.text}: {name!r} is internal to the model, not an output", raw))
            elif not catalogue.is_declared(name):
                known = [o.name for o in catalogue.CATALOGUE if not o.is_template]
                problems.append(_locate(path, f"{formula.text}: no model output named {name!r}"
                                              f"{did_you_mean(name, known)} (see `gigawatt outputs`)", raw))
    if problems:
        raise ScenarioError(problems)
    names = {field: list(dict.fromkeys(ref for path, formula in formulas.items() if owners[path] == field
                                       for ref in formula.field_paths)) for field in owners.values()}
    for path, formula in formulas.items():
        chain = _cycle(owners[path], names, (owners[path],))
        if chain:
            problems.append(_locate(path, f"{formula.text}: the formulas form a cycle: {' -> '.join(chain)}", raw))
            continue
        try:
            check_units(formula, partial(_field_dim, formula))
            check_counts(formula, partial(_name_unit, formula))
        except FormulaProblem as exc:
            problems.append(_locate(path, f"{formula.text}: {exc}", raw))
    if problems:
        raise ScenarioError(problems)


def _field_dim(formula: Formula, name: Name) -> Dim | None:
    """The dimension of a field a formula names, or of a model output by the unit the output catalogue
    declares for it (:mod:`gigawatt.outputs`): units are checked when the scenario loads."""
    if "." in name.name:
        return dim_of(formula.fields[name.name][1])
    return dim_of(output_unit(catalogue.unit(name.name)))


def _name_unit(formula: Formula, name: Name) -> str:
    """The canonical unit of a name a formula reads: a field's, or an output's as the catalogue declares it."""
    return formula.fields[name.name][1] if "." in name.name else output_unit(catalogue.unit(name.name))


def _cycle(path: str, names: dict[str, list[str]], chain: tuple[str, ...]) -> tuple[str, ...] | None:
    """The chain of fields from ``path`` back to the first field of ``chain``, if the formulas loop (``names``:
    the fields that the formulas in each field name)."""
    for ref in names[path]:
        if ref == chain[0]:
            return (*chain, ref)
        if ref in names and ref not in chain:
            found = _cycle(ref, names, (*chain, ref))
            if found:
                return found
    return None


def _is_fixed(path: str, scenario: Scenario, inputs: dict[str, Any]) -> bool:
    """True when ``path`` names a fixed value (or a part a fixed value no longer has), not a typo."""
    if path in inputs:
        return False
    if path in all_paths(scenario):
        return True
    return any(path.startswith(f"{item.path}.") for item in numeric_fields(scenario))


def check_correlations(scenario: Scenario, inputs: list[str], raw: Raw) -> None:
    """Raise a located error unless the scenario's correlations form a valid copula over ``inputs``."""
    if not scenario.correlations:
        return
    try:
        copula_factor(inputs, scenario.correlations)
    except CorrelationProblem as exc:
        where = f"correlations.{exc.index}" if exc.index != "" else "correlations"
        raise ScenarioError([_locate(where, str(exc), raw)]) from None


def _comment_for(path: str, raw: Raw) -> str:
    key = tuple(path.split("."))
    while key:
        if key in raw.comments:
            return raw.comments[key]
        if len(key) <= 1:
            break
        key = key[:-1]
        # stop at the item level: a section's comment is not a field's source
        if len(key) < 2:
            break
    return ""


def _years(raw: Raw) -> tuple[int, int] | None:
    horizon = raw.data.get("horizon") or {}
    if not isinstance(horizon, dict):
        return None
    start, end = horizon.get("start", 2025), horizon.get("end", 2035)
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def _named_key(loc: tuple[int | str, ...], data: Any) -> tuple[Key, str]:
    """Turn a pydantic location into a mark key and a dotted path, skipping union tags."""
    key: list[str] = []
    node = data
    skip_tag = False
    for part in loc:
        if skip_tag:
            skip_tag = False
            if isinstance(part, str) and part in _TAGS:
                continue
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            name = item_key(node[part], part)
            key.append(name)
            node = node[part]
            skip_tag = isinstance(node, dict) and "type" in node
        elif isinstance(node, dict):
            match = next((k for k in node if str(k) == str(part)), None)
            if match is None:
                if isinstance(part, str) and part in _TAGS:
                    continue
                key.append(str(part))
                node = None
            else:
                key.append(str(match))
                node = node[match]
        elif isinstance(part, str) and part in _TAGS:
            continue
        else:
            key.append(str(part))
    return tuple(key), ".".join(key)


_TAGS = {"subscription", "seats", "usage", "market_share", "take_rate", "device", "fixed", "capacity", "equipment"}
"""Stream types: pydantic puts the tag of a stream's type in an error's location; a path leaves it out."""


def _mark_for(key: Key, raw: Raw) -> Mark:
    probe = key
    while probe:
        if probe in raw.marks:
            return raw.marks[probe]
        probe = probe[:-1]
    return raw.marks.get((), Mark("<scenario>"))


def _locate(path: str, message: str, raw: Raw) -> Problem:
    key = tuple(path.split("."))
    return Problem(_mark_for(key, raw), path, message)


def _problems(exc: ValidationError, raw: Raw) -> list[Problem]:
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        key, path = _named_key(tuple(error["loc"]), raw.data)
        problems.append(Problem(_mark_for(key, raw), path, _message(error, key, raw)))
    return problems


def _message(error: Any, key: Key, raw: Raw) -> str:
    kind = error["type"]
    received = error.get("input")
    if kind == "extra_forbidden":
        from gigawatt.scenario.docs import fields_at

        known = fields_at(key[:-1], raw.data)
        return f"unknown field {key[-1]!r}{did_you_mean(key[-1], known)}; expected one of: {', '.join(known)}"
    if kind == "missing":
        return "this required field is missing"
    if kind == "union_tag_invalid":
        from gigawatt.scenario.components.streams import STREAM_TYPES

        tag = str(received.get("type")) if isinstance(received, dict) else "?"
        return f"unknown stream type {tag!r}{did_you_mean(tag, STREAM_TYPES)}; expected one of: " + ", ".join(
            STREAM_TYPES)
    if kind == "union_tag_not_found":
        return ("a stream needs a `type`: subscription, seats, usage, market_share, take_rate, device, fixed, "
                "capacity or equipment")
    ctx = error.get("ctx") or {}
    # pydantic's own texts for the common kinds are written here, in the project's words, so that they are
    # catalog entries like every other message (and read in Arabic); what the user wrote stays a hole
    if kind == "string_type":
        return f"expected text; got {received!r}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number; got {received!r}"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"expected a number; got {received!r}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false; got {received!r}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of fields; got {received!r}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list; got {received!r}"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return f"expected one of: {expected}; got {received!r}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        if kind == "greater_than_equal":
            return f"expected at least {bound}; got {received!r}"
        if kind == "greater_than":
            return f"expected more than {bound}; got {received!r}"
        if kind == "less_than_equal":
            return f"expected at most {bound}; got {received!r}"
        return f"expected less than {bound}; got {received!r}"
    message = str(error["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    if kind != "gigawatt_value" and received is not None and not isinstance(received, (dict, list)):
        message += f"; got {received!r}"
    return message
