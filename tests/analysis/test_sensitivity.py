"""Sensitivity: tornado against pinned runs, Sobol against analytic indices, Morris ranking, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import gigawatt
from gigawatt.analysis import Design, morris, salib_problem, sobol, tornado
from gigawatt.cli import app
from gigawatt.scenario.distributions import quantile
from gigawatt.scenario.paths import uncertain_inputs

from .toys import PRODUCT_BOUNDS

runner = CliRunner()


def analytic_product_indices(bounds: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """First-order and total Sobol indices of ``Y = X1 X2 X3`` with ``Xi ~ U(a_i, b_i)`` independent.

    With m = E[X], v = Var[X], s = E[X^2] = v + m^2: Var Y = prod s - prod m^2,
    V_i = v_i prod_{j != i} m_j^2 and the total effect E[Var(Y | X_~i)] = v_i prod_{j != i} s_j.
    """
    m = {k: (a + b) / 2 for k, (a, b) in bounds.items()}
    v = {k: (b - a) ** 2 / 12 for k, (a, b) in bounds.items()}
    s = {k: v[k] + m[k] ** 2 for k in bounds}
    total = float(np.prod(list(s.values())) - np.prod([m[k] ** 2 for k in bounds]))
    out = {}
    for k in bounds:
        others = [j for j in bounds if j != k]
        out[k] = (v[k] * np.prod([m[j] ** 2 for j in others]) / total,
                  v[k] * np.prod([s[j] for j in others]) / total)
    return out


def test_product_scenario_is_the_product(product_file: Path) -> None:
    result = gigawatt.simulate(gigawatt.load(product_file), samples=500)
    x = result.inputs
    expected = x["consumer.users"] * x["consumer.paying_share"] * x["consumer.tiers.plus.price"]
    np.testing.assert_allclose(result.series["revenue_total"][:, 0], expected, rtol=1e-12)


def test_sobol_matches_analytic_indices_of_a_product(product_file: Path) -> None:
    out = sobol(gigawatt.load(product_file), "revenue_total", year=2025, samples=2048, seed=3)
    analytic = analytic_product_indices(PRODUCT_BOUNDS)
    assert {r["parameter"] for r in out.rows} == set(PRODUCT_BOUNDS)
    for row in out.rows:
        s1, st = analytic[row["parameter"]]
        assert row["S1"] == pytest.approx(s1, abs=0.05)
        assert row["ST"] == pytest.approx(st, abs=0.05)
        assert 0 < row["S1_conf"] < 0.1 and 0 < row["ST_conf"] < 0.1
    assert out.rows[0]["parameter"] == "consumer.users"  # the widest relative range ranks first
    assert out.evaluations == 2048 * (3 + 2)


def test_morris_ranks_the_widest_input_first(product_file: Path) -> None:
    out = morris(gigawatt.load(product_file), "revenue_total", year=2025, samples=20, seed=2)
    assert [r["parameter"] for r in out.rows][0] == "consumer.users"
    assert all(r["mu_star"] > 0 for r in out.rows)
    assert out.evaluations == 20 * (3 + 1)


def test_tornado_equals_runs_with_one_input_pinned(toy: Path) -> None:
    scenario = gigawatt.load(toy)
    out = tornado(scenario, "revenue_total", year=2030, stat="p50", samples=300, seed=5)
    assert out.base == gigawatt.simulate(scenario, 300, 5).stat("revenue_total", "p50", 2030)
    for row in out.rows:
        low = gigawatt.simulate(scenario, 300, 5, pinned={row["parameter"]: row["input_low"]})
        high = gigawatt.simulate(scenario, 300, 5, pinned={row["parameter"]: row["input_high"]})
        assert row["low"] == low.stat("revenue_total", "p50", 2030)
        assert row["high"] == high.stat("revenue_total", "p50", 2030)
        assert row["swing"] == pytest.approx(abs(row["high"] - row["low"]))
    swings = [r["swing"] for r in out.rows]
    assert swings == sorted(swings, reverse=True)
    assert out.rows[-1]["parameter"] == "sites.abilene.capex_per_gw" and out.rows[-1]["swing"] == 0.0


def test_tornado_of_whole_paths_swings_every_anchor_together(toy: Path) -> None:
    """Toy paying share: a fixed 2025 anchor and an uncertain 2030 one; with a second uncertain anchor added,
    the whole-path row equals one run with both anchors pinned to their P10 (and one at their P90)."""
    text = toy.read_text().replace('paying_share: {2025: 5%, 2030: "8% to 12%"}',
                                   'paying_share: {2025: 5%, 2028: "6% to 9%", 2030: "8% to 12%"}')
    scenario = gigawatt.loads(text)
    out = tornado(scenario, "revenue_total", year=2030, stat="p50", samples=300, seed=5, whole_paths=True)
    row = next(r for r in out.rows if r["parameter"] == "consumer.paying_share")
    assert row["inputs"] == ["consumer.paying_share.2028", "consumer.paying_share.2030"]
    inputs = uncertain_inputs(scenario)
    for end, q in (("low", 0.1), ("high", 0.9)):
        pinned = {p: quantile(inputs[p], q) for p in row["inputs"]}
        assert row[end] == gigawatt.simulate(scenario, 300, 5, pinned=pinned).stat("revenue_total", "p50", 2030)
    assert {r["parameter"] for r in out.rows} == {"consumer.users", "consumer.paying_share",
                                                  "sites.abilene.capex_per_gw"}


def test_tornado_inputs_are_p10_and_p90(toy: Path) -> None:
    scenario = gigawatt.load(toy)
    out = tornado(scenario, "funding_gap", samples=200)
    row = next(r for r in out.rows if r["parameter"] == "sites.abilene.capex_per_gw")
    # "$40B/GW to $60B/GW" is a lognormal 90% interval: P10/P90 lie inside it
    assert 40e9 < row["input_low"] < 50e9 < row["input_high"] < 60e9
    assert out.rows[0]["parameter"] == "sites.abilene.capex_per_gw"


def test_tornado_of_an_event_is_a_probability(toy: Path) -> None:
    out = tornado(gigawatt.load(toy), "breakeven_by_2026", samples=200)
    assert out.metric.kind == "event"
    assert all(0.0 <= r[k] <= 1.0 for r in out.rows for k in ("low", "high"))


def test_design_pairing_is_enforced(product_file: Path) -> None:
    problem = salib_problem(gigawatt.load(product_file))
    assert problem["names"] == list(PRODUCT_BOUNDS) and problem["bounds"] == [[0.0, 1.0]] * 3
    with pytest.raises(TypeError, match="Design.sobol"):
        Design("sobol", problem, np.zeros((10, 3)), 1)
    design = Design.sobol(problem, 64)
    with pytest.raises(ValueError, match="320 rows"):
        design.analyse(np.zeros(100))
    with pytest.raises(ValueError, match="power of two"):
        Design.sobol(problem, 100)
    probs = design.probabilities()
    assert probs.min() > 0 and probs.max() < 1


def test_design_values_transform_only_the_rows_asked(product_file: Path) -> None:
    import tracemalloc

    scenario = gigawatt.load(product_file)
    inputs = uncertain_inputs(scenario)
    for design in (Design.sobol(salib_problem(scenario), 8192), Design.morris(salib_problem(scenario), 8192)):
        assert design.unit.nbytes > 600_000
        whole = design.values(inputs)
        np.testing.assert_array_equal(design.probabilities(40, 50), design.probabilities()[40:50])
        tracemalloc.start()
        try:
            batch = design.values(inputs, 40, 50)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < design.unit.nbytes / 4  # the batch's rows, never a copy of the whole design
        for name, values in batch.items():
            np.testing.assert_array_equal(values, whole[name][40:50])


def test_sobol_refuses_a_metric_that_is_not_finite(toy: Path) -> None:
    scenario = gigawatt.loads((toy.read_text()).replace("price: 20 USD/month", "price: 0.01 USD/month"))
    with pytest.raises(ValueError, match="not finite"):
        sobol(scenario, "breakeven_year", samples=32)


def test_cli_tornado_writes_json(toy: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    result = runner.invoke(app, ["sensitivity", str(toy), "--metric", "revenue_total", "--year", "2030",
                                 "-n", "200", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Tornado" in result.output and "swing" in result.output
    data = json.loads(out.read_text())
    assert data["method"] == "tornado" and data["metric"] == "revenue_total" and data["year"] == 2030
    assert {"parameter", "low", "high", "swing"} <= set(data["rows"][0])
    assert data["rows"][0]["parameter"] == "consumer.users.ceiling"
    assert data["base"] > 0


def test_cli_sobol_and_morris(product_file: Path) -> None:
    result = runner.invoke(app, ["sensitivity", str(product_file), "-m", "revenue_total", "--method", "sobol",
                                 "-n", "256", "--json", "-"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"parameter", "S1", "S1_conf", "ST", "ST_conf"} <= set(data["rows"][0])
    result = runner.invoke(app, ["sensitivity", str(product_file), "-m", "revenue_total", "--method", "morris",
                                 "-n", "10"])
    assert result.exit_code == 0, result.output
    assert "mu*" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--metric", "revenue_totl"], "did you mean 'revenue_total'"),
    (["--metric", "revenue_total", "--year", "2040"], "outside the horizon"),
    (["--metric", "funding_gap", "--year", "2030"], "not a series"),
    (["--metric", "funding_gap", "--method", "sobl"], "did you mean 'sobol'"),
    (["--metric", "funding_gap", "--stat", "median"], "unknown statistic"),
    (["--metric", "funding_gap", "--method", "sobol", "-n", "100"], "power of two"),
])
def test_cli_sensitivity_errors(toy: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["sensitivity", str(toy), "-n", "50", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("groups", [None, ["a", "b", "a", "c", "b", "b", "d"]])
def test_saltelli_rows_are_salib_rows(groups: list[str] | None) -> None:
    """The design assembled with array operations is SALib's sampler's, bit for bit (with groups too)."""
    from SALib.sample import sobol as sobol_sample

    from gigawatt.analysis.salib import saltelli_rows

    problem: dict[str, object] = {"num_vars": 7, "names": [f"x{i}" for i in range(7)], "bounds": [[0.0, 1.0]] * 7,
                                  "dists": ["unif"] * 7}
    if groups is not None:
        problem["groups"] = groups
    expected = sobol_sample.sample(dict(problem), 32, calc_second_order=False, scramble=True, seed=12345)
    got = saltelli_rows(dict(problem), 32, 12345)
    assert got.shape == ((len(set(groups or problem["names"])) + 2) * 32, 7)  # type: ignore[arg-type]
    np.testing.assert_array_equal(got, expected, strict=True)


def _salib_output(case: str, n: int, d: int) -> np.ndarray:
    """Model outputs of a Saltelli design's ``n (d + 2)`` rows: skewed and correlated, or with constant parts."""
    rng = np.random.default_rng(n * 1000 + d)
    y = rng.normal(size=n * (d + 2)) ** 3 + np.repeat(rng.normal(size=n), d + 2)
    if case == "constant parameter":
        rows = y.reshape(n, d + 2)
        rows[:, 3] = rows[:, 0]  # parameter 2 changes nothing: S1 = ST = 0 in every resample
    if case == "two values":
        y = np.where(y > 0, 1.0, 0.0)  # many resamples of A and B are constant
    return y


