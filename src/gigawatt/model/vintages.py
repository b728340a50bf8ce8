"""Capacity by vintage: the GW of each build year, their IT refreshes, and what they deliver.

A *source* of capacity (a site, a contract, a purchase) has a path of GW online.
Every rise of the path is a cohort with its build year; a fall retires the same
share of every cohort still online (so retired GW are neither refreshed nor
depreciated afterwards). The IT of a cohort is installed when it is built and
again every ``life`` years while it is online (a *refresh*); it delivers the
frontier efficiency of the year its IT was installed.

Everything here works in *extended* years: ``before`` years ahead of the
horizon (where capacity online at the start may have been built) followed by
the horizon's years; arrays have shape ``(rows, before + Y)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gigawatt.model import jit
from gigawatt.model.common import shift, trailing_sum


@dataclass(frozen=True)
class Cohorts:
    """The vintages of one source, in extended years.

    Attributes
    ----------
    born
        GW that come online in each year, GW.
    installed
        GW whose IT is installed in each year: built or refreshed, GW.
    refreshed
        GW whose IT is replaced in each year (part of ``installed``), GW.
    keep
        ``None`` when the path never falls (nothing retires early); otherwise
        ``(ratio, cleared)``: the cumulative product of the kept shares of every
        year (years where everything retired left out), and the last column at
        or before each year where everything retired (-1: none). A cohort of
        column ``c`` keeps ``ratio[t] / ratio[c]`` of its GW in column ``t`` when
        ``c > cleared[t]``, nothing otherwise.
    """

    born: np.ndarray
    installed: np.ndarray
    refreshed: np.ndarray
    keep: tuple[np.ndarray, np.ndarray] | None


def columns(width: int) -> np.ndarray:
    """Column indices ``0 .. width - 1`` as a row, shape ``(1, width)``."""
    return np.arange(width).reshape(1, -1)


def every(cohorts: Cohorts, cycle: int) -> np.ndarray | float:
    """GW of the cohorts that reach an age of ``cycle``, ``2 cycle``, ... in each year (still online; 0.0: none).

    A cohort of year ``c = t - lag`` keeps ``ratio[t] / ratio[c]`` of its GW in year
    ``t`` when ``c > cleared[t]`` (nothing otherwise): the share of it still online.
    """
    born = cohorts.born
    width = born.shape[1]
    if cycle >= width:
        return 0.0
    out = np.zeros(born.shape)
    for lag in range(cycle, width, cycle):  # a loop over cycles, not samples
        if cohorts.keep is None:
            out[:, lag:] += born[:, :-lag]
            continue
        ratio, cleared = cohorts.keep
        earlier = ratio[:, :-lag]
        share = np.zeros(np.broadcast_shapes(born[:, lag:].shape, ratio[:, lag:].shape))
        np.divide(ratio[:, lag:], earlier, out=share,
                  where=(columns(width)[:, lag:] - lag > cleared[:, lag:]) & (earlier > 0))
        share *= born[:, :-lag]
        out[:, lag:] += share
    return out


def take(values: np.ndarray | float, rows: np.ndarray | None) -> np.ndarray | float:
    """The ``rows`` of a per-sample array (all of it when ``rows`` is None or it is the same in every sample)."""
    if rows is None or not isinstance(values, np.ndarray) or values.shape[0] in (1, len(rows)):
        return values  # the same in every sample, or every row (rows are increasing and distinct)
    return values[rows]


def accumulate(total: np.ndarray | float, part: np.ndarray) -> np.ndarray:
    """``total + part``, in place when ``total`` is an array this sum made and already has the sum's shape."""
    if isinstance(total, np.ndarray) and total.shape == np.broadcast_shapes(total.shape, part.shape):
        total += part
        return total
    return np.array(total + part, dtype=float)  # a new array: never one of the parts themselves


