"""The `INCREMENTAL` setting: where the page manifest lives, and the build it reuses."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from safeonline.core.settings import option, project_path, typed


@dataclass(frozen=True)
class IncrementalSettings:
    NAME: ClassVar[str] = "INCREMENTAL"

    enabled: bool = option(True, "reuse unchanged pages of the previous build (False: render "
                           "every page, as plain Pelican does)")
    cache_dir: str = option(".cache/pages", "the manifest of the last build's pages; a "
                            "relative path is under the project (PATH's parent)")
    previous_output: str = option("", "the live output a build replaces; set by `invoke "
                                  "build` for its run (empty: nothing to reuse)")

    def settle(self, settings) -> IncrementalSettings:
        return replace(self, cache_dir=project_path(settings, self.cache_dir))


def incremental_settings(settings) -> IncrementalSettings:
    return typed(settings, IncrementalSettings)
