"""What a network of companies hands one company's blocks through ``Inputs.links`` (docs/model.md section 11).

A company on its own has no links: every function here then gives ``None`` and the blocks run
exactly as without them. The names, each an array of shape ``(n, Y)``:

- ``paid_share``: the share of its commitments the company pays each year (1 before its default
  year, ``1 - finance.default_share`` from it). It cuts every contract's GW (and so their cost),
  the new GW of every purchase (and so their capex).
- ``financing_share:<item>``: the share of the equity or vendor-equity item ``<item>`` that its
  investor pays (the investor's ``paid_share``).
- ``invest_usd``: cash the company invests in other companies each year (USD).
- ``feed_gw:<stream>`` and ``feed_usd:<stream>``: the GW and the revenue (USD per year) of a
  ``capacity`` or ``equipment`` stream, fed by its buyer in place of the stream's own fields.
"""

from __future__ import annotations

import numpy as np

from gigawatt.engine.inputs import Inputs

PAID_SHARE = "paid_share"
INVEST_USD = "invest_usd"


def link(x: Inputs, name: str) -> np.ndarray | None:
    """The link ``name`` as an array, or ``None`` when the company has none."""
    values = x.links.get(name)
    return None if values is None else np.asarray(values, dtype=float)


def paid_share(x: Inputs) -> np.ndarray | None:
    """The share of its commitments the company pays each year, or ``None`` (all of them)."""
    return link(x, PAID_SHARE)


def financing_share(x: Inputs, item: str) -> np.ndarray | None:
    """The share of financing item ``item`` its investor pays each year, or ``None`` (all of it)."""
    return link(x, f"financing_share:{item}")


def invested(x: Inputs) -> np.ndarray | None:
    """Cash invested in other companies each year, USD, or ``None`` (none)."""
    return link(x, INVEST_USD)


def fed(x: Inputs, stream: str) -> tuple[np.ndarray, np.ndarray] | None:
    """``(GW, USD per year)`` a buyer feeds the stream ``stream``, or ``None`` (the stream's own fields)."""
    gw, usd = link(x, f"feed_gw:{stream}"), link(x, f"feed_usd:{stream}")
    if gw is None and usd is None:
        return None
    if gw is None or usd is None:
        raise KeyError(f"stream {stream!r} is fed its {'GW' if gw is not None else 'revenue'} only: a link feeds "
                       "both feed_gw and feed_usd")
    return gw, usd


def cut_new(path: np.ndarray, share: np.ndarray | None) -> np.ndarray:
    """A cumulative GW path whose change in each year after the first is scaled by ``share`` of that year.

    ``path(y0) + sum over y0 < t <= y of share(t) x (path(t) - path(t - 1))``, at least 0: with a share
    that falls from 1 to ``s`` in a default year, the GW added from then on are ``s`` of those the path
    adds (what was online before stays). ``None`` leaves the path as it is.
    """
    if share is None:
        return path
    change = np.diff(path, axis=1, prepend=path[:, :1])
    # the path less what is not paid: exactly the path where the share is 1 (exact zeros are subtracted), so that a
    # network whose entities all pay gives every company's numbers bit for bit
    return np.maximum(path - np.cumsum(change * (1.0 - share), axis=1), 0.0)
