"""The `CHECKS` setting: `invoke check`'s limits for content (images, reading level, lessons)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from safeonline.core.settings import option, typed


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


def check_settings(settings) -> CheckSettings:
    return typed(settings, CheckSettings)
