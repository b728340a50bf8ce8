"""The outputs of a published analysis that a scenario reproduces (docs/fidelity.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from gigawatt.scenario.components.base import Named

PublishedUnit = Literal["USD", "GW", "fraction", "count"]


class Published(Named):
    """One figure of the analysis a scenario reproduces: an output, or the change a setting makes to it."""

    metric: str = Field(..., description="The output compared: `NAME` (a single number), `NAME@YEAR` or "
                        "`NAME@FIRST..LAST sum` (a window of years; docs/analysis.md).")
    value: float = Field(..., description="The figure as published, in `unit` (`$213.6B`, `12 GW`, `37%`).")
    unit: PublishedUnit = Field("USD", description="Unit of `value` and of the output: `USD` (a year's flow or an "
                                "amount), `GW`, `fraction` or `count`.")
    change: dict[str, Any] = Field(default_factory=dict, description="Settings a sensitivity changes (dotted paths "
                                   "and values, as `--set` takes them); the figure is then the change of the metric "
                                   "from the scenario as written (none: the metric itself).")
    period: bool = Field(False, description="True: a window that starts in the first year counts that year's flow "
                         "for the part inside the horizon only (`finance.first_year_fraction`), as the statements do.")
    tolerance: float = Field(0.05, gt=0, le=1, description="Largest relative error at which the figure counts as "
                             "reproduced (a fraction of the published value).")
    source: str = Field(..., min_length=1, description="Where the figure is published: a citation into "
                        "docs/sources.md (`[S-id]`).")

    @field_validator("metric")
    @classmethod
    def _metric(cls, text: str) -> str:
        from gigawatt.metrics import parse

        parse(text)  # the grammar of every metric (gigawatt.metrics); which outputs exist is known at run time
        return text

    @model_validator(mode="before")
    @classmethod
    def _quantity(cls, raw: Any) -> Any:
        from gigawatt.scenario.units import to_canonical

        if isinstance(raw, dict) and isinstance(raw.get("value"), str):
            unit = raw.get("unit", "USD")
            raw = {**raw, "value": to_canonical(raw["value"], unit if isinstance(unit, str) else "USD")}
        if isinstance(raw, dict) and isinstance(raw.get("tolerance"), str):
            raw = {**raw, "tolerance": to_canonical(raw["tolerance"], "fraction")}
        return raw
