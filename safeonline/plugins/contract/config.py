"""The `CHECKS` setting: `invoke check`'s limits for content (images, reading level, lessons)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from safeonline.core.settings import option, project_path, typed


@dataclass(frozen=True)
class CheckSettings:
    NAME: ClassVar[str] = "CHECKS"

    image_formats: tuple[str, ...] = option(("PNG", "JPEG", "WEBP", "GIF"),
                                            "the only formats Pillow may open an image as")
    image_max_pixels: int = option(4_000_000, "width × height of one image, at most")
    image_max_bytes: int = option(1_000_000, "file size of one image, at most")
    reading_grade: dict[str, float] = option({}, (
        "highest Coleman-Liau grade per age band for English children's materials "
        "(bands without one are not checked)"))
    reading_min_words: int = option(40, "shorter texts are not graded: a formula is noise there")
    lesson_minutes: tuple[int, int] = option((10, 120), (
        "shortest and longest 'Duration:' of a lesson, in minutes (one or two class periods)"))
    disclosure_slug: str = option("responding-to-disclosure", (
        "the material every lesson's 'If a child discloses something' section must link"))
    cache_dir: str = option(".cache/checks", (
        "each file's results, kept by its bytes and everything else it was checked against; "
        "a relative path is under the project (PATH's parent); empty: no cache"))

    def settle(self, settings) -> CheckSettings:
        return replace(self, cache_dir=self.cache_dir and project_path(settings, self.cache_dir))


def check_settings(settings) -> CheckSettings:
    return typed(settings, CheckSettings)