class Sum:
    """A running sum of per-sample arrays, some covering only some rows (samples).

    Whole-row parts are summed with broadcasting (a part the same in every sample
    stays one row); parts on some rows go to a full array made when first needed.
    """

    def __init__(self, shape: tuple[int, int]) -> None:
        self.shape = shape
        self.whole: np.ndarray | float = 0.0
        self.some: np.ndarray | None = None

    def add(self, part: np.ndarray, rows: np.ndarray | None = None) -> None:
        if rows is None:
            self.whole = accumulate(self.whole, part)
            return
        if self.some is None:
            self.some = np.zeros(self.shape)
        if len(rows) == self.shape[0]:
            self.some += part  # every row (rows are increasing and distinct): no gather or scatter needed
        else:
            self.some[rows] += part

    @property
    def value(self) -> np.ndarray:
        """The sum, shape ``(1 or n, width)`` (not to be written to)."""
        total = self.whole if self.some is None else self.some + self.whole
        if isinstance(total, np.ndarray) and total.shape[1] == self.shape[1]:
            return total  # read only: the sum's own array
        return np.asarray(total) * np.ones((1, self.shape[1]))


def rows_of(cohorts: Cohorts, rows: np.ndarray) -> Cohorts:
    """The cohorts of some samples only (arrays the same in every sample stay as they are)."""

    def pick(values: np.ndarray) -> np.ndarray:
        return values if values.shape[0] == 1 else values[rows]

    keep = None if cohorts.keep is None else (pick(cohorts.keep[0]), pick(cohorts.keep[1]))
    born = pick(cohorts.born)
    installed = born if cohorts.installed is cohorts.born else pick(cohorts.installed)  # as built: one array
    return Cohorts(born, installed, pick(cohorts.refreshed), keep)


def refreshed_every(base: Cohorts, life: int) -> Cohorts:
    """``base`` (cohorts as built) with their IT installed again every ``life`` years while online."""
    refreshed = every(base, life)
    if isinstance(refreshed, float):  # a life longer than the years simulated: no refresh in sight
        return base
    return Cohorts(base.born, base.born + refreshed, refreshed, base.keep)


def cohorts(capacity: np.ndarray, opening: np.ndarray, before: int) -> list[tuple[Cohorts, np.ndarray | None]]:
    """The cohorts of one source as built (no refresh yet), split into the samples where its path never falls
    and those where it does.

    Each part comes with the rows (samples) it covers: ``None`` for the first
    part (every row; rows where the path falls hold zeros), an index array for
    the second, which exists only when the path falls somewhere. Splitting keeps
    the costlier bookkeeping of retirements to the samples that need it.

    Parameters
    ----------
    capacity
        GW online in each horizon year, shape ``(r, Y)``.
    opening
        Shares of the capacity online in the first year by build year, shape
        ``(before + 1,)``: ``opening[before]`` was built in the first year itself,
        ``opening[before - k]`` ``k`` years earlier. They sum to 1.
    before
        Extended years ahead of the horizon.
    """
    rows, years = capacity.shape
    width = before + years
    new = np.empty((rows, width))
    new[:, : before + 1] = capacity[:, :1] * opening.reshape(1, -1)
    rises = np.subtract(capacity[:, 1:], capacity[:, :-1], out=new[:, before + 1:])
    falls = rises < 0
    # the rows where the path falls (most paths never fall: one pass over all of them tells)
    falling = np.flatnonzero(falls.any(axis=1)) if falls.any() else np.zeros(0, dtype=np.int64)
    if len(falling):
        np.maximum(rises, 0.0, out=rises)
    parts: list[tuple[Cohorts, np.ndarray | None]] = []
    nothing = np.zeros((1, width))
    if len(falling) < rows:
        steady = new
        if len(falling):
            steady = new.copy()
            steady[falling] = 0.0
        parts.append((Cohorts(steady, steady, nothing, None), None))
    if len(falling):
        every_row = len(falling) == rows  # then views, not copies
        now = capacity[:, 1:] if every_row else capacity[falling, 1:]
        before_now = capacity[:, :-1] if every_row else capacity[falling, :-1]
        born = new if every_row else new[falling]
        share = np.ones(now.shape)
        np.divide(now, before_now, out=share, where=(falls if every_row else falls[falling]) & (before_now > 0))
        zero = share <= 0
        ratio = np.ones(born.shape)
        if zero.any():
            share[zero] = 1.0  # everything retired: the ratio carries on, the cohorts before are cleared
            marks = np.zeros(born.shape, dtype=np.int64)
            marks[:, before + 1:] = zero * (columns(width)[:, before + 1:] + 1)
            cleared = np.maximum.accumulate(marks, axis=1) - 1
        else:
            cleared = np.full((1, width), -1)  # nowhere did everything retire
        np.cumprod(share, axis=1, out=ratio[:, before + 1:])
        parts.append((Cohorts(born, born, nothing, (ratio, cleared)), None if rows == 1 else falling))
    return parts


