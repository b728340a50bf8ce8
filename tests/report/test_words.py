"""Numbers and sentences for readers: formatting, the headline."""

from __future__ import annotations

import numpy as np
import pytest

import gigawatt
from gigawatt.engine.result import Result
from gigawatt.report.format import country_label, money, money_words, percent, quantity
from gigawatt.report.headline import headline


@pytest.mark.parametrize(("usd", "text"), [
    (13.1e9, "$13.1B"), (1.2e12, "$1.2T"), (8.5e8, "$850M"), (240.0, "$240"), (-2e9, "-$2B"), (4e5, "$400K"),
])
def test_money(usd: float, text: str) -> None:
    assert money(usd) == text


def test_money_in_billions_and_words() -> None:
    assert money(4e8, billions=True) == "$0.4B"
    assert money_words(4.8e11) == "$480 billion"
    assert money_words(1.234e12) == "$1.2 trillion"
    assert money_words(3.77e11) == "$377 billion"
    assert money_words(0.0) == "nothing"
    assert money_words(8.5e8) == "$850 million"


@pytest.mark.parametrize(("value", "unit", "text"), [
    (5e10, "USD/GW", "$50B/GW"), (0.05, "fraction", "5%"), (1.2, "GW", "1.2 GW"), (2028.0, "year", "2028"),
    (8e8, "count", "800M"), (2000.0, "count/day", "2K/day"), (240.0, "USD/year", "$240/yr"),
    (5000.0, "fraction", "5,000"),
])
def test_quantity(value: float, unit: str, text: str) -> None:
    assert quantity(value, unit) == text


def test_percent_and_country() -> None:
    assert (percent(0.0), percent(0.003), percent(0.5), percent(0.999), percent(1.0)) == ("0%", "<1%", "50%", ">99%",
                                                                                           "100%")
    assert country_label("uae", ["US", "UAE"]) == "UAE"
    assert country_label("gb", []) == "GB"


def test_headline_quotes_the_percentiles(hand_result: Result) -> None:
    words = headline(hand_result)
    gap = hand_result.scalars["funding_gap_by_2030"]
    first = words.sentences[0]
    assert first.startswith("In half of 400 simulated futures, toy-report needs more than ")
    assert money_words(float(np.percentile(gap, 50))) in first
    assert money_words(float(np.percentile(gap, 95))) in first
    assert words.cards[0].value == money(float(np.percentile(gap, 50)))
    text = " ".join(words.sentences)
    share = hand_result.events["breakeven_by_2030"].mean()
    assert f"by 2030 in {percent(float(share))} of futures" in text
    assert "Even after the financing the scenario plans" in text


def test_headline_without_a_gap(toy_scenario: gigawatt.Scenario) -> None:
    zero = np.zeros(50)
    result = Result(scenario=toy_scenario, years=np.arange(2025, 2031), seed=1,
                    scalars={"funding_gap": zero, "funding_gap_by_2030": zero},
                    series={"cash_before_financing": np.ones((50, 6))}, units={})
    words = headline(result)
    assert words.sentences[0] == "In 100% of 50 simulated futures, toy-report needs no new money by 2030."
    assert "In no simulated future" in words.sentences[1]
