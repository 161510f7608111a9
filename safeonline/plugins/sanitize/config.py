"""The `SANITIZE` setting: the raw HTML a page may keep (nh3's allowlist).

`invoke check` reports anything outside it with its line; the sanitize plugin
removes it from every page, checked or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from safeonline.core.settings import option, typed

TAGS = ("a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
        "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
        "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "time", "tr", "u", "ul")
ATTRIBUTES = {
    "*": ("class", "id", "title", "lang", "dir", "role"),
    "a": ("href", "rel"),
    "img": ("src", "alt", "width", "height", "loading"),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan", "scope"),
    "ol": ("start", "type"),
    "li": ("value",),
    "time": ("datetime",),
    "q": ("cite",),
    "blockquote": ("cite",),
}


@dataclass(frozen=True)
class SanitizeSettings:
    NAME: ClassVar[str] = "SANITIZE"

    tags: tuple[str, ...] = option(TAGS, "elements kept")
    attributes: dict[str, tuple[str, ...]] = option(ATTRIBUTES,
                                                    "attributes kept, by element ('*': any)")
    attribute_prefixes: tuple[str, ...] = option(("data-", "aria-"),
                                                 "attributes kept on any element by prefix")
    url_schemes: tuple[str, ...] = option(("http", "https", "mailto", "tel"),
                                          "schemes links and images may use")
    drop_with_content: tuple[str, ...] = option(
        ("script", "style", "iframe", "object", "embed", "template"),
        "elements removed with their content, not just unwrapped")
    style_properties: tuple[str, ...] = option((), "CSS properties kept in style attributes")


def sanitize_settings(settings) -> SanitizeSettings:
    return typed(settings, SanitizeSettings)


def type_settings(pelican) -> None:
    sanitize_settings(pelican.settings)
