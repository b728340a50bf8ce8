"""The network of a run as plain data: who pays whom, how much, and who may not pay.

A :class:`NetworkSummary` holds numbers only (no arrays, no charts): the report, the dashboard, the
CLI, the web API and the exports all draw from it, and ``to_dict()`` is what the web API sends::

    import gigawatt

    result = gigawatt.simulate(gigawatt.load("ai-compute-2025"), samples=2_000, seed=1)
    net = gigawatt.network_summary(result)
    net.default_probability["oracle"]          # share of samples in which oracle defaults
    net.to_pandas()["links"]                   # one row per link: payer, payee, flow, loss

Money is in USD: ``flows`` are mean USD per year paid along a link, ``total_flows`` their sum over
the horizon, ``exposure`` the mean USD still due at each year end, ``expected_loss`` the mean USD
not paid because of a default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from gigawatt import outputs

if TYPE_CHECKING:
    import pandas as pd

    from gigawatt.engine.result import Result

LinkKind = Literal["contract", "purchase", "investment"]
"""A contract (compute bought from a seller), a purchase (equipment bought) or an investment (equity)."""


def _json_number(x: float | None) -> float | None:
    """``x`` as a float, ``None`` when missing or not finite (JSON has no inf or nan)."""
    return float(x) if x is not None and math.isfinite(x) else None


@dataclass(frozen=True)
class LinkInfo:
    """One link of the network: money goes from ``payer`` to ``payee`` (entity names).

    For a contract or a purchase the payer is the buyer and the payee the seller; for an
    investment the payer is the investor and the payee the investee.
    """

    name: str
    kind: LinkKind
    payer: str
    payee: str


@dataclass(frozen=True)
class NetworkSummary:
    """Mean flows, exposure, losses and default odds of a network run (USD, fractions, years)."""

    entities: list[str]
    years: list[int]
    links: list[LinkInfo]
    flows: dict[str, list[float]]
    """Link name -> mean USD paid along it in each year of ``years``."""
    total_flows: dict[str, float]
    """Link name -> mean USD paid along it over the horizon (the widths of the flow diagram)."""
    default_probability: dict[str, float]
    """Entity -> share of samples in which it defaults within the horizon."""
    first_default_year: dict[str, float | None]
    """Entity -> median default year among the samples in which it defaults; ``None`` if it never does."""
    exposure: dict[str, dict[str, list[float]]]
    """Payer -> payee -> mean USD still due (remaining commitments under no default) at each year end."""
    expected_loss: dict[str, float]
    """Link name -> mean USD not paid along it because of a default."""
    cascade_probability: float
    """Share of samples in which a default spreads: an entity defaults that did not when no one else had."""

    def link(self, name: str) -> LinkInfo:
        """The link called ``name``."""
        for info in self.links:
            if info.name == name:
                return info
        raise KeyError(f"no link {name!r}; the links are: {', '.join(i.name for i in self.links) or 'none'}")

    def exposure_matrix(self, year: int) -> list[list[float]]:
        """USD still due at the end of ``year``: one row per payer, one column per payee, both in ``entities`` order."""
        if year not in self.years:
            raise ValueError(f"year {year} is outside the run's years {self.years[0]}-{self.years[-1]}")
        t = self.years.index(year)
        return [[float(self.exposure.get(payer, {}).get(payee, [0.0] * len(self.years))[t]) for payee in self.entities]
                for payer in self.entities]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe data: every non-finite number (a year that never comes) is ``None``."""
        return {
            "entities": list(self.entities),
            "years": [int(y) for y in self.years],
            "links": [{"name": i.name, "kind": i.kind, "payer": i.payer, "payee": i.payee} for i in self.links],
            "flows": {k: [_json_number(v) for v in values] for k, values in self.flows.items()},
            "total_flows": {k: _json_number(v) for k, v in self.total_flows.items()},
            "default_probability": {k: _json_number(v) for k, v in self.default_probability.items()},
            "first_default_year": {k: _json_number(v) for k, v in self.first_default_year.items()},
            "exposure": {payer: {payee: [_json_number(v) for v in values] for payee, values in row.items()}
                         for payer, row in self.exposure.items()},
            "expected_loss": {k: _json_number(v) for k, v in self.expected_loss.items()},
            "cascade_probability": _json_number(self.cascade_probability),
            "units": {"flows": "USD/yr", "total_flows": "USD", "exposure": "USD", "expected_loss": "USD",
                      "default_probability": "fraction", "first_default_year": "year",
                      "cascade_probability": "fraction"},
        }

    def to_pandas(self) -> dict[str, pd.DataFrame]:
        """The summary as tables (``pip install 'gigawatt[notebook]'``):

        - ``links``: one row per link: kind, payer, payee, ``total_flow`` (USD), ``expected_loss`` (USD);
        - ``flows``: one row per link and year: ``flow`` (mean USD paid that year);
        - ``entities``: one row per entity: ``default_probability``, ``first_default_year`` (NaN: never);
        - ``exposure``: one row per payer, payee and year: ``exposure`` (mean USD still due at year end).
        """
        from gigawatt.engine.frames import _require

        pd = _require("pandas")
        links = pd.DataFrame({
            "link": [i.name for i in self.links],
            "kind": [i.kind for i in self.links],
            "payer": [i.payer for i in self.links],
            "payee": [i.payee for i in self.links],
            "total_flow": [float(self.total_flows.get(i.name, math.nan)) for i in self.links],
            "expected_loss": [float(self.expected_loss.get(i.name, math.nan)) for i in self.links],
        })
        flows = pd.DataFrame(
            [(name, int(year), float(v)) for name, values in self.flows.items()
             for year, v in zip(self.years, values, strict=True)],
            columns=["link", "year", "flow"])
        entities = pd.DataFrame({
            "entity": list(self.entities),
            "default_probability": [float(self.default_probability.get(e, math.nan)) for e in self.entities],
            "first_default_year": [math.nan if (y := self.first_default_year.get(e)) is None else float(y)
                                   for e in self.entities],
        })
        exposure = pd.DataFrame(
            [(payer, payee, int(year), float(v)) for payer, row in self.exposure.items()
             for payee, values in row.items() for year, v in zip(self.years, values, strict=True)],
            columns=["payer", "payee", "year", "exposure"])
        for frame in (flows, exposure):
            frame["year"] = frame["year"].astype("int64")
        return {"links": links, "flows": flows, "entities": entities, "exposure": exposure}


