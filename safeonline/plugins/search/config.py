"""The `SEARCH` setting: where Pagefind's bundles go, what they leave out, how they split."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from safeonline.core.settings import option, project_path, typed

SPLITS = ("language", "audience")


@dataclass(frozen=True)
class SearchSettings:
    NAME: ClassVar[str] = "SEARCH"

    bundle_dir: str = option("pagefind", "inside the output folder; one Pagefind bundle per "
                             "part below it (pagefind/<part>/) and parts.json listing them")
    csp: dict[str, str] = option({"script-src": "'wasm-unsafe-eval'", "img-src": "data:"}, (
        "added to CONTENT_SECURITY_POLICY on the search page only: the index runs as "
        "WebAssembly, and pagefind-ui.css holds its icons as data: images"))
    timeout: float = option(120, "seconds for each indexer run (one per part)",
                            check=lambda s: None if s > 0 else "must be more than 0")
    exclude_selectors: tuple[str, ...] = option((), "CSS selectors left out of every page's text")
    cache_dir: str = option(".cache/search", "each part's bundle by the digest of what it "
                            "indexes; a relative path is under the project (PATH's parent)")
    split: str = option("language", (
        "'language': one index per language, the same results as one index of the site; "
        "'audience': one per language and audience (materials) plus one for the other "
        "pages, merged in the browser: an edit re-indexes less, but Pagefind ranks each "
        "part by its own word statistics, so results come in a different order"),
        check=lambda s: None if s in SPLITS else f"must be one of {', '.join(SPLITS)}")

    def settle(self, settings) -> SearchSettings:
        return replace(self, cache_dir=project_path(settings, self.cache_dir))


def search_settings(settings) -> SearchSettings:
    return typed(settings, SearchSettings)


def type_settings(pelican) -> None:
    """On `initialized`: typed before any work, so templates see `SEARCH.bundle_dir`."""
    search_settings(pelican.settings)
