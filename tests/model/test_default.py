"""The borrowing limit: what a company must borrow, the year it can borrow no more (docs/model.md section 9)."""

from __future__ import annotations

import math

import numpy as np

from .helpers import close, row, run, scalar

B = 1e9

BURNING = """
name: burning
horizon: {start: 2025, end: 2029}
opex: {general_admin: $1B}
finance: {starting_cash: $1B, borrowing_limit: $2.5B}
"""


def test_the_borrowing_need_crosses_the_limit_in_a_known_year() -> None:
    result = run(BURNING)
    # cash: 1 - 1 = 0, then -1, -2, -3, -4 ($B); no revolver: the need is the cash below min_cash (0)
    close(row(result, "borrowing_need"), [0, 1 * B, 2 * B, 3 * B, 4 * B])
    assert scalar(result, "default_year") == 2028  # $3B > $2.5B; $2B in 2027 is within the limit
    assert result.probabilities["in_default"] == 1.0
    assert result.units["default_year"] == "year"


def test_a_revolver_is_borrowing_and_its_interest_compounds() -> None:
    result = run(BURNING.replace("borrowing_limit: $2.5B", "min_cash: $1B, revolver: {rate: 10%}, "
                                 "borrowing_limit: $3B"))
    # 2025: cash 0, the revolver draws 1; 2026: 1 - 1 - 0.1 interest -> draws 1.1 more; 2027: 1.21 more
    close(row(result, "revolver_balance")[:3], [1 * B, 2.1 * B, 3.31 * B])
    close(row(result, "borrowing_need")[:3], [1 * B, 2.1 * B, 3.31 * B])
    assert scalar(result, "default_year") == 2027


def test_within_the_limit_there_is_no_default() -> None:
    result = run(BURNING.replace("$2.5B", "$4B"))
    assert math.isinf(scalar(result, "default_year"))  # $4B is not above the limit
    assert result.probabilities["in_default"] == 0.0


def test_an_uncertain_limit_defaults_sample_by_sample() -> None:
    result = run(BURNING.replace("$2.5B", '"$0.5B to $4.5B"'), samples=400)
    limit = result.inputs["finance.borrowing_limit"]
    need = np.array([0, 1, 2, 3, 4]) * B
    over = need[None, :] > limit[:, None]
    expected = np.where(over.any(axis=1), 2025 + np.argmax(over, axis=1), np.inf)
    np.testing.assert_array_equal(result["default_year"], expected)
    assert 0 < result.probabilities["in_default"] < 1
    np.testing.assert_array_equal(result["in_default"], np.isfinite(expected))


def test_without_a_limit_nothing_is_added() -> None:
    result = run(BURNING.replace(", borrowing_limit: $2.5B", ""))
    for name in ("borrowing_need", "default_year", "in_default"):
        assert name not in result.units
