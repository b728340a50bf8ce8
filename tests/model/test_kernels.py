"""The compiled kernels (gigawatt.model.jit) against the numpy references they stand for, on every bundled
scenario: every output of a run with kernels equals the run with the numpy references, to 1e-12 of the
largest magnitude of that output (the kernels add in the same order where they can; a sum over cohorts in
another order differs in the last bits only)."""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.model import jit
from gigawatt.scenario.loader import bundled_names

pytest.importorskip("numba")

SAMPLES = {"ai-compute-2025": 96}
"""Samples per scenario (a network of seven companies runs fewer); 384 for the others."""


OPERANDS = {name: "compute_cost" for name in ("research_compute_cost", "training_compute_cost",
                                             "research_development")}
"""Outputs that are a difference of larger outputs, with the output that bounds them: ``research_compute_cost``
is ``compute_cost - serving_compute_cost``, which in a company without research is rounding of ``compute_cost``
(1e-5 USD of 6e10), so it is compared to 1e-12 of the largest magnitude of ``compute_cost`` as well."""


def outputs(result: gigawatt.Result) -> dict[str, np.ndarray]:
    return {**result.series, **result.scalars, **{k: v.astype(float) for k, v in result.events.items()}}


def test_numpy_can_be_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    jit.enabled.cache_clear()
    monkeypatch.setenv(jit.ENVIRONMENT, "numpy")
    assert not jit.enabled()
    monkeypatch.setenv(jit.ENVIRONMENT, "")
    jit.enabled.cache_clear()
    assert jit.enabled()
    jit.enabled.cache_clear()


@pytest.mark.parametrize("name", bundled_names())
def test_kernels_give_the_numpy_references_numbers(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    samples = SAMPLES.get(name, 384)
    compiled = outputs(gigawatt.simulate(name, samples, seed=7))
    monkeypatch.setattr(jit, "enabled", lambda: False)
    reference = outputs(gigawatt.simulate(name, samples, seed=7))
    assert compiled.keys() == reference.keys()
    for key, want in reference.items():
        got = compiled[key]
        assert got.shape == want.shape, key
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=key)
        finite = np.isfinite(want)
        np.testing.assert_array_equal(got[~finite], want[~finite], err_msg=key)
        scale = float(np.max(np.abs(want[finite]), initial=0.0))
        if key in OPERANDS:
            scale = max(scale, float(np.max(np.abs(reference[OPERANDS[key]]))))
        assert np.all(np.abs(got[finite] - want[finite]) <= 1e-12 * max(scale, 1e-300)), key
