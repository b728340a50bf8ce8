"""Running costs of compute: power, leases and contracts (docs/model.md, section 6)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gigawatt.engine.inputs import Inputs
from gigawatt.engine.result import Out
from gigawatt.model import jit
from gigawatt.model.common import HOURS_PER_YEAR, compact, declared, slug
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
    years = price.shape[1]
    if lead == 0 or years < 2 or price.strides[1] == 0:  # no lead, or the same price every year
        return price
    out = np.empty(price.shape)
    out[:, :min(lead, years)] = price[:, :1]  # the same numbers as gathering columns ``max(t - lead, 0)``
    if lead < years:
        out[:, lead:] = price[:, :years - lead]
    return out


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

    Compiled (:func:`costs_kernel`, one pass over each sample) when kernels are on and the company pays all its
    commitments (no network share), else :func:`costs_numpy`: the same numbers.
    """
    if jit.enabled() and paid_share(x) is None:
        return costs_compiled(scenario, x, s)
    return costs_numpy(scenario, x, s)


def costs_numpy(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """:func:`compute_costs` in numpy, item by item over whole arrays (the reference of :func:`costs_kernel`)."""
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


SITE_ARRAYS = 7
"""Arrays of a site handed to :func:`costs_kernel`: GW, GW drawing power, lease price or rent, own share,
utilisation, PUE, power price."""

CONTRACT_ARRAYS = 5
"""Arrays of a contract handed to :func:`costs_kernel`: GW, price or value, committed share, signed value, signed
GW."""


def costs_compiled(scenario: Scenario, x: Inputs, s: Mapping[str, np.ndarray]) -> dict[str, Out]:
    """:func:`compute_costs` through :func:`costs_kernel` (a company that pays all its commitments)."""
    n, years = x.shape
    none = compact(0.0)
    site_arrays: list[np.ndarray] = []
    site_flags = np.zeros((len(scenario.sites), 4), dtype=np.int64)  # rent kind, by year, powered, power by own share
    for k, site in enumerate(scenario.sites):
        gw = s[f"_site_gw_{site.name}"]
        drawing = s[f"_filled_gw_{site.name}"] if site.shell_only else gw
        own: np.ndarray | float = 0.0 if site.ownership == "leased" else (
            x(site.equity_share) if site.ownership == "joint_venture" else 1.0)
        rent: np.ndarray = none
        if site.ownership != "owned":
            site_flags[k, 0] = 1 if site.ownership == "leased" else 2
            price = x(site.lease_price_per_gw_year)
            site_flags[k, 1] = site.price_by == "year"
            rent = price if site.price_by == "year" else paid(scenario, x, site, gw, price)
        powered = not (site.lease_includes_power and site.ownership == "leased")
        site_flags[k, 2] = powered
        site_flags[k, 3] = site.lease_includes_power
        site_arrays += [compact(gw), compact(drawing), compact(rent), compact(own),
                        *(compact(x(v)) if powered else none for v in (site.utilisation, site.pue, site.power_price))]
    shells = [(compact(s[f"_shell_gw_{p.name}"]), compact(x(p.shell_price_per_gw_year)))
              for p in scenario.purchases if p.shell_price_per_gw_year is not None]
    keys: dict[str, int] = {}
    contract_arrays: list[np.ndarray] = []
    contract_flags = np.zeros((len(scenario.contracts), 5), dtype=np.int64)  # key, by year, stated, GW stated, inside
    for k, contract in enumerate(scenario.contracts):
        gw = s[f"_contract_gw_{contract.name}"]
        contract_flags[k, 0] = keys.setdefault(slug(contract.counterparty), len(keys))
        price = x(contract.price_per_gw_year)
        contract_flags[k, 1] = contract.price_by == "year"
        value = price if contract.price_by == "year" else paid(scenario, x, contract, gw, price)
        stated = contract.signed_value if contract.signed_value is not None else contract.total_value
        contract_flags[k, 2] = stated is not None
        contract_flags[k, 3] = contract.signed_gw is not None
        contract_flags[k, 4] = contract.inside_sites
        contract_arrays += [compact(gw), compact(value), compact(x(contract.committed_share)),
                            compact(x.scalar(stated)) if stated is not None else none,
                            compact(x.scalar(contract.signed_gw)) if contract.signed_gw is not None else none]
    made = {name: np.empty((n, years)) for name in ("power", "lease", "contracts", "commitments", "backlog", "spend")}
    delivered = np.empty((len(keys), n, years))
    payment = np.empty((len(scenario.contracts), n, years))
    signed_value, signed_gw = np.empty(n), np.empty(n)
    shell_arrays = [a for pair in shells for a in pair]
    costs_kernel(jit.arrays(site_arrays or [none]), site_flags, jit.arrays(shell_arrays or [none]), len(shells),
                 jit.arrays(contract_arrays or [none]), contract_flags,
                 *(compact(a) for a in (s["served_gw"], s["compute_capacity_gw"], s["capex"])),
                 made["power"], made["lease"], made["contracts"], made["commitments"], made["backlog"], made["spend"],
                 delivered, payment, signed_value, signed_gw)
    payments = {f"_contract_payment_{contract.name}": Out(np.zeros((1, years)) if contract.inside_sites
                                                           else payment[k], "USD")
                for k, contract in enumerate(scenario.contracts)}
    return payments | declared({f"delivered_gw_{key}": delivered[at] for key, at in keys.items()} | {
        "power_cost": made["power"],
        "lease_cost": made["lease"],
        "contract_cost": made["contracts"],
        "contract_commitments": made["commitments"],
        "contract_signed_value": signed_value,
        "contract_signed_gw": signed_gw,
        "contract_backlog": made["backlog"],
        "compute_spend": made["spend"],
    })


@jit.kernel
def costs_kernel(sites: list[np.ndarray], site_flags: np.ndarray, shells: list[np.ndarray], shell_count: int,
                 contracts: list[np.ndarray], contract_flags: np.ndarray, served: np.ndarray, capacity: np.ndarray,
                 capex: np.ndarray, power: np.ndarray, lease: np.ndarray, contract_cost: np.ndarray,
                 commitments: np.ndarray, backlog: np.ndarray, spend: np.ndarray, delivered: np.ndarray,
                 payment: np.ndarray, signed_value: np.ndarray, signed_gw: np.ndarray) -> None:  # pragma: no cover
    """:func:`compute_costs` in one call: each site, shell and contract in one pass over its samples and years,
    with no temporary arrays. The operations of :func:`costs_numpy` in their order (each item added in file order,
    each product taken left to right), so the same numbers (``np.array_equal``).

    Inputs are compact arrays (:func:`compact`): ``sites`` holds :data:`SITE_ARRAYS` of each site (GW, GW drawing
    power, lease price in USD/GW/year or rent in USD, own share, utilisation, PUE, power price in USD/MWh);
    ``site_flags`` each site's rent kind (0 none, 1 leased, 2 joint venture), price by year, powered, powered
    GW by own share. ``shells``: GW and shell price (USD/GW/year) of each purchase in leased shells.
    ``contracts`` holds :data:`CONTRACT_ARRAYS` of each (GW, price per GW-year or value in USD, committed share,
    signed value in USD, signed GW); ``contract_flags`` its counterparty's index, price by year, signed value
    stated, signed GW stated, inside sites. ``served`` and ``capacity`` in GW, ``capex`` in USD. Written: USD per
    year of shape ``(n, Y)`` (``power``, ``lease``, ``contract_cost``, ``commitments``, ``backlog``, ``spend``),
    ``delivered`` GW of each counterparty and ``payment`` (USD) of each contract ``(items, n, Y)``, and
    ``signed_value`` (USD) and ``signed_gw`` (GW) per sample."""
    n, years = power.shape
    row = np.empty(years)
    hours = 8760.0
    mwh = 1000.0
    power[:] = 0.0
    lease[:] = 0.0
    contract_cost[:] = 0.0
    commitments[:] = 0.0
    backlog[:] = 0.0
    delivered[:] = 0.0
    signed_value[:] = 0.0
    signed_gw[:] = 0.0
    for k in range(site_flags.shape[0]):
        gw, drawing, rent = sites[7 * k], sites[7 * k + 1], sites[7 * k + 2]
        own, util, pue, price = sites[7 * k + 3], sites[7 * k + 4], sites[7 * k + 5], sites[7 * k + 6]
        kind, by_year, powered, by_own = site_flags[k, 0], site_flags[k, 1], site_flags[k, 2], site_flags[k, 3]
        # a compact array's row and column steps: 1 along a full axis, 0 along a broadcast one
        gr, gc, dr, dc = gw.shape[0] > 1, gw.shape[1] > 1, drawing.shape[0] > 1, drawing.shape[1] > 1
        rr, rc, orow, oc = rent.shape[0] > 1, rent.shape[1] > 1, own.shape[0] > 1, own.shape[1] > 1
        ur, uc, qr, qc = util.shape[0] > 1, util.shape[1] > 1, pue.shape[0] > 1, pue.shape[1] > 1
        pr, pc = price.shape[0] > 1, price.shape[1] > 1
        if kind == 1 and by_year and not powered:  # a leased site that includes power: GW x price (most sites)
            for i in range(n):
                for t in range(years):
                    lease[i, t] += gw[i * gr, t * gc] * rent[i * rr, t * rc]
            continue
        for i in range(n):
            for t in range(years):
                if kind > 0:
                    r = rent[i * rr, t * rc]
                    if by_year:
                        r = gw[i * gr, t * gc] * r
                    if kind == 2:
                        r = r * (1.0 - own[i * orow, t * oc])
                    lease[i, t] += r
                if powered:
                    e = drawing[i * dr, t * dc]
                    if by_own:
                        e = e * own[i * orow, t * oc]
                    e = e * util[i * ur, t * uc]
                    e = e * pue[i * qr, t * qc]
                    e = e * hours
                    e = e * mwh
                    e = e * price[i * pr, t * pc]
                    power[i, t] += e
    for k in range(shell_count):
        gw, price = shells[2 * k], shells[2 * k + 1]
        gr, gc, pr, pc = gw.shape[0] > 1, gw.shape[1] > 1, price.shape[0] > 1, price.shape[1] > 1
        for i in range(n):
            for t in range(years):
                lease[i, t] += gw[i * gr, t * gc] * price[i * pr, t * pc]
    sr, sc, cr, cc = served.shape[0] > 1, served.shape[1] > 1, capacity.shape[0] > 1, capacity.shape[1] > 1
    for k in range(contract_flags.shape[0]):
        gw, value, committed = contracts[5 * k], contracts[5 * k + 1], contracts[5 * k + 2]
        stated, stated_gw = contracts[5 * k + 3], contracts[5 * k + 4]
        key, by_year, has_stated, has_gw, inside = (contract_flags[k, 0], contract_flags[k, 1], contract_flags[k, 2],
                                                    contract_flags[k, 3], contract_flags[k, 4])
        gr, gc, vr, vc = gw.shape[0] > 1, gw.shape[1] > 1, value.shape[0] > 1, value.shape[1] > 1
        mr, mc, tr, wr = committed.shape[0] > 1, committed.shape[1] > 1, stated.shape[0] > 1, stated_gw.shape[0] > 1
        for i in range(n):
            most = 0.0
            for t in range(years):
                g = gw[i * gr, t * gc]
                v = value[i * vr, t * vc]
                v = g * v if by_year else v
                row[t] = v
                commitments[i, t] += v
                delivered[key, i, t] += g
                most = g if t == 0 else (most if (most >= g or most != most) else g)  # np.maximum keeps a NaN
            if has_stated:
                signed = stated[i * tr, 0]
            elif years < 8:  # numpy's sum of a contiguous row: in turn below 8 values, else 8 running sums
                signed = 0.0
                for t in range(years):
                    signed += row[t]
            else:
                r0, r1, r2, r3, r4, r5, r6, r7 = row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]
                t = 8
                while t < years - years % 8:
                    r0 += row[t]
                    r1 += row[t + 1]
                    r2 += row[t + 2]
                    r3 += row[t + 3]
                    r4 += row[t + 4]
                    r5 += row[t + 5]
                    r6 += row[t + 6]
                    r7 += row[t + 7]
                    t += 8
                signed = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
                while t < years:  # then the rest in turn
                    signed += row[t]
                    t += 1
            signed_value[i] += signed
            signed_gw[i] += stated_gw[i * wr, 0] if has_gw else most
            done = 0.0
            for t in range(years):
                done = row[t] if t == 0 else done + row[t]
                left = signed - done
                backlog[i, t] += left if (left >= 0.0 or left != left) else 0.0  # np.maximum keeps a NaN
            if not inside:
                for t in range(years):
                    cap = capacity[i * cr, t * cc]
                    use = served[i * sr, t * sc] / cap if cap > 0.0 else 1.0
                    c = committed[i * mr, t * mc]
                    paying = ((1.0 - c) * use + c) * row[t]
                    payment[k, i, t] = paying
                    contract_cost[i, t] += paying
    xr, xc = capex.shape[0] > 1, capex.shape[1] > 1
    for i in range(n):
        for t in range(years):
            spend[i, t] = ((capex[i * xr, t * xc] + lease[i, t]) + contract_cost[i, t]) + power[i, t]