@pytest.mark.parametrize(("case", "n", "d"), [("skewed", 256, 105), ("skewed", 8, 3), ("skewed", 64, 7),
                                              ("constant parameter", 32, 6), ("two values", 4, 2)])
def test_sobol_indices_are_salibs_bit_for_bit(case: str, n: int, d: int) -> None:
    """The analyser taken over all parameters at once gives SALib's indices and half-widths exactly."""
    import warnings

    from SALib.analyze import sobol as sobol_analyze

    from gigawatt.analysis import salib

    y = _salib_output(case, n, d)
    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Constant values encountered", category=UserWarning)
        expected = sobol_analyze.analyze(problem, y.copy(), calc_second_order=False, seed=4321)
    got = salib.sobol_indices(y, d, 4321)
    for key in ("S1", "S1_conf", "ST", "ST_conf"):
        np.testing.assert_array_equal(got[key], np.asarray(expected[key]), strict=True, err_msg=key)
    if case == "constant parameter":
        assert got["S1"][2] == 0.0 and got["ST"][2] == 0.0 and got["ST_conf"][2] == 0.0


def test_sobol_indices_in_groups_of_parameters_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Taking parameters a few at a time (bounded memory) changes no number."""
    from gigawatt.analysis import salib

    y = _salib_output("skewed", 64, 9)
    whole = salib.sobol_indices(y, 9, 99)
    monkeypatch.setattr(salib, "RESAMPLED_VALUES", 64 * salib.RESAMPLES * 2)  # two parameters at a time
    for key, values in salib.sobol_indices(y, 9, 99).items():
        np.testing.assert_array_equal(values, whole[key], strict=True)


@pytest.mark.parametrize(("kind", "params", "bound"), [
    ("pert", {"min": 0.2, "mode": 0.3, "max": 0.9}, 1e-7),
    ("pert", {"min": 1e9, "mode": 9e9, "max": 1e10}, 1e-7),
    ("triangular", {"min": -3.0, "mode": 2.0, "max": 4.0}, 1e-7),
    ("beta", {"a": 2.0, "b": 30.0}, 1e-6),
])
def test_design_values_from_the_table_are_within_the_bound(kind: str, params: dict[str, float],
                                                           bound: float) -> None:
    """Design values read from the inverse table in z stay within the documented bound of the exact quantile,
    over the whole range of probabilities a design uses."""
    from gigawatt.analysis.salib import EDGE, inverse_cdf
    from gigawatt.scenario.distributions import ppf
    from gigawatt.scenario.values import Dist

    dist = Dist(kind, params)  # type: ignore[arg-type]
    u = np.concatenate([[EDGE, 1 - EDGE], np.random.default_rng(5).uniform(EDGE, 1 - EDGE, 100_000)])
    span = params.get("max", params.get("high", 1.0)) - params.get("min", params.get("low", 0.0))
    error = np.abs(inverse_cdf(dist, u) - ppf(dist, u)).max() / span
    assert error <= bound
    assert error > 0, "the table is an approximation: a zero error would mean it was not used"
