"""Output labels in a language: the catalogue's label (:mod:`gigawatt.outputs`) through the gettext catalog.

The label of every declared output is a message of the catalog (``make messages`` extracts the labels
from ``outputs.py``; the completeness test fails while one has no translation). The part a template's
``{stream}``, ``{site}``, ... stands for is a name from the scenario: it is put in as it is, set apart
so it keeps its direction inside a sentence of the other; a year takes the language's digits.

::

    label("revenue_total", language("ar"))            # 'الإيرادات'
    label("revenue_chatgpt", language("ar"))          # 'الإيرادات: ⁨chatgpt⁩'
"""

from __future__ import annotations

from gigawatt import outputs
from gigawatt.i18n.language import ENGLISH, Language, language

__all__ = ["header", "label", "member_label"]


def _part(lang: Language, key: str, value: str) -> str:
    if key == "year":
        return lang.year(int(value))
    return lang.isolate(outputs.part_words(key, value))


def label(name: str, lang: Language | str = ENGLISH) -> str:
    """The label of an output in ``lang`` (an undeclared name is returned as it is)."""
    lang = language(lang)
    found = outputs.find(name)
    if found is None:
        return name
    entity = outputs.entity_of(name)
    if entity is not None and not outputs.is_network_output(name):  # an entity's output in a network: its name first
        return f"{lang.isolate(entity[0])}: {label(entity[1], lang)}"
    out, parts = found
    return lang._(out.label, **{k: _part(lang, k, v) for k, v in parts})


def member_label(name: str, lang: Language | str = ENGLISH) -> str:
    """The label within its group (a legend entry, a column under the group's title) in ``lang``: the
    name a template stands for (``chatgpt``), else the part of the label after its colon."""
    lang = language(lang)
    found = outputs.find(name)
    if found is None:
        return name
    out, parts = found
    if parts:
        key, value = parts[0]
        return lang.year(int(value)) if key == "year" else outputs.part_words(key, value)
    return label(name, lang).split(": ", 1)[-1]


def header(name: str, lang: Language | str = ENGLISH, unit: str | None = None) -> str:
    """Label and a unit for a column header: ``"Revenue (US$ billions)"``; ``unit`` is given translated
    (default: the catalogue's short unit, which is a symbol such as ``$B``, ``%`` or ``GW``)."""
    lang = language(lang)
    shown = outputs.short_unit(name) if unit is None else unit
    return lang._("{label} ({unit})", label=label(name, lang), unit=shown) if shown else label(name, lang)
