"""Web fonts split by script, so a page downloads only the glyphs its text can use."""

from .plugin import register

__all__ = ["register"]
