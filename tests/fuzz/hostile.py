"""What the fuzz tests feed the loader and the engine: a base scenario, and ways to spoil it.

:func:`check` is the property: a text either loads and runs to finite outputs, or fails with the
project's own located :class:`~gigawatt.scenario.errors.ScenarioError` -- nothing else, and never
for longer than :data:`HANG_SECONDS`.
"""

from __future__ import annotations

import json
import math
import signal
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

import gigawatt
from gigawatt.engine.finite import NEVER_UNITS, OverflowProblem
from gigawatt.scenario.errors import ScenarioError

HANG_SECONDS = 10
"""A scenario that takes longer than this to load and run 16 samples counts as a hang."""
SAMPLES = 16

BASE = """\
name: fuzz
description: A scenario with every section, for the fuzz tests.
horizon: {start: 2025, end: 2030, discount_rate: 10%}
consumer:
  users: {logistic: {start: 800M, ceiling: "2B to 3B", midpoint_year: 2028}}
  paying_share: {2025: 5%, 2030: "8% to 12%"}
  tiers:
    - {name: plus, share_of_payers: 80%, price: 20 USD/month}
    - {name: pro, share_of_payers: 20%, price: 200 USD/month}
streams:
  - {name: subs, type: subscription, tokens_per_user_per_day: 2000}
  - {name: api, type: usage, tokens: {start: 1e15, growth: "30% to 80%"}, price_per_million_tokens: $2}
  - {name: biz, type: seats, seats: {2025: 1M, 2030: 5M}, seat_price: 30 USD/month}
  - {name: ads, type: market_share, market: $600B, share: {2025: 0%, 2030: "1% to 3%"}}
  - {name: gadget, type: device, launch_year: 2027, market_potential: 50M, price: 300}
  - {name: licence, type: fixed, amount: $1B}
compute:
  flop_per_token: 2e12 FLOP
  flops_per_watt_effective: {start: 1e11, growth: "20% to 50%"}
  training_to_inference: 1
sites:
  - {name: abilene, country: US, ownership: owned, capacity_gw: {2025: 0.2, 2026: 1.2},
     capex_per_gw: "$40B/GW to $60B/GW"}
  - {name: norway, country: "NO", ownership: leased, capacity_gw: {2026: 0.1, 2028: 0.5}}
contracts:
  - {name: cloud, counterparty: X, capacity_gw: {2025: 1, 2030: 3}, price_per_gw_year: $12B}
  - {name: deal, counterparty: Y, total_value: $60B, start_year: 2026, years: 5, price_per_gw_year: $12B}
opex:
  headcount: {2025: 3000, 2030: "6000 to 9000"}
  lines:
    - {name: legal, amount: $1B}
  revenue_shares:
    - {name: partner, share: 20%, streams: [api]}
finance:
  starting_cash: $20B
  min_cash: $5B
  tax_rate: 21%
  financing:
    - {name: round, type: equity, year: 2026, amount: $40B}
    - {name: loan, type: debt, year: 2027, amount: $10B, rate: 8%, tenor_years: 5}
correlations:
  - {name: link, between: [consumer.users.ceiling, consumer.paying_share.2030], rank: 0.4}
"""

FIELD_PATHS = [
    ("horizon", "start"), ("horizon", "end"), ("horizon", "discount_rate"),
    ("consumer", "users"), ("consumer", "paying_share"), ("consumer", "tiers", 0, "price"),
    ("consumer", "tiers", 1, "share_of_payers"), ("streams", 0, "tokens_per_user_per_day"),
    ("streams", 1, "tokens"), ("streams", 1, "price_per_million_tokens"), ("streams", 2, "seats"),
    ("streams", 3, "share"), ("streams", 4, "market_potential"), ("streams", 4, "launch_year"),
    ("streams", 4, "imitation"), ("streams", 5, "amount"), ("compute", "flop_per_token"),
    ("compute", "flops_per_watt_effective"), ("compute", "training_to_inference"),
    ("sites", 0, "capacity_gw"), ("sites", 0, "capex_per_gw"), ("sites", 1, "capacity_gw"),
    ("contracts", 0, "capacity_gw"), ("contracts", 1, "total_value"), ("contracts", 1, "price_per_gw_year"),
    ("contracts", 1, "years"), ("opex", "headcount"), ("opex", "lines", 0, "amount"),
    ("opex", "revenue_shares", 0, "share"), ("finance", "starting_cash"), ("finance", "min_cash"),
    ("finance", "financing", 1, "rate"), ("finance", "financing", 0, "amount"),
    ("correlations", 0, "rank"), ("correlations", 0, "between"), ("name",), ("streams", 0, "type"),
    ("sites", 0, "ownership"), ("extends",), ("consumer",), ("streams",), ("sites", 0), ("horizon",),
]
"""Places the generated values go (list items by index)."""


def located(error: ScenarioError) -> bool:
    """Whether every problem of ``error`` says where: a file or a field, or (an overflow) a block."""
    if isinstance(error, OverflowProblem):
        return all("block" in p.message and "sample" in p.message for p in error.problems)
    return bool(error.problems) and all(p.mark.file or p.path for p in error.problems)


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Raise ``TimeoutError`` in this (main) thread after ``seconds``."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(text: str) -> str:
    """Load and run ``text``; return ``"refused"`` or ``"ran"``, or raise AssertionError for a foreign
    exception (a warning included), an unlocated error, a hang or an accepted non-finite output."""
    with deadline(HANG_SECONDS), warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning on stderr (numpy's RuntimeWarning) counts as a failure
        try:
            scenario = gigawatt.loads(text)
            result = gigawatt.simulate(scenario, SAMPLES, seed=1)
        except ScenarioError as exc:
            assert located(exc), f"an error without a place: {exc}"
            return "refused"
        except TimeoutError as exc:
            raise AssertionError(f"hang: {exc}\n{text}") from None
        except Exception as exc:  # the property under test: nothing but our own errors
            raise AssertionError(f"foreign {type(exc).__name__}: {exc}\n---\n{text}") from exc
    for name in result.names():
        values = result[name]
        if values.dtype == bool:
            continue
        finite = np.isfinite(values) | ((values == np.inf) & (result.units[name] in NEVER_UNITS))
        assert finite.all(), f"non-finite {name} accepted\n{text}"
    summary = json.dumps(result.summary(), allow_nan=False)
    assert "NaN" not in summary
    return "ran"


def is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(float(x))
