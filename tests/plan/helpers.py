"""Small planning problems written by hand (money in USD; ``B`` = one billion)."""

from __future__ import annotations

import numpy as np

from gigawatt.plan import PlanProblem, SiteOption

B = 1e9

TOY_PLAN = """\
name: toy
description: A small scenario with planning sections, for tests.
horizon: {start: 2025, end: 2030}
consumer:
  users: {logistic: {start: 800M, ceiling: "2B to 3B", midpoint_year: 2028}}
  paying_share: {2025: 5%, 2030: "8% to 12%"}
  tiers:
    - {name: plus, share_of_payers: 100%, price: 20 USD/month}
streams:
  - {name: subs, type: subscription, tokens_per_user_per_day: 2000}
sites:
  - name: abilene
    country: US
    ownership: owned
    capacity_gw: {2025: 0.5, 2026: 0.6}
    capex_per_gw: "$40B/GW to $60B/GW"
candidates:
  - name: texas
    country: US
    max_gw: 1
    earliest_year: 2026
    build_limit_gw_per_year: 0.2
    capex_per_gw: "$45B/GW to $55B/GW"   # test source
  - {name: gulf, country: UAE, max_gw: 1, earliest_year: 2027, capex_per_gw: $60B/GW, power_price: 46 USD/MWh}
offers:
  - {name: oracle, counterparty: Oracle, gw: 0.3, min_gw: 0, earliest_year: 2026, latest_year: 2028,
     price_per_gw_year: $14B, term_years: 3}
regions:
  - {name: gulf_states, countries: [UAE], share_of_demand: 10%, sovereign_share: 50%}
planning:
  unserved_penalty_per_gw_year: $30B
"""


def two_sites(max_a: float = 1.0, limit_b: float = np.inf) -> list[SiteOption]:
    """Site ``a`` costs $1B per GW-year (capex $10B over a 10-year life, no discounting), ``b`` $2B."""
    return [
        SiteOption("a", "US", max_a, 2025, capex_per_gw=10 * B, it_share=0.0, facility_life_years=10),
        SiteOption("b", "US", 5.0, 2025, capex_per_gw=20 * B, it_share=0.0, facility_life_years=10,
                   build_limit_gw=limit_b),
    ]


def two_years(demand: list[float] | list[list[float]], **kwargs: object) -> PlanProblem:
    """A problem over 2025-2026 with no discounting and a $3B per GW-year penalty unless given."""
    options: dict[str, object] = {"sites": two_sites(), "discount_rate": 0.0, "unserved_penalty": 3 * B}
    options.update(kwargs)
    return PlanProblem(years=[2025, 2026], demand_gw=demand, **options)  # type: ignore[arg-type]