def _windows(cohorts: Cohorts, scaled: list[np.ndarray], life: int) -> list[np.ndarray]:
    """For each ``flow / ratio`` in ``scaled``: ``sum over c in (t - life, t]`` of ``flow[c] x kept(c, t)``.

    ``flow`` is never negative, so the cumulative sum of ``flow / ratio`` never
    falls: the window, which starts after ``max(t - life, cleared[t])``, is the
    sum up to ``t`` less the larger of the sums up to ``t - life`` and up to the
    last column where everything retired (gathered: it is the largest sum over
    those columns). The cohorts' ``keep`` must not be ``None``.
    """
    assert cohorts.keep is not None
    ratio, cleared = cohorts.keep
    somewhere = cleared.shape[0] > 1 or cleared.max() >= 0  # somewhere everything retired
    at, retired = (np.maximum(cleared, 0), cleared >= 0) if somewhere else (None, None)
    out = []
    for part in scaled:
        total = np.cumsum(part, axis=1)
        below = shift(total, life)
        if at is not None:
            last = np.take_along_axis(total, at, axis=1)  # the sum up to the last column where all retired
            last *= retired  # 0 before any
            np.maximum(below, last, out=below)
        total -= below
        total *= ratio
        out.append(total)
    return out


def _window(cohorts: Cohorts, flow: np.ndarray, life: int, weights: np.ndarray | None) -> np.ndarray:
    """``sum over c in (t - life, t]`` of ``flow[c] x kept(c, t) (x weights[c])``, by cumulative sums
    (:func:`_windows`; a trailing sum when nothing retires)."""
    if cohorts.keep is None:
        return trailing_sum(flow if weights is None else flow * weights, life)
    scaled = flow / cohorts.keep[0]
    return _windows(cohorts, [scaled if weights is None else scaled * weights], life)[0]


def written_off(cohorts: Cohorts, bought: np.ndarray, life: int) -> np.ndarray:
    """Straight-line write-off over ``life`` years of what was bought each year, on the GW still online.

    ``bought[c]`` is spent on GW installed in year ``c``; in year ``t`` it adds
    ``bought[c] x kept(c, t) / life`` for ``t - life < c <= t``.
    """
    return _window(cohorts, bought, life, None) / life


def aged_and_delivered(cohorts: Cohorts, frontier: np.ndarray, life: int) -> tuple[np.ndarray, np.ndarray]:
    """GW x years since their IT was installed, and FLOP/s per watt x GW delivered (every GW at the frontier of
    the year its IT was installed), each year, for cohorts that retire (``keep`` not ``None``).

    ``sum of GW x (t - c) = t x sum of GW - sum of GW x c``: two windows of the
    installed GW, one weighted by ``c``; the FLOP/s a third, of ``installed x frontier``.
    """
    assert cohorts.keep is not None
    here = columns(cohorts.born.shape[1])
    ratio = cohorts.keep[0]
    scaled = cohorts.installed / ratio
    gw, weighted, flops = _windows(cohorts, [scaled, scaled * here.astype(float),
                                              cohorts.installed * frontier / ratio], life)
    return here * gw - weighted, flops


def life_values(draws: np.ndarray) -> list[tuple[int, np.ndarray | None]]:
    """The distinct whole lives among ``draws`` (rounded, at least 1), each with its mask over samples.

    The mask is ``None`` when one life holds in every sample.
    """
    lives = np.maximum(np.rint(draws), 1).astype(int)
    distinct = np.unique(lives)
    if len(distinct) == 1:
        return [(int(distinct[0]), None)]
    return [(int(life), (lives == life).astype(float)) for life in distinct]


