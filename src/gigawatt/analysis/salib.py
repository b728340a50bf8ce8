"""A scenario's uncertain inputs as a SALib problem, and SALib designs that keep sampler and analyser paired.

SALib's analysers silently give wrong indices when fed samples from another
sampler (SALib#218: Saltelli samples analysed as Morris, or second-order flags
that disagree). Here a :class:`Design` is made only by its sampler
(:meth:`Design.sobol`, :meth:`Design.morris`) and analysed only by its own
method, so the pairing cannot be broken.

SALib works in the unit hypercube: the exported problem has bounds ``[0, 1]``
for every input (uniform probabilities) and gigawatt maps each column through
the input's inverse CDF (:func:`gigawatt.scenario.distributions.ppf`), so an
input keeps exactly the distribution written in the scenario. Inputs are
treated as independent (declared correlations are not applied in a design).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gigawatt.scenario.distributions import ppf
from gigawatt.scenario.paths import uncertain_inputs
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.values import Dist

EDGE = 1e-9
"""Sobol probabilities are kept in ``[EDGE, 1 - EDGE]`` (an unbounded inverse CDF is infinite at 0 and 1)."""

MORRIS_SPAN = (0.05, 0.95)
"""Morris levels run over these probabilities: the 90% interval of each input."""


def salib_problem(scenario: Scenario, groups: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The SALib problem of a scenario's uncertain inputs.

    Parameters
    ----------
    groups
        ``{input path: group name}``: inputs of one group move together in the design and share one
        index (SALib's ``groups``), e.g. every anchor of a time path under the field's path.

    Returns
    -------
    dict
        ``{"num_vars": D, "names": [dotted paths], "bounds": [[0, 1]] * D, "dists": ["unif"] * D}``
        (and ``"groups"`` when given): SALib samples probabilities, gigawatt maps them through each
        input's inverse CDF.

    Raises
    ------
    ValueError
        When the scenario has no uncertain input.
    """
    names = list(uncertain_inputs(scenario))
    if not names:
        raise ValueError(f"{scenario.name} has no uncertain inputs: there is nothing to analyse")
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names),
               "dists": ["unif"] * len(names)}
    if groups is not None:
        problem["groups"] = [groups.get(name, name) for name in names]
    return problem


READ_FROM_TABLE = ("pert", "beta", "triangular")
"""Families whose design values are read from the inverse table in z (scipy's ``ppf`` of a beta costs about
2 microseconds a value: 0.7 s of a Sobol analysis at N = 256)."""


def inverse_cdf(dist: Dist, u: np.ndarray) -> np.ndarray:
    """``dist``'s inverse CDF at probabilities ``u``, clipped to ``dist.clip``.

    PERT, beta and triangular inputs are read from the same inverse table in z as correlated draws
    (:mod:`gigawatt.engine.ztable`, at ``z = Phi^-1(u)``): within 1e-7 of the distribution's range of the
    exact quantile for a PERT or triangular, 1e-6 for a beta (docs/performance.md); every other family
    goes through :func:`~gigawatt.scenario.distributions.ppf`, exact.
    """
    if dist.kind not in READ_FROM_TABLE:
        return ppf(dist, u)
    from scipy.special import ndtri

    from gigawatt.engine.sampling import to_values

    return to_values(dist, ndtri(np.asarray(u, dtype=float)))


def _salib_seed(seed: int) -> int:
    """A positive seed for SALib (its Sobol analyser falls back to numpy's global state when the seed is 0)."""
    return int(np.random.SeedSequence(seed).generate_state(1)[0]) | 1


def saltelli_rows(problem: dict[str, Any], n: int, seed: int) -> np.ndarray:
    """``SALib.sample.sobol.sample(problem, n, calc_second_order=False, scramble=True, seed=seed)``, the same
    rows bit for bit, assembled with array operations.

    SALib fills its ``n * (D + 2)`` by ``D`` matrix one element at a time in Python (``n D^2`` steps: about
    2.5 s for ``N = 256`` and 105 inputs). The rows are SALib's: for each point of the scrambled Sobol'
    sequence in ``2D`` dimensions, ``A`` (its first ``D`` columns), then for each parameter (input or
    group) ``A`` with that parameter's columns taken from ``B`` (the last ``D``), then ``B``; scaled to the
    bounds by SALib's own ``scale_samples``. ``tests/analysis`` checks them against SALib's sampler.
    """
    from SALib.util import _check_groups, compute_groups_matrix, scale_samples
    from scipy.stats import qmc

    d = int(problem["num_vars"])
    groups = _check_groups(problem)
    base = qmc.Sobol(d=2 * d, scramble=True, seed=seed).random(n)  # as SALib draws it
    a, b = base[:, :d], base[:, d:]
    if groups:
        membership, _ = compute_groups_matrix(groups)  # (D, groups), groups in order of first appearance
        crossed = np.asarray(membership, dtype=bool).T
    else:
        crossed = np.eye(d, dtype=bool)
    rows = np.empty((n, crossed.shape[0] + 2, d))
    rows[:, 0] = a
    rows[:, 1:-1] = np.where(crossed[None], b[:, None, :], a[:, None, :])
    rows[:, -1] = b
    return np.asarray(scale_samples(rows.reshape(-1, d), problem))


