"""Discovery: sitemap.xml with hreflang alternates, robots.txt and Atom feeds per audience."""

from .plugin import register

__all__ = ["register"]
