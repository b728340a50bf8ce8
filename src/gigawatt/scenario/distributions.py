"""Inverse CDFs of the uncertain values, and short human descriptions of any value.

Every :class:`~gigawatt.scenario.values.Dist` is drawn by inverse transform:
the engine supplies uniforms ``u`` in (0, 1) (correlated through a copula if
asked) and :func:`ppf` maps them to values in the field's canonical unit.

``scipy.stats`` is imported inside the functions that need it: importing it
costs about a second, which the command line should not pay at start-up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from gigawatt.scenario.formula import Formula
from gigawatt.scenario.reading import (
    Bounds,
    check_bounds,
    expect_keys,
    field_number,
    format_number,
    numbers,
    plain_number,
    positive,
    show,
)
from gigawatt.scenario.units import ValueProblem
from gigawatt.scenario.values import Anchors, Const, Dist, Growth, Logistic, Value

__all__ = [
    "DIST_KINDS",
    "FAMILIES",
    "Z95",
    "Family",
    "describe",
    "format_number",
    "interval_to_lognormal",
    "interval_to_normal",
    "draw",
    "ppf",
    "quantile",
]

#: ``scipy.stats.norm.ppf(0.95)``, hard-coded so that the parser need not import scipy.
Z95 = 1.6448536269514722

FloatArray = npt.NDArray[np.float64]
Params = dict[str, float | tuple[float, ...]]


# --- intervals -----------------------------------------------------------------------------


def interval_to_lognormal(a: float, b: float) -> tuple[float, float]:
    """``(mu, sigma)`` of the lognormal whose 5th and 95th percentiles are ``a`` and ``b``.

    Parameters
    ----------
    a, b
        The ends of the 90% interval, in the field's canonical unit; ``0 < a < b``.

    Returns
    -------
    tuple of (float, float)
        ``mu`` and ``sigma`` of ``log(X)`` (``X`` in the canonical unit).
    """
    if not 0 < a < b:
        raise ValueError(f"a lognormal interval needs 0 < a < b; got a={a}, b={b}")
    log_a, log_b = math.log(a), math.log(b)
    return (log_a + log_b) / 2.0, (log_b - log_a) / (2.0 * Z95)


def interval_to_normal(a: float, b: float) -> tuple[float, float]:
    """``(mean, sd)`` of the normal whose 5th and 95th percentiles are ``a`` and ``b`` (``a < b``, canonical unit)."""
    if not a < b:
        raise ValueError(f"a normal interval needs a < b; got a={a}, b={b}")
    return (a + b) / 2.0, (b - a) / (2.0 * Z95)


# --- inverse CDFs --------------------------------------------------------------------------


def ppf(dist: Dist, u: npt.ArrayLike) -> FloatArray:
    """The inverse CDF of ``dist`` at ``u``, clipped to ``dist.clip``.

    Parameters
    ----------
    dist
        A distribution with parameters in canonical units.
    u
        Probabilities in (0, 1), any shape.

    Returns
    -------
    numpy.ndarray
        Values in the field's canonical unit, the shape of ``u``, float64.
    """
    probs = np.asarray(u, dtype=np.float64)
    family = FAMILIES.get(dist.kind)
    if family is None:
        raise ValueError(f"unknown distribution kind {dist.kind!r}")
    values = np.asarray(family.ppf(dist, probs), dtype=np.float64).reshape(probs.shape)
    return _clip(values, dist.clip)


@overload
def quantile(dist: Dist, q: float) -> float: ...


@overload
def quantile(dist: Dist, q: FloatArray) -> FloatArray: ...


def quantile(dist: Dist, q: float | FloatArray) -> float | FloatArray:
    """The ``q`` quantile of ``dist`` (``q`` in (0, 1)), in the field's canonical unit."""
    if isinstance(q, np.ndarray):
        return ppf(dist, q)
    return float(ppf(dist, np.array([q]))[0])


def _num(dist: Dist, name: str) -> float:
    value = dist.params[name]
    if isinstance(value, tuple):
        raise TypeError(f"{dist.kind} parameter {name!r} must be a number")
    return float(value)