RESAMPLES = 100
"""Bootstrap resamples of SALib's Sobol analyser (its default ``num_resamples``)."""

CONFIDENCE = 0.95
"""Confidence level of the bootstrap half-widths (SALib's default ``conf_level``)."""

RESAMPLED_VALUES = 1 << 22
"""Values of the resampled ``AB`` block made at once (32 MB): parameters are taken in groups that fit."""


def sobol_indices(y: np.ndarray, parameters: int, seed: int) -> dict[str, np.ndarray]:
    """``SALib.analyze.sobol.analyze(problem, y, calc_second_order=False, seed=seed)``, the same numbers bit for
    bit, with the parameters taken together in array operations.

    SALib resamples the bootstrap's rows again for every parameter (``A[r]``, ``B[r]`` and the variance of
    their concatenation, ``D`` times) and computes each parameter's estimates on its own: about 0.2 s for
    ``N = 256`` and 105 inputs, a fifth of a Sobol analysis. Here ``A[r]``, ``B[r]`` and their variance are
    made once; the estimators are SALib's (Saltelli et al. 2010's first order, Jansen's total order, each
    over the sample variance of ``A`` and ``B``), reduced along the same axes in the same order (means over
    rows added row by row, means and deviations over one parameter's values along a contiguous row), so
    every index and half-width is SALib's bit for bit (``tests/analysis`` checks them against SALib's
    analyser, groups and constant outputs included).

    Parameters
    ----------
    y
        The model output of each row of a Saltelli design (``N * (parameters + 2)`` rows, in the design's order).
    parameters
        ``D``: inputs, or groups.
    seed
        The bootstrap's seed, as given to SALib.

    Returns
    -------
    dict
        ``S1``, ``S1_conf``, ``ST``, ``ST_conf``: arrays of ``D`` (shares of variance; 95% half-widths).
    """
    from scipy.stats import norm

    step = parameters + 2
    n = y.size // step
    draw = np.random.default_rng(seed).integers(n, size=(n, RESAMPLES))  # SALib's bootstrap rows
    y = (y - y.mean()) / y.std()
    rows = y.reshape(n, step)
    a, b = rows[:, 0].copy(), rows[:, -1].copy()
    ab = np.ascontiguousarray(rows[:, 1:-1])
    tiny = np.finfo(float).eps
    z = norm.ppf(0.5 + CONFIDENCE / 2)
    out = {name: np.zeros(parameters) for name in ("S1", "S1_conf", "ST", "ST_conf")}
    both = np.r_[a, b]
    variance = np.var(both, axis=0)
    if np.ptp(both) > tiny and variance > tiny:
        out["S1"] = np.mean((b[:, None] * (ab - a[:, None])).T.copy(), axis=1) / variance
        out["ST"] = 0.5 * np.mean(((a[:, None] - ab) ** 2).T.copy(), axis=1) / variance
    a_r, b_r = a[draw], b[draw]
    both_r = np.r_[a_r, b_r]
    if np.ptp(both_r) <= tiny:
        return out  # SALib gives every half-width 0
    variance_r = np.var(both_r, axis=0)[:, None]  # (resamples, 1)
    usable = variance_r > tiny
    width = max(1, RESAMPLED_VALUES // (n * RESAMPLES))
    for start in range(0, parameters, width):  # groups of parameters, so the resampled block stays small
        cols = slice(start, min(parameters, start + width))
        ab_r = ab[:, cols][draw]  # (n, resamples, width)
        first = np.zeros(ab_r.shape[1:])
        np.divide(np.mean(b_r[:, :, None] * (ab_r - a_r[:, :, None]), axis=0), variance_r, out=first, where=usable)
        total = np.zeros(ab_r.shape[1:])
        np.divide(0.5 * np.mean((a_r[:, :, None] - ab_r) ** 2, axis=0), variance_r, out=total, where=usable)
        out["S1_conf"][cols] = z * np.std(first.T.copy(), axis=1, ddof=1)
        out["ST_conf"][cols] = z * np.std(total.T.copy(), axis=1, ddof=1)
    return out


_TOKEN = object()


@dataclass(frozen=True)
class Design:
    """Rows of a SALib sampler in the unit hypercube, analysable only by the matching analyser.

    Do not build one directly: use :meth:`sobol` or :meth:`morris`.

    Attributes
    ----------
    method
        ``"sobol"`` or ``"morris"``.
    problem
        The SALib problem (:func:`salib_problem`).
    unit
        SALib's samples, shape ``(rows, D)``, in ``[0, 1]``.
    seed
        Seed of the sampler and of the analyser's bootstrap.
    options
        Sampler options the analyser must see again (``num_levels`` for Morris).
    """

    method: str
    problem: dict[str, Any]
    unit: np.ndarray
    seed: int
    options: dict[str, Any] = field(default_factory=dict)
    token: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.token is not _TOKEN:
            raise TypeError("make a Design with Design.sobol(...) or Design.morris(...), so that sampler and "
                            "analyser stay paired (SALib#218)")

    @classmethod
    def sobol(cls, problem: dict[str, Any], n: int, seed: int = 1) -> Design:
        """Saltelli's scheme on a scrambled Sobol' sequence: ``n * (D + 2)`` rows (first and total order).

        ``n`` must be a power of two (the balance of Sobol' points needs it).
        """
        if n < 2 or n & (n - 1):
            raise ValueError(f"Sobol base samples must be a power of two (e.g. 512, 1024); got {n}")
        x = saltelli_rows(dict(problem), n, _salib_seed(seed))
        return cls("sobol", problem, np.asarray(x, dtype=float), seed, {"n": n}, token=_TOKEN)

    @classmethod
    def morris(cls, problem: dict[str, Any], trajectories: int, seed: int = 1, levels: int = 4) -> Design:
        """Morris elementary effects: ``trajectories * (D + 1)`` rows on a grid of ``levels`` (even)."""
        if trajectories < 2:
            raise ValueError(f"Morris needs at least 2 trajectories; got {trajectories}")
        if levels < 2 or levels % 2:
            raise ValueError(f"Morris levels must be an even number of at least 2; got {levels}")
        from SALib.sample import morris as morris_sample

        x = morris_sample.sample(dict(problem), trajectories, num_levels=levels, seed=_salib_seed(seed))
        return cls("morris", problem, np.asarray(x, dtype=float), seed,
                   {"levels": levels, "trajectories": trajectories}, token=_TOKEN)

    @property
    def parameters(self) -> list[str]:
        """What the indices are of: each input, or each group in the order of its first input."""
        return list(dict.fromkeys(self.problem.get("groups") or self.problem["names"]))

    @property
    def rows(self) -> int:
        """Number of model evaluations the design needs."""
        return int(self.unit.shape[0])

    def probabilities(self, start: int = 0, stop: int | None = None) -> np.ndarray:
        """The probabilities of rows ``start..stop`` (default all), shape ``(rows, D)``, strictly inside (0, 1)."""
        unit = self.unit[start:stop]  # only these rows are transformed (a view: no copy of the whole design)
        if self.method == "morris":
            low, high = MORRIS_SPAN
            return low + (high - low) * unit
        return np.clip(unit, EDGE, 1.0 - EDGE)

    def values(self, inputs: Mapping[str, Dist], start: int = 0, stop: int | None = None) -> dict[str, np.ndarray]:
        """Rows ``start..stop`` of the design in canonical units: ``{path: values}`` through each inverse CDF."""
        probs = self.probabilities(start, stop)
        return {name: inverse_cdf(inputs[name], probs[:, j]) for j, name in enumerate(self.problem["names"])}

    def analyse(self, y: np.ndarray) -> list[dict[str, Any]]:
        """Indices per input from the model output of every row, with this design's own analyser.

        Returns
        -------
        list of dict
            Sobol: ``{parameter, S1, S1_conf, ST, ST_conf}``; Morris:
            ``{parameter, mu_star, mu_star_conf, sigma, mu}`` in the metric's unit: the
            effect of moving the input across its 90% interval (P5 to P95). In the problem's order.
        """
        y = np.asarray(y, dtype=float).reshape(-1)
        if y.shape[0] != self.rows:
            raise ValueError(f"the {self.method} design has {self.rows} rows; got {y.shape[0]} model outputs")
        if not np.all(np.isfinite(y)):
            bad = int(np.sum(~np.isfinite(y)))
            raise ValueError(f"the metric is not finite in {bad} of {y.shape[0]} samples (e.g. breakeven_year is "
                             "inf when break-even never comes); choose a finite metric for a variance analysis")
        names = self.parameters
        constant = float(np.ptp(y)) <= 1e-12 * max(1.0, float(np.abs(y).max()))
        if self.method == "sobol":
            if constant:
                return [{"parameter": p, "S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0} for p in names]
            s = sobol_indices(y, len(names), _salib_seed(self.seed))
            return [{"parameter": p, "S1": float(s["S1"][j]), "S1_conf": float(s["S1_conf"][j]),
                     "ST": float(s["ST"][j]), "ST_conf": float(s["ST_conf"][j])} for j, p in enumerate(names)]
        if constant:
            return [{"parameter": p, "mu_star": 0.0, "mu_star_conf": 0.0, "sigma": 0.0, "mu": 0.0} for p in names]
        from SALib.analyze import morris as morris_analyze

        s = morris_analyze.analyze(dict(self.problem), self.unit, y, num_levels=self.options["levels"],
                                   seed=_salib_seed(self.seed))
        return [{"parameter": p, "mu_star": float(s["mu_star"][j]), "mu_star_conf": float(s["mu_star_conf"][j]),
                 "sigma": float(s["sigma"][j]), "mu": float(s["mu"][j])} for j, p in enumerate(names)]
