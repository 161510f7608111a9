"""The `CARDS` setting: every key with its type, default and purpose, in one place.

Typed once per build (`card_settings`, first called when cards are planned);
see safeonline.core.settings for how a typo is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from safeonline.core.executors import executor_option
from safeonline.core.settings import between, option, project_path, typed


def _size(size: tuple[int, int]) -> str | None:
    return None if all(200 <= v <= 4000 for v in size) else "must be 200 to 4000 pixels each"


@dataclass(frozen=True)
class CardSettings:
    NAME: ClassVar[str] = "CARDS"

    output_dir: str = option("cards", "under OUTPUT_PATH: cards/<lang>/materials/<slug>.png")
    cache_dir: str = option(".cache/cards", "drawn cards by content digest, and merged fonts; "
                            "a relative path is under the project (PATH's parent)")
    size: tuple[int, int] = option((1200, 630), "[width, height] in pixels", check=_size)
    font: str = option("NotoSans", "Latin font family; other languages' fonts come from "
                       "LANGUAGES[lang]['font']")
    workers: int = option(0, "processes drawing cards; 0: one per core; 1: in the build's "
                          "own process, never a worker",
                          check=lambda n: None if n >= 0 else "must be 0 (one per core) or more")
    executor: str = executor_option()
    compress_level: int = option(3, (
        "zlib level of the PNGs. Per card, drawn and encoded (100 cards, half of them "
        "Arabic; CPU ms, KiB): level 1 20 ms, 56 KiB; level 3 20 ms, 54 KiB; level 4 27 ms, "
        "47 KiB; level 6 29 ms, 46 KiB; optimize=True ~85 ms, 46 KiB. Level 3 costs what "
        "level 1 does for smaller files; level 4 adds 35 % CPU for 13 % less. Social sites "
        "accept cards up to 5-8 MB"), check=between(0, 9))

    def settle(self, settings) -> CardSettings:
        return replace(self, cache_dir=project_path(settings, self.cache_dir))


def card_settings(settings) -> CardSettings:
    return typed(settings, CardSettings)
