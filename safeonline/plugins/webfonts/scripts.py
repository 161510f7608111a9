"""Which characters go together in one web-font file.

A browser fetches a `@font-face` file only when the page holds a character in
its `unicode-range` (CSS Fonts 4), so splitting each font by script makes an
English page skip the Greek, Cyrillic and Vietnamese glyphs Noto Sans carries,
and an Arabic page skip the Persian and Urdu letters of Noto Sans Arabic. The
split is lossless: every character a font maps lands in exactly one file (the
last, `other`, takes what no script claims), and a subset keeps every glyph its
characters can be shaped into, so text looks as it does with the whole font.

The scripts are the site's languages' (a language in another script adds its
ranges here, or reads from `other`). The Latin range is Google Fonts' `latin`,
the one most web fonts are cut to; Arabic is split into the letters, marks,
digits and punctuation Arabic itself uses, and the rest of the script
(Persian, Urdu and other languages' letters, presentation forms).
"""

from __future__ import annotations

from safeonline.core.runs import runs

Range = tuple[int, int]

SCRIPTS: dict[str, tuple[Range, ...]] = {
    "latin": ((0x0000, 0x00FF), (0x0131, 0x0131), (0x0152, 0x0153), (0x02BB, 0x02BC),
              (0x02C6, 0x02C6), (0x02DA, 0x02DA), (0x02DC, 0x02DC), (0x0304, 0x0304),
              (0x0308, 0x0308), (0x0329, 0x0329), (0x2000, 0x206F), (0x20AC, 0x20AC),
              (0x2122, 0x2122), (0x2191, 0x2191), (0x2193, 0x2193), (0x2212, 0x2212),
              (0x2215, 0x2215), (0xFEFF, 0xFEFF), (0xFFFD, 0xFFFD)),
    "arabic": ((0x0600, 0x0652), (0x0660, 0x066D), (0x0670, 0x0670), (0x06D4, 0x06D4),
               (0x200C, 0x200F), (0x2E41, 0x2E41), (0xFD3E, 0xFD3F)),
    "arabic-ext": ((0x0653, 0x065F), (0x066E, 0x066F), (0x0671, 0x06FF), (0x0750, 0x077F),
                   (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "latin-ext": ((0x0100, 0x02AF), (0x0304, 0x0304), (0x0308, 0x0308), (0x0329, 0x0329),
                  (0x1D00, 0x1DBF), (0x1E00, 0x1E9F), (0x1EF2, 0x1EFF), (0x2020, 0x2020),
                  (0x20A0, 0x20AB), (0x20AD, 0x20C0), (0x2113, 0x2113), (0x2C60, 0x2C7F),
                  (0xA720, 0xA7FF)),
}
OTHER = "other"


def partition(codepoints: set[int]) -> dict[str, list[int]]:
    """Each of a font's characters in the first script that claims it; empty scripts dropped."""
    left = set(codepoints)
    parts: dict[str, list[int]] = {}
    for name, ranges in SCRIPTS.items():
        mine = sorted(c for c in left if any(lo <= c <= hi for lo, hi in ranges))
        if mine:
            parts[name] = mine
            left.difference_update(mine)
    if left:
        parts[OTHER] = sorted(left)
    return parts


def unicode_range(codepoints: list[int]) -> str:
    """`U+20-7E,U+A0` for CSS: consecutive characters written as one range."""
    return ",".join(f"U+{lo:X}" if lo == hi else f"U+{lo:X}-{hi:X}" for lo, hi in runs(codepoints))
