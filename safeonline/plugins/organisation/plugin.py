"""Pages and materials name the organisation through its settings, never a copied address.

Registered signals (the whole list): `initialized` types ORGANISATION
(config.py); `content_object_init` fills the
`{organisation.*}` placeholders in each page's and material's HTML, once it is
read (so Pelican's reader cache keeps the placeholder and a settings change
reaches every page without a re-parse).
"""

from __future__ import annotations

from pelican import signals
from pelican.contents import Article, Page

from .config import organisation_settings, type_settings
from .fields import PLACEHOLDER_RE, fill


def fill_placeholders(content) -> None:
    if not isinstance(content, Article | Page) or not content._content:
        return
    if PLACEHOLDER_RE.search(content._content):
        content._content = fill(content._content, organisation_settings(content.settings))


def register() -> None:
    signals.initialized.connect(type_settings)
    signals.content_object_init.connect(fill_placeholders)
