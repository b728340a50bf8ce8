"""A scenario's problems in Arabic: the fixed text of each message from the catalog, the user's words as written."""

from __future__ import annotations

import re

import pytest

from gigawatt.i18n import language
from gigawatt.i18n.extract import PACKAGE, extract
from gigawatt.i18n.problems import CONTEXT, templates_in, translate
from gigawatt.scenario import loader
from gigawatt.scenario.errors import ScenarioError

AR = language("ar")
ARABIC = re.compile("[\u0600-\u06ff]")
HORIZON = "name: x\nhorizon: {start: 2025, end: 2030}\n"


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loader.loads(text)
    return [p.message for p in caught.value.problems]


def test_the_templates_are_the_f_strings_with_numbered_holes() -> None:
    source = 'def f(what, low, shown):\n    raise ValueProblem(f"{what}must be at least {fmt(low)}; got {shown}")\n'
    assert templates_in(source) == [(2, "{0}must be at least {1}; got {2}")]
    constant = '_TAIL = "write a number"\ndef g(t):\n    raise UnitProblem(f\'cannot read "{t}"; {_TAIL}\')\n'
    assert templates_in(constant) == [(3, 'cannot read "{0}"; write a number')]
    appended = 'def h(problems, p):\n    problems.append((p, f"no site named {p!r}"))\n'
    assert templates_in(appended) == [(2, "no site named {0}")]


def test_every_message_of_the_scenario_package_is_a_catalog_entry() -> None:
    catalog = extract()
    entries = {m.id for m in catalog if m.context == CONTEXT}
    in_code = {text for path in (PACKAGE / "scenario").rglob("*.py") for _, text in templates_in(path.read_text())}
    assert len(in_code) > 100
    assert in_code <= entries
    assert "{0}must be at least {1}; got {2}" in entries and "unknown field {0}{1}; expected one of: {2}" in entries


@pytest.mark.parametrize(("text", "kept"), [
    (HORIZON + "consumr: 3\n", ["'consumr'", "'consumer'", "horizon, consumer"]),
    (HORIZON + "consumer:\n  paying_share: 9% to 3%\n", ["9% to 3%"]),
    (HORIZON + "consumer:\n  paying_share: 140%\n", ["140%"]),
    (HORIZON + "consumer: {users: 2 GW}\n", ["2 GW"]),
    ("name: x\nhorizon: {start: 2025, end: 2020}\n", ["2020", "2025"]),
])
def test_problems_of_a_bad_scenario_in_arabic(text: str, kept: list[str]) -> None:
    for message in problems(text):
        arabic = translate(message, AR)
        assert ARABIC.search(arabic), message
        fixed = re.sub(r"'[^']*'|\"[^\"]*\"|\d[\d.%]*", "", message)  # the message without what the user wrote
        assert not re.search(r"\b(expected|must|unknown|got|did you mean)\b", re.sub("\u2068.*?\u2069", "", arabic)), (
            f"English left in {arabic!r} (from {fixed!r})")
        for word in kept:
            assert word in arabic or all(w in arabic for w in word.split(", ")), (word, arabic)


def test_a_nested_message_is_translated_in_its_place() -> None:
    message = "unknown field 'consumr' (did you mean 'consumer'?); expected one of: a, b"
    assert translate(message, AR) == "حقل غير معروف \u2068'consumr'\u2069 (هل تقصد \u2068'consumer'\u2069؟)؛ " \
                                     "المتوقع واحد من: \u2068a, b\u2069"


def test_english_and_unknown_messages_are_left_as_they_are() -> None:
    message = "end (2020) must not be before start (2025)"
    assert translate(message, language("en")) == message
    unknown = "a sentence the scenario package never writes"
    assert translate(unknown, AR) == unknown


def test_arabic_digits_in_the_fixed_text_only() -> None:
    indic = language("ar", "arab")
    message = "shares must sum to 1 (100%); they sum to 90%"
    assert translate(message, indic) == "يجب أن يكون مجموع الحصص ١ (١٠٠٪\u061c)؛ ومجموعها \u206890%\u2069"
