"""Streaming summaries: the same bits whatever the chunking, close to Result.summary(), kept samples exact."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import gigawatt
from gigawatt.engine.sampling import BLOCK
from gigawatt.engine.stream import Partial, partial_of
from gigawatt.model import BLOCKS

SAMPLES = 3 * BLOCK + 77


@pytest.fixture
def toy(toy_text: str) -> gigawatt.Scenario:
    return gigawatt.loads(toy_text)


def summarize(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The summary of a streamed run."""
    return gigawatt.summarize(*args, **kwargs).summary()


def close(a: Any, b: Any, rel: float) -> bool:
    """Equal within ``rel`` (None, the JSON for a non-finite number, only matches None)."""
    if isinstance(a, list):
        return all(close(x, y, rel) for x, y in zip(a, b, strict=True))
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-6)


def test_same_bits_whatever_the_chunk_size(toy: gigawatt.Scenario) -> None:
    small = summarize(toy, SAMPLES, 3, chunk_size=BLOCK)
    large = summarize(toy, SAMPLES, 3, chunk_size=10 * BLOCK)
    odd = summarize(toy, SAMPLES, 3, chunk_size=3 * BLOCK + 5)  # rounded to whole blocks
    assert small == large == odd


def test_blocks_merged_in_any_order_give_the_same_bits(toy: gigawatt.Scenario) -> None:
    whole = partial_of(toy, BLOCKS, 3, 0, SAMPLES)
    parts = [partial_of(toy, BLOCKS, 3, lo, min(lo + BLOCK, SAMPLES)) for lo in range(0, SAMPLES, BLOCK)]
    merged: Partial = parts[3]
    for part in (parts[1], parts[0], parts[2]):
        merged.merge(part)
    assert merged.summary(toy, 3, "v") == whole.summary(toy, 3, "v")
    with pytest.raises(ValueError, match="counted twice"):
        merged.merge(parts[0])


def test_matches_the_in_memory_summary(toy: gigawatt.Scenario) -> None:
    streamed = summarize(toy, SAMPLES, 3)
    exact = gigawatt.simulate(toy, SAMPLES, 3).summary()
    assert streamed["quantiles"].startswith("sketch")
    assert set(streamed) == set(exact) | {"quantiles"}
    assert {k: streamed[k] for k in ("scenario", "samples", "seed", "years")} == \
        {k: exact[k] for k in ("scenario", "samples", "seed", "years")}
    assert streamed["probabilities"] == exact["probabilities"]  # exact counts
    for kind in ("series", "scalars"):
        assert list(streamed[kind]) == list(exact[kind])
        for name, entry in exact[kind].items():
            got = streamed[kind][name]
            assert got["unit"] == entry["unit"]
            assert close(got["mean"], entry["mean"], 1e-12), name  # exact up to rounding
            for stat in ("p5", "p50", "p95"):
                assert close(got[stat], entry[stat], 0.005 * (1 + 1e-9)), (name, stat)


def test_sd_is_exact(toy: gigawatt.Scenario) -> None:
    streamed = summarize(toy, SAMPLES, 2, stats=("mean", "sd", "p50"))
    result = gigawatt.simulate(toy, SAMPLES, 2)
    np.testing.assert_allclose(streamed["series"]["payers"]["sd"], result.series["payers"].std(axis=0), rtol=1e-9)
    assert set(streamed["scalars"]["funding_gap"]) == {"unit", "mean", "sd", "p50"}


def test_keep_returns_the_exact_samples(toy: gigawatt.Scenario) -> None:
    streamed = gigawatt.summarize(toy, SAMPLES, 5, chunk_size=BLOCK,
                                  keep=("funding_gap", "payers", "consumer.users.ceiling"))
    result = gigawatt.simulate(toy, SAMPLES, 5)
    kept = streamed.kept
    assert np.array_equal(kept["funding_gap"], result.scalars["funding_gap"])
    assert np.array_equal(kept["payers"], result.series["payers"])
    assert np.array_equal(kept["consumer.users.ceiling"], result.inputs["consumer.users.ceiling"])
    assert np.array_equal(streamed["funding_gap"], kept["funding_gap"])
    assert gigawatt.summarize(toy, 100, 5).kept == {}


