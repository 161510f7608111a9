"""Dates as a reader of each language writes them, for pages and leaflets alike."""

from __future__ import annotations

from babel.dates import format_date


def format_day(date, lang: str) -> str:
    """'20 November 2026' in the material's language, from the content's own date."""
    try:
        return format_date(date, format="long", locale=lang)
    except (ValueError, LookupError):  # unknown locale: ISO is readable everywhere
        return date.strftime("%Y-%m-%d")
