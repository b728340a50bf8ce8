"""Interpolation between anchors: declared per field (log for geometric quantities), overridable per path."""

from __future__ import annotations

import numpy as np
import pytest

from gigawatt.scenario.evaluate import evaluate
from gigawatt.scenario.parse import ValueProblem, parse_value
from gigawatt.scenario.values import Anchors, Dist

YEARS = np.arange(2025, 2030)


def path(raw: dict[object, object], unit: str = "USD", interpolate: str = "linear") -> np.ndarray:
    value = parse_value(raw, unit, interpolate=interpolate)
    return evaluate(value, YEARS, {})[0]


def test_log_interpolation_is_a_constant_growth_rate() -> None:
    # 1 -> 16 over four years: x2 a year in log space; 1, 4.75, 8.5, ... in linear space
    assert path({2025: 1, 2029: 16}, interpolate="log") == pytest.approx([1, 2, 4, 8, 16])
    assert path({2025: 1, 2029: 16}) == pytest.approx([1, 4.75, 8.5, 12.25, 16])


def test_a_path_overrides_its_field() -> None:
    assert path({2025: 1, 2029: 16, "interpolate": "linear"}, interpolate="log") == pytest.approx(
        [1, 4.75, 8.5, 12.25, 16])
    assert path({2025: 1, 2029: 16, "interpolate": "log"}) == pytest.approx([1, 2, 4, 8, 16])


def test_a_segment_through_zero_is_linear() -> None:
    assert path({2025: 0, 2027: 2, 2029: 8}, interpolate="log") == pytest.approx([0, 1, 2, 4, 8])


def test_log_interpolation_of_uncertain_anchors_per_sample() -> None:
    value = parse_value({2025: "1 to 2", 2027: 4}, "USD", interpolate="log")
    assert isinstance(value, Anchors)
    dist = value.points[0][1]
    dist.path = "x.2025"  # type: ignore[union-attr]
    draws = {"x.2025": np.array([1.0, 4.0])}
    out = evaluate(value, np.arange(2025, 2028), draws)
    assert out == pytest.approx(np.array([[1, 2, 4], [4, 4, 4]]))


def test_an_unknown_interpolation_is_an_error() -> None:
    with pytest.raises(ValueProblem, match="interpolate must be one of linear, log; got cubic"):
        parse_value({2025: 1, 2029: 2, "interpolate": "cubic"}, "USD")
    with pytest.raises(ValueProblem, match="at least one anchor year"):
        parse_value({"interpolate": "log"}, "USD")


def test_fields_declare_their_interpolation() -> None:
    import gigawatt

    scenario = gigawatt.loads("name: t\nconsumer:\n  paying_share: {2025: 1%, 2027: 4%}\n"
                              "streams:\n  - {name: api, type: usage, tokens: {2025: 1e12, 2027: 4e12},"
                              " price_per_million_tokens: {2025: $1, 2027: $4, interpolate: linear}}\n")
    api = scenario.streams[0]
    assert scenario.consumer.paying_share.interpolate == "linear"  # type: ignore[union-attr]
    assert api.tokens.interpolate == "log"  # type: ignore[union-attr]  # a volume
    assert api.price_per_million_tokens.interpolate == "linear"  # type: ignore[union-attr]  # the path's own


def _every_year(value: Anchors, years: np.ndarray, draws: dict[str, np.ndarray]) -> np.ndarray:
    """The reference: each anchor's part times its weights, added over all years (exact zeros included)."""
    from gigawatt.scenario.evaluate import anchor_weights

    weights = anchor_weights(np.array([y for y, _ in value.points], dtype=float), years)
    parts = [evaluate(part, years, draws)[:, :1] for _, part in value.points]
    out = np.zeros((1, len(years)))
    for part, row in zip(parts, weights, strict=True):
        out = out + part * row
    if value.interpolate != "log" or len(parts) < 2:
        return out
    logs, positive = np.zeros((1, len(years))), np.ones((1, len(years)), dtype=bool)
    for part, row in zip(parts, weights, strict=True):
        positive = positive & (~(row > 0) | (part > 0))
        logs = logs + np.log(np.where(part > 0, part, 1.0)) * row
    return np.where(positive, np.exp(logs), out)


@pytest.mark.parametrize("interpolate", ["linear", "log"])
@pytest.mark.parametrize("raw", [{2026: "1 to 2", 2028: 4, 2031: "-1 to 8", 2033: "3 to 9"},
                                 {2020: "1 to 2", 2040: "2 to 3"}, {2027: "1 to 5"}, {2025: 3, 2030: "0 to 1"}])
def test_anchors_add_only_where_they_weigh_and_equal_the_reference(raw: dict[object, object],
                                                                   interpolate: str) -> None:
    """Adding each anchor over its own segments alone gives bit for bit the sums over every year."""
    value = parse_value(raw, "fraction", interpolate=interpolate)
    assert isinstance(value, Anchors)
    rng = np.random.default_rng(5)
    draws = {}
    for year, part in value.points:
        if isinstance(part, Dist):
            part.path = f"x.{year}"
            draws[f"x.{year}"] = rng.uniform(-1, 9, 1000)
    years = np.arange(2024, 2036)
    np.testing.assert_array_equal(evaluate(value, years, draws), _every_year(value, years, draws))
