"""The report and its headline in Arabic: one code path, whole translated sentences with the numbers put in."""

from __future__ import annotations

import re

import numpy as np
import pytest
from babel.messages.pofile import read_po

from gigawatt.engine.result import Result
from gigawatt.i18n import Language, language
from gigawatt.i18n.language import FSI, PDI, catalog_path
from gigawatt.report import render_report
from gigawatt.report.format import money, money_words, percent
from gigawatt.report.headline import headline

PLACEHOLDER = re.compile(r"\\\{\w+\\\}")


def _sentence_patterns(lang: Language) -> list[re.Pattern[str]]:
    """Every translated template of the catalog as a pattern: its own words, anything where a value goes."""
    with catalog_path(lang.code).open("rb") as handle:
        catalog = read_po(handle, locale=lang.code)
    patterns = []
    for message in catalog:
        for text in ([message.string] if isinstance(message.string, str) else message.string):
            if "{" in text and len(text) > 40:
                patterns.append(re.compile(PLACEHOLDER.sub("[^،؛]+?", re.escape(lang.template_numbers(text)))))
    return patterns


@pytest.mark.parametrize("digits", ["latn", "arab"])
def test_arabic_sentences_are_whole_templates(hand_result: Result, digits: str) -> None:
    ar = language("ar", digits)
    words = headline(hand_result, ar)
    patterns = _sentence_patterns(ar)
    assert len(words.sentences) >= 4
    for sentence in words.sentences:
        assert any(p.fullmatch(sentence) for p in patterns), sentence
        latin = re.sub(f"{FSI}[^{PDI}]*{PDI}", "", sentence)  # the scenario's name is kept as written
        assert not re.search(r"[A-Za-z]", latin), sentence
    gap = hand_result.scalars["funding_gap_by_2030"]
    first = words.sentences[0]
    assert first.startswith("في نصف ")
    assert money_words(float(np.percentile(gap, 50)), ar) in first
    assert money_words(float(np.percentile(gap, 95)), ar) in first
    assert words.cards[0].value == money(float(np.percentile(gap, 50)), lang=ar)
    share = percent(float(hand_result.events["breakeven_by_2030"].mean()), lang=ar)
    assert f"بحلول عام {ar.year(2030)} في {share} من المسارات" in " ".join(words.sentences)


def test_the_same_numbers_in_both_languages(hand_result: Result) -> None:
    english, arabic = headline(hand_result), headline(hand_result, "ar")
    assert len(english.sentences) == len(arabic.sentences) and len(english.cards) == len(arabic.cards)
    def numbers(text: str) -> list[str]:
        return re.findall(r"\d[\d,.]*", text.replace("\u200e", ""))
    for en, ar in zip(english.cards, arabic.cards, strict=True):
        assert numbers(en.value) == numbers(ar.value)


def test_money_in_arabic() -> None:
    ar, indic = language("ar"), language("ar", "arab")
    assert money(13.1e9, lang=ar) == "13.1 مليار $"
    assert money(1.2e12, lang=indic) == "١٫٢ تريليون $"
    assert money_words(4.8e11, ar) == "480 مليار دولار"
    assert money(-2e9, lang=ar) == "\u200e-2 مليار $"
    assert percent(0.003, lang=ar) == "أقل من 1%"
    assert money(4e8, billions=True, lang=ar) == "0.4"  # a table headed "US$ billions"


def test_arabic_report_page(hand_result: Result) -> None:
    page = render_report(hand_result, local_drivers=True, lang="ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert "هل تلحق الإيرادات بتكاليف الحوسبة؟" in page
    assert "Can the revenue catch up" not in page
    assert "Method used in this report" not in page and "الطريقة المستخدمة في هذا التقرير" in page
    english = render_report(hand_result, local_drivers=True)
    assert '<html lang="en" dir="ltr">' in english and "هل تلحق" not in english


def test_arabic_indic_digits_in_the_report(hand_result: Result) -> None:
    page = render_report(hand_result, local_drivers=True, lang="ar", digits="arab")
    years = re.search(r'<p class="meta">(.*?)</p>', page, re.S)
    assert years is not None and "٢٠٢٥" in years.group(1)
    assert "MutationObserver" in page  # the charts' digits too
    assert "MutationObserver" not in render_report(hand_result, local_drivers=True, lang="ar")


def test_no_english_left_in_the_arabic_report(hand_result: Result) -> None:
    """Every string of the report's template is looked up at render time as it was extracted: none is left in
    English (a string Jinja looks up differently from how Babel extracted it would be)."""
    from markupsafe import escape

    from gigawatt.i18n.extract import extract

    page = render_report(hand_result, local_drivers=True, lang="ar")
    strings = [m.id for m in extract() if isinstance(m.id, str) and any(f.endswith("report.html.j2")
                                                                         for f, _ in m.locations)]
    assert len(strings) > 60
    left = [s for s in strings if len(s) > 15 and "%(" not in s and str(escape(s.replace("%%", "%"))) in page]
    assert left == []
