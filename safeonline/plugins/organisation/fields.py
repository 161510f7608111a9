"""The organisation's fields as content names them, and what each becomes in a page.

An edition run by another organisation changes `ORGANISATION` in its settings
and every page that names it follows: editors write `{organisation.email}`
(or `.name`, `.url`) instead of an address that would be copied wrongly.
"""

from __future__ import annotations

import dataclasses
import re

from markupsafe import Markup, escape

from .config import OrganisationSettings

FIELDS = tuple(field.name for field in dataclasses.fields(OrganisationSettings))
PLACEHOLDER_RE = re.compile(r"\{organisation\.([A-Za-z_]+)\}")


def as_html(field: str, org: OrganisationSettings) -> Markup:
    value = getattr(org, field)
    if field == "email":
        return Markup('<a href="mailto:{0}">{0}</a>').format(value)
    if field == "url":
        return Markup('<a href="{0}">{0}</a>').format(value)
    return escape(value)


def fill(html: str, org: OrganisationSettings) -> str:
    """`html` with each known placeholder replaced (unknown ones are the check's to report)."""
    return PLACEHOLDER_RE.sub(
        lambda m: str(as_html(m.group(1), org)) if m.group(1) in FIELDS else m.group(0), html)
