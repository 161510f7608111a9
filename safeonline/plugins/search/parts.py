"""Which pages the search index holds, in which part, and a digest of each part's input.

A part is one Pagefind bundle: one per language (SEARCH["split"] = "language"),
or one per language and audience for materials plus one per language for the
other pages ("audience"). Only pages that carry `data-pagefind-body` are given
to Pagefind (with one such page on a site, Pagefind skips the others anyway),
so a part is exactly a list of files, and its digest covers every byte that
can reach the index: each page's path and whole HTML, the Pagefind version,
the options it runs with and this module's own format. Hashing the whole page,
not only its indexed region, can only re-index too often, never too rarely.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .config import SearchSettings

BODY_RE = re.compile(rb"<[^>]*\bdata-pagefind-body\b[^>]*>")
AUDIENCE_RE = re.compile(rb'\bclass="material audience-([a-z0-9-]+)')
FORMAT = "search-parts/1"  # bump when the bundle a digest names would change shape


@dataclass
class Part:
    name: str  # the bundle's folder below bundle_dir: "en" or "en-parents"
    lang: str
    pages: list[Path] = field(default_factory=list)  # relative to the site, sorted
    digest: str = ""


def pagefind_version() -> str:
    for package in ("pagefind_bin_extended", "pagefind_bin", "pagefind"):
        try:
            return f"{package} {version(package)}"
        except PackageNotFoundError:
            continue
    return "unknown"


def site_parts(site: Path, languages: list[str], options: SearchSettings) -> list[Part]:
    """The parts of `site`'s index, by name, each with its sorted pages and digest."""
    parts: dict[str, Part] = {}
    digests: dict = {}  # part name -> its running sha256
    for lang in languages:
        for page in sorted((site / lang).rglob("*.html")):
            html = page.read_bytes()
            if not BODY_RE.search(html):
                continue
            audience = AUDIENCE_RE.search(html) if options.split == "audience" else None
            name = f"{lang}-{audience.group(1).decode()}" if audience else lang
            if name not in parts:
                parts[name] = Part(name, lang)
                digests[name] = _start_digest(name, options)
            parts[name].pages.append(page.relative_to(site))
            digests[name].update(f"\0{page.relative_to(site).as_posix()}\0{len(html)}\0".encode())
            digests[name].update(html)
    for name, part in parts.items():
        part.digest = digests[name].hexdigest()
    return sorted(parts.values(), key=lambda p: p.name)


def _start_digest(name: str, options: SearchSettings):
    return hashlib.sha256(json.dumps({
        "format": FORMAT, "pagefind": pagefind_version(), "part": name,
        "binary": os.environ.get("PAGEFIND_BINARY_PATH"),  # overrides the package's binary
        "exclude_selectors": list(options.exclude_selectors)}).encode())
