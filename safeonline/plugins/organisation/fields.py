"""The organisation's fields as content names them, and what each becomes in a page.

An edition run by another organisation changes `ORGANISATION` in its settings
and every page that names it follows: editors write `{organisation.email}`
(or `.name`, `.url`) instead of an address that would be copied wrongly.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

FIELDS = ("name", "email", "url")
PLACEHOLDER_RE = re.compile(r"\{organisation\.([A-Za-z_]+)\}")


def organisation(settings: dict) -> dict[str, str]:
    """`ORGANISATION`, checked: every field present and a string."""
    given = settings.get("ORGANISATION") or {}
    unknown = sorted(set(given) - set(FIELDS))
    missing = [f for f in FIELDS if not isinstance(given.get(f), str) or not given[f].strip()]
    if unknown or missing:
        raise ValueError(f"ORGANISATION needs exactly {', '.join(FIELDS)} as text "
                         f"({'unknown: ' + ', '.join(unknown) if unknown else 'missing: ' + ', '.join(missing)})")
    return {f: given[f].strip() for f in FIELDS}


def as_html(field: str, org: dict[str, str]) -> Markup:
    value = org[field]
    if field == "email":
        return Markup('<a href="mailto:{0}">{0}</a>').format(value)
    if field == "url":
        return Markup('<a href="{0}">{0}</a>').format(value)
    return escape(value)


def fill(html: str, org: dict[str, str]) -> str:
    """`html` with each known placeholder replaced (unknown ones are the check's to report)."""
    return PLACEHOLDER_RE.sub(
        lambda m: str(as_html(m.group(1), org)) if m.group(1) in FIELDS else m.group(0), html)
