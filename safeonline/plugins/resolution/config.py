"""The `COVERAGE` setting: clause pages, the coverage matrix and its export.

Typed on Pelican's `initialized` signal (plugin.py); `PRIORITY_CLAUSES` is
checked there too, against the resolution data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from safeonline.core.settings import option, typed


def _page_url(url: str) -> str | None:
    if url.startswith("{lang}/") and url.endswith("/"):
        return None
    return "must start with '{lang}/' and end with '/'"


@dataclass(frozen=True)
class CoverageSettings:
    NAME: ClassVar[str] = "COVERAGE"

    clause_url: str = option("{lang}/resolution/{anchor}/", "one page per clause and language",
                             check=_page_url)
    page_url: str = option("{lang}/coverage/", "the matrix, one page per language",
                           check=_page_url)
    export_json: str = option("coverage.json",
                              "needs.json-like export at the site root ('' = none)")
    export_csv: str = option("coverage.csv", "the matrix as CSV at the site root ('' = none)")
    excerpt_words: int = option(12, "clause text shown in the matrix's row headers",
                                check=lambda n: None if n >= 0 else "must be 0 or more")


def coverage_settings(settings) -> CoverageSettings:
    return typed(settings, CoverageSettings)
