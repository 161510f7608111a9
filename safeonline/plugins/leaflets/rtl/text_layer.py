"""A line's text layer: every character once, one code each, in an order both
poppler and pypdf read back as the logical text.

Why a layer of its own
----------------------
The painted glyphs cannot carry the text. A ligature (lam-alef) is one glyph
for two letters, and a mark (shadda, tanween) is a glyph of its own drawn over
its letter, raised and pulled back. Whatever a glyph's ToUnicode entry says,
extractors then go wrong, each its own way (measured on the bundled Arabic
leaflets, poppler 22.12 and pypdf 7.1):

- a multi-letter entry is spread left to right over the glyph by poppler and
  then reversed with the rest of the right-to-left line ("لا" reads "ال"),
  while pypdf keeps it as written: no one order suits both;
- a raised mark is a word (or a line) of its own for poppler ("شيئا ً",
  "تتح ّول"); an `/ActualText` span is spread and reversed like a ligature.

So the painted glyphs are reached through codes that read as a space
(glyph_codes.silent_char), and the text is written once more, invisibly
(render mode 3), one character per code, each at its share of the glyphs it
stands for: a ligature's or a mark's cluster is divided between its
characters, the first letter on the reading-start side.

The order in the content stream is pypdf's, the positions poppler's:

- poppler orders characters by position and reverses right-to-left runs, so
  each character sits where it is painted;
- pypdf follows the content stream, reversing each run of right-to-left
  letters (neutrals go with the run they are in) until a font is set again.
  So the line is cut into pieces, in logical order: right-to-left letters with
  the neutrals between them, left-to-right letters with theirs, and each
  neutral between pieces alone; a right-to-left piece is written in visual
  order (pypdf reverses it back), and a `Tf` ends each piece.

Characters are laid end to end: a justified space is as wide as the gap it
fills, so neither extractor sees a gap where there is no space.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .lines import PositionedGlyph

# pypdf's own classes (pypdf._utils): which characters it reverses, and which
# ("neutral") follow the run they are in.
_PYPDF_RTL = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
_PYPDF_NEUTRAL = ((0x0000, 0x002F), (0x003A, 0x0040), (0x0660, 0x066D), (0x06F0, 0x06F9),
                  (0x2000, 0x206F), (0x20A0, 0x21FF))


def _pypdf_class(ch: str) -> str:
    """'n' (neutral), 'r' (reversed) or 'l', as pypdf reads `ch`."""
    cp = ord(ch)
    if any(lo <= cp <= hi for lo, hi in _PYPDF_NEUTRAL):
        return "n"
    if any(lo <= cp <= hi for lo, hi in _PYPDF_RTL):
        return "r"
    return "l"


@dataclass(frozen=True, slots=True)
class LayerChar:
    """One character of the text layer: where it goes and which glyph it borrows."""

    char: str
    x: float  # from the line's left edge
    width: float  # points
    font: str
    gid: int  # any glyph of its cluster: invisible, it only needs a code


@dataclass
class _Unit:
    """A cluster with the marks drawn on it: the characters that share its extent."""

    cluster: int
    text: str
    left: float
    right: float
    rtl: bool
    font: str
    gid: int


def _units(glyphs: list[PositionedGlyph]) -> list[_Unit]:
    """The line's clusters in logical order; a cluster that takes no room (a
    mark) joins the one before it."""
    by_cluster: dict[int, _Unit] = {}
    for g in glyphs:
        unit = by_cluster.get(g.cluster)
        if unit is None:
            unit = by_cluster[g.cluster] = _Unit(g.cluster, "", float("inf"), float("-inf"),
                                                 g.rtl, g.font, g.gid)
        unit.text += g.text
        if g.advance > 0:
            unit.left, unit.right = min(unit.left, g.x), max(unit.right, g.x + g.advance)
    units: list[_Unit] = []
    for unit in sorted(by_cluster.values(), key=lambda u: u.cluster):
        if not unit.text:
            continue
        if unit.left == float("inf") and units:
            units[-1].text += unit.text
        else:
            units.append(unit)
    return units


def _spread(units: list[_Unit]) -> list[tuple[str, float, float, _Unit]]:
    """Each unit's characters over its extent, the extents end to end in visual order."""
    visual = sorted((u for u in units if u.left != float("inf")), key=lambda u: u.left)
    for here, after in itertools.pairwise(visual):
        here.right = max(here.left, after.left)  # a justified space fills its gap
    chars: list[tuple[str, float, float, _Unit]] = []
    for unit in units:
        if unit.left == float("inf"):
            unit.left = unit.right = 0.0  # a line of marks only
        share = (unit.right - unit.left) / len(unit.text)
        for k, ch in enumerate(unit.text):
            x = unit.right - (k + 1) * share if unit.rtl else unit.left + k * share
            chars.append((ch, x, share, unit))
    return chars


def layer_pieces(glyphs: list[PositionedGlyph]) -> list[list[LayerChar]]:
    """The line's characters in pieces, each piece in content-stream order."""
    chars = _spread(_units(glyphs))
    classes = [_pypdf_class(ch) for ch, *_ in chars]
    pieces: list[list[int]] = []
    strong = [i for i, c in enumerate(classes) if c != "n"]
    i = 0
    while i < len(chars):
        if classes[i] == "n":
            pieces.append([i])  # between pieces (or at an end): alone
            i += 1
            continue
        kind, j = classes[i], i
        # extend over neutrals as far as the next strong character of this kind
        for k in strong:
            if k <= i:
                continue
            if classes[k] != kind:
                break
            j = k
        pieces.append(list(range(i, j + 1)))
        i = j + 1
    out = []
    for piece in pieces:
        if classes[piece[0]] == "r":
            piece = piece[::-1]
        out.append([LayerChar(chars[k][0], chars[k][1], chars[k][2], chars[k][3].font,
                              chars[k][3].gid) for k in piece])
    return out
