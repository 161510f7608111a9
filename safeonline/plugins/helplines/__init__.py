"""Helplines: the directory behind every "Get help" link, from content/data/helplines.toml."""

from .config import HelplineSettings, helpline_settings
from .countries import INTERNATIONAL, by_country, for_leaflet
from .model import Helpline, load_helplines
from .plugin import register

__all__ = ["INTERNATIONAL", "Helpline", "HelplineSettings", "by_country", "for_leaflet",
           "helpline_settings", "load_helplines", "register"]
