"""The site's fonts, split by script, lose nothing; a font that cannot be split is named.

Every character each bundled font maps is served by exactly one of its files
(fonts.css's `unicode-range`s cover the font's whole character map, with no
overlap), so no page can show a character the whole font would have drawn in
a fallback font instead.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont


def _ranges(text: str) -> set[int]:
    found: set[int] = set()
    for part in text.split(","):
        lo, _, hi = part.strip().removeprefix("U+").partition("-")
        found.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return found


def test_each_font_is_split_into_files_that_cover_it_once(basic_site, read, root):
    css = read(basic_site, "theme/css/fonts.css")
    faces = re.findall(r'url\("\.\./fonts/([\w-]+)\.([\w-]+)\.woff2"\) format\("woff2"\);\n'
                       r"  unicode-range: ([^;]+);", css)
    by_font: dict[str, list[set[int]]] = {}
    for stem, _script, ranges in faces:
        by_font.setdefault(stem, []).append(_ranges(ranges))
    fonts = sorted(p.stem for p in (root / "assets" / "fonts").glob("*.woff2"))
    assert sorted(by_font) == fonts
    for stem, parts in by_font.items():
        whole = set(TTFont(root / "assets" / "fonts" / f"{stem}.woff2").getBestCmap())
        assert set().union(*parts) == whole, stem
        assert sum(len(p) for p in parts) == len(whole), f"{stem}: a character in two files"
        for stem_file in (basic_site / "theme" / "fonts").glob(f"{stem}.*.woff2"):
            part = set(TTFont(stem_file).getBestCmap())
            assert part <= whole and part in parts, stem_file.name


def test_a_font_that_cannot_be_split_stops_the_build_naming_it(tmp_path, root, make_content,
                                                                build):
    from safeonline.core.problems import BuildFailed

    assets = tmp_path / "assets"
    shutil.copytree(root / "assets", assets)
    for woff2 in (assets / "fonts").glob("*.woff2"):  # leaflets and cards use the TTFs
        woff2.unlink()
    (assets / "fonts" / "Broken-Regular.woff2").write_bytes(b"wOF2 not a font")
    output = tmp_path / "output"
    with pytest.raises(BuildFailed) as failed:
        build(make_content(tmp_path, "basic"), output, ASSETS_PATH=str(assets),
              WEBFONTS={"cache_dir": str(tmp_path / "webfonts")})
    [problem] = failed.value.problems.errors
    assert Path(problem.path).name == "Broken-Regular.woff2"
    assert problem.message.startswith("webfonts: the font could not be split (")
    assert problem.fix == "restore the font file from git"
    assert not output.exists()
