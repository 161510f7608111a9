"""Sanitise each material's and page's HTML right after Pelican reads it.

Registered signals (the whole list): `initialized` types SANITIZE (config.py);
`content_object_init` replaces the
content's HTML (body and summary) by its nh3-cleaned version. Pelican's `{filename}`/`{static}`
placeholders survive cleaning (they are relative URLs) and are resolved later,
when templates ask for `content`.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.contents import Content

from .cleaner import clean_html
from .config import sanitize_settings, type_settings

log = logging.getLogger(__name__)


def sanitise_content(content: Content) -> None:
    """The body and the Markdown-formatted summary are the two HTML fields a page shows."""
    allow = sanitize_settings(content.settings)
    cleaned_by_raw: dict[str, str] = {}  # the summary is usually in two fields: clean it once
    for attr in ("_content", "_summary"):
        raw = getattr(content, attr, None)
        if not raw:
            continue
        cleaned = cleaned_by_raw[raw] = clean_html(raw, allow)
        if cleaned != raw:
            log.debug("sanitize: cleaned %s of %s", attr.lstrip("_"), content.source_path)
        setattr(content, attr, cleaned)
    summary = content.metadata.get("summary")
    if isinstance(summary, str):
        found = cleaned_by_raw.get(summary)
        content.metadata["summary"] = found if found is not None else clean_html(summary, allow)


def register() -> None:
    signals.initialized.connect(type_settings)
    signals.content_object_init.connect(sanitise_content)
