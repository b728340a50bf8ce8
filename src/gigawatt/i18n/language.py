"""One language of the interfaces: its translated messages, its writing direction and its numbers.

Messages come from the gettext catalog ``locales/<code>/LC_MESSAGES/gigawatt.po``, read with
Babel's ``.po`` reader when first asked for (no compile step: a clean checkout installed with
``pip install -e .`` speaks every language it has a catalog for). Entries marked fuzzy are not used.

Numbers are written the English way first (``1,234.5``, ``-3``, ``42%``) and then given the
language's symbols from CLDR (Babel's locale data: decimal and group separators, minus and percent
signs) and its digits: Western digits (``latn``) by default, Arabic-Indic digits (``arab``) on request.
Years keep their four digits without a group separator in every language.
"""

from __future__ import annotations

import gettext
import io
import re
from functools import cache
from importlib import resources
from typing import Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = ["DIGITS", "ENGLISH", "Language", "N_", "available", "language"]

DOMAIN = "gigawatt"
SOURCE = "en"
"""The language the strings are written in (no catalog)."""

DIGITS = {"latn": "0123456789", "arab": "٠١٢٣٤٥٦٧٨٩"}
"""The digits of each CLDR numbering system offered: Western (``latn``) and Arabic-Indic (``arab``)."""

FSI, PDI = "\u2068", "\u2069"
"""Unicode bidi isolates: a name or number set inside a sentence of the other direction keeps its order."""
RLI = "\u2067"
LRM = "\u200e"

_TEMPLATE_NUMBER = re.compile(r"(?<![{A-Za-z0-9_])\d+(?:\.\d+)?(%%|%)?|(?<=P)\d+")
"""A number in the literal text of a template (not inside a ``{placeholder}``)."""


def N_(message: str) -> str:  # noqa: N802 - the gettext name for "mark, translate later"
    """Mark a string for translation where it is declared; it is translated where it is shown."""
    return message


def _catalogs() -> Any:
    return resources.files("gigawatt.i18n") / "locales"