def _seq(dist: Dist, name: str) -> FloatArray:
    return np.asarray(dist.params[name], dtype=np.float64).reshape(-1)


def _normal(dist: Dist, u: FloatArray) -> FloatArray:
    # scipy.stats.norm.ppf's own arithmetic (ndtri(u) * scale + loc) without its generic argument checks
    # (most of its time on a Sobol design); the same bits, tested against it
    from scipy.special import ndtri

    return np.asarray(ndtri(u) * _num(dist, "sd") + _num(dist, "mean"))


def _lognormal(dist: Dist, u: FloatArray) -> FloatArray:
    # scipy.stats.lognorm.ppf's arithmetic (exp(s * ndtri(u)) * scale), the same bits, tested against it
    from scipy.special import ndtri

    return np.asarray(np.exp(_num(dist, "sigma") * ndtri(u)) * math.exp(_num(dist, "mu")))


def _beta(dist: Dist, u: FloatArray) -> FloatArray:
    import scipy.stats

    low = _num(dist, "low") if "low" in dist.params else 0.0
    high = _num(dist, "high") if "high" in dist.params else 1.0
    return np.asarray(scipy.stats.beta.ppf(u, _num(dist, "a"), _num(dist, "b"), loc=low, scale=high - low))


def pert_shape(low: float, mode: float, high: float) -> tuple[float, float]:
    """The beta shape ``(alpha, beta)`` of the standard PERT (lambda = 4) on ``[low, high]``."""
    span = high - low
    return 1.0 + 4.0 * (mode - low) / span, 1.0 + 4.0 * (high - mode) / span


def _pert(dist: Dist, u: FloatArray) -> FloatArray:
    import scipy.stats

    low, mode, high = _num(dist, "min"), _num(dist, "mode"), _num(dist, "max")
    alpha, beta = pert_shape(low, mode, high)
    return np.asarray(scipy.stats.beta.ppf(u, alpha, beta, loc=low, scale=high - low))


def _uniform(dist: Dist, u: FloatArray) -> FloatArray:
    low, high = _num(dist, "low"), _num(dist, "high")
    return low + (high - low) * u


def _triangular(dist: Dist, u: FloatArray) -> FloatArray:
    import scipy.stats

    low, mode, high = _num(dist, "min"), _num(dist, "mode"), _num(dist, "max")
    c = (mode - low) / (high - low)
    return np.asarray(scipy.stats.triang.ppf(u, c, loc=low, scale=high - low))


def _choice(dist: Dist, u: FloatArray) -> FloatArray:
    values = _seq(dist, "values")
    weights = _seq(dist, "weights") if "weights" in dist.params else np.ones_like(values)
    cumulative = np.cumsum(weights / weights.sum())
    index = np.searchsorted(cumulative, u, side="right")
    return values[np.minimum(index, len(values) - 1)]


def _draw_normal(dist: Dist, rng: np.random.Generator, size: int) -> FloatArray:
    # in place: the same operations as _from_normal_normal (mean + sd * z; + and * commute exactly)
    z = rng.standard_normal(size)
    z *= _num(dist, "sd")
    z += _num(dist, "mean")
    return z


def _from_normal_normal(dist: Dist, z: FloatArray) -> FloatArray:
    return _num(dist, "mean") + _num(dist, "sd") * z


def _draw_lognormal(dist: Dist, rng: np.random.Generator, size: int) -> FloatArray:
    # in place: exp(mu + sigma * z) as _from_normal_lognormal computes it, without two temporary arrays
    z = rng.standard_normal(size)
    z *= _num(dist, "sigma")
    z += _num(dist, "mu")
    return np.exp(z, out=z)


def _from_normal_lognormal(dist: Dist, z: FloatArray) -> FloatArray:
    return np.exp(_num(dist, "mu") + _num(dist, "sigma") * z)


