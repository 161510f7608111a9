"""The `WEBFONTS` setting: where the split fonts are cached."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from safeonline.core.settings import option, typed


@dataclass(frozen=True)
class WebfontSettings:
    NAME: ClassVar[str] = "WEBFONTS"

    cache_dir: str = option(".cache/webfonts", "the fonts split by script, by font and code; "
                            "a relative path is under the project (PATH's parent)")

    def settle(self, settings) -> WebfontSettings:
        """A relative cache folder is the project's, not the working directory's."""
        cache = Path(self.cache_dir)
        if not cache.is_absolute():
            cache = Path(settings.get("PATH", ".")).resolve().parent / cache
        return replace(self, cache_dir=str(cache))


def webfont_settings(settings) -> WebfontSettings:
    return typed(settings, WebfontSettings)


def type_settings(pelican) -> None:
    webfont_settings(pelican.settings)
