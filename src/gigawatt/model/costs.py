"""Running costs of compute: power, leases and contracts (docs/model.md, section 6)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model.common import HOURS_PER_YEAR, declared, slug
from gigawatt.model.delivery import contract_online_gw, delay, slipped
from gigawatt.model.links import paid_share
from gigawatt.model.supply_paths import contract_gw
from gigawatt.model.vintages import priced_by_delivery
from gigawatt.scenario.components.contracts import Contract
from gigawatt.scenario.components.sites import Site
from gigawatt.scenario.schema import Scenario

MWH_PER_GW_HOUR = 1000.0


def narrow(values: np.ndarray) -> np.ndarray:
    """``values`` without the years it repeats: ``(rows, 1)`` when it is the same in every year (a broadcast view)."""
    return values[:, :1] if values.ndim == 2 and values.shape[1] > 1 and values.strides[1] == 0 else values


def times(made: np.ndarray, other: np.ndarray | float, op: np.ufunc = np.multiply) -> np.ndarray:
    """``op(made, other)`` (a product by default), written into ``made`` (an array just made here) when the shapes
    allow; ``op`` must be commutative (a product or a sum: the same numbers either way round)."""
    if np.broadcast_shapes(made.shape, np.shape(other)) == made.shape:
        return op(made, other, out=made)
    return op(made, other)


def running_sum(values: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``np.cumsum(values, axis=1)``, added year by year over columns of samples: the same additions in the same order
    (so the same numbers), in a pass a year instead of one short pass a sample; into ``out`` when it has the shape of
    ``values``."""
    if out is None or out.shape != values.shape:
        out = np.empty(values.shape)
    if values.shape[1]:
        out[:, 0] = values[:, 0]
    for year in range(1, values.shape[1]):
        np.add(out[:, year - 1], values[:, year], out=out[:, year])
    return out


def most(values: np.ndarray) -> np.ndarray:
    """``values.max(axis=1)``, the greatest of each row taken column by column (a maximum does not depend on the
    order in which it is taken), in a pass a year instead of one short pass a sample."""
    out = values[:, 0].copy()
    for year in range(1, values.shape[1]):
        np.maximum(out, values[:, year], out=out)
    return out


def signed_price(price: np.ndarray, lead: int) -> np.ndarray:
    """The price of the year ``lead`` years earlier (the first year's price before the horizon)."""
    if lead == 0:
        return price
    return price[:, np.clip(np.arange(price.shape[1]) - lead, 0, None)]


def paid(scenario: Scenario, x: Inputs, item: Site | Contract, gw: np.ndarray, price: np.ndarray) -> np.ndarray:
    """GW-years x price per GW-year of a site's lease or a contract, by its ``price_by`` (USD).

    ``year``: each year's price; ``delivery``: the price of the year each GW came
    online; ``signing``: the price of the year each GW was signed,
    ``signing_lead_years`` before the year its path (before any slip) brings it.
    A slip moves a signed GW's payments, not its price: the payments of the path
    as given, each GW at its signing price, slip as the GW do.
    """
    if item.price_by == "year":
        return gw * price
    if item.price_by == "delivery":
        return priced_by_delivery(gw, price)
    scheduled = x(item.capacity_gw) if isinstance(item, Site) else contract_gw(x, item)
    due = priced_by_delivery(scheduled, signed_price(price, item.signing_lead_years))
    return slipped(due, delay(scenario, x, item.slip_years, item.common_delay))


