"""Inverse CDFs against closed forms, interval helpers, and descriptions."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.stats

from gigawatt.scenario.distributions import (
    Z95,
    describe,
    format_number,
    interval_to_lognormal,
    interval_to_normal,
    ppf,
    quantile,
)
from gigawatt.scenario.parse import parse_value
from gigawatt.scenario.values import Anchors, Const, Dist, Growth, Logistic

N = 200_000


@pytest.fixture(scope="module")
def uniforms() -> np.ndarray:
    return np.random.default_rng(20250101).uniform(size=N)


def test_z95_is_the_normal_95th_percentile() -> None:
    assert scipy.stats.norm.ppf(0.95) == pytest.approx(Z95, abs=1e-15)


def test_lognormal_interval_percentiles(uniforms: np.ndarray) -> None:
    dist = parse_value("$40B to $70B", "USD", bounds=(0, None))
    assert isinstance(dist, Dist)
    assert dist.kind == "lognormal"
    draws = ppf(dist, uniforms)
    p5, p95 = np.percentile(draws, [5, 95])
    assert p5 == pytest.approx(40e9, rel=0.01)
    assert p95 == pytest.approx(70e9, rel=0.01)
    assert np.median(draws) == pytest.approx(np.sqrt(40e9 * 70e9), rel=0.01)


def test_normal_interval_with_a_negative_end(uniforms: np.ndarray) -> None:
    dist = parse_value("-5% to 10%", "fraction")
    assert isinstance(dist, Dist)
    assert dist.kind == "normal"
    draws = ppf(dist, uniforms)
    p5, p95 = np.percentile(draws, [5, 95])
    assert p5 == pytest.approx(-0.05, abs=0.0015)
    assert p95 == pytest.approx(0.10, abs=0.0015)
    assert draws.mean() == pytest.approx(0.025, abs=0.001)


def test_pert_mean(uniforms: np.ndarray) -> None:
    dist = Dist("pert", {"min": 1.0, "mode": 2.0, "max": 7.0})
    draws = ppf(dist, uniforms)
    assert draws.mean() == pytest.approx((1 + 4 * 2 + 7) / 6, rel=0.005)
    assert draws.min() >= 1.0
    assert draws.max() <= 7.0


def test_beta_mean(uniforms: np.ndarray) -> None:
    dist = parse_value({"beta": {"a": 5, "b": 95}}, "fraction", bounds=(0, 1))
    assert isinstance(dist, Dist)
    assert ppf(dist, uniforms).mean() == pytest.approx(0.05, rel=0.01)


def test_beta_rescaled(uniforms: np.ndarray) -> None:
    dist = Dist("beta", {"a": 2.0, "b": 2.0, "low": 10.0, "high": 20.0})
    draws = ppf(dist, uniforms)
    assert draws.mean() == pytest.approx(15.0, rel=0.002)
    assert draws.min() >= 10.0
    assert draws.max() <= 20.0


def test_triangular_and_uniform_means(uniforms: np.ndarray) -> None:
    tri = Dist("triangular", {"min": 0.0, "mode": 3.0, "max": 6.0})
    assert ppf(tri, uniforms).mean() == pytest.approx(3.0, rel=0.005)
    assert quantile(tri, 0.5) == pytest.approx(3.0, rel=1e-9)
    uni = Dist("uniform", {"low": 2.0, "high": 4.0})
    assert quantile(uni, 0.25) == pytest.approx(2.5, rel=1e-12)


def test_choice_frequencies_match_weights(uniforms: np.ndarray) -> None:
    dist = parse_value({"choice": {"values": [1, 2, 5], "weights": [1, 2, 7]}}, "GW")
    assert isinstance(dist, Dist)
    draws = ppf(dist, uniforms)
    assert set(np.unique(draws)) == {1.0, 2.0, 5.0}
    for value, share in ((1.0, 0.1), (2.0, 0.2), (5.0, 0.7)):
        assert np.mean(draws == value) == pytest.approx(share, abs=0.005)


def test_choice_at_the_edges() -> None:
    dist = Dist("choice", {"values": (1.0, 2.0), "weights": (0.5, 0.5)})
    out = ppf(dist, np.array([1e-12, 0.4999, 0.5001, 1 - 1e-12]))
    np.testing.assert_array_equal(out, [1.0, 1.0, 2.0, 2.0])


def test_clip_applies(uniforms: np.ndarray) -> None:
    dist = Dist("normal", {"mean": 0.1, "sd": 0.2}, clip=(0.0, 0.3))
    draws = ppf(dist, uniforms)
    assert draws.min() == 0.0
    assert draws.max() == 0.3
    assert np.mean(draws == 0.0) == pytest.approx(scipy.stats.norm.cdf(-0.5), abs=0.005)


def test_ppf_keeps_the_shape() -> None:
    dist = Dist("lognormal", {"mu": 0.0, "sigma": 1.0})
    u = np.full((3, 4), 0.5)
    out = ppf(dist, u)
    assert out.shape == (3, 4)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, 1.0)


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown distribution kind 'cauchy'"):
        ppf(Dist("cauchy", {}), np.array([0.5]))


def test_interval_helpers() -> None:
    mu, sigma = interval_to_lognormal(1.0, np.e**2)
    assert mu == pytest.approx(1.0)
    assert sigma == pytest.approx(1.0 / Z95)
    mean, sd = interval_to_normal(-1.0, 3.0)
    assert (mean, sd) == pytest.approx((1.0, 2.0 / Z95))
    with pytest.raises(ValueError):
        interval_to_lognormal(0.0, 1.0)
    with pytest.raises(ValueError):
        interval_to_normal(2.0, 1.0)


def test_quantile_returns_a_float_or_an_array() -> None:
    dist = Dist("normal", {"mean": 0.0, "sd": 1.0})
    assert isinstance(quantile(dist, 0.95), float)
    assert quantile(dist, 0.95) == pytest.approx(Z95)
    np.testing.assert_allclose(quantile(dist, np.array([0.05, 0.95])), [-Z95, Z95])


def test_format_number() -> None:
    assert format_number(4e10) == "4e10"
    assert format_number(0.05) == "0.05"
    assert format_number(2030.0) == "2030"
    assert format_number(1.5e-5) == "1.5e-5"
    assert format_number(13e9) == "1.3e10"


def test_describe() -> None:
    assert describe(Const(0.05)) == "0.05"
    interval = parse_value("$40B to $70B", "USD")
    assert describe(interval) == "lognormal, 90% in [4e10, 7e10]"
    bounded = parse_value("20% to 60%", "fraction", bounds=(0, 1))
    assert describe(bounded) == "lognormal, 90% in [0.2, 0.6], clipped to [-inf, 1]"
    path = Anchors(((2025, Const(0.05)), (2030, Const(0.1))))
    assert describe(path) == "path 2025: 0.05; 2030: 0.1"
    growth = Growth(Const(13e9), Const(0.3), 2025)
    assert describe(growth) == "1.3e10 from 2025, growing by 0.3 a year"
    logistic = Logistic(Const(0.05), Const(0.5), Const(2030.0))
    assert describe(logistic) == "S-curve from 0.05 towards 0.5, midpoint 2030"
    choice = Dist("choice", {"values": (1.0, 2.0), "weights": (0.5, 0.5)})
    assert describe(choice) == "choice of [1, 2]"


def test_each_family_is_declared_once_and_read_by_the_parser() -> None:
    from gigawatt.scenario import parse
    from gigawatt.scenario.distributions import DIST_KINDS, FAMILIES

    assert tuple(FAMILIES) == DIST_KINDS
    assert {name: family.takes for name, family in FAMILIES.items()} == parse.DIST_PARAMS
    # the parser reads each family through its declaration: a family's own reader gives the parameters
    read = {}
    for name, family in FAMILIES.items():
        def spy(body: object, unit: str, bounds: object, family: object = family, name: str = name) -> object:
            read[name] = body
            return family.read(body, unit, bounds)  # type: ignore[attr-defined]

        original = family
        FAMILIES[name] = dataclasses.replace(original, read=spy)
        try:
            example = {"normal": {"mean": 1, "sd": 1}, "lognormal": {"median": 1, "sigma": 1},
                       "beta": {"a": 1, "b": 1}, "pert": {"min": 0, "mode": 1, "max": 2},
                       "uniform": {"low": 0, "high": 1}, "triangular": {"min": 0, "mode": 1, "max": 2},
                       "choice": {"values": [1, 2]}}[name]
            assert parse.parse_value({name: example}, "fraction").kind == name  # type: ignore[union-attr]
        finally:
            FAMILIES[name] = original
    assert set(read) == set(FAMILIES)
    doc = (Path(__file__).resolve().parents[2] / "docs" / "scenario-language.md").read_text(encoding="utf-8")
    assert all(f"{{{name}: " in doc for name in FAMILIES)  # the language reference shows every family


@pytest.mark.parametrize(("dist", "reference"), [
    (Dist("normal", {"mean": 3e9, "sd": 4e8}), lambda u: scipy.stats.norm.ppf(u, loc=3e9, scale=4e8)),
    (Dist("normal", {"mean": -0.2, "sd": 0.05}), lambda u: scipy.stats.norm.ppf(u, loc=-0.2, scale=0.05)),
    (Dist("lognormal", {"mu": 2.5, "sigma": 0.7}),
     lambda u: scipy.stats.lognorm.ppf(u, s=0.7, scale=np.exp(2.5))),
])
def test_normal_and_lognormal_quantiles_are_scipys_bit_for_bit(dist: Dist, reference: Any) -> None:
    u = np.concatenate([[0.0, 1e-300, 1e-12, 0.5, 1 - 1e-12, 1.0],
                        np.random.default_rng(2).uniform(0.0, 1.0, 10_000)])
    np.testing.assert_array_equal(ppf(dist, u), reference(u), strict=True)
