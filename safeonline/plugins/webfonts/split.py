"""One web font split into a file per script, cached by what goes into it.

Splitting takes about a second per font (fontTools), and its result depends
only on the font file and this package's code, so each split is kept under a
digest of both: a build makes it once, later builds (and the test suite's many
builds) copy the files. Bytes are reproducible: no timestamps are rewritten.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from safeonline.core.files import written_whole

from .scripts import partition, unicode_range

CODE = sorted(Path(__file__).parent.glob("*.py"))


@dataclass(frozen=True)
class FontPart:
    script: str
    unicode_range: str
    filename: str  # in the split's folder, e.g. NotoSans-Regular.latin.woff2


def _options() -> subset.Options:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # every feature: shaping, kerning, ligatures as before
    options.name_IDs = ["*"]  # the licence and copyright strings stay in each file
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # browsers outside Windows GDI ignore TrueType hints
    options.recalc_timestamp = False
    return options


def _digest(source: Path) -> str:
    digest = hashlib.sha256(source.read_bytes())
    for path in CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _split(source: Path, folder: Path) -> list[FontPart]:
    whole = TTFont(source, recalcTimestamp=False)
    parts = partition(set(whole.getBestCmap()))
    plain = io.BytesIO()
    whole.flavor = None  # decode the WOFF2 once, not once per script
    whole.save(plain)
    found = []
    for script, codepoints in parts.items():
        plain.seek(0)
        font = TTFont(plain, recalcTimestamp=False)
        subsetter = subset.Subsetter(_options())
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        name = f"{source.stem}.{script}.woff2"
        with written_whole(folder / name) as temp:
            font.flavor = "woff2"
            font.save(temp, reorderTables=False)
        found.append(FontPart(script, unicode_range(codepoints), name))
    return found


def _folder(source: Path, cache: Path) -> Path:
    return cache / f"{source.stem}-{_digest(source)}"


def is_split(source: Path, cache: Path) -> bool:
    return (_folder(source, cache) / "parts.json").exists()


def split_font(source: Path, cache: Path) -> tuple[Path, list[FontPart]]:
    """The folder holding `source` split by script, and its parts in `scripts.SCRIPTS` order."""
    folder = _folder(source, cache)
    manifest = folder / "parts.json"
    if manifest.exists():
        return folder, [FontPart(**p) for p in json.loads(manifest.read_text())]
    parts = _split(source, folder)
    with written_whole(manifest) as temp:
        temp.write_text(json.dumps([p.__dict__ for p in parts], indent=1))
    return folder, parts