def compute_costs(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """Power, lease and contract costs, contract commitments and ``compute_spend``, in USD per year.

    - ``power_cost``: ``powered GW x utilisation x pue x 8760 h x 1000 MWh/GWh x
      power_price``, where the powered GW are the company's own GW (all of an
      owned site, ``equity_share`` of a joint venture, none of a leased site)
      when ``lease_includes_power`` (the default), every GW of the site otherwise.
    - ``lease_cost``: ``leased GW x lease_price_per_gw_year``, plus the partners'
      share ``(1 - equity_share)`` of joint-venture GW at the site's lease price,
      plus purchased GW in leased shells x ``shell_price_per_gw_year`` (power
      included). A ``shell_only`` site's lease covers its shells, filled or not;
      its power is that of the purchased GW in it.
    - A ``price_by: delivery`` site (its lease) or contract charges each GW the
      price of the year it came online for as long as it runs; ``signing``, the
      price of the year it was signed (``signing_lead_years`` before its path brings
      it; a slip moves the payment, not the price); ``year`` (the default) charges
      every GW that year's price.
    - ``contract_cost``: for contracts that are not ``inside_sites``,
      ``GW x price_per_gw_year x (committed_share + (1 - committed_share) x
      served / capacity)`` (the use ratio is 1 where there is no capacity).
    - ``contract_commitments``: ``GW x price_per_gw_year`` of every contract, the
      ``inside_sites`` ones included -- what the contracts are worth if fully taken.
    - ``contract_signed_value`` (per sample): each contract's ``signed_value``, else
      its ``total_value``, else the value of its schedule over the horizon, summed;
      ``contract_signed_gw``: ``signed_gw``, else the schedule's most GW, summed;
      ``contract_backlog`` (year end): ``sum of max(0, signed - cumulative GW x
      price)``, what is left to perform; ``delivered_gw_<counterparty>``: the GW each
      counterparty delivers (``inside_sites`` ones included).
    - ``compute_spend = capex + lease_cost + contract_cost + power_cost``.
    """
    power = x.zeros()
    lease = x.zeros()
    scratch = np.empty(x.shape)  # each product that is only added to a sum: one array for all, not one each
    for site in scenario.sites:
        gw = s[f"_site_gw_{site.name}"]
        drawing = s[f"_filled_gw_{site.name}"] if site.shell_only else gw  # GW of IT that draw power
        # the company's part of the GW: all of an owned site, its equity share of a joint venture, none leased
        if site.ownership == "leased":
            own: np.ndarray | float = 0.0
        else:
            own = x(site.equity_share) if site.ownership == "joint_venture" else 1.0
        if site.ownership != "owned":
            price = x(site.lease_price_per_gw_year)
            # GW x each year's price in the scratch array (added at once), else as the site's price_by says
            rent = (np.multiply(gw, price, out=scratch) if site.price_by == "year"
                    else paid(scenario, x, site, gw, price))
            if site.ownership == "leased":  # all of it
                lease += rent
            elif rent is scratch:
                lease += np.multiply(scratch, 1.0 - own, out=scratch)  # (1 - own) x rent
            else:
                lease += (1.0 - own) * rent
        if site.lease_includes_power and site.ownership == "leased":
            continue  # its power is 0 x its GW: it would add (signed) zeros to finite costs, which change nothing
        # powered GW x utilisation x pue x 8760 h x 1000 MWh/GWh x power price, multiplied in turn into the scratch
        energy = np.multiply(drawing, own, out=scratch) if site.lease_includes_power else drawing
        energy = np.multiply(energy, x(site.utilisation), out=scratch)
        for factor in (x(site.pue), HOURS_PER_YEAR, MWH_PER_GW_HOUR, x(site.power_price)):
            np.multiply(energy, factor, out=energy)
        power += energy

    for purchase in scenario.purchases:
        if purchase.shell_price_per_gw_year is not None:
            lease += np.multiply(s[f"_shell_gw_{purchase.name}"], x(purchase.shell_price_per_gw_year), out=scratch)
    capacity = s["compute_capacity_gw"]
    use = np.empty(np.broadcast_shapes(s["served_gw"].shape, capacity.shape))
    with np.errstate(divide="ignore", invalid="ignore"):  # the cells without capacity are set to 1 below
        np.divide(s["served_gw"], capacity, out=use)
    np.copyto(use, 1.0, where=~(capacity > 0))  # the numbers of a divide masked to capacity > 0 into ones
    contracts = x.zeros()
    commitments = x.zeros()
    signed_value = np.zeros((1,))
    signed_gw = np.zeros((1,))
    backlog = x.zeros()
    running = np.empty(x.shape)  # each contract's running value, one array for all
    delivered: dict[str, np.ndarray] = {}
    share = paid_share(x)  # in a network: the share of its commitments the company still pays
    payments: dict[str, Out] = {}
    for contract in scenario.contracts:
        gw = s[f"_contract_gw_{contract.name}"]  # the GW paid for (cut by the share in a network)
        if share is None:
            price = x(contract.price_per_gw_year)
            value = whole = (np.multiply(gw, price, out=scratch) if contract.price_by == "year"
                             else paid(scenario, x, contract, gw, price))
        else:  # the share of what every GW of the schedule would pay
            scheduled = contract_online_gw(scenario, x, contract, honoured=False)
            whole = paid(scenario, x, contract, scheduled, x(contract.price_per_gw_year))
            value = whole * share
        commitments += value
        key = slug(contract.counterparty)
        delivered[key] = 0.0 + gw if key not in delivered else delivered[key] + gw
        # signed: as stated, else the total value, else what the schedule is worth over the horizon
        stated = contract.signed_value if contract.signed_value is not None else contract.total_value
        signed = x.scalar(stated).ravel() if stated is not None else whole.sum(axis=1)
        signed_value = signed_value + signed
        signed_gw = signed_gw + (x.scalar(contract.signed_gw).ravel() if contract.signed_gw is not None
                                 else most(gw))
        # max(0, signed - cumulative value): what is left to perform (of the schedule, the share still honoured)
        done = running_sum(value if share is None else whole, out=running)
        if np.broadcast_shapes(done.shape, (signed.shape[0], 1)) == done.shape:
            left = np.subtract(signed.reshape(-1, 1), done, out=done)
        else:
            left = signed.reshape(-1, 1) - done
        np.maximum(left, 0.0, out=left)
        backlog += left if share is None else share * left
        if contract.inside_sites:
            payments[f"_contract_payment_{contract.name}"] = Out(np.zeros((1, len(x.years))), "USD")
            continue
        committed = narrow(x(contract.committed_share))
        # value x (committed + (1 - committed) x use)
        payment = times(times((1.0 - committed) * use, committed, np.add), value)
        payments[f"_contract_payment_{contract.name}"] = Out(payment, "USD")
        contracts += payment

    out = {f"delivered_gw_{key}": gw for key, gw in delivered.items()}  # new arrays (0 + GW ...), shaped by the engine
    return payments | declared(out | {
        "power_cost": power,
        "lease_cost": lease,
        "contract_cost": contracts,
        "contract_commitments": commitments,
        "contract_signed_value": signed_value * np.ones(x.n),
        "contract_signed_gw": signed_gw * np.ones(x.n),
        "contract_backlog": backlog,
        "compute_spend": times(times(s["capex"] + lease, contracts, np.add), power, np.add),
    })
