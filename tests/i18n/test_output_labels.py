"""Output labels in a language: the catalogue's label through the gettext catalog, names from the scenario kept."""

from __future__ import annotations

import re

from gigawatt import outputs
from gigawatt.i18n import language
from gigawatt.i18n import outputs as words
from gigawatt.i18n.extract import extract

AR = language("ar")


def test_every_catalogue_label_is_a_message() -> None:
    ids = {m.id for m in extract() if not m.context}
    assert {o.label for o in outputs.CATALOGUE} <= ids


def test_labels_in_english_are_the_catalogue_s() -> None:
    for name in ("revenue_total", "revenue_chatgpt_subscriptions", "compute_capacity_gw_us", "breakeven_by_2031"):
        assert words.label(name) == outputs.label(name)
    assert words.label("not_an_output") == "not_an_output"


def test_labels_in_arabic() -> None:
    assert words.label("revenue_total", AR) == "الإيرادات"
    assert words.label("revenue_chatgpt_plus", AR) == "الإيرادات: \u2068chatgpt plus\u2069"  # the name as written
    assert words.label("breakeven_by_2031", language("ar", "arab")) == "التعادل بحلول ٢٠٣١"
    assert words.member_label("revenue_chatgpt_plus", AR) == "chatgpt plus"
    assert words.member_label("compute_shortage_gw", AR) == "العجز"
    parts = {"stream": "x", "site": "x", "country": "x", "use": "x", "counterparty": "x", "link": "x", "market": "x",
             "year": "2030"}
    assert all(re.search("[\u0600-\u06ff]", words.label(o.name.format(**parts), AR)) for o in outputs.CATALOGUE)


def test_the_charts_title_outputs_by_their_catalogue_label() -> None:
    from gigawatt.report import charts

    assert not hasattr(charts, "LABELS")  # no second list of labels
    # the catalogue's label, through the Arabic catalog, with the year of a template put in
    assert charts.label("revenue_total") == "Revenue" and charts.label("revenue_total", AR) == "الإيرادات"
    assert charts.label("funding_gap_by_2030") == "Funding gap to 2030"
    assert charts.label("funding_gap_by_2030", AR) == "فجوة التمويل حتى 2030"
