"""The `WEBFONTS` setting: where the split fonts are cached."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from safeonline.core.settings import option, project_path, typed


@dataclass(frozen=True)
class WebfontSettings:
    NAME: ClassVar[str] = "WEBFONTS"

    cache_dir: str = option(".cache/webfonts", "the fonts split by script, by font and code; "
                            "a relative path is under the project (PATH's parent)")

    def settle(self, settings) -> WebfontSettings:
        return replace(self, cache_dir=project_path(settings, self.cache_dir))


def webfont_settings(settings) -> WebfontSettings:
    return typed(settings, WebfontSettings)


def type_settings(pelican) -> None:
    webfont_settings(pelican.settings)