def available() -> tuple[str, ...]:
    """The language codes there is a catalog for, English (the source language) first."""
    root = _catalogs()
    found = sorted(entry.name for entry in root.iterdir()
                   if entry.is_dir() and (entry / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    return (SOURCE, *(code for code in found if code != SOURCE))


def catalog_path(code: str) -> Any:
    """The ``.po`` file of a language (a ``Traversable`` inside the package)."""
    return _catalogs() / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(code: str) -> gettext.NullTranslations:
    if code == SOURCE:
        return gettext.NullTranslations()
    with catalog_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Language:
    """Messages, direction and number symbols of one language.

    Parameters
    ----------
    code
        A language code with a catalog (see :func:`available`), e.g. ``"en"`` or ``"ar"``.
    digits
        ``"latn"`` (Western digits, 0-9) or ``"arab"`` (Arabic-Indic digits, ٠-٩).
    """

    def __init__(self, code: str, digits: str = "latn") -> None:
        self.code = code
        self.digits = digits
        self.locale = Locale.parse(code)
        self.translations = _translations(code)
        symbols = self.locale.number_symbols[digits]
        self._number_table = str.maketrans({
            **{western: local for western, local in zip(DIGITS["latn"], DIGITS[digits], strict=True)},
            ",": symbols["group"], ".": symbols["decimal"], "-": symbols["minusSign"],
            # CLDR wraps the Western-digit percent sign of Arabic in left-to-right marks, which shows "%37" in
            # right-to-left text; the plain sign reads "37%", as the Arabic press writes it.
            "%": symbols["percentSign"].replace(LRM, ""),
        })
        self._digit_table = str.maketrans(dict(zip(DIGITS["latn"], DIGITS[digits], strict=True)))

    def __repr__(self) -> str:
        return f"Language({self.code!r}, digits={self.digits!r})"

    @property
    def rtl(self) -> bool:
        """Written right to left."""
        return bool(self.locale.character_order == "right-to-left")

    @property
    def dir(self) -> str:
        """The HTML ``dir`` of the language: ``"rtl"`` or ``"ltr"``."""
        return "rtl" if self.rtl else "ltr"

    @property
    def name(self) -> str:
        """The language's name in itself: ``English``, ``العربية``."""
        return str(self.locale.get_display_name(self.locale)).capitalize()

    @property
    def plotly_separators(self) -> str:
        """Plotly's ``layout.separators``: the decimal then the group separator of this language."""
        symbols = self.locale.number_symbols[self.digits]
        return f"{symbols['decimal']}{symbols['group']}"

    # --- messages --------------------------------------------------------------------------

    def _(self, message: str, /, **values: Any) -> str:
        """The translation of ``message``, with ``{name}`` placeholders filled from ``values``.

        Numbers written in the template itself ("90% of futures") take the language's digits; the
        values are put in as they are (format them with :meth:`num`, :meth:`year`, ...).
        """
        return self._filled(self.translations.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """The form of a message for the count ``n`` (the language's own plural rules)."""
        return self._filled(self.translations.ngettext(singular, plural, n), values)

    def pgettext(self, context: str, message: str, /, **values: Any) -> str:
        """The translation of ``message`` in ``context`` (for words that translate differently by use)."""
        return self._filled(self.translations.pgettext(context, message), values)

    def _filled(self, template: str, values: dict[str, Any]) -> str:
        template = self.template_numbers(template)
        return template.format(**values) if values else template

    def template_numbers(self, template: str) -> str:
        """The numbers written in a translated template ("90%", "P5") in this language's digits and signs."""
        if self.digits == "latn":
            return template
        return _TEMPLATE_NUMBER.sub(self._template_number, template)

    def _template_number(self, match: re.Match[str]) -> str:
        text, sign = match.group(0), match.group(1)
        if sign == "%%":  # a percent sign escaped for %-formatting (Jinja's templates): keep it escaped
            return self.number(text[:-1]).replace("%", "%%")
        return self.number(text)

    def isolate(self, text: str) -> str:
        """``text`` (a name, a path) set apart so that it keeps its own direction inside a sentence."""
        return f"{FSI}{text}{PDI}" if self.rtl else text

    def rtl_line(self, text: str) -> str:
        """A line drawn by Plotly (whose SVG text runs left to right) read right to left in an RTL language."""
        return f"{RLI}{text}{PDI}" if self.rtl and text else text

    # --- numbers ---------------------------------------------------------------------------

    def number(self, english: str) -> str:
        """A number written the English way (``-1,234.5``, ``42%``) in this language's symbols and digits."""
        return english.translate(self._number_table)

    def digits_of(self, text: str) -> str:
        """``text`` with its digits (only) in this language's digits: for years and identifiers with numbers."""
        return text.translate(self._digit_table)

    def num(self, value: float, spec: str = ",") -> str:
        """``format(value, spec)`` in this language's symbols: ``num(1234.5, ",.1f")`` -> ``1,234.5``."""
        return self.number(format(value, spec))

    def integer(self, value: int) -> str:
        """A count with group separators: ``20,000``."""
        return self.number(f"{int(value):,}")

    def year(self, value: float) -> str:
        """A year as a year: four digits, no separator (``2030``, ``٢٠٣٠``)."""
        return self.digits_of(f"{int(value)}")


def language(code: str | Language = SOURCE, digits: str | None = None) -> Language:
    """The :class:`Language` of a code (``"en"``, ``"ar"``); a :class:`Language` is returned as it is.

    Raises ``ValueError`` naming the languages there are catalogs for, or the digits offered.
    """
    if isinstance(code, Language):
        return code if digits is None or digits == code.digits else _language(code.code, digits)
    return _language(code, digits or "latn")


@cache
def _language(code: str, digits: str) -> Language:
    codes = available()
    if code not in codes:
        raise ValueError(f"language: expected one of {', '.join(codes)}; got {code!r}")
    if digits not in DIGITS:
        raise ValueError(f"digits: expected one of {', '.join(DIGITS)} (Western or Arabic-Indic); got {digits!r}")
    return Language(code, digits)


ENGLISH = language(SOURCE)
"""The source language."""