def test_pinned_and_progress(toy: gigawatt.Scenario) -> None:
    calls: list[tuple[int, int]] = []
    out = summarize(toy, 2 * BLOCK + 1, 1, chunk_size=BLOCK, pinned={"sites.abilene.capex_per_gw": 5e10},
                    progress=lambda done, total: calls.append((done, total)), stats=("mean", "p5", "p95"))
    assert calls == [(BLOCK, 2 * BLOCK + 1), (2 * BLOCK, 2 * BLOCK + 1), (2 * BLOCK + 1, 2 * BLOCK + 1)]
    base = summarize(toy, 2 * BLOCK + 1, 1, stats=("mean",))
    assert out["series"]["payers"]["mean"] == base["series"]["payers"]["mean"]  # common random numbers
    assert out["series"]["capex"]["mean"] != base["series"]["capex"]["mean"]


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"samples": 0}, ValueError, "at least 1"),
    ({"keep": ("no_such_output",)}, KeyError, "cannot keep"),
    ({"pinned": {"no.such.input": 1.0}}, KeyError, "not uncertain inputs"),
    ({"stats": ("p5", "median")}, ValueError, "unknown statistic"),
])
def test_bad_arguments(toy: gigawatt.Scenario, kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    args = {"samples": 100, **kwargs}
    with pytest.raises(error, match=match):
        summarize(toy, **args)


def test_an_unknown_statistic_fails_before_any_sample(toy: gigawatt.Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    import gigawatt.engine.stream as stream

    def run(*args: object, **kwargs: object) -> None:
        raise AssertionError("simulated before the statistics were checked")

    monkeypatch.setattr(stream, "run_chunk", run)
    with pytest.raises(ValueError, match="unknown statistic 'median'"):
        summarize(toy, samples=100, stats=("p5", "median"))


def test_public_api() -> None:
    assert "summarize" in gigawatt.__all__


def test_one_result_type_for_streamed_and_in_memory_runs(toy: gigawatt.Scenario) -> None:
    streamed = gigawatt.summarize(toy, SAMPLES, 3)
    exact = gigawatt.simulate(toy, SAMPLES, 3)
    assert isinstance(streamed, gigawatt.Result) and streamed.is_streamed and not exact.is_streamed
    assert streamed.names() == exact.names()
    assert streamed.samples == exact.samples == SAMPLES
    assert streamed.probabilities == exact.probabilities
    assert streamed.kind("payers") == exact.kind("payers") == "series"
    assert streamed.stat("payers", "mean", 2030) == pytest.approx(exact.stat("payers", "mean", 2030), rel=1e-12)
    assert streamed.stat("funding_gap", "p50") == pytest.approx(exact.stat("funding_gap", "p50"), rel=0.005)
    with pytest.raises(KeyError, match="keeps statistics, not samples"):
        streamed["payers"]
    with pytest.raises(ValueError, match="not p10"):
        streamed.stat("payers", "p10")


def test_a_long_stream_holds_no_block_statistics(toy_text: str) -> None:
    """Blocks that follow on from block 0 are added up as they come: memory does not grow with samples."""
    from gigawatt.model import BLOCKS

    scenario = gigawatt.loads(toy_text)
    partial = partial_of(scenario, BLOCKS, 3, 0, 6 * BLOCK + 5, chunk_size=2 * BLOCK)
    assert partial.blocks == {} and partial.folded is not None and partial.folded.next == 7
    assert partial.samples == 6 * BLOCK + 5
    pieces = [partial_of(scenario, BLOCKS, 3, lo, min(lo + 2 * BLOCK, 6 * BLOCK + 5), chunk_size=BLOCK)
              for lo in range(0, 6 * BLOCK + 5, 2 * BLOCK)]
    merged = pieces[2]
    for piece in (pieces[3], pieces[0], pieces[1]):  # out of order, as tasks finish on a cluster
        merged.merge(piece)
    assert merged.blocks == {}
    for a, b in zip(merged.totals(), partial.totals(), strict=True):
        assert np.array_equal(a, b)
    with pytest.raises(ValueError, match="counted twice"):
        merged.merge(pieces[0])


def test_a_duration_in_years_is_not_rounded(toy: gigawatt.Scenario) -> None:
    # fleet_age_years is a GW-weighted age (unit year, a duration): fractional, so its quantiles are not counted
    # as whole numbers the way calendar years (the break-even year) are
    streamed = summarize(toy, SAMPLES, 3)["series"]["fleet_age_years"]["p50"]
    exact = np.median(gigawatt.simulate(toy, SAMPLES, 3).series["fleet_age_years"], axis=0)
    assert any(abs(v - round(v)) > 0.1 for v in exact)  # the toy's fleet has fractional ages
    np.testing.assert_allclose(streamed, exact, rtol=1e-3, atol=1e-9)
