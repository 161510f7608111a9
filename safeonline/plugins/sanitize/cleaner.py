"""The nh3 call, built once per settings from the `SANITIZE` allowlist.

`invoke check` reports raw HTML outside the allowlist with its line; this is
the guarantee behind it: even a file nobody checked, or HTML another plugin
produced from Markdown, reaches a page only through the allowlist.
"""

from __future__ import annotations

import re

import nh3

from .config import SanitizeSettings

# Python-Markdown's tables write `style="text-align: center"` on cells; the
# site's Content-Security-Policy forbids style attributes, so alignment
# becomes a class the stylesheet knows (`.align-center`).
ALIGN_STYLE_RE = re.compile(
    r'<(td|th)\b([^>]*?)\sstyle="text-align:\s*(left|right|center);?"', re.IGNORECASE)


def cleaner_options(allow: SanitizeSettings) -> dict:
    attributes = {tag: set(names) for tag, names in allow.attributes.items()}
    return {
        "tags": set(allow.tags),
        "attributes": attributes,
        "generic_attribute_prefixes": set(allow.attribute_prefixes),
        "url_schemes": set(allow.url_schemes),
        "clean_content_tags": set(allow.drop_with_content),
        "filter_style_properties": set(allow.style_properties),
        "strip_comments": True,
        "link_rel": None,  # keep editors' links as written; nothing third-party is loaded
    }


def clean_html(html: str, allow: SanitizeSettings) -> str:
    html = ALIGN_STYLE_RE.sub(lambda m: f'<{m[1]}{m[2]} class="align-{m[3].lower()}"', html)
    return _cleaner(allow).clean(html)


def _cleaner(allow: SanitizeSettings) -> nh3.Cleaner:
    """One nh3.Cleaner per allowlist: building it costs a fifth of cleaning a page.

    Keyed by the allowlist's value, so a changed SANITIZE gets a new cleaner.
    """
    key = repr(allow)
    cleaner = _CLEANERS.get(key)
    if cleaner is None:
        if len(_CLEANERS) >= 8:  # tests build with several allowlists; keep a few
            _CLEANERS.clear()
        cleaner = _CLEANERS[key] = nh3.Cleaner(**cleaner_options(allow))
    return cleaner


_CLEANERS: dict[str, nh3.Cleaner] = {}