def priced_by_delivery(gw: np.ndarray, price: np.ndarray) -> np.ndarray:
    """What GW online cost each year when each GW keeps the price of the year it came online (USD).

    ``sum over cohorts c online in year t of GW(c, t) x price(c)``: the GW online
    in the first year pay the first year's price; GW retired by a falling path
    stop paying (the same share of every cohort, as for the fleet).
    """
    years = gw.shape[1]
    total = np.zeros(np.broadcast_shapes(gw.shape, price.shape))
    for part, rows in cohorts(gw, np.ones(1), 0):
        paid = _window(part, part.born * take(price, rows), years, None)  # type: ignore[operator]
        if rows is None:
            total = total + paid
        else:
            total[rows] += paid
    return total


SITE_IT, PURCHASE_REFRESHED, PURCHASE_KEPT = 1, 2, 3
"""What :func:`walk` prices for the IT of a source (0: nothing): a site's IT, bought again every life;
purchased IT bought again every life; purchased IT bought once."""


@jit.kernel
def walk(rows: int, capacity: np.ndarray, opening: np.ndarray, before: int, lives: np.ndarray, frontier: np.ndarray,
         price: np.ndarray, it_share: np.ndarray, cash: np.ndarray, facility_life: int,
         delivers: bool, it_cost: int, pays: bool, facility: bool, purchase: bool,
         flops: np.ndarray, age: np.ndarray, refresh_gross: np.ndarray, refresh_cash: np.ndarray,
         own: np.ndarray, depreciation: np.ndarray, bought_cash: np.ndarray, builds_gross: np.ndarray,
         builds_cash: np.ndarray, own_builds: np.ndarray, paid: np.ndarray,
         new_gw: np.ndarray) -> None:  # pragma: no cover - compiled
    """The cohorts of some sources that share everything but their paths, sample by sample and year by year,
    added into the sums (in extended years).

    One pass over a sample's years does what :func:`cohorts`, :func:`refreshed_every`,
    :func:`every`, :func:`written_off` and :func:`aged_and_delivered` do with arrays: ``installed[c]``
    is what is still online of the GW whose IT column ``c`` installed (every fall multiplies it, and
    what column ``c`` built and paid for, by the share kept; a fall to nothing clears them), so the GW
    refreshed in year ``t`` are ``installed[t - life]`` (the cohorts reaching an age of ``life``,
    ``2 life``, ...: one look-up instead of a loop over them). Each window (the GW whose IT is younger
    than its life, their age and FLOP/s, what is being written off) is a running sum: every year it
    takes the cohort that enters, loses the one that leaves and is multiplied by the share kept, so the
    sums agree with the numpy reference (differences of cumulative sums) within 1e-12 of their largest magnitude, not
    bit for bit (``tests/model/test_walk.py``). Every sum is linear in the GW of sources that do not
    fall, so in each sample those are walked as one (their rises added), and a source whose path
    falls in that sample is walked on its own.

    Inputs: ``rows`` samples (``n``); ``capacity`` GW online each horizon year by source
    ``(S, 1 or n, Y)``; ``opening`` shares of the opening GW by build column ``(before + 1,)``;
    ``lives`` whole IT lives in years ``(1 or n,)``; ``frontier`` FLOP/s per W; ``price`` USD per GW,
    ``it_share`` its IT part (1 for purchased IT; the rest of a site's price is its facility);
    ``cash`` the company's share (1: all); ``facility_life`` years. Each ``(1 or n, 1 or W)``: one
    column for a value the same every year. What is added (each ``(n, W)``; ``(1, W)`` for a
    sum the sources do not touch): ``flops`` FLOP/s per W x GW and ``age`` GW x years
    (``delivers``); the IT refreshes bought (``refresh_gross``, and the company's ``refresh_cash``
    and ``own``), its write-offs (``depreciation``) and purchases (``bought_cash``), USD, as
    ``it_cost`` says (``SITE_IT``, ``PURCHASE_REFRESHED``, ``PURCHASE_KEPT``); for a site's
    ``facility``: ``builds_gross``, ``builds_cash`` and ``own_builds`` (USD of GW coming online,
    rebuilt facilities included, nothing up to the first year), the facility's write-off and
    purchase; for a ``purchase``: ``paid`` (USD: GW delivered after the first year at the year's
    price, also added to ``own``) and ``new_gw`` (GW). ``pays``: the company pays a site's capital
    (else ``capex_gross`` only).
    """
    sources = capacity.shape[0]
    years = capacity.shape[2]
    width = opening.shape[0] + years - 1
    born = np.zeros(width)
    shares = np.ones(width)  # the share of every cohort kept in each year (0: everything retired)
    # what is still online of what each column installed: GW whose IT it installed, GW it built or rebuilt
    # (facilities), and what its IT and its facility cost, each times the share of its cohorts still kept
    installed = np.zeros(width)
    rebuilt_gw = np.zeros(width)
    it_bought = np.zeros(width)
    facility_bought = np.zeros(width)
    alone = np.zeros(sources, dtype=np.int64)
    front = np.zeros(width)  # a sample's inputs, each year
    price_row = np.zeros(width)
    unit_row = np.zeros(width)
    fac_row = np.zeros(width)
    cash_row = np.zeros(width)
    steady_born = np.zeros(width)  # the rises of the sources that do not fall in a sample, added
    ones = np.ones(width)  # their shares kept: all of it
    for i in range(rows):
        p = i if capacity.shape[1] > 1 else 0
        life = lives[i if lives.shape[0] > 1 else 0]
        # the rows of the inputs that differ by sample (one column: every year)
        if i == 0 or frontier.shape[0] > 1:
            fi = i if frontier.shape[0] > 1 else 0
            if frontier.shape[1] > 1:
                for t in range(width):
                    front[t] = frontier[fi, t]
            else:
                for t in range(width):
                    front[t] = frontier[fi, 0]
        if i == 0 or price.shape[0] > 1 or it_share.shape[0] > 1:
            pi = i if price.shape[0] > 1 else 0
            si = i if it_share.shape[0] > 1 else 0
            for t in range(width):
                price_row[t] = price[pi, t if price.shape[1] > 1 else 0]
                # the numpy reference's `it_price = price * it_share` and `price - it_price`
                unit_row[t] = price_row[t] * it_share[si, t if it_share.shape[1] > 1 else 0]
                fac_row[t] = price_row[t] - unit_row[t]
        if i == 0 or cash.shape[0] > 1:
            ci = i if cash.shape[0] > 1 else 0
            for t in range(width):
                cash_row[t] = cash[ci, t if cash.shape[1] > 1 else 0]
        # the sources that fall in this sample, each walked on its own; the rises of the others, added
        falling = 0
        first = 0.0
        for t in range(width):
            steady_born[t] = 0.0
        for s in range(sources):
            steady = True
            for y in range(1, years):
                if capacity[s, p, y] < capacity[s, p, y - 1]:
                    steady = False
                    break
            if steady:
                first += capacity[s, p, 0]
                for y in range(1, years):
                    steady_born[before + y] += capacity[s, p, y] - capacity[s, p, y - 1]
            else:
                alone[falling] = s
                falling += 1
        for t in range(before + 1):
            steady_born[t] = first * opening[t]
        walks = falling + (1 if falling < sources else 0)
        for q in range(walks):
            end = width  # the walk stops where the path falls to nothing for good: only zeros would be added
            if q < falling:  # a source that falls in this sample, on its own
                while end > before and capacity[alone[q], p, end - before - 1] == 0.0:
                    end -= 1
                for t in range(width):
                    shares[t] = 1.0
                    if t <= before:
                        born[t] = capacity[alone[q], p, 0] * opening[t]
                        continue
                    now = capacity[alone[q], p, t - before]
                    last = capacity[alone[q], p, t - before - 1]
                    new = now - last
                    if new < 0.0:
                        new = 0.0
                        if last > 0.0:
                            shares[t] = max(now / last, 0.0)
                    born[t] = new
                rises = born
                kept = shares
            else:  # every source that does not fall in this sample, as one
                rises = steady_born
                kept = ones
            start = 0  # nor does it walk the years before the first GW come online: nothing to add there either
            while start < end and rises[start] == 0.0:
                start += 1
            for c in range(start):
                installed[c] = 0.0
                rebuilt_gw[c] = 0.0
                it_bought[c] = 0.0
                facility_bought[c] = 0.0
            gw_sum = 0.0
            aged = 0.0
            delivered = 0.0
            it_written = 0.0
            fac_written = 0.0
            for t in range(start, end):
                aged += gw_sum  # a year older
                share = kept[t]
                if share != 1.0:
                    if share <= 0.0:  # everything retired: the cohorts before are cleared
                        for c in range(t):
                            installed[c] = 0.0
                            rebuilt_gw[c] = 0.0
                            it_bought[c] = 0.0
                            facility_bought[c] = 0.0
                        gw_sum = 0.0
                        aged = 0.0
                        delivered = 0.0
                        it_written = 0.0
                        fac_written = 0.0
                    else:
                        for c in range(t):
                            installed[c] *= share
                            rebuilt_gw[c] *= share
                            it_bought[c] *= share
                            facility_bought[c] *= share
                        gw_sum *= share
                        aged *= share
                        delivered *= share
                        it_written *= share
                        fac_written *= share
                new = rises[t]
                leaving = t - life  # the IT installed life years ago leaves the windows
                # the GW still online reaching an age of life, 2 life, ...: what column t - life installed
                refreshed = installed[leaving] if leaving >= 0 else 0.0
                fitted = new + refreshed
                installed[t] = fitted
                if delivers:
                    if leaving >= 0:
                        gw = installed[leaving]
                        gw_sum -= gw
                        aged -= gw * life
                        delivered -= gw * front[leaving]
                    gw_sum += fitted
                    delivered += fitted * front[t]
                    flops[i, t] += delivered
                    age[i, t] += aged
                if it_cost != 0:
                    unit = unit_row[t]
                    bought = 0.0
                    if it_cost == SITE_IT:
                        refresh = refreshed * unit
                        refresh_gross[i, t] += refresh
                        if pays:
                            refresh_cash[i, t] += refresh * cash_row[t]
                            own[i, t] += refresh * cash_row[t]
                            bought = fitted * unit * cash_row[t]
                    elif it_cost == PURCHASE_REFRESHED:
                        refresh = refreshed * unit
                        refresh_cash[i, t] += refresh
                        refresh_gross[i, t] += refresh
                        own[i, t] += refresh
                        bought = fitted * unit
                    else:
                        bought = new * unit
                    it_bought[t] = bought
                    if it_cost != SITE_IT or pays:
                        bought_cash[i, t] += bought
                        if leaving >= 0:
                            it_written -= it_bought[leaving]
                        it_written += bought
                        depreciation[i, t] += it_written / life
                if facility:
                    gone = t - facility_life
                    rebuilt = rebuilt_gw[gone] if gone >= 0 else 0.0  # facilities reaching facility_life, 2 x, ...
                    rebuilt_gw[t] = new + rebuilt
                    builds = new * price_row[t] + rebuilt * fac_row[t] if t > before else 0.0
                    builds_gross[i, t] += builds
                    if pays:
                        builds_cash[i, t] += builds * cash_row[t]
                        own_builds[i, t] += builds * cash_row[t]
                        bought = (new + rebuilt) * fac_row[t] * cash_row[t]
                        facility_bought[t] = bought
                        bought_cash[i, t] += bought
                        if gone >= 0:
                            fac_written -= facility_bought[gone]
                        fac_written += bought
                        depreciation[i, t] += fac_written / facility_life
                if purchase and t > before:
                    cost = new * price_row[t]
                    paid[i, t] += cost
                    own[i, t] += cost
                    new_gw[i, t] += new
