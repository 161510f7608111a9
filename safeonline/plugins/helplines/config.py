"""The `HELPLINES` setting: where the helpline directory is and how fresh it must be."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from safeonline.core.settings import option, typed


@dataclass(frozen=True)
class HelplineSettings:
    NAME: ClassVar[str] = "HELPLINES"

    data: str = option("data/helplines.toml", "the directory, relative to PATH")
    max_age_days: int = option(365, "`invoke check` warns about entries verified longer ago",
                               check=lambda n: None if n > 0 else "must be more than 0")
    countries: tuple[str, ...] = option((), (
        "where this deployment's readers live (ISO 3166-1 alpha-2, e.g. ['JO', 'EG']): their "
        "services come first on leaflets and the help page. Empty: leaflets list only the "
        "international services, for a site read anywhere"))


def helpline_settings(settings) -> HelplineSettings:
    return typed(settings, HelplineSettings)


def type_settings(pelican) -> None:
    helpline_settings(pelican.settings)
