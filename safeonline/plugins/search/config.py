"""The `SEARCH` setting: where Pagefind's bundle goes and what it leaves out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from safeonline.core.settings import option, typed


@dataclass(frozen=True)
class SearchSettings:
    NAME: ClassVar[str] = "SEARCH"

    bundle_dir: str = option("pagefind", "inside the output folder; Pagefind's own default")
    csp: dict[str, str] = option({"script-src": "'wasm-unsafe-eval'", "img-src": "data:"}, (
        "added to CONTENT_SECURITY_POLICY on the search page only: the index runs as "
        "WebAssembly, and pagefind-ui.css holds its icons as data: images"))
    timeout: float = option(120, "seconds for each indexer run (one per language)",
                            check=lambda s: None if s > 0 else "must be more than 0")
    exclude_selectors: tuple[str, ...] = option((), "CSS selectors left out of every page's text")


def search_settings(settings) -> SearchSettings:
    return typed(settings, SearchSettings)


def type_settings(pelican) -> None:
    """On `initialized`: typed before any work, so templates see `SEARCH.bundle_dir`."""
    search_settings(pelican.settings)
