"""A commented skeleton scenario for a new company (`gigawatt init NAME`).

Every section is present, streams have neutral names, and each field carries its unit and
meaning from the schema declarations (so the comments cannot drift from the code). The values
are examples of the right size and form, each marked as such: the skeleton validates and runs as
written, and the analyst replaces each value with a sourced one.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from gigawatt.scenario.components.compute import Compute, Resale
from gigawatt.scenario.components.consumer import Consumer, Tier
from gigawatt.scenario.components.contracts import Contract
from gigawatt.scenario.components.finance import Equity, Finance
from gigawatt.scenario.components.opex import Opex
from gigawatt.scenario.components.sites import Site
from gigawatt.scenario.components.streams import MarketShare, Seats, Subscription, Usage
from gigawatt.scenario.paths import field_spec
from gigawatt.scenario.schema import Horizon, Scenario

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

_MODELS: dict[str, type[BaseModel]] = {
    cls.__name__: cls for cls in (Horizon, Consumer, Tier, Subscription, Seats, Usage, MarketShare, Compute, Resale,
                                  Site, Contract, Opex, Finance, Equity, Scenario)
}

TEMPLATE = """\
# {name} -- a scenario skeleton written by `gigawatt init`.
#
# Every section is here; each field says its unit and meaning (docs/fields.md lists them all). The
# values are examples of the right size and form, not facts: replace each one and write its source
# beside it, or `assumption:` with the reasoning. "a to b" is a 90% interval; {{2025: x, 2030: y}}
# is a time path; a string starting with "=" is a formula (docs/scenario-language.md).

name: {name}
description: "A new company: replace this line with what the scenario describes"
source: "Where its numbers come from: replace this line (docs/sources.md holds the bundled sources)"

horizon:
  start: 2025            @Horizon.start
  end: 2035              @Horizon.end
  discount_rate: 10%     @Horizon.discount_rate

consumer:
  users:                 @Consumer.users
    logistic: {{start: 50M, ceiling: "150M to 400M", midpoint_year: 2028}}   # example value
  paying_share: {{2025: 3%, 2030: "4% to 8%"}}   @Consumer.paying_share
  tiers:
    - name: standard
      share_of_payers: 100%        @Tier.share_of_payers
      price: 20 USD/month          @Tier.price

streams:
  - name: subscriptions
    type: subscription
    store_fee_share: 20%           @Subscription.store_fee_share
    store_fee: 25%                 @Subscription.store_fee
    tokens_per_user_per_day: {{2025: 5000, 2030: "8000 to 30000"}}   @Subscription.tokens_per_user_per_day
    payer_token_multiple: 3        @Subscription.payer_token_multiple
  - name: business
    type: seats
    seats: {{2025: 500K, 2030: "2M to 6M"}}        @Seats.seats
    seat_price: 25 USD/month       @Seats.seat_price
    tokens_per_seat_per_day: 20000   @Seats.tokens_per_seat_per_day
  - name: api
    type: usage
    tokens: {{2025: 1B tokens/minute, 2030: "5B tokens/minute to 20B tokens/minute"}}   @Usage.tokens
    price_per_million_tokens: {{2025: $1, 2030: "$0.2 to $0.6"}}   @Usage.price_per_million_tokens
  - name: enterprise_market
    type: market_share
    start_year: 2026               @MarketShare.start_year
    market: {{2026: $10B, 2030: "$40B to $120B"}}   @MarketShare.market
    share: {{2026: 2%, 2030: "2% to 8%"}}   @MarketShare.share
    tokens_per_dollar: 1000000     @MarketShare.tokens_per_dollar

compute:
  flop_per_token: 6e11 FLOP        @Compute.flop_per_token
  flops_per_watt_effective:        @Compute.flops_per_watt_effective
    2025: 1e11 FLOP/s/W            # example value
    2030: "2e11 FLOP/s/W to 4e11 FLOP/s/W"   # example value
  training_to_inference: 0.8       @Compute.training_to_inference
  shortage_revenue_elasticity: 0.3   @Compute.shortage_revenue_elasticity
  resale:
    share: 0%                      @Resale.share

sites:
  - name: first_campus
    country: US                    @Site.country
    ownership: leased              @Site.ownership
    capacity_gw: {{2025: 0.1, 2027: 0.5, 2030: "0.8 GW to 1.5 GW"}}   @Site.capacity_gw
    capex_per_gw: "$40B/GW to $60B/GW"   @Site.capex_per_gw
    power_price: 60 USD/MWh        @Site.power_price
    lease_price_per_gw_year: $12B/GW/year   @Site.lease_price_per_gw_year

contracts:
  - name: cloud
    counterparty: A cloud provider   @Contract.counterparty
    capacity_gw: {{2025: 0.2, 2030: 0.5}}   @Contract.capacity_gw
    price_per_gw_year: $12B/GW/year   @Contract.price_per_gw_year
    committed_share: 80%           @Contract.committed_share

# IT bought by the GW (chips and systems): paid on delivery, written off, hosted in shells (docs/model.md).
purchases: []
# Capital spending given in dollars rather than built up from GW (an industry's capex, docs/model.md).
capital_spending: []

opex:
  headcount: {{2025: 800, 2030: "1500 to 4000"}}   @Opex.headcount
  cost_per_head: $400K             @Opex.cost_per_head
  sales_marketing_share: {{2025: 25%, 2030: 12%}}   @Opex.sales_marketing_share
  general_admin: {{2025: $200M, 2030: "$0.5B to $1.5B"}}   @Opex.general_admin
  stock_compensation: {{2025: $500M, 2030: "$1B to $3B"}}   @Opex.stock_compensation

finance:
  starting_cash: $5B               @Finance.starting_cash
  min_cash: $2B                    @Finance.min_cash
  tax_rate: 21%                    @Finance.tax_rate
  financing:
    - name: first_round
      type: equity                 @Equity.type
      year: 2026                   @Equity.year
      amount: $10B                 @Equity.amount

# Rank correlations between uncertain inputs, by dotted path (docs/scenario-language.md).
correlations:
  - name: audience_paying          # example: a larger audience reaches users who pay less often
    between: [consumer.users.ceiling, consumer.paying_share.2030]
    rank: -0.3                     # example value: the strength of the link

# Options for the capacity planner (`gigawatt plan`, docs/planning.md); `gigawatt run` ignores them.
candidates: []
offers: []
regions: []
# Figures of a published analysis this scenario reproduces, checked by `gigawatt fidelity` (docs/fidelity.md).
published: []
"""


def _comment(marker: str) -> str:
    model_name, _, field_name = marker.partition(".")
    info = _MODELS[model_name].model_fields[field_name]
    spec = field_spec(info)
    plain: dict[object, str] = {str: "text", int: "a whole number", float: "a number (5% works)"}
    unit = spec.unit if spec is not None else plain.get(info.annotation, "one of the words listed")
    return f"# example value; {unit}: {info.description}"


def skeleton(name: str) -> str:
    """The YAML text of a commented skeleton scenario named ``name``.

    Raises ``ValueError`` unless ``name`` is a short lower-case identifier (letters, digits, ``-``, ``_``).
    """
    if not NAME.match(name):
        raise ValueError(f"a scenario name is lower-case letters, digits, - and _ (up to 64); got {name!r}")
    text = TEMPLATE.format(name=name)
    return re.sub(r"@([A-Za-z]+\.[a-z_]+)", lambda m: _comment(m.group(1)), text)
