"""The `I18N` setting: which settings' values the catalogs translate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from safeonline.core.settings import option, typed


@dataclass(frozen=True)
class I18nSettings:
    NAME: ClassVar[str] = "I18N"

    translatable_settings: tuple[str, ...] = option(
        ("SITENAME", "SITESUBTITLE", "LICENCE", "AUDIENCES.*.label", "TOPICS.*",
         "LANGUAGES.*.name"),
        "settings whose values are gettext msgids (`*` matches every key); "
        "`invoke i18n-extract` collects them")


def i18n_settings(settings) -> I18nSettings:
    return typed(settings, I18nSettings)


def type_settings(pelican) -> None:
    i18n_settings(pelican.settings)
