"""The translations of a language in a Jinja environment (``jinja2.ext.i18n``): ``_()``, ``ngettext()``,
``{% trans %}`` in the report's and the dashboard's templates."""

from __future__ import annotations

from jinja2 import Environment

from gigawatt.i18n.language import Language

__all__ = ["install_gettext"]


def install_gettext(env: Environment, lang: Language) -> None:
    """Give a Jinja environment (with ``jinja2.ext.i18n``) the translations of ``lang``, new-style
    (``_("%(n)s futures", n=...)``; a literal percent sign is written ``%%``).

    Numbers written in a template's text take the language's digits, as in :meth:`Language._`.
    """
    messages = lang.translations
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda text: lang.template_numbers(messages.gettext(text)),
        ngettext=lambda one, many, n: lang.template_numbers(messages.ngettext(one, many, n)),
        pgettext=lambda context, text: lang.template_numbers(messages.pgettext(context, text)),
        newstyle=True)
