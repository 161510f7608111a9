"""HarfBuzz shaping of a paragraph, one run per (embedding level, font).

The whole paragraph is passed to HarfBuzz as context for every run, so
letters join across `<b>` boundaries and font changes.

A shaped paragraph is never changed once made (line breaking and drawing only
read it), so `shape_markup` keeps them: a leaflet is laid out at several
settings (fullness.py) and in several editions, mostly at the same type
sizes, and shaping was a quarter of an Arabic layout's cost. The renderer
empties the cache before each material (render.render_papers): kept for a
worker's thousands of leaflets, it grew to hundreds of MiB.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import uharfbuzz as hb

from .bidi_levels import bidi_levels
from .font_choice import FontSet, assign_fonts, hb_font, is_arabic, upem
from .markup import Attrs, parse_markup


@dataclass(slots=True)  # thousands per leaflet: slots make them cheaper
class Glyph:
    gid: int
    cluster: int  # index of the first character of its cluster (paragraph)
    advance: float  # points
    x_offset: float  # points
    y_offset: float  # points
    font: str
    text: str = ""  # logical text this glyph stands for ("" for extra glyphs of a cluster)


@dataclass
class Run:
    start: int
    end: int
    level: int
    glyphs: list[Glyph]  # in visual order (RTL runs come out reversed)


@dataclass
class Shaped:
    """A shaped paragraph: its logical text, attributes, runs and advance per character."""

    text: str
    attrs: list[Attrs]
    runs: list[Run]
    char_adv: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        adv = [0.0] * len(self.text)
        for r in self.runs:
            for g in r.glyphs:
                adv[g.cluster] += g.advance
        self.char_adv = adv


@lru_cache(maxsize=4096)
def shape_markup(markup: str, fonts: FontSet, size: float) -> Shaped:
    """`markup` parsed and shaped; the same object for the same arguments (read-only)."""
    text, attrs = parse_markup(markup)
    return shape_paragraph(text, attrs, fonts, size)


def shape_paragraph(text: str, attrs: list[Attrs], fonts: FontSet, size: float) -> Shaped:
    levels = bidi_levels(text)
    font_names = assign_fonts(text, attrs, fonts)
    return Shaped(text, attrs, _shape_runs(text, font_names, levels, size))


def _shape_runs(
    text: str, font_names: Sequence[str], levels: Sequence[int], size: float
) -> list[Run]:
    runs: list[Run] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while (
            text[i] != "\n"
            and j < n
            and font_names[j] == font_names[i]
            and levels[j] == levels[i]
            and text[j] != "\n"
        ):
            j += 1
        if text[i] == "\n":
            runs.append(Run(i, j, levels[i], []))
            i = j
            continue
        font = hb_font(font_names[i])
        buf = hb.Buffer()
        # whole paragraph as context so joining survives <b> and font splits
        buf.add_str(text, i, j - i)
        buf.guess_segment_properties()
        buf.direction = "rtl" if levels[i] % 2 else "ltr"
        if any(is_arabic(c) for c in text[i:j]):
            buf.script = "Arab"
            buf.language = "ar"
        # one cluster per character except real ligatures (marks keep theirs)
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        hb.shape(font, buf, {"kern": True, "liga": True})
        scale = size / upem(font_names[i])
        font_name = font_names[i]
        glyphs = [
            Glyph(info.codepoint, info.cluster, pos.x_advance * scale, pos.x_offset * scale,
                  pos.y_offset * scale, font_name)
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions)
        ]
        starts = sorted({g.cluster for g in glyphs})
        ends = dict(zip(starts, starts[1:] + [j]))
        seen: set[int] = set()
        for g in glyphs:
            if g.cluster not in seen:
                seen.add(g.cluster)
                g.text = text[g.cluster : ends[g.cluster]]
        runs.append(Run(i, j, levels[i], glyphs))
        i = j
    return runs