def _draw_beta(dist: Dist, rng: np.random.Generator, size: int) -> FloatArray:
    low = _num(dist, "low") if "low" in dist.params else 0.0
    high = _num(dist, "high") if "high" in dist.params else 1.0
    x = rng.beta(_num(dist, "a"), _num(dist, "b"), size)
    x *= high - low
    x += low
    return x


def _draw_pert(dist: Dist, rng: np.random.Generator, size: int) -> FloatArray:
    low, mode, high = _num(dist, "min"), _num(dist, "mode"), _num(dist, "max")
    alpha, beta = pert_shape(low, mode, high)
    x = rng.beta(alpha, beta, size)  # low + (high - low) * x, in place
    x *= high - low
    x += low
    return x


def _draw_triangular(dist: Dist, rng: np.random.Generator, size: int) -> FloatArray:
    return rng.triangular(_num(dist, "min"), _num(dist, "mode"), _num(dist, "max"), size)


Hold = Callable[[float], float]
"""Holds a scaled number within its field's bounds."""


def _scale_of(*names: str) -> Callable[[Dist, float, Hold], Params]:
    """A family whose parameters ``names`` are locations in the field's unit: they scale with the value."""
    def scale(dist: Dist, factor: float, hold: Hold) -> Params:
        params = dict(dist.params)
        for name in names:
            value = params[name]
            params[name] = (tuple(hold(float(v) * factor) for v in value) if isinstance(value, tuple)
                            else hold(float(value) * factor))
        return params

    return scale


def _scale_normal(dist: Dist, factor: float, hold: Hold) -> Params:
    return {**dist.params, "mean": _num(dist, "mean") * factor, "sd": _num(dist, "sd") * factor}


def _scale_lognormal(dist: Dist, factor: float, hold: Hold) -> Params:
    return {**dist.params, "mu": _num(dist, "mu") + math.log(factor)}


# --- reading the parameters from a file, in the field's unit -------------------------------------


def _read_normal(body: Mapping[Any, Any], unit: str, bounds: Bounds) -> Params:
    expect_keys("normal", body, ("mean", "sd"))
    (mean,) = numbers("normal", body, ("mean",), unit, bounds)
    sd = positive(field_number(body["sd"], unit, "normal sd"), body["sd"], "normal sd")
    return {"mean": mean, "sd": sd}


def _read_lognormal(body: Mapping[Any, Any], unit: str, bounds: Bounds) -> Params:
    keys = set(body)
    if keys == {"p5", "p95"}:
        p5, p95 = numbers("lognormal", body, ("p5", "p95"), unit, bounds)
        positive(p5, body["p5"], "lognormal p5")
        if p5 >= p95:
            raise ValueProblem(f"lognormal p5 must be below p95; got p5 {show(body['p5'])}, p95 {show(body['p95'])}")
        mu, sigma = interval_to_lognormal(p5, p95)
        return {"mu": mu, "sigma": sigma}
    if keys == {"mu", "sigma"}:
        mu = plain_number(body["mu"], "lognormal mu")
    elif keys == {"median", "sigma"}:
        (median,) = numbers("lognormal", body, ("median",), unit, bounds)
        mu = math.log(positive(median, body["median"], "lognormal median"))
    else:
        got = ", ".join(map(str, body)) or "nothing"
        raise ValueProblem(f"lognormal takes {FAMILIES['lognormal'].takes}; got {{{got}}}")
    sigma = positive(plain_number(body["sigma"], "lognormal sigma"), body["sigma"], "lognormal sigma")
    return {"mu": mu, "sigma": sigma}


def _read_beta(body: Mapping[Any, Any], unit: str, bounds: Bounds) -> Params:
    expect_keys("beta", body, ("a", "b"), ("low", "high"))
    a = positive(plain_number(body["a"], "beta a"), body["a"], "beta a")
    b = positive(plain_number(body["b"], "beta b"), body["b"], "beta b")
    low = field_number(body.get("low", 0.0), unit, "beta low")
    high = field_number(body.get("high", 1.0), unit, "beta high")
    if low >= high:
        raise ValueProblem(f"beta low must be below high; got low {format_number(low)}, high {format_number(high)}")
    check_bounds(low, bounds, show(body.get("low", 0)), "beta low ")
    check_bounds(high, bounds, show(body.get("high", 1)), "beta high ")
    return {"a": a, "b": b, "low": low, "high": high}


