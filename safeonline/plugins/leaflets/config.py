"""The `LEAFLETS` setting: every key with its type, default and purpose, in one place.

Typed on Pelican's `initialized` signal (plugin.py), so a typo in
pelicanconf.py (`"worker": 4`) stops the build before any work; every reader
then gets the same frozen value through `leaflet_settings(settings)`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from safeonline.core.executors import executor_option
from safeonline.core.settings import Check, between, option, project_path, typed

from .model import PAPER


def _papers(formats: tuple[str, ...]) -> str | None:
    if formats and all(f in PAPER for f in formats):
        return None
    return f"must list paper sizes from {', '.join(PAPER)}"


def _points(low: float, high: float) -> Check:
    inside = between(low, high)
    return lambda size: inside(size) and f"must be {low:g} to {high:g} points"


@dataclass(frozen=True)
class LeafletSettings:
    NAME: ClassVar[str] = "LEAFLETS"

    formats: tuple[str, ...] = option(("A4", "LETTER"), "paper sizes, each a PDF per material",
                                      check=_papers)
    output_dir: str = option("leaflets", "under OUTPUT_PATH: leaflets/<lang>/<slug>-a4.pdf")
    cache_dir: str = option(".cache/leaflets", "rendered PDFs and thumbnails by input digest; "
                            "a relative path is under the project (PATH's parent)")
    workers: int = option(0, "processes rendering in parallel; 0: one per core; 1: in the "
                          "build's own process, never a worker",
                          check=lambda n: None if n >= 0 else "must be 0 or more")
    executor: str = executor_option()
    body_size: float = option(10.5, "body type size in points", check=_points(6, 30))
    children_body_size: float = option(13.0, "body type size for `large_type_audiences`",
                                       check=_points(6, 30))
    body_floor: float = option(9.0, (
        "the least body size a leaflet is set in to fit one sheet or fill its pages "
        "(fullness.py); one at or above `body_size` keeps the size"), check=_points(6, 30))
    children_body_floor: float = option(12.0, (
        "the same for `large_type_audiences` (and `children_body_size`): their large "
        "type never goes below it"), check=_points(6, 30))
    large_type_audiences: tuple[str, ...] = option(("children",), "audiences set in large type")
    thumbnail_width: int = option(240, "library thumbnails, in pixels",
                                  check=lambda n: None if n > 0 else "must be more than 0")
    shared_layout: bool = option(True, (
        "lay each leaflet out once for all `formats`: half the rendering time; A4 then "
        "keeps 17.6 mm more white under the footer and Letter 3 mm more at each side, so a "
        "long leaflet may take one more page. False: each paper its own layout, filled to "
        "its margins"))
    grayscale: bool = option(True, (
        "also a black-and-white edition of every leaflet and pack (<slug>-a4-bw.pdf), "
        "drawn in grays for a copier: text 100 % black, each audience's band its own gray"))
    booklets: bool = option(True, (
        "also a booklet of every leaflet (<slug>-a4-booklet.pdf): A5 pages imposed two-up "
        "on A4 (half-Letter on Letter) in saddle-stitch order, to print double-sided "
        "(flip on the short edge), fold and staple; right-to-left languages bind on the right"))

    def settle(self, settings) -> LeafletSettings:
        return replace(self, cache_dir=project_path(settings, self.cache_dir))


def leaflet_settings(settings) -> LeafletSettings:
    return typed(settings, LeafletSettings)
