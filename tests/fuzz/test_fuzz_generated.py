"""Generated bad scenarios (Hypothesis): only located errors, no hangs, no non-finite output accepted.

2,500 examples in all, split over five tests so that `pytest -n 2` runs them side by side; each part has a
fixed seed, so `make test` sees the same examples every time (a failure is reproducible).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from fuzz.hostile import BASE, FIELD_PATHS, check

EXAMPLES_PER_TEST = 500
PARTS = 5

BASE_DATA = yaml.safe_load(BASE)

EXTREMES = [0, -0.0, 1, -1, 1e308, -1e308, 1.7976931348623157e308, 5e-324, 1e300, -1e300, 1e100, 1e30, 1e-300,
            2**63, -(2**63), 2**64, 10**400, 2025, 1900, 3000, 0.5, 1.5, -0.5, 100]
NUMBERS = st.one_of(st.sampled_from(EXTREMES), st.floats(allow_nan=False, allow_infinity=False),
                    st.integers(min_value=-(10**30), max_value=10**30))
UNITS = ["", " GW", " USD", " USD/month", " FLOP", " FLOP/s/W", "B", "M", "K", "%", " years", " GW/year",
         " USD/MWh", " ?", " bananas"]
SPECIALS = [".nan", ".inf", "-.inf", "nan", "inf", "1e999", "$1e308", "1e308 GW", "-5%", "150%", "1e300%",
            "$", "to", "1 to", "to 2", "5 to 5", "2 to 1", "1e-300 to 1e300", "-1e308 to 1e308", "0 to 0",
            "\x1b[2J", "\u202e", "\x00", "a" * 300, "1" * 400, "{", "]", "*a", "&a x", "!!str 1"]


def number_text(x: Any, unit: str) -> str:
    return f"{x!r}{unit}" if not isinstance(x, str) else x + unit


QUANTITIES = st.builds(number_text, NUMBERS, st.sampled_from(UNITS))
INTERVALS = st.builds(lambda a, b: f"{a} to {b}", QUANTITIES, QUANTITIES)
DIST_PARAMS = {
    "normal": ["mean", "sd"], "lognormal": ["mu", "sigma", "p5", "p95", "median"], "beta": ["a", "b", "low", "high"],
    "pert": ["min", "mode", "max"], "uniform": ["low", "high"], "triangular": ["min", "mode", "max"],
    "choice": ["values", "weights"], "gamma": ["k"],
}
SCALARS = st.one_of(NUMBERS, QUANTITIES, st.sampled_from(SPECIALS), st.none(), st.booleans())


@st.composite
def distributions(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(DIST_PARAMS)))
    names = draw(st.lists(st.sampled_from(DIST_PARAMS[kind] + ["min", "max", "extra"]), max_size=4, unique=True))
    params = {n: draw(st.one_of(SCALARS, st.lists(NUMBERS, max_size=4))) for n in names}
    out: dict[str, Any] = {kind: params}
    if draw(st.booleans()):
        out[draw(st.sampled_from(["min", "max"]))] = draw(SCALARS)
    return out


@st.composite
def time_paths(draw: st.DrawFn) -> Any:
    form = draw(st.sampled_from(["anchors", "growth", "logistic"]))
    if form == "anchors":
        years = draw(st.lists(st.one_of(st.integers(2020, 2040), st.sampled_from([0, -1, 99999, "2030x"])),
                              min_size=0, max_size=4, unique=True))
        return {y: draw(st.one_of(SCALARS, INTERVALS)) for y in years}
    if form == "growth":
        return {"start": draw(st.one_of(SCALARS, INTERVALS)), "growth": draw(st.one_of(SCALARS, INTERVALS))}
    return {"logistic": {k: draw(st.one_of(SCALARS, INTERVALS))
                         for k in draw(st.lists(st.sampled_from(["start", "ceiling", "midpoint_year", "steep"]),
                                                max_size=4, unique=True))}}


JUNK = st.recursive(SCALARS | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                                max_size=3),
                    max_leaves=8)
POSITIVE = st.one_of(st.sampled_from([x for x in EXTREMES if isinstance(x, (int, float)) and x >= 0]),
                     st.floats(min_value=0, max_value=1e308), st.integers(min_value=0, max_value=10**20))
PLAUSIBLE = st.one_of(  # within the fields' bounds, but out of proportion: what must not overflow silently
    POSITIVE,
    st.builds(lambda a, b: f"{a!r} to {b!r}", st.floats(1e-300, 1.0), st.floats(2.0, 1e308)),
    st.builds(lambda mu, sigma: {"lognormal": {"mu": mu, "sigma": sigma}}, st.floats(-700, 700),
              st.floats(0, 1e6)),
    st.builds(lambda start, growth: {"start": start, "growth": growth}, POSITIVE, st.floats(0, 1e300)),
    st.builds(lambda start, ceiling: {"logistic": {"start": start, "ceiling": ceiling, "midpoint_year": 2028}},
              POSITIVE, POSITIVE),
    st.builds(lambda a, b: {2025: a, 2030: b}, POSITIVE, POSITIVE),
)
VALUES = st.one_of(PLAUSIBLE, PLAUSIBLE, SCALARS, INTERVALS, distributions(), time_paths(), JUNK)


def put(data: Any, path: tuple[Any, ...], value: Any) -> None:
    """Set ``value`` at ``path`` (mapping keys and list indices), making what is missing."""
    node = data
    for part in path[:-1]:
        if isinstance(node, list):
            if not isinstance(part, int) or part >= len(node):
                return
            node = node[part]
        elif isinstance(node, dict):
            if not isinstance(node.get(part), (dict, list)):
                node[part] = {}
            node = node[part]
        else:
            return
    last = path[-1]
    if isinstance(node, list) and isinstance(last, int) and last < len(node) or isinstance(node, dict):
        node[last] = value


@st.composite
def spoiled_data(draw: st.DrawFn) -> str:
    data = copy.deepcopy(BASE_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(FIELD_PATHS))
        put(data, path, draw(PLAUSIBLE if len(path) > 1 and draw(st.booleans()) else VALUES))
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


TEXT_ATTACKS = ["!!python/object/apply:os.system [ls]", "!!str", "!local", "&anchor", "*anchor", "\t", "\x1b",
                "\x00", "[" * 200, "{a: " * 40, "---\n", "%YAML 1.1\n", "? ", ": :", "\ufeff", "\u2028", '"\\e[2J"',
                "'", '"', "#", "- ", "<<: {name: x}", "\\x85"]


@st.composite
def spoiled_text(draw: st.DrawFn) -> str:
    text = draw(spoiled_data()) if draw(st.booleans()) else BASE
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["insert", "cut", "replace"]))
        piece = draw(st.one_of(st.sampled_from(TEXT_ATTACKS), st.text(max_size=5)))
        if how == "insert":
            text = text[:at] + piece + text[at:]
        elif how == "cut":
            text = text[:at]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


SCENARIOS = st.one_of(spoiled_data(), spoiled_data(), spoiled_text())


@pytest.mark.parametrize("part", range(PARTS))
def test_generated_scenarios_fail_only_with_located_errors(part: int) -> None:
    outcomes: list[str] = []

    @seed(20261201 + part)  # each part its own examples, the same ones on every run
    @settings(max_examples=EXAMPLES_PER_TEST, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(text=SCENARIOS)
    def property_(text: str) -> None:
        outcomes.append(check(text))

    property_()
    assert len(outcomes) >= EXAMPLES_PER_TEST  # every example ran (Hypothesis may replay a few more)
    assert "refused" in outcomes and "ran" in outcomes  # both sides of the property were exercised