def _read_three_point(kind: str) -> Callable[[Mapping[Any, Any], str, Bounds], Params]:
    def parse(body: Mapping[Any, Any], unit: str, bounds: Bounds) -> Params:
        expect_keys(kind, body, ("min", "mode", "max"))
        low, mode, high = numbers(kind, body, ("min", "mode", "max"), unit, bounds)
        if low >= high:
            raise ValueProblem(f"{kind} min must be below max; got min {show(body['min'])}, max {show(body['max'])}")
        if not low <= mode <= high:
            raise ValueProblem(
                f"{kind} mode must lie between min and max; got mode {show(body['mode'])} "
                f"outside [{show(body['min'])}, {show(body['max'])}]"
            )
        return {"min": low, "mode": mode, "max": high}

    return parse


def _read_uniform(body: Mapping[Any, Any], unit: str, bounds: Bounds) -> Params:
    expect_keys("uniform", body, ("low", "high"))
    low, high = numbers("uniform", body, ("low", "high"), unit, bounds)
    if low >= high:
        raise ValueProblem(f"uniform low must be below high; got low {show(body['low'])}, high {show(body['high'])}")
    return {"low": low, "high": high}


def _read_choice(body: Mapping[Any, Any], unit: str, bounds: Bounds) -> Params:
    expect_keys("choice", body, ("values",), ("weights",))
    raw_values = body["values"]
    if not isinstance(raw_values, (list, tuple)) or not raw_values:
        raise ValueProblem(f"choice values must be a non-empty list; got {show(raw_values)}")
    names = [f"value {index + 1}" for index in range(len(raw_values))]
    values = numbers("choice", dict(zip(names, raw_values, strict=True)), names, unit, bounds)
    raw_weights = body.get("weights")
    if raw_weights is None:
        return {"values": tuple(values), "weights": tuple([1.0 / len(values)] * len(values))}
    if not isinstance(raw_weights, (list, tuple)) or len(raw_weights) != len(values):
        expected = f"a list of {len(values)} numbers, one per value"
        raise ValueProblem(f"choice weights must be {expected}; got {show(raw_weights)}")
    weights = [positive(plain_number(w, "choice weight"), w, "choice weights") for w in raw_weights]
    total = sum(weights)
    return {"values": tuple(values), "weights": tuple(w / total for w in weights)}


@dataclass(frozen=True)
class Family:
    """A distribution family, declared once: everything gigawatt does with it but read it from a file
    (:mod:`gigawatt.scenario.parse` reads each family's parameters, in the field's unit).

    Attributes
    ----------
    name
        The key written in a scenario (``{pert: {...}}``).
    takes
        The parameters it takes, for messages and docs.
    ppf
        The inverse CDF (canonical units), for correlated inputs, quantiles and designs.
    draw
        A direct sampler (faster than the inverse CDF for beta and PERT); None: the inverse CDF of uniforms.
    from_normal
        The exact map from standard normals when it is cheap (normal, lognormal): the copula uses it
        instead of the inverse CDF.
    scale
        The parameters of the family times a multiplier: every draw is the base draw times it.
    read
        Reads the family's parameters as a scenario file writes them (the mapping under its name), in the
        field's unit and within its bounds; raises :class:`~gigawatt.scenario.units.ValueProblem`.
    """

    name: str
    takes: str
    ppf: Callable[[Dist, FloatArray], FloatArray]
    draw: Callable[[Dist, np.random.Generator, int], FloatArray] | None
    from_normal: Callable[[Dist, FloatArray], FloatArray] | None
    scale: Callable[[Dist, float, Hold], Params]
    read: Callable[[Mapping[Any, Any], str, Bounds], Params]


