"""Right-to-left (Arabic + mixed Latin) paragraphs for ReportLab 5.1 with a
correct, *logical-order* PDF text layer.

Why this module exists
----------------------
ReportLab 5.1 can shape Arabic itself (``ParagraphStyle(shaping=1)`` +
``uharfbuzz``), but without ``rlbidi`` (not on PyPI) it only shapes each
*word*: the letters join and each word reads right to left, yet the words of a
line are set left to right in logical order (first word at the left edge,
measured on pixels and glyph positions).  ``pdftotext`` faithfully reads that
as "words reversed".  Its ToUnicode CMap also maps shaped glyphs to Arabic
*presentation forms* (U+FExx), and Latin words are drawn with the Arabic font
(tofu for ``OP10``/URLs).

This module does its own layout:

1. parse a tiny inline markup (``<b> <i> <a href> <font color> <br/>``);
2. run the Unicode Bidirectional Algorithm over the logical text
   (``python-bidi``'s pure-Python ``bidi.algorithm``, which exposes levels);
3. pick a font per character (Arabic font for Arabic, Latin font for Latin,
   neutrals/digits follow their neighbours) and shape each (level, font)
   run with HarfBuzz, passing the whole paragraph as context so joining is
   right across ``<b>`` boundaries;
4. break lines greedily at spaces (URLs/long words may also break after
   ``/ . - _ ? & =``) using the shaped advances, then reorder each line's
   runs with rule L2 of the bidi algorithm;
5. paint every glyph at its computed x position, written left-to-right in
   *visual* order (as Chromium/Skia do): poppler and pdfium group glyphs by
   position and reorder RTL runs to logical order themselves, by the Unicode
   of each glyph.  So the ToUnicode map must carry real letters: contextual
   glyphs are reached through private-use code points whose ToUnicode entry
   is the base letter (U+06xx), ligatures through their single
   presentation-form code point (U+FEFB ...).  ``/ActualText`` was measured
   and rejected: poppler and pdfium reverse it (see FINDINGS.md).

Importing this module replaces ``reportlab.pdfbase.ttfonts.makeToUnicodeCMap``
by a compatible version: same entries, written as UTF-16BE hex, except that
the private-use code points this module allocates map to the text they stand
for.

Public API
----------
``FontSet(arabic, arabic_bold, latin, latin_bold, ...)``: fonts registered by the caller
``rtl_flowable(markup, style, fonts=None, base_direction="rtl") -> Flowable``
``draw_rtl_string(canvas, x_right, y, text, font_name, size, ...) -> float``
``shape_line(text, fonts, size, ...) -> (list[PositionedGlyph], width)``
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from html.parser import HTMLParser
from typing import Literal

import uharfbuzz as hb
from bidi import algorithm as _uba  # python-bidi==0.6.12, legacy pure-Python UBA
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase import ttfonts as _ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

__all__ = [
    "FontSet",
    "PositionedGlyph",
    "RTLParagraph",
    "TextMode",
    "draw_rtl_string",
    "rtl_flowable",
    "shape_line",
]

#: How the text layer is written.  ``"visual"`` is the default and the
#: recommendation (see FINDINGS.md); the others are kept only so that the
#: measurements can be repeated:
#:  - ``visual``: glyphs written left-to-right as painted (like Chromium/Skia
#:    and ReportLab).  Extractors (poppler, pdfium, pypdf) expect this and
#:    reorder RTL text to logical order themselves.
#:  - ``logical``: glyphs written in reading order, each placed absolutely.
#:    Same result in poppler/pdfium, worse in pypdf (letters reversed).
#:  - ``*+actualtext``: one ``/ActualText`` span per line with the logical
#:    string.  poppler and pdfium lay the ActualText out left-to-right and
#:    then *reverse* it as RTL text: every line comes out backwards.
TextMode = Literal["visual", "logical", "visual+actualtext", "logical+actualtext"]

DEFAULT_TEXT_MODE: TextMode = "visual"

_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Characters after which a line may break inside a "word" (URLs, paths).
_SOFT_BREAK_AFTER = frozenset("/.-_?&=#")


# --------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class FontSet:
    """ReportLab font names used for the two scripts we support.

    The Arabic Noto fonts have no Latin letters, so Latin words must be set
    in a Latin font; the choice is made per character (see ``_assign_fonts``).
    Arabic has no italic; ``<i>`` on Arabic keeps the upright face.
    """

    arabic: str
    arabic_bold: str
    latin: str
    latin_bold: str
    latin_italic: str | None = None
    latin_bold_italic: str | None = None

    def pick(self, script: str, bold: bool, italic: bool) -> str:
        if script == "arabic":
            return self.arabic_bold if bold else self.arabic
        if bold and italic and self.latin_bold_italic:
            return self.latin_bold_italic
        if italic and not bold and self.latin_italic:
            return self.latin_italic
        return self.latin_bold if bold else self.latin


@cache
def _hb_font(font_name: str) -> hb.Font:
    """HarfBuzz font built from the very bytes ReportLab embeds (same gids)."""
    ttf = pdfmetrics.getFont(font_name)
    face = hb.Face(hb.Blob(ttf.face._ttf_data))
    return hb.Font(face)  # scale defaults to upem: positions in font units


@cache
def _upem(font_name: str) -> int:
    return _hb_font(font_name).face.upem


# Text that each private-use code point we allocate stands for, keyed by
# (face name, code point); read by the patched ToUnicode writer below.
_PUA_TEXT: dict[tuple[str, int], str] = {}
_GLYPH_CODE: dict[tuple[str, int, str], int] = {}
_next_pua = [0xF8FF]  # allocate downwards: ReportLab's own shaper allocates upwards from U+E000

#: Map ligature glyphs to a single presentation-form code point (U+FEFB for
#: lam-alef ...) when one exists.  A multi-character ToUnicode entry is split
#: over the glyph width left-to-right by poppler and then reversed with the
#: rest of the RTL line ("لا" comes out as "ال"); one code point cannot be.
LIGATURES_AS_PRESENTATION_FORMS = True


@cache
def _presentation_ligatures() -> dict[str, int]:
    out: dict[str, int] = {}
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        ch = chr(cp)
        if unicodedata.name(ch, "").startswith("ARABIC LIGATURE"):
            out.setdefault(unicodedata.normalize("NFKC", ch), cp)
    return out


def _glyph_char(font_name: str, gid: int, text: str) -> str:
    """Return the character through which we reach glyph ``gid`` of
    ``font_name`` so that the PDF's ToUnicode says ``text``.

    ReportLab subsets by Unicode character and writes ToUnicode as "code ->
    that character".  Its own shaper reaches contextual glyphs through their
    presentation-form code points (U+FExx), so copy/paste gives presentation
    forms.  Here a glyph reached for text T uses T's own code point when the
    font's cmap maps it to that glyph, else a private-use code point that
    maps to the glyph, whose ToUnicode entry we rewrite to T (base letters,
    e.g. medial beh -> U+0628).  (gid, text) pairs are cached, so one glyph
    used for two texts gets two code points.
    """
    key = (font_name, gid, text)
    cp = _GLYPH_CODE.get(key)
    if cp is not None:
        return chr(cp)
    ttf = pdfmetrics.getFont(font_name)
    face = ttf.face
    if len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
        cp = ord(text)
    else:
        dst = text
        if LIGATURES_AS_PRESENTATION_FORMS and len(text) > 1:
            lig = _presentation_ligatures().get(text)
            if lig is not None:
                dst = chr(lig)
        if len(dst) == 1 and face.charToGlyph.get(ord(dst)) == gid:
            cp = ord(dst)
        else:
            cp = _next_pua[0]
            while cp in face.charToGlyph:
                cp -= 1
            if cp < 0xE000:
                raise ValueError("out of private-use code points")
            _next_pua[0] = cp - 1
            face.charToGlyph[cp] = gid
            face.glyphToChar.setdefault(gid, []).append(cp)
            adv = _hb_font(font_name).get_glyph_h_advance(gid)
            face.charWidths[cp] = adv * 1000 / _upem(font_name)
            _PUA_TEXT[(_face_key(face), cp)] = dst
    _GLYPH_CODE[key] = cp
    return chr(cp)


def _face_key(face: object) -> str:
    return (face.name + getattr(face, "subfontNameX", b"")).decode("pdfdoc")  # type: ignore[attr-defined]


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """Drop-in for reportlab.pdfbase.ttfonts.makeToUnicodeCMap that writes
    our private-use code points as the text they stand for (UTF-16BE, so
    multi-character and astral values are valid too)."""
    face = fontname.split("+", 1)[-1]
    entries = []
    for i, v in enumerate(subset):
        dst = _PUA_TEXT.get((face, v), chr(v))
        entries.append(f"<{i:02X}> <{dst.encode('utf-16-be').hex().upper()}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


# ReportLab looks the function up as a module global when it writes fonts.
_ttfonts.makeToUnicodeCMap = _to_unicode_cmap


# --------------------------------------------------------------------------
# Markup
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Attrs:
    bold: bool = False
    italic: bool = False
    href: str | None = None
    color: str | None = None


_PLAIN = _Attrs()


class _MarkupParser(HTMLParser):
    """Very small inline-markup parser: b/strong, i/em, a href, font color, br."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: list[str] = []
        self.attrs: list[_Attrs] = []
        self._stack: list[tuple[str, _Attrs]] = [("", _Attrs())]

    @property
    def _cur(self) -> _Attrs:
        return self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cur = self._cur
        if tag == "br":
            self.chars.append("\n")
            self.attrs.append(cur)
            return
        if tag in ("b", "strong"):
            new = replace(cur, bold=True)
        elif tag in ("i", "em"):
            new = replace(cur, italic=True)
        elif tag == "a":
            new = replace(cur, href=a.get("href"), color=a.get("color") or cur.color)
        elif tag in ("font", "span"):
            new = replace(cur, color=a.get("color") or cur.color)
        else:
            raise ValueError(f"unsupported tag <{tag}>")
        self._stack.append((tag, new))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag != "br":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            return
        for i in range(len(self._stack) - 1, 0, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                return
        raise ValueError(f"unbalanced </{tag}>")

    def handle_data(self, data: str) -> None:
        for ch in data:
            self.chars.append(" " if ch.isspace() else ch)
            self.attrs.append(self._cur)


def _parse_markup(markup: str) -> tuple[str, list[_Attrs]]:
    """Return (logical text, per-character attributes).

    Whitespace is collapsed like HTML/ReportLab: any run of source
    whitespace (including newlines) is one space; only ``<br/>`` makes a hard
    break, stored as ``"\n"`` (a bidi paragraph separator, as in CSS).
    Nine in ten paragraphs are plain text (no tag, no entity): they skip
    the parser, with the same result.
    """
    if "<" not in markup and "&" not in markup:
        text = " ".join(markup.split())
        return text, [_PLAIN] * len(text)
    p = _MarkupParser()
    p.feed(markup)
    p.close()
    chars: list[str] = []
    attrs: list[_Attrs] = []
    for ch, at in zip(p.chars, p.attrs):
        if ch == " " and (not chars or chars[-1] in " \n"):
            continue
        if ch == "\n" and chars and chars[-1] == " ":
            chars.pop()
            attrs.pop()
        chars.append(ch)
        attrs.append(at)
    while chars and chars[-1] == " ":
        chars.pop()
        attrs.pop()
    return "".join(chars), attrs


# --------------------------------------------------------------------------
# Bidi
# --------------------------------------------------------------------------
_EXPLICIT = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
#: Bidi classes that can resolve to a level other than the paragraph's, for a
#: left-to-right (0) and a right-to-left (1) paragraph. In a left-to-right
#: paragraph without right-to-left letters, European numbers become L (W7).
_LEVEL_CHANGERS = (frozenset({"R", "AL", "AN"}) | _EXPLICIT,
                   frozenset({"L", "EN", "AN"}) | _EXPLICIT)


def _bidi_levels(text: str, base_level: int) -> list[int]:
    """Resolved embedding level per character (rules P/X/W/N/I of UAX #9).

    python-bidi's Rust API only returns the display string; its legacy
    pure-Python ``bidi.algorithm`` exposes the per-character levels we need to
    reorder *shaped runs* (not characters).  Characters removed by rule X9
    (e.g. ZWJ/ZWNJ) take their predecessor's level.  Paragraph separators
    (``\\n``) get the base level.
    """
    # Most Arabic paragraphs hold nothing that could take another level: no
    # left-to-right letter, no number and no explicit embedding. Every
    # character then resolves to the base level (neutrals between or beside
    # right-to-left letters follow them, rules N1/N2), so the pure-Python
    # algorithm, a fifth of an Arabic leaflet's time, is not needed.
    others = _LEVEL_CHANGERS[base_level % 2]
    if not any(unicodedata.bidirectional(ch) in others for ch in set(text)):
        return [base_level] * len(text)
    return _uba_levels(text, base_level)


def _uba_levels(text: str, base_level: int) -> list[int]:
    """`_bidi_levels` by the full algorithm (python-bidi), without the shortcut."""
    storage = _uba.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    _uba.get_embedding_levels(text, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["idx"] = i
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for ch in storage["chars"]:
        levels[ch["idx"]] = ch["level"]
    prev = base_level
    out: list[int] = []
    for i, lv in enumerate(levels):
        if text[i] == "\n":
            lv = base_level
        lv = prev if lv is None else lv
        out.append(lv)
        prev = lv
    return out


def _reorder_runs(levels: Sequence[int]) -> list[int]:
    """Rule L2: return run indices in visual (left-to-right) order."""
    order = list(range(len(levels)))
    if not levels:
        return order
    hi = max(levels)
    lo_odd = min(lv for lv in levels) | 1
    for lv in range(hi, lo_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= lv:
                j = i
                while j < len(order) and levels[order[j]] >= lv:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


# --------------------------------------------------------------------------
# Shaping
# --------------------------------------------------------------------------
def _is_arabic(ch: str) -> bool:
    o = ord(ch)
    return any(a <= o <= b for a, b in _ARABIC_RANGES)


@cache
def _script(ch: str) -> str | None:
    """"arabic", "latin" or None (digits, spaces, punctuation: they follow neighbours)."""
    if _is_arabic(ch):
        return "arabic"
    if unicodedata.category(ch)[0] == "L":
        return "latin"
    return None


def _assign_fonts(text: str, attrs: Sequence[_Attrs], fonts: FontSet) -> list[str]:
    """Font per character: Arabic-script -> Arabic font, other letters ->
    Latin font, neutrals/digits/marks follow the previous strong character
    (or the next one at the start), then fall back on glyph coverage.

    Linear in the paragraph: the next strong script after each position is
    found in one backward pass, not by a forward search from every neutral.
    """
    script = [_script(ch) for ch in text]
    following: list[str | None] = [None] * (len(text) + 1)  # next strong script at/after i
    for i in range(len(text) - 1, -1, -1):
        following[i] = script[i] or following[i + 1]
    # digits and neutrals glued to a Latin word (OP10, www.x.org) stay Latin
    resolved: list[str] = []
    last: str | None = None
    for i, s in enumerate(script):
        if s is None:
            if last is None:
                s = following[i] or "arabic"
            else:
                s = last
                if text[i].isspace():
                    nxt = following[i] or last
                    s = "arabic" if "arabic" in (nxt, last) else last
        else:
            last = s
        resolved.append(s)
    cmaps = {name: pdfmetrics.getFont(name).face.charToGlyph for name in
              (fonts.arabic, fonts.arabic_bold, fonts.latin, fonts.latin_bold,
               fonts.latin_italic, fonts.latin_bold_italic) if name}
    names: list[str] = []
    picked: dict[tuple[str, bool, bool], tuple[str, str]] = {}
    for ch, s, a in zip(text, resolved, attrs):
        pair = picked.get((s, a.bold, a.italic))
        if pair is None:
            other_script = "latin" if s == "arabic" else "arabic"
            pair = picked[(s, a.bold, a.italic)] = (fonts.pick(s, a.bold, a.italic),
                                                    fonts.pick(other_script, a.bold, a.italic))
        name = pair[0]
        if ch != "\n" and ord(ch) not in cmaps[name] and ord(ch) in cmaps[pair[1]]:
            name = pair[1]
        names.append(name)
    return names


@dataclass(slots=True)  # thousands per leaflet: slots make them cheaper
class _Glyph:
    gid: int
    cluster: int  # index of the first character of its cluster (paragraph)
    advance: float  # points
    x_offset: float  # points
    y_offset: float  # points
    font: str
    text: str = ""  # logical text this glyph stands for ("" for extra glyphs of a cluster)


@dataclass
class _Run:
    start: int
    end: int
    level: int
    font: str
    glyphs: list[_Glyph]  # in visual order (RTL runs come out reversed)


def _shape_runs(
    text: str, font_names: Sequence[str], levels: Sequence[int], size: float
) -> list[_Run]:
    runs: list[_Run] = []
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
            runs.append(_Run(i, j, levels[i], font_names[i], []))
            i = j
            continue
        font = _hb_font(font_names[i])
        buf = hb.Buffer()
        # whole paragraph as context so joining survives <b> and font splits
        buf.add_str(text, i, j - i)
        buf.guess_segment_properties()
        buf.direction = "rtl" if levels[i] % 2 else "ltr"
        if any(_is_arabic(c) for c in text[i:j]):
            buf.script = "Arab"
            buf.language = "ar"
        # one cluster per character except real ligatures (marks keep theirs)
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        hb.shape(font, buf, {"kern": True, "liga": True})
        scale = size / _upem(font_names[i])
        font_name = font_names[i]
        glyphs = [  # gid, cluster, advance, x_offset, y_offset, font
            _Glyph(info.codepoint, info.cluster, pos.x_advance * scale, pos.x_offset * scale,
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
        runs.append(_Run(i, j, levels[i], font_names[i], glyphs))
        i = j
    return runs


# --------------------------------------------------------------------------
# Layout model
# --------------------------------------------------------------------------
@dataclass(slots=True)
class PositionedGlyph:
    """A glyph ready to paint: ``x`` is relative to the line's left edge."""

    gid: int
    font: str
    x: float
    y_offset: float
    advance: float
    cluster: int
    attrs: _Attrs
    text: str = ""


@dataclass
class _Line:
    start: int
    end: int  # exclusive, trailing spaces excluded
    width: float
    n_spaces: int
    hard_break: bool  # ends with <br/> or is the paragraph's last line


@dataclass
class _Shaped:
    text: str
    attrs: list[_Attrs]
    levels: list[int]
    base_level: int
    runs: list[_Run]
    char_adv: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        adv = [0.0] * len(self.text)
        for r in self.runs:
            for g in r.glyphs:
                adv[g.cluster] += g.advance
        self.char_adv = adv


def _shape_paragraph(
    text: str, attrs: list[_Attrs], fonts: FontSet, size: float, base_direction: str
) -> _Shaped:
    if base_direction == "auto":
        base_level = _uba.get_base_level(text) if text else 1
    else:
        base_level = 1 if base_direction == "rtl" else 0
    levels = _bidi_levels(text, base_level)
    font_names = _assign_fonts(text, attrs, fonts)
    runs = _shape_runs(text, font_names, levels, size)
    return _Shaped(text, attrs, levels, base_level, runs)


def _cluster_starts(shaped: _Shaped) -> list[bool]:
    """True where a line may start without splitting a glyph cluster."""
    ok = [True] * (len(shaped.text) + 1)
    for r in shaped.runs:
        cl = sorted({g.cluster for g in r.glyphs} | {r.start})
        for k in range(r.start, r.end):
            ok[k] = False
        for c in cl:
            ok[c] = True
    return ok


def _break_lines(shaped: _Shaped, widths: Sequence[float]) -> list[_Line]:
    """Greedy line breaking on shaped advances.

    Break opportunities: after a space (the space hangs at the line end), a
    hard break, and — only for a word wider than the line — after URL-ish
    punctuation or, as a last resort, at any cluster boundary.
    """
    text, adv = shaped.text, shaped.char_adv
    n = len(text)
    starts: list[bool] | None = None  # only an overlong word needs them
    lines: list[_Line] = []
    i = 0
    while i < n:
        maxw = widths[min(len(lines), len(widths) - 1)]
        w = 0.0
        last_break = -1  # index after the space where we can break
        j = i
        while j < n and text[j] != "\n":
            if text[j] == " ":
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
        lines.append(_Line(s, e, sum(adv[s:e]), text[s:e].count(" "), hard))
        i = nxt
    return lines


def _line_glyphs(
    shaped: _Shaped, line: _Line, extra_per_space: float = 0.0
) -> tuple[list[PositionedGlyph], float]:
    """Glyphs of one line in visual order with x positions (rule L2)."""
    segs: list[tuple[int, list[_Glyph]]] = []
    for r in shaped.runs:
        if r.end <= line.start or r.start >= line.end:
            continue
        gl = [g for g in r.glyphs if line.start <= g.cluster < line.end]
        if gl:
            segs.append((r.level, gl))
    order = _reorder_runs([lv for lv, _ in segs])
    out: list[PositionedGlyph] = []
    x = 0.0
    for k in order:
        for g in segs[k][1]:
            out.append(
                PositionedGlyph(
                    g.gid,
                    g.font,
                    x + g.x_offset,
                    g.y_offset,
                    g.advance,
                    g.cluster,
                    shaped.attrs[g.cluster],
                    g.text,
                )
            )
            x += g.advance
            if extra_per_space and shaped.text[g.cluster] == " ":
                x += extra_per_space
    return out, x


# --------------------------------------------------------------------------
# PDF emission
# --------------------------------------------------------------------------
def _utf16_hex(s: str) -> str:
    return "<FEFF" + s.encode("utf-16-be").hex().upper() + ">"


@cache
def _color_op(c: str | colors.Color | None, default: colors.Color) -> str:
    """The fill-colour operator; cached, since every glyph of a line asks for it."""
    col = colors.toColor(c) if c is not None else default
    r, g, b = col.red, col.green, col.blue
    return f"{r:.4g} {g:.4g} {b:.4g} rg"


@dataclass(frozen=True, slots=True)
class _Code:
    """How a glyph is written in one document: its subset, font operator and code."""

    font_key: tuple[str, int]  # (font name, subset)
    font_op: str  # "/F1+0" before " <size> Tf"
    hex: str  # the glyph's one-byte code in its subset, as hex
    width: float  # the PDF's advance for that code, in 1/1000 of the font size


def _glyph_code(doc, font: str, gid: int, text: str) -> _Code:
    """A glyph's code in `doc`, from the document's own table once it has one.

    ReportLab gives a character its subset code the first time the document
    asks (`splitString`) and returns the same code ever after; so the answer is
    kept on the document, and a glyph costs one dictionary look-up instead of
    a ReportLab call per glyph per line (this loop leads the Arabic profile).
    """
    table = doc.__dict__.get("_rtl_codes")
    if table is None:
        table = doc._rtl_codes = {}
    key = (font, gid, text)
    code = table.get(key)
    if code is None:
        ttf = pdfmetrics.getFont(font)
        ch = _glyph_char(font, gid, text)
        ((subset, raw),) = ttf.splitString(ch, doc)
        code = table[key] = _Code((font, subset), ttf.getSubsetInternalName(subset, doc),
                                  raw.hex(), ttf.face.charWidths.get(ord(ch), 0))
    return code


def _emit_line(
    canv: Canvas,
    glyphs: list[PositionedGlyph],
    x0: float,
    y: float,
    size: float,
    logical_text: str,
    mode: TextMode,
    default_color: colors.Color,
) -> None:
    """Write one line's glyphs to the content stream.

    Each glyph (or chunk of consecutive glyphs sharing font/colour/baseline
    and contiguous in the chosen order) gets an absolute ``Tm``: absolute
    placement is what lets us *write* glyphs in logical order while *painting*
    them in visual order.
    """
    doc = canv._doc
    if mode.startswith("logical"):
        # stable sort by logical cluster; glyphs of one cluster keep visual order
        order = sorted(range(len(glyphs)), key=lambda k: (glyphs[k].cluster, k))
        seq = [glyphs[k] for k in order]
    else:
        seq = glyphs
    ops: list[str] = ["q"]
    if mode.endswith("actualtext"):
        ops.append(f"/Span <</ActualText {_utf16_hex(logical_text)}>> BDC")
    ops.append("BT")
    cur_font: tuple[str, int] | None = None
    cur_color: str | None = None
    pen_x = pen_y = 0.0  # expected position of the next glyph
    placed = False
    chunk: list[str] = []
    size_op = f"{size:.4g} Tf"

    def flush() -> None:
        if chunk:
            ops.append("<" + "".join(chunk) + "> Tj")
            chunk.clear()

    colour_ops: dict[str | None, str] = {}  # colour per glyph: a string look-up
    for g in seq:
        code = _glyph_code(doc, g.font, g.gid, g.text or "\u200b")
        color = colour_ops.get(g.attrs.color)
        if color is None:
            color = colour_ops[g.attrs.color] = _color_op(g.attrs.color, default_color)
        gx, gy = x0 + g.x, y + g.y_offset
        if code.font_key != cur_font:
            flush()
            ops.append(f"{code.font_op} {size_op}")
            cur_font = code.font_key
            placed = False
        if color != cur_color:
            flush()
            ops.append(color)
            cur_color = color
        if not placed or abs(pen_x - gx) > 0.01 or abs(pen_y - gy) > 0.01:
            flush()
            ops.append(f"1 0 0 1 {gx:.3f} {gy:.3f} Tm")
            placed = True
        chunk.append(code.hex)
        pen_x, pen_y = gx + code.width * size / 1000, gy
    flush()
    ops.append("ET")
    if mode.endswith("actualtext"):
        ops.append("EMC")
    ops.append("Q")
    canv.addLiteral("\n".join(ops))


def _link_rects(glyphs: list[PositionedGlyph]) -> list[tuple[str, float, float]]:
    """Horizontal extents of hyperlinked glyph spans on a line (visual)."""
    spans: list[tuple[str, float, float]] = []
    for g in glyphs:
        href = g.attrs.href
        if not href:
            continue
        x1, x2 = g.x, g.x + g.advance
        if spans and spans[-1][0] == href and abs(spans[-1][2] - x1) < 0.5:
            spans[-1] = (href, spans[-1][1], max(spans[-1][2], x2))
        else:
            spans.append((href, x1, x2))
    return spans


# --------------------------------------------------------------------------
# Flowable
# --------------------------------------------------------------------------
class RTLParagraph(Flowable):
    """Paragraph-like flowable for Arabic / mixed bidi text.

    Honours from ``style``: fontSize, leading, textColor, alignment,
    firstLineIndent, leftIndent, rightIndent, spaceBefore, spaceAfter.
    ``style.fontName`` is ignored: fonts come from ``fonts`` (a FontSet),
    because one paragraph needs an Arabic *and* a Latin font.
    For an RTL paragraph ``TA_LEFT`` (ReportLab's default) is read as "start",
    i.e. right alignment; pass ``alignment=`` explicitly to force a side.
    ``TA_JUSTIFY`` stretches spaces on all but hard-broken/last lines.
    Splits across frames/pages between lines.
    """

    def __init__(
        self,
        markup: str,
        style: ParagraphStyle,
        fonts: FontSet | None = None,
        base_direction: Literal["rtl", "ltr", "auto"] = "rtl",
        text_mode: TextMode = DEFAULT_TEXT_MODE,
        alignment: int | None = None,
        *,
        _shaped: _Shaped | None = None,
        _lines: list[_Line] | None = None,
        _continuation: bool = False,
    ) -> None:
        super().__init__()
        self.markup = markup
        self.style = style
        if fonts is None:
            raise ValueError("RTLParagraph needs a FontSet (Arabic and Latin fonts)")
        self.fonts = fonts
        self.text_mode = text_mode
        self.base_direction = base_direction
        if _shaped is None:
            text, attrs = _parse_markup(markup)
            _shaped = _shape_paragraph(text, attrs, self.fonts, style.fontSize, base_direction)
        self._shaped = _shaped
        self._rtl = _shaped.base_level % 2 == 1
        al = style.alignment if alignment is None else alignment
        if alignment is None and self._rtl and al == TA_LEFT:
            al = TA_RIGHT
        self._align = al
        self._fixed_lines = _lines
        self._lines: list[_Line] = list(_lines or [])
        self._continuation = _continuation

    @property
    def text(self) -> str:
        """The logical plain text (markup removed)."""
        return self._shaped.text

    # platypus protocol -----------------------------------------------------
    def _indent(self) -> float:
        return 0.0 if self._continuation else self.style.firstLineIndent

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        st = self.style
        inner = availWidth - st.leftIndent - st.rightIndent
        if self._fixed_lines is None:
            self._lines = _break_lines(self._shaped, [inner - self._indent(), inner])
        self.width = availWidth
        self.height = len(self._lines) * st.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        n = int((availHeight + 1e-6) // self.style.leading)
        if n <= 0:
            return []
        if n >= len(self._lines):
            return []  # fits whole: no split (ReportLab table cells index a 2nd part)
        kw = {
            "fonts": self.fonts,
            "base_direction": self.base_direction,
            "text_mode": self.text_mode,
            "alignment": self._align,
            "_shaped": self._shaped,
        }
        first = self.__class__(
            self.markup, self.style, _lines=self._lines[:n], _continuation=self._continuation, **kw
        )  # type: ignore[arg-type]
        rest_style = ParagraphStyle(self.style.name + "-cont", parent=self.style, spaceBefore=0)
        second = self.__class__(
            self.markup, rest_style, _lines=self._lines[n:], _continuation=True, **kw
        )  # type: ignore[arg-type]
        return [first, second]

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def draw(self) -> None:
        st = self.style
        canv = self.canv
        inner = self.width - st.leftIndent - st.rightIndent
        default_color = colors.toColor(st.textColor) if st.textColor is not None else colors.black
        side = TA_RIGHT if self._rtl else TA_LEFT
        y = self.height - st.fontSize
        for k, line in enumerate(self._lines):
            indent = self._indent() if k == 0 else 0.0
            avail = inner - indent
            region_left = st.leftIndent + (0.0 if self._rtl else indent)
            extra = 0.0
            align = self._align
            if align == TA_JUSTIFY:
                if not line.hard_break and line.n_spaces:
                    extra = max(0.0, (avail - line.width) / line.n_spaces)
                align = side
            glyphs, w = _line_glyphs(self._shaped, line, extra)
            free = avail - w
            if align == TA_RIGHT:
                x0 = region_left + free
            elif align == TA_CENTER:
                x0 = region_left + free / 2
            else:
                x0 = region_left
            _emit_line(
                canv,
                glyphs,
                x0,
                y,
                st.fontSize,
                self._shaped.text[line.start : line.end],
                self.text_mode,
                default_color,
            )
            for href, x1, x2 in _link_rects(glyphs):
                canv.linkURL(
                    href,
                    (x0 + x1, y - 0.3 * st.fontSize, x0 + x2, y + 0.9 * st.fontSize),
                    relative=1,
                    thickness=0,
                )
            y -= st.leading


def rtl_flowable(
    markup: str,
    style: ParagraphStyle,
    fonts: FontSet | None = None,
    base_direction: Literal["rtl", "ltr", "auto"] = "rtl",
    text_mode: TextMode = DEFAULT_TEXT_MODE,
) -> Flowable:
    """Build a Paragraph-like flowable for Arabic/mixed text.

    ``markup`` may contain ``<b>``/``<strong>``, ``<i>``/``<em>``,
    ``<a href="..." [color=".."]>``, ``<font color="..">``, ``<br/>`` and
    HTML entities (``&amp;`` etc.).  See RTLParagraph for the style fields used.
    """
    return RTLParagraph(
        markup, style, fonts=fonts, base_direction=base_direction, text_mode=text_mode
    )


# --------------------------------------------------------------------------
# Single lines on a canvas
# --------------------------------------------------------------------------
@cache
def shape_line(
    text: str,
    fonts: FontSet,
    size: float,
    base_direction: Literal["rtl", "ltr", "auto"] = "rtl",
    bold: bool = False,
) -> tuple[list[PositionedGlyph], float]:
    """Shape and bidi-reorder one line of plain text; returns (glyphs, width).

    Glyph x positions are relative to the line's left edge.  Useful for other
    back ends (e.g. PNG rendering) that need the same layout as the PDF.
    """
    attrs = [_Attrs(bold=bold)] * len(text)
    shaped = _shape_paragraph(text, attrs, fonts, size, base_direction)
    line = _Line(0, len(text), sum(shaped.char_adv), text.count(" "), True)
    return _line_glyphs(shaped, line)


def draw_rtl_string(
    canvas: Canvas,
    x_right: float,
    y: float,
    text: str,
    font_name: str | None = None,
    size: float = 10,
    *,
    fonts: FontSet | None = None,
    bold: bool = False,
    color: colors.Color | str | None = None,
    text_mode: TextMode = DEFAULT_TEXT_MODE,
) -> float:
    """Draw one line of plain bidi text ending (right edge) at ``x_right``.

    ``font_name`` is the ReportLab name of the *Arabic* font to use; Latin
    runs use ``fonts.latin``.  No wrapping.
    Returns the width drawn.
    """
    if fonts is None:
        raise ValueError("draw_rtl_string needs a FontSet (Arabic and Latin fonts)")
    if font_name:
        fonts = replace(
            fonts, arabic=font_name, arabic_bold=font_name if bold else fonts.arabic_bold
        )
    glyphs, w = shape_line(text, fonts, size, "rtl", bold)
    default = colors.toColor(color) if color is not None else colors.toColor(canvas._fillColorObj)
    _emit_line(canvas, glyphs, x_right - w, y, size, text, text_mode, default)
    return w


def line_width(text: str, fonts: FontSet, size: float, *, bold: bool = False) -> float:
    """Width of one line of plain text as `draw_line` would set it."""
    return shape_line(text, fonts, size, "rtl", bold)[1]


def draw_line(canvas: Canvas, text: str, x_left: float, y: float, fonts: FontSet,
              size: float, *, bold: bool = False) -> None:
    """One line of plain bidi text starting at `x_left`, in the canvas's fill colour."""
    draw_rtl_string(canvas, x_left + line_width(text, fonts, size, bold=bold), y, text,
                    size=size, fonts=fonts, bold=bold)
