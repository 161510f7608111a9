"""Interface strings per language, from the theme's gettext catalogs.

Catalogs live as `.po` files under `themes/<theme>/translations/<lang>/LC_MESSAGES/`
and are compiled in memory at build time, so no binary `.mo` file is committed
and an edited `.po` is picked up by the next build.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "messages"


def catalog_path(theme: str | Path, lang: str) -> Path:
    return Path(theme) / "translations" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(path: str, mtime: float) -> gettext.NullTranslations:
    with open(path, "rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@cache
def _catalog_file(theme: str, lang: str) -> str:
    return str(catalog_path(theme, lang))


def translations(theme: str | Path, lang: str) -> gettext.NullTranslations:
    """The language's catalog; the default language needs none (msgids are English).

    Called for every material by several plugins, so it costs one `stat` (which
    notices an edited .po in a long-running `invoke serve`) and no path building.
    """
    path = _catalog_file(str(theme), lang)
    try:
        mtime = os.stat(path).st_mtime
    except OSError:  # no catalog (as Path.exists() would say)
        return gettext.NullTranslations()
    return _translations(path, mtime)


def N_(message: str) -> str:
    """Mark a string for `invoke i18n-extract` where it is defined; translate it later.

    For msgids kept in data (a tuple of leaflet labels) rather than passed to `_()`.
    """
    return message


def gettext_for(settings: dict, lang: str):
    """A plain `_()` for Python code (leaflets, cards) in `lang`."""
    return translations(settings["THEME"], lang).gettext
