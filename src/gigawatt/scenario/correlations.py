"""Rank correlations between uncertain inputs, as a Gaussian copula's correlation matrix."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from gigawatt.scenario.errors import did_you_mean
from gigawatt.scenario.schema import Correlation


class CorrelationProblem(ValueError):
    """A correlation that cannot be applied; ``index`` is its position in the list."""

    def __init__(self, message: str, index: int | str) -> None:
        super().__init__(message)
        self.index = index


def normal_correlation(rank: float) -> float:
    """The normal-copula correlation that gives Spearman rank correlation ``rank``: 2 sin(pi rank / 6)."""
    return 2.0 * math.sin(math.pi * rank / 6.0)


def copula_factor(paths: Sequence[str], correlations: Sequence[Correlation]) -> np.ndarray:
    """Lower Cholesky factor of the copula's correlation matrix over ``paths`` (in that order).

    Raises
    ------
    CorrelationProblem
        When a path names no uncertain input, or the correlations cannot hold
        together (the matrix is not positive definite).
    """
    index = {p: i for i, p in enumerate(paths)}
    matrix = np.eye(len(paths))
    for number, corr in enumerate(correlations):
        for p in corr.between:
            if p not in index:
                raise CorrelationProblem(
                    f"{p!r} is not an uncertain input{did_you_mean(p, paths)}; both ends of a correlation must "
                    "be given as intervals or distributions", number)
        a, b = index[corr.between[0]], index[corr.between[1]]
        if a == b:
            raise CorrelationProblem(f"{corr.between[0]} cannot be correlated with itself", number)
        matrix[a, b] = matrix[b, a] = normal_correlation(corr.rank)
    try:
        return np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        smallest = float(np.linalg.eigvalsh(matrix).min())
        raise CorrelationProblem(
            "these rank correlations are impossible together (the correlation matrix is not positive "
            f"definite; smallest eigenvalue {smallest:.3f}): weaken some of them", "").with_traceback(None) from None
