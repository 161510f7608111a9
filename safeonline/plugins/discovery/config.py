"""The `DISCOVERY` setting: the sitemap, the Atom feeds and Open Graph locales."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from safeonline.core.settings import option, typed


@dataclass(frozen=True)
class DiscoverySettings:
    NAME: ClassVar[str] = "DISCOVERY"

    sitemap: str = option("sitemap.xml", "at the site root; robots.txt points to it")
    feed: str = option("{lang}/{audience}/feed.atom", "one Atom feed per audience and language")
    feed_size: int = option(50, "newest entries per feed",
                            check=lambda n: None if n > 0 else "must be more than 0")
    og_locales: dict[str, str] = option({}, "og:locale per language code (default: the code)")


def discovery_settings(settings) -> DiscoverySettings:
    return typed(settings, DiscoverySettings)


def type_settings(pelican) -> None:
    """On `initialized`: templates read `DISCOVERY.feed` and `DISCOVERY.og_locales`."""
    discovery_settings(pelican.settings)
