"""Raw HTML in Markdown: only the allowlist in `SANITIZE`, reported with its line.

Python-Markdown passes raw HTML straight through. The `sanitize` plugin cleans
every page with nh3 whatever happens, so nothing unsafe is ever published; this
check tells the editor *before* the build, with the line, so that what they
wrote and what readers get never silently differ.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from safeonline.plugins.sanitize.config import SanitizeSettings, sanitize_settings

from .body import link_targets, masked_body
from .context import Context

TAG_NAME_RE = re.compile(r"[a-z][a-z0-9]*")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "srcset"}
SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme as a browser sees it (it ignores whitespace and control characters)."""
    squeezed = re.sub(r"[\x00-\x20]", "", url).lower()
    m = SCHEME_RE.match(squeezed)
    return m.group(1) if m else None


class _Scanner(HTMLParser):
    def __init__(self, ctx: Context, allow: SanitizeSettings):
        super().__init__(convert_charrefs=True)
        self.ctx, self.allow = ctx, allow
        self.tags = set(allow.tags)
        self.schemes = set(allow.url_schemes)

    def _error(self, message: str, fix: str) -> None:
        self.ctx.problems.error(self.ctx.path, self.getpos()[0], message, fix)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not TAG_NAME_RE.fullmatch(tag):
            return  # <https://...> and <name@example.org> are Markdown autolinks
        if tag not in self.tags:
            self._error(f"raw HTML <{tag}> is not allowed",
                        "remove it: pages may not contain scripts, frames, forms or "
                        "embedded objects; the allowed tags are in SANITIZE (sanitize/config.py)")
            return
        allowed = set(self.allow.attributes.get("*", ())) | set(
            self.allow.attributes.get(tag, ()))
        prefixes = self.allow.attribute_prefixes
        for name, value in attrs:
            if name.startswith("on"):
                self._error(f"event handler '{name}' on <{tag}> is not allowed",
                            "remove the attribute: pages never run scripts")
            elif name not in allowed and not (prefixes and name.startswith(prefixes)):
                self._error(f"attribute '{name}' on <{tag}> is not allowed",
                            f"remove it; <{tag}> may have {', '.join(sorted(allowed))}")
            elif name in URL_ATTRS and value:
                scheme = url_scheme(value)
                if scheme and scheme not in self.schemes:
                    self._error(f"'{scheme}:' address in <{tag} {name}> is not allowed",
                                f"use {', '.join(sorted(self.schemes))} or a page of this site")


def check_html(ctx: Context, text: str) -> None:
    allow = sanitize_settings(ctx.settings)
    scanner = _Scanner(ctx, allow)
    scanner.feed("\n".join(masked_body(ctx, text)))
    scanner.close()
    schemes = set(allow.url_schemes)
    for target in link_targets(ctx, text):
        scheme = url_scheme(target.url)
        if not target.html and scheme and scheme not in schemes:
            ctx.problems.error(ctx.path, target.line,
                               f"'{scheme}:' links are not allowed",
                               f"use {', '.join(sorted(schemes))} or a page of this site")
