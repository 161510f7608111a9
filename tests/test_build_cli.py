"""An editor breaks a material and runs `invoke build`: the site they had is still there.

Everything goes through the real command line (a subprocess), with the
`--content` and `--output` options editors can use too.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest


def hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory, make_content, invoke):
    """The basic fixture built once by `invoke build`; tests break copies of its content."""
    tmp = tmp_path_factory.mktemp("cli")
    content = make_content(tmp, "basic")
    run = invoke("build", "--content", str(content), "--output", str(tmp / "output"))
    assert run.returncode == 0, run.stderr
    return tmp, run


def test_a_good_build_ends_with_one_summary_line(built):
    tmp, run = built
    assert run.stdout.count("\n") == 1
    assert run.stdout.startswith(f"Built {tmp / 'output'}: materials ar 1, en 4; ")
    assert re.search(r"; \d+ pages; \d+ leaflets in \d+\.\ds \(check [\d.]+s, read [\d.]+s, "
                     r"(\w+ [\d.]+s, )*pages [\d.]+s", run.stdout), run.stdout
    assert "\x1b[" not in run.stdout + run.stderr  # no progress drawing outside a terminal


BREAKAGES = {
    "broken header": ("materials/parents/game-chat.en.md",
                      lambda t: t.replace("Audience: parents", "Audience parents"),
                      "content/materials/parents/game-chat.en.md:2: error: header line"),
    "missing image": ("materials/teachers/lesson.en.md",
                      lambda t: t + "\n![A classroom]({static}/images/class.png)\n",
                      ("content/materials/teachers/lesson.en.md:10: error: "
                      "'{static}/images/class.png' does not exist")),
    "broken link": ("materials/lawmakers/checklist.en.md",
                    lambda t: t + "\nSee [the lesson]({filename}../teachers/lesson.md).\n",
                    ("content/materials/lawmakers/checklist.en.md:11: error: "
                    "'{filename}../teachers/lesson.md' does not exist")),
    "not UTF-8": ("materials/children/photo-request.en.md",
                  lambda t: t.encode("utf-16"),
                  ("content/materials/children/photo-request.en.md:1: error: the file is not "
                  "UTF-8 text")),
}


@pytest.mark.parametrize("case", list(BREAKAGES))
def test_a_broken_material_leaves_output_byte_for_byte_intact(built, tmp_path, case, invoke):
    tmp, _ = built
    before = hashes(tmp / "output")
    content = tmp_path / "content"
    shutil.copytree(tmp / "content", content)
    name, breaks, message = BREAKAGES[case]
    broken = breaks((content / name).read_text(encoding="utf-8"))
    if isinstance(broken, bytes):
        (content / name).write_bytes(broken)
    else:
        (content / name).write_text(broken, encoding="utf-8")
    run = invoke("build", "--content", str(content), "--output", str(tmp / "output"))
    assert run.returncode == 1
    assert message in run.stderr
    assert "was left as it was" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert hashes(tmp / "output") == before
    # No staging folder or pid left behind; only the build lock's file stays (an OS lock:
    # held by no one once the build has ended).
    assert [p.name for p in tmp.glob(".output.*")] == [".output.lock"]


def test_a_crash_inside_pelican_is_one_line_unless_debug(tmp_path, root, build, make_content):
    """A theme bug (not an editor's mistake) fails the build without a traceback."""
    content = make_content(tmp_path, "basic")
    build(content, tmp_path / "output")
    before = hashes(tmp_path / "output")
    theme = tmp_path / "theme"
    shutil.copytree(root / "themes" / "safeonline", theme)
    article = theme / "templates" / "article.html"
    article.write_text(article.read_text().replace("{% block content %}",
                                                   "{% block content %}{{ no_such_variable }}",
                                                   1))
    from safeonline.core.problems import BuildFailed

    with pytest.raises(BuildFailed) as failed:
        build(content, tmp_path / "output", THEME=str(theme))
    assert "no_such_variable" in failed.value.problems.as_text()
    assert "invoke build --debug" in failed.value.problems.as_text()
    assert hashes(tmp_path / "output") == before


def _broken_image_png() -> bytes:
    """A PNG whose header and checksums are sound (so `invoke check` passes it) but whose
    pixels cannot be decoded: only laying the leaflet out finds that."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 30, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", b"not zlib data" * 4) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def unprintable(tmp_path_factory, project_copy, invoke):
    """A project whose game-chat material shows an image no leaflet worker can decode."""
    project = project_copy(tmp_path_factory.mktemp("unprintable"), "basic")
    (project / "content" / "images").mkdir()
    (project / "content" / "images" / "chart.png").write_bytes(_broken_image_png())
    material = project / "content" / "materials" / "parents" / "game-chat.en.md"
    material.write_text(material.read_text(encoding="utf-8")
                        + "\n![A chart of who asks]({static}/images/chart.png)\n",
                        encoding="utf-8")
    assert invoke("check", project=project).returncode == 0  # only the worker can tell
    return project, material


def test_a_leaflet_worker_that_fails_names_the_material_without_a_traceback(unprintable,
                                                                            invoke):
    project, material = unprintable
    run = invoke("build", project=project)
    assert run.returncode == 1
    assert run.stderr.splitlines()[-2:] == [  # A4 and Letter fail alike: one line
        (f"{material.relative_to(project)}: error: leaflet could not be made: OSError: "
         "content/images/chart.png: broken data stream when reading image file (if it names "
         "a file, check that the file opens in an image viewer; otherwise report a bug with "
         "what 'invoke build --debug' prints)"),
        f"Build failed: 1 error(s); {project / 'output'} was left as it was."]
    assert "Traceback" not in run.stdout + run.stderr
    assert not (project / "output").exists()


def test_debug_shows_the_failed_leaflet_workers_traceback(unprintable, invoke):
    project, material = unprintable
    run = invoke("build", "--debug", project=project)
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    error = next(i for i, line in enumerate(lines) if ": error: " in line)
    assert lines[error].startswith(f"{material.relative_to(project)}: error: leaflet could "
                                   "not be made: OSError: content/images/chart.png: ")
    # The worker's own traceback, under the line: down to the image it could not decode.
    assert lines[error + 1] == "Traceback (most recent call last):"
    traceback = "\n".join(lines[error + 1:-1])
    assert "in render_papers" in traceback and "in getRGBData" in traceback
    assert lines[-2].endswith("] broken data stream when reading image file")
    assert lines[-1] == f"Build failed: 1 error(s); {project / 'output'} was left as it was."


def test_invoke_clean_removes_the_output_and_every_cache_and_nothing_else(tmp_path,
                                                                          project_copy, invoke):
    project = project_copy(tmp_path / "project", "basic")
    assert invoke("build", project=project).returncode == 0
    (project / ".output.staging").mkdir()  # as a build killed half-way leaves it
    kept = sorted(p.relative_to(project) for p in project.rglob("*")
                  if not p.relative_to(project).parts[0] in ("output", ".cache"))
    assert {p.name for p in (project / ".cache").iterdir()} >= {"pelican", "leaflets", "cards"}
    run = invoke("clean", project=project)
    assert run.returncode == 0 and run.stdout == "Removed output/ and .cache/.\n"
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == [
        p for p in kept if p.parts[0] != ".output.staging"]
    assert invoke("clean", project=project).returncode == 0  # nothing left to remove: fine