FAMILIES: dict[str, Family] = {family.name: family for family in (
    Family("normal", "{mean, sd}", _normal, _draw_normal, _from_normal_normal, _scale_normal, _read_normal),
    Family("lognormal", "{p5, p95}, {mu, sigma} or {median, sigma}", _lognormal, _draw_lognormal,
           _from_normal_lognormal, _scale_lognormal, _read_lognormal),
    Family("beta", "{a, b} with optional low, high", _beta, _draw_beta, None, _scale_of("low", "high"), _read_beta),
    Family("pert", "{min, mode, max}", _pert, _draw_pert, None, _scale_of("min", "mode", "max"),
           _read_three_point("pert")),
    Family("uniform", "{low, high}", _uniform, None, None, _scale_of("low", "high"), _read_uniform),
    Family("triangular", "{min, mode, max}", _triangular, _draw_triangular, None, _scale_of("min", "mode", "max"),
           _read_three_point("triangular")),
    Family("choice", "{values, weights} (weights optional)", _choice, None, None, _scale_of("values"), _read_choice),
)}
"""Every distribution family by name, in the order docs and messages list them."""

DIST_KINDS = tuple(FAMILIES)
"""The names of the distribution families."""


def draw(dist: Dist, rng: np.random.Generator, size: int) -> FloatArray:
    """``size`` independent draws of ``dist`` from ``rng`` (direct samplers: much faster than :func:`ppf`
    for beta and PERT), clipped to ``dist.clip``. Inputs correlated through the copula use :func:`ppf`."""
    family = FAMILIES[dist.kind]
    if family.draw is None:  # uniform and choice: exact through their cheap inverse CDFs
        return ppf(dist, rng.random(size))
    values = np.asarray(family.draw(dist, rng, size), dtype=np.float64)
    low, high = dist.clip
    if low is None and high is None:
        return values
    # in place (the draws are a new array): the values of _clip
    return np.clip(values, -np.inf if low is None else low, np.inf if high is None else high, out=values)


def _clip(values: FloatArray, clip: tuple[float | None, float | None]) -> FloatArray:
    low, high = clip
    if low is None and high is None:
        return values
    return np.clip(values, -np.inf if low is None else low, np.inf if high is None else high)


# --- descriptions --------------------------------------------------------------------------


def describe(value: Value) -> str:
    """A short human description of any value, for reports and messages.

    Examples: ``"0.05"``, ``"lognormal, 90% in [4e10, 7e10]"``,
    ``"path 2025: 0.05; 2030: 0.1"``. Numbers are in the field's canonical unit.
    """
    if isinstance(value, Const):
        return format_number(value.value)
    if isinstance(value, Dist):
        return _describe_dist(value)
    if isinstance(value, Anchors):
        return "path " + "; ".join(f"{year}: {describe(v)}" for year, v in value.points)
    if isinstance(value, Growth):
        since = f" from {value.start_year}" if value.start_year is not None else ""
        return f"{describe(value.start)}{since}, growing by {describe(value.growth)} a year"
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, Logistic):
        since = f" in {value.start_year}" if value.start_year is not None else ""
        return (
            f"S-curve from {describe(value.start)}{since} towards {describe(value.ceiling)}, "
            + (f"reaching {describe(value.reach[1])} in {value.reach[0]}" if value.reach is not None
               else f"midpoint {describe(value.midpoint_year)}" if value.midpoint_year is not None else "")
        )
    raise TypeError(f"not a value: {value!r}")


def _describe_dist(dist: Dist) -> str:
    if dist.kind == "choice":
        shown = ", ".join(format_number(float(v)) for v in _seq(dist, "values"))
        text = f"choice of [{shown}]"
    else:
        low, high = quantile(dist, np.array([0.05, 0.95]))
        text = f"{dist.kind}, 90% in [{format_number(float(low))}, {format_number(float(high))}]"
    low_clip, high_clip = dist.clip
    if low_clip is not None or high_clip is not None:
        lo = "-inf" if low_clip is None else format_number(low_clip)
        hi = "inf" if high_clip is None else format_number(high_clip)
        text += f", clipped to [{lo}, {hi}]"
    return text
