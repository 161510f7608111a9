"""Greedy line breaking on shaped advances, and each line's glyphs in visual order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .bidi_levels import reorder_runs
from .markup import Attrs
from .shaping import Glyph, Shaped

# Characters after which a line may break inside a "word" (URLs, paths).
_SOFT_BREAK_AFTER = frozenset("/.-_?&=#")
# Note numbers (direction.SUPERSCRIPT): a space before one is no break opportunity,
# so the number never starts a line away from its word.
_NOTE_DIGITS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(slots=True)
class PositionedGlyph:
    """A glyph ready to paint: ``x`` is relative to the line's left edge."""

    gid: int
    font: str
    x: float
    y_offset: float
    advance: float
    attrs: Attrs
    text: str = ""
    cluster: int = 0  # index of its cluster's first character in the paragraph
    rtl: bool = False  # set in a right-to-left run (odd embedding level)


@dataclass
class Line:
    start: int
    end: int  # exclusive, trailing spaces excluded
    width: float
    n_spaces: int
    hard_break: bool  # ends with <br/> or is the paragraph's last line


def _cluster_starts(shaped: Shaped) -> list[bool]:
    """True where a line may start without splitting a glyph cluster."""
    ok = [True] * (len(shaped.text) + 1)
    for r in shaped.runs:
        cl = sorted({g.cluster for g in r.glyphs} | {r.start})
        for k in range(r.start, r.end):
            ok[k] = False
        for c in cl:
            ok[c] = True
    return ok


def break_lines(shaped: Shaped, widths: Sequence[float]) -> list[Line]:
    """Greedy line breaking on shaped advances.

    Break opportunities: after a space (the space hangs at the line end) that
    is not followed by a note number, a hard break, and — only for a word wider than the line — after URL-ish
    punctuation or, as a last resort, at any cluster boundary.
    """
    text, adv = shaped.text, shaped.char_adv
    n = len(text)
    starts: list[bool] | None = None  # only an overlong word needs them
    lines: list[Line] = []
    i = 0
    while i < n:
        maxw = widths[min(len(lines), len(widths) - 1)]
        w = 0.0
        last_break = -1  # index after the space where we can break
        j = i
        while j < n and text[j] != "\n":
            if text[j] == " " and (j + 1 >= n or text[j + 1] not in _NOTE_DIGITS):
                last_break = j
            w += adv[j]
            if w > maxw + 1e-6 and j > i:
                break
            j += 1
        if j >= n or text[j] == "\n":
            end, nxt, hard = j, j + 1, True
        elif last_break > i:
            end, nxt, hard = last_break, last_break + 1, False
        else:
            # overlong word: prefer URL punctuation, then any cluster start
            if starts is None:
                starts = _cluster_starts(shaped)
            cut = next(
                (
                    k + 1
                    for k in range(j - 1, i, -1)
                    if text[k] in _SOFT_BREAK_AFTER and starts[k + 1]
                ),
                -1,
            )
            if cut <= i:
                cut = next((k for k in range(j, i, -1) if starts[k]), j)
            cut = max(cut, i + 1)
            end, nxt, hard = cut, cut, False
        # strip trailing spaces
        e = end
        while e > i and text[e - 1] == " ":
            e -= 1
        s = i
        while s < e and text[s] == " ":
            s += 1
        lines.append(Line(s, e, sum(adv[s:e]), text[s:e].count(" "), hard))
        i = nxt
    return lines


def line_glyphs(
    shaped: Shaped, line: Line, extra_per_space: float = 0.0
) -> tuple[list[PositionedGlyph], float]:
    """Glyphs of one line in visual order with x positions (rule L2)."""
    segs: list[tuple[int, list[Glyph]]] = []
    for r in shaped.runs:
        if r.end <= line.start or r.start >= line.end:
            continue
        gl = [g for g in r.glyphs if line.start <= g.cluster < line.end]
        if gl:
            segs.append((r.level, gl))
    order = reorder_runs([lv for lv, _ in segs])
    out: list[PositionedGlyph] = []
    x = 0.0
    for k in order:
        rtl = segs[k][0] % 2 == 1
        for g in segs[k][1]:
            out.append(
                PositionedGlyph(
                    g.gid,
                    g.font,
                    x + g.x_offset,
                    g.y_offset,
                    g.advance,
                    shaped.attrs[g.cluster],
                    g.text,
                    g.cluster,
                    rtl,
                )
            )
            x += g.advance
            if extra_per_space and shaped.text[g.cluster] == " ":
                x += extra_per_space
    return out, x
