"""Full-text search: a search page per language and a Pagefind index of the built site."""

from .plugin import register

__all__ = ["register"]
