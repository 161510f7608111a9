"""HELPLINES settings (pelicanconf.py): every key declared once, with its type and default.

A deployment says where its readers live with `HELPLINES["countries"]`; the
other keys say where the directory is and how old a check may get. Pages,
leaflets and the check all read the settings through `helpline_settings`, so
a typo (`"country"` for `"countries"`) is reported by name instead of being
ignored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from safeonline.core.settings import namespaced


@dataclass(frozen=True)
class HelplineSettings:
    # The directory, relative to PATH (the content folder).
    data: str = "data/helplines.toml"
    # `invoke check` warns about an entry verified longer ago than this (12 months).
    max_age_days: int = 365
    # The deployment's countries (ISO 3166-1 alpha-2, e.g. ("JO", "EG")): their services
    # come first on leaflets and on the help page, before the international ones.
    # Empty: leaflets list only the international services.
    countries: tuple[str, ...] = ()


DEFAULTS = asdict(HelplineSettings())


class HelplineSettingsError(ValueError):
    """HELPLINES in the settings is not usable; the message names the key."""


def helpline_settings(settings: dict) -> HelplineSettings:
    """The HELPLINES mapping of `settings`, typed; unknown keys and wrong types raise."""
    given = namespaced(settings, "HELPLINES", DEFAULTS, HelplineSettingsError)
    countries = given["countries"]
    if isinstance(countries, str) or not all(isinstance(c, str) for c in countries):
        raise HelplineSettingsError(
            "helplines: HELPLINES['countries'] must be a list of country codes, "
            "e.g. [\"JO\", \"EG\"]")
    given["countries"] = tuple(countries)
    for field in fields(HelplineSettings):
        if field.name != "countries" and not isinstance(given[field.name], type(DEFAULTS[field.name])):
            raise HelplineSettingsError(
                f"helplines: HELPLINES['{field.name}'] must be a "
                f"{type(DEFAULTS[field.name]).__name__}")
    return HelplineSettings(**given)
