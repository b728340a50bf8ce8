"""The fuzz tests give each scenario a deadline (:data:`tests.fuzz.hostile.HANG_SECONDS`): the model's compiled
kernels are compiled (or loaded from numba's cache) before the first one, as a first simulation in a fresh
checkout compiles them all, which is no hang of the scenario's."""

from __future__ import annotations

import pytest

import gigawatt


@pytest.fixture(scope="session", autouse=True)
def _kernels_ready() -> None:
    gigawatt.simulate("openai-2025", 16, seed=1)