def network_summary(result: Result) -> NetworkSummary:
    """The network of a run (a scenario with ``entities``) as a :class:`NetworkSummary`.

    Flows, exposure and losses are the means over samples of ``network.flow_<link>``,
    ``network.exposure_<link>`` and ``network.loss_<link>``; an entity's default probability is the share of
    samples in which ``<entity>.in_default`` (0 for an entity without a borrowing limit: it never defaults);
    its first default year the median ``<entity>.default_year`` among the samples in which it defaults (this
    needs the samples: a streamed run keeps them with ``keep=("<entity>.default_year",)``). Raises
    ``ValueError`` for a run that is not of a network.
    """
    scenario = result.scenario
    if not scenario.entities:
        raise ValueError(f"{scenario.name} is one company, not a network: network_summary needs a scenario with "
                         "`entities` (docs/model.md section 12)")
    years = [int(y) for y in result.years]
    links = [LinkInfo(link.name, link.kind, link.payer, link.payee) for link in scenario.links]
    flows = {link.name: _mean_row(result, outputs.NETWORK_FLOW.format(link=link.name)) for link in links}
    exposure: dict[str, dict[str, list[float]]] = {}
    for link in links:
        row = exposure.setdefault(link.payer, {})
        due = _mean_row(result, outputs.NETWORK_EXPOSURE.format(link=link.name))
        row[link.payee] = [a + b for a, b in zip(row.get(link.payee, [0.0] * len(years)), due, strict=True)]
    probabilities = result.probabilities
    default_probability = {name: float(probabilities.get(f"{name}.{outputs.IN_DEFAULT}", 0.0))
                           for name in scenario.entities}
    return NetworkSummary(
        entities=list(scenario.entities),
        years=years,
        links=links,
        flows=flows,
        total_flows={name: float(sum(row)) for name, row in flows.items()},
        default_probability=default_probability,
        first_default_year={name: _first_default(result, name) if default_probability[name] > 0 else None
                            for name in scenario.entities},
        exposure=exposure,
        expected_loss={link.name: float(result.stat(outputs.NETWORK_LOSS.format(link=link.name), "mean"))
                       for link in links},
        cascade_probability=float(probabilities.get(outputs.NETWORK_CASCADE, 0.0)),
    )


def _mean_row(result: Result, name: str) -> list[float]:
    import numpy as np  # here: importing the summary's types costs no numpy

    return [float(v) for v in np.asarray(result.stat(name, "mean"), dtype=float)]


def _first_default(result: Result, entity: str) -> float | None:
    """The median default year of ``entity`` among the samples in which it defaults."""
    import numpy as np  # here: importing the summary's types costs no numpy

    years = np.asarray(result[f"{entity}.{outputs.DEFAULT_YEAR}"], dtype=float)
    years = years[np.isfinite(years)]
    return float(np.median(years)) if years.size else None
