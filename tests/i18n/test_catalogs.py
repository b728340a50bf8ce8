"""The catalogs: every visible string has a translation in every language, and the catalogs load."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from gigawatt.i18n import DIGITS, available, language
from gigawatt.i18n.extract import extract, problems
from gigawatt.i18n.language import catalog_path


@pytest.fixture(scope="module")
def template():  # type: ignore[no-untyped-def]
    return extract()


def test_arabic_is_offered() -> None:
    assert available()[0] == "en"
    assert "ar" in available()


@pytest.mark.parametrize("code", [c for c in available() if c != "en"])
def test_every_visible_string_has_a_translation(code: str, template) -> None:  # type: ignore[no-untyped-def]
    assert problems(code, template) == []


def test_the_check_finds_a_missing_string(template) -> None:  # type: ignore[no-untyped-def]
    template.add("A sentence nobody has translated yet.", locations=[("nowhere.py", 1)])
    assert problems("ar", template) == ["ar: no entry for 'A sentence nobody has translated yet.' (nowhere.py:1)"]
    template.delete("A sentence nobody has translated yet.")


def test_the_extraction_sees_code_templates_and_scripts(template) -> None:  # type: ignore[no-untyped-def]
    files = {path for message in template for path, _ in message.locations}
    assert any(f.endswith("report/headline.py") for f in files)
    assert any(f.endswith("report.html.j2") for f in files)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template}
    assert "Can the revenue catch up with the compute?" in ids
    assert "{n} simulated future" in ids


def test_the_arabic_catalog_is_arabic() -> None:
    with catalog_path("ar").open("rb") as handle:
        catalog = read_po(handle, locale="ar")
    assert catalog.num_plurals == 6  # zero, one, two, few, many, other
    texts = [m.string if isinstance(m.string, str) else m.string[-1] for m in catalog if m.id]
    arabic = [t for t in texts if re.search(r"[\u0600-\u06ff]", t)]
    assert len(arabic) > 0.9 * len(texts)


def test_unknown_language_and_digits_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="language: expected one of en, ar"):
        language("xx")
    with pytest.raises(ValueError, match="digits: expected one of latn, arab"):
        language("ar", "roman")


def test_numbers_in_arabic() -> None:
    western, indic = language("ar"), language("ar", "arab")
    assert western.num(-1234.5, ",.1f") == "\u200e-1,234.5"
    assert indic.num(-1234.5, ",.1f") == "\u061c-١٬٢٣٤٫٥"
    assert indic.number("42%") == "٤٢٪\u061c"
    assert western.number("42%") == "42%"
    assert indic.year(2030) == "٢٠٣٠" and western.year(2030) == "2030"  # years have no group separator
    assert DIGITS["arab"] == "٠١٢٣٤٥٦٧٨٩"
    assert (western.dir, indic.rtl, language("en").dir) == ("rtl", True, "ltr")


def test_arabic_plurals() -> None:
    ar = language("ar")
    forms = [ar.ngettext("{n} simulated future", "{n} simulated futures", n, n=ar.integer(n))
             for n in (1, 2, 5, 11, 400)]
    assert forms == ["مسار محاكى واحد", "مساران محاكيان", "5 مسارات محاكاة", "11 مسارًا محاكى", "400 مسار محاكى"]


def test_numbers_written_in_a_template_take_the_digits() -> None:
    indic = language("ar", "arab")
    assert indic._("90% of futures: {low} – {high}", low="a", high="b") == "٩٠٪\u061c من المسارات: a – b"
    assert indic.template_numbers("90%% in P50 {p5}") == "٩٠٪\u061c in P٥٠ {p5}"
