"""The languages of the report and the dashboard: gettext catalogs read with Babel.

English is the source language: every visible string is written in English in the code and
templates, marked for translation (``_()``, ``ngettext()``, ``N_()``, ``{% trans %}``), and a catalog
``locales/<code>/LC_MESSAGES/gigawatt.po`` gives its translation. Adding a language is adding one
such file. ``make messages`` extracts the strings into ``locales/gigawatt.pot`` and merges them into
every catalog; a test fails while any string has no entry.

::

    from gigawatt.i18n import language

    ar = language("ar")                 # Western digits (the default)
    ar.money(13.1e9)                    # '13.1 مليار $'
    language("ar", digits="arab").percent(0.42)   # '٤٢٪؜'
"""

from __future__ import annotations

from gigawatt.i18n.language import DIGITS, ENGLISH, N_, Language, available, language

__all__ = ["DIGITS", "ENGLISH", "Language", "N_", "available", "language"]
