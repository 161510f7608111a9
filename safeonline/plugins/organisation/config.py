"""The `ORGANISATION` setting: who publishes this edition, and how readers reach them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from safeonline.core.settings import SettingsError, option, typed


@dataclass(frozen=True)
class OrganisationSettings:
    NAME: ClassVar[str] = "ORGANISATION"

    name: str = option("", "who publishes this edition, as pages name it")
    email: str = option("", "the address readers write to ({organisation.email} in content)")
    url: str = option("", "the organisation's own https:// website")

    def settle(self, settings) -> OrganisationSettings:
        """Every field is needed: a page naming an empty address would send readers nowhere."""
        for field in ("name", "email", "url"):
            if not getattr(self, field).strip():
                raise SettingsError("pelicanconf.py", f"ORGANISATION[{field!r}] is empty",
                                    "set ORGANISATION = {'name': ..., 'email': ..., 'url': ...}")
        return self


def organisation_settings(settings) -> OrganisationSettings:
    return typed(settings, OrganisationSettings)


def type_settings(pelican) -> None:
    organisation_settings(pelican.settings)
