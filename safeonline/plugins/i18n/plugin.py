"""Gettext in templates, one Jinja environment for every language.

Each page knows its own language (`page_lang()`); `_()` and `{% trans %}`
look it up on every call, so English and Arabic pages come from the same
templates in one Pelican run, without i18n_subsites' second build.
"""

from __future__ import annotations

from jinja2 import pass_context
from pelican import signals

from .catalogs import translations
from .config import type_settings
from .dates import format_day


def _lang_of(ctx) -> str:
    if ctx.get("lang_code"):
        return ctx["lang_code"]
    for key in ("article", "page"):
        obj = ctx.get(key)
        if obj is not None and getattr(obj, "lang", None):
            return obj.lang
    return ctx["DEFAULT_LANG"]


def install(generator) -> None:
    theme = generator.settings["THEME"]
    languages = generator.settings["LANGUAGES"]
    # Looked up once per build, not per string: `translations()` stats the .po
    # file to notice edits, which cost a fifth of the page stage on big sites.
    catalogs = {lang: translations(theme, lang) for lang in languages}

    def catalog(lang: str):
        return catalogs.get(lang) or translations(theme, lang)

    @pass_context
    def page_lang(ctx) -> str:
        return _lang_of(ctx)

    @pass_context
    def page_dir(ctx) -> str:
        return languages.get(_lang_of(ctx), {}).get("dir", "ltr")

    @pass_context
    def _gettext(ctx, message: str) -> str:
        return catalog(_lang_of(ctx)).gettext(message)

    @pass_context
    def _ngettext(ctx, singular: str, plural: str, n: int) -> str:
        return catalog(_lang_of(ctx)).ngettext(singular, plural, n)

    @pass_context
    def gettext_in(ctx, message: str, lang: str) -> str:
        """A string in another language than the page's (the language switcher)."""
        return catalog(lang).gettext(message)

    @pass_context
    def long_date(ctx, date) -> str:
        """A date as the page's language writes it ('1 December 2026', '1 ديسمبر 2026')."""
        return format_day(date, _lang_of(ctx))

    env = generator.env
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    env.globals.update(page_lang=page_lang, page_dir=page_dir, gettext_in=gettext_in,
                       long_date=long_date)


def register() -> None:
    signals.initialized.connect(type_settings)
    signals.generator_init.connect(install)
