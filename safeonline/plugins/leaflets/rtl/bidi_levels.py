"""Embedding levels of a right-to-left paragraph (UAX #9) and the visual order of runs.

python-bidi's Rust API only returns the display string; its legacy
pure-Python `bidi.algorithm` exposes the per-character levels needed to
reorder *shaped runs* (not characters).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from bidi import algorithm as _uba  # python-bidi==0.6.12, legacy pure-Python UBA

BASE_LEVEL = 1  # every paragraph the engine sets is right-to-left
_EXPLICIT = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
#: Bidi classes that can resolve to a level other than a right-to-left paragraph's.
_LEVEL_CHANGERS = frozenset({"L", "EN", "AN"}) | _EXPLICIT


def bidi_levels(text: str) -> list[int]:
    """Resolved embedding level per character (rules P/X/W/N/I of UAX #9).

    Most Arabic paragraphs hold nothing that could take another level: no
    left-to-right letter, no number and no explicit embedding. Every
    character then resolves to the base level (neutrals between or beside
    right-to-left letters follow them, rules N1/N2), so the pure-Python
    algorithm, a fifth of an Arabic leaflet's time, is not needed.
    tests/test_rtl_shortcuts.py checks this against `uba_levels`.
    """
    if not any(unicodedata.bidirectional(ch) in _LEVEL_CHANGERS for ch in set(text)):
        return [BASE_LEVEL] * len(text)
    return uba_levels(text)


def uba_levels(text: str) -> list[int]:
    """`bidi_levels` by the full algorithm (python-bidi), without the shortcut.

    Characters removed by rule X9 (e.g. ZWJ/ZWNJ) take their predecessor's
    level. Paragraph separators (``\\n``) get the base level.
    """
    storage = _uba.get_empty_storage()
    storage["base_level"] = BASE_LEVEL
    storage["base_dir"] = "R"
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
    prev = BASE_LEVEL
    out: list[int] = []
    for i, lv in enumerate(levels):
        if text[i] == "\n":
            lv = BASE_LEVEL
        lv = prev if lv is None else lv
        out.append(lv)
        prev = lv
    return out


def reorder_runs(levels: Sequence[int]) -> list[int]:
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
