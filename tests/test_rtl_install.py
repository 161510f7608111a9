"""The right-to-left engine changes ReportLab only when the renderer installs it.

Arabic leaflets need ReportLab's ToUnicode writer replaced (so that copying
text from the PDF gives letters, not presentation forms) and private-use
code points added to its shared font faces. That happens in `rtl.install()`,
which the leaflet renderer calls; importing the leaflet code changes nothing,
installing twice is installing once, and a ReportLab other than the pinned
one stops the build with one line saying what to do.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import tomllib

import pytest
import reportlab
from reportlab.pdfbase import ttfonts

from safeonline.core.problems import BuildFailed
from safeonline.plugins.leaflets import rtl
from safeonline.plugins.leaflets.rtl import reportlab_patch

GREETING = "السلام عليكم"

# Runs in a fresh interpreter: the test session itself has rendered leaflets.
FRESH_PROCESS = textwrap.dedent(f"""
    import subprocess, sys, unicodedata
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfgen.canvas import Canvas
    original = ttfonts.makeToUnicodeCMap

    import safeonline.plugins.leaflets  # the plugin, as Pelican loads it
    from safeonline.plugins.leaflets import pack, render, rtl
    from safeonline.plugins.leaflets.fonts import register_family
    from safeonline.plugins.leaflets.rtl import reportlab_patch

    print("imported, patched:", ttfonts.makeToUnicodeCMap is not original)
    fonts_dir, tmp = sys.argv[1:3]  # the project's fonts; a folder the test owns
    arabic = register_family(fonts_dir, "NotoSansArabic")
    latin = register_family(fonts_dir, "NotoSans")
    fonts = rtl.FontSet(arabic["Regular"], arabic["Bold"], latin["Regular"], latin["Bold"])
    face = rtl.font_choice.pdfmetrics.getFont(arabic["Regular"]).face

    def private_codes():
        return len([cp for cp in face.charToGlyph if 0xE000 <= cp <= 0xF8FF])

    def draw(path):
        canvas = Canvas(path, invariant=1)
        rtl.draw_line(canvas, {GREETING!r}, 100, 700, fonts, 14)
        canvas.save()

    try:
        draw(tmp + "/before.pdf")
    except RuntimeError as exc:
        print("draw before install:", exc)
    print("private codes in the shared face:", private_codes(), len(reportlab_patch.PUA_TEXT))
    rtl.install()
    first = ttfonts.makeToUnicodeCMap
    rtl.install()
    print("installed twice, same writer:", ttfonts.makeToUnicodeCMap is first,
          first is reportlab_patch.to_unicode_cmap)
    draw(tmp + "/after.pdf")
    text = subprocess.run(["pdftotext", tmp + "/after.pdf", "-"], capture_output=True,
                          text=True, check=True).stdout
    # NFKC: lam-alef is one glyph, written as its presentation form (glyph_codes.py);
    # poppler marks the right-to-left run with U+202B ... U+202C.
    text = unicodedata.normalize("NFKC", text).strip().strip("\u202b\u202c")
    print("text after install:", text)
    print("private codes after drawing:", private_codes() > 0, len(reportlab_patch.PUA_TEXT) > 0)
""")


@pytest.mark.poppler
def test_importing_changes_nothing_and_install_is_needed_once(root, tmp_path):
    result = subprocess.run([sys.executable, "-c", FRESH_PROCESS, str(root / "assets" / "fonts"),
                             str(tmp_path)], check=False, capture_output=True, text=True,
                            cwd=root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "imported, patched: False"
    assert lines[1] == ("draw before install: leaflets: rtl.install() must run before "
                        "right-to-left text is drawn, or the PDF's text layer would be wrong")
    assert lines[2] == "private codes in the shared face: 0 0"
    assert lines[3] == "installed twice, same writer: True True"
    # What a reader copying from the PDF gets: the letters, in reading order.
    assert lines[4] == f"text after install: {GREETING}"
    assert lines[5] == "private codes after drawing: True True"


def test_a_different_reportlab_is_refused_and_nothing_is_patched(monkeypatch):
    before = ttfonts.makeToUnicodeCMap
    monkeypatch.setattr(reportlab, "Version", "5.2.0")
    with pytest.raises(rtl.ReportLabVersionError) as caught:
        rtl.install()
    assert str(caught.value) == (
        "leaflets: ReportLab 5.2.0 is installed, but the right-to-left text engine "
        "replaces ReportLab's ToUnicode writer and is written for reportlab==5.1.0, "
        "the version pyproject.toml pins")
    assert ttfonts.makeToUnicodeCMap is before


def test_the_version_checked_is_the_version_pinned(root):
    project = tomllib.loads((root / "pyproject.toml").read_text())
    pins = [d for d in project["project"]["dependencies"] if re.match(r"reportlab\b", d)]
    assert pins == [f"reportlab=={reportlab_patch.PINNED_REPORTLAB}"]
    assert reportlab.Version == reportlab_patch.PINNED_REPORTLAB


def test_a_build_with_another_reportlab_stops_with_one_line(tmp_path, monkeypatch, build, make_content):
    monkeypatch.setattr(reportlab, "Version", "5.2.0")
    content = make_content(tmp_path, "basic")
    with pytest.raises(BuildFailed) as caught:
        build(content, tmp_path / "output")
    assert str(caught.value) == (
        "(build):0: error: leaflets: ReportLab 5.2.0 is installed, but the right-to-left "
        "text engine replaces ReportLab's ToUnicode writer and is written for "
        "reportlab==5.1.0, the version pyproject.toml pins "
        "(run '.venv/bin/pip install reportlab==5.1.0' or '.venv/bin/pip install -e .')")
    assert not (tmp_path / "output").exists()


def test_editing_the_rtl_engine_renders_the_leaflets_again(tmp_path, monkeypatch, root):
    """The leaflet cache is keyed by the renderer's code, the rtl/ package included."""
    import shutil

    from safeonline.plugins.leaflets import specs

    code = tmp_path / "leaflets"
    shutil.copytree(specs.CODE_DIR, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(specs, "CODE_DIR", code)
    settings = {"ASSETS_PATH": str(root / "assets")}
    before, fonts = specs.versions(settings)
    with open(code / "rtl" / "shaping.py", "a") as fh:
        fh.write("# an edit\n")
    after, same_fonts = specs.versions(settings)
    assert after != before
    assert same_fonts == fonts
