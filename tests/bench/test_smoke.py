"""Every registered benchmark still works: its smoke mode runs at tiny sizes inside `make test`."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `benchmarks` is a top-level folder of the repository, not part of the package
    sys.path.insert(0, str(ROOT))

from benchmarks.__main__ import main, table  # noqa: E402
from benchmarks.bench_peers import agreement, compare, numpy_gap, squiggle_missing  # noqa: E402
from benchmarks.registry import Skip, discover  # noqa: E402

REGISTRY = discover()


def test_the_core_benchmarks_are_registered() -> None:
    assert {"engine", "peers", "sensitivity", "web"} <= set(REGISTRY)


@pytest.mark.parametrize("name", list(REGISTRY))
def test_smoke(name: str) -> None:
    try:
        rows = REGISTRY[name].run("smoke")
    except Skip as why:
        pytest.skip(f"{name}: {why}")
    assert rows and all(isinstance(r, dict) for r in rows)
    assert table(name, rows).row_count == len(rows)


def test_peers_agree_and_gigawatt_is_timed() -> None:
    rows = {r["implementation"]: r for r in compare("smoke", include=("gigawatt", "numpy", "squigglepy"))}
    for name in ("gigawatt", "numpy", "squigglepy"):
        assert rows[name]["agrees"] is True, rows[name]
        assert rows[name]["samples/s"] > 0
    assert rows["numpy"]["numpy / this"] == 1.0


def test_squiggle_agrees() -> None:
    missing = squiggle_missing()
    if missing:
        pytest.skip(f"Squiggle peer not installed: {missing}")
    rows = {r["implementation"]: r for r in compare("smoke", include=("numpy", "squiggle"))}
    assert rows["squiggle"]["agrees"] is True, rows["squiggle"]


def test_agreement_catches_a_wrong_model() -> None:
    reference, _ = numpy_gap(200_000, 5)
    right, _ = numpy_gap(5_000, 6)
    ok, _ = agreement(right, reference)
    assert ok
    ok, detail = agreement(right + 0.2 * reference.std(), reference)  # a bias of a fifth of a standard deviation
    assert not ok and "mean" in detail


def test_command_line_smoke_of_one_benchmark(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert main(["peers", "--smoke", "--json", str(out)]) == 0
    assert '"peers"' in out.read_text()
    with pytest.raises(SystemExit):
        main(["no-such-benchmark"])


def test_numpy_reference_is_seeded() -> None:
    a, _ = numpy_gap(1000, 3)
    b, _ = numpy_gap(1000, 3)
    assert np.array_equal(a, b)
