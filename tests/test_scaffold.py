"""An editor starts a material with `invoke new`, a translator with `invoke translate`.

Both start as drafts that pass `invoke check`; once the TODOs are written and
the draft line removed they build like any material; and a source edited after
translation makes `invoke check` say which translation to revisit.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest


def check(root: Path, content: Path):
    from safeonline.core.settings import load_settings
    from safeonline.plugins.contract import check_content

    return check_content(load_settings(root / "pelicanconf.py", PATH=str(content)),
                         root=content.parent)


def fill_in(path: Path, replacements: dict[str, str]) -> None:
    """What the editor does: write every TODO, then publish by removing the draft line."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(old, new)
    lines = [line for line in text.splitlines() if line != "Status: draft"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory, make_content, invoke):
    tmp = tmp_path_factory.mktemp("scaffold")
    content = make_content(tmp, "basic")
    run = invoke("new", "--audience", "children", "--title", "Someone is mean in a game",
                 "--clauses", "op10, OP16", "--topics", "gaming, trusted-adults", "--age", "8-10",
                 "--content", str(content))
    assert run.returncode == 0, run.stderr
    material = content / "materials/children/someone-is-mean-in-a-game.en.md"
    run = invoke("translate", "someone-is-mean-in-a-game", "--lang", "ar",
                 "--content", str(content))
    assert run.returncode == 0, run.stderr
    return tmp, content, material, material.with_name("someone-is-mean-in-a-game.ar.md")


def test_new_writes_a_valid_draft_header_and_the_audience_outline(scaffolded, root):
    _, content, material, _ = scaffolded
    text = material.read_text(encoding="utf-8")
    assert text.startswith("Title: Someone is mean in a game\nAudience: children\n"
                           "Topics: gaming, trusted-adults\nClauses: OP10, OP16\nAge: 8-10\nLang: en\n"
                           "Slug: someone-is-mean-in-a-game\n")
    assert f"Date: {dt.date.today().isoformat()}\nStatus: draft\n" in text
    assert "## It is never your fault" in text  # from scaffolds/children.en.md
    assert "[[OP10]]" in text
    assert not check(root, content).errors


def test_translate_copies_shared_keys_and_marks_the_rest(scaffolded, root):
    _, content, _, translation = scaffolded
    text = translation.read_text(encoding="utf-8")
    assert text.startswith("Title: TODO: translate: Someone is mean in a game\n")
    for line in ("Audience: children", "Topics: gaming, trusted-adults", "Clauses: OP10, OP16", "Age: 8-10", "Lang: ar",
                 "Slug: someone-is-mean-in-a-game", "Status: draft"):
        assert f"\n{line}\n" in text
    assert "\nTranslation-Of: en " in text
    assert "TODO: translate the text below from English" in text
    assert "[Get help](/ar/help/)" in text
    assert not check(root, content).errors


def test_new_and_translate_refuse_to_overwrite(scaffolded, invoke):
    _, content, material, translation = scaffolded
    before = material.read_bytes(), translation.read_bytes()
    again = invoke("new", "--audience", "children", "--title", "Someone is mean in a game",
                   "--clauses", "OP10", "--topics", "gaming", "--age", "8-10",
                   "--content", str(content))
    assert again.returncode == 1
    assert "already uses the slug 'someone-is-mean-in-a-game'" in again.stderr
    again = invoke("translate", "someone-is-mean-in-a-game", "--lang", "ar",
                   "--content", str(content))
    assert again.returncode == 1 and "already the 'ar' translation" in again.stderr
    assert (material.read_bytes(), translation.read_bytes()) == before
    assert "Traceback" not in again.stderr


def test_new_explains_what_is_missing(tmp_path, root, make_content, invoke):
    content = make_content(tmp_path, "basic")
    run = invoke("new", "--audience", "children", "--title", "No age", "--clauses", "OP10",
                 "--content", str(content))
    assert run.returncode == 1
    assert run.stderr.strip() == "error: give the age band (--age): one of 5-7, 8-10, 11-13, 14-17"
    from safeonline.commands.scaffold import ScaffoldError, new_material
    from safeonline.core.settings import load_settings

    settings = load_settings(root / "pelicanconf.py", PATH=str(content))
    with pytest.raises(ScaffoldError, match="unknown audience 'pupils': use one of parents, "):
        new_material(settings, audience="pupils", title="x", clauses="OP10")
    with pytest.raises(ScaffoldError, match=r"clause ids from PP1–PP20, OP1–OP22 \(unknown: OP99"):
        new_material(settings, audience="parents", title="x", clauses="OP99")
    with pytest.raises(ScaffoldError, match=r"give --topics with one to three of: grooming, "):
        new_material(settings, audience="parents", title="x", clauses="OP10")
    with pytest.raises(ScaffoldError, match=r"\(unknown: games\)"):
        new_material(settings, audience="parents", title="x", clauses="OP10", topics="games")
    assert not list((content / "materials").rglob("x.en.md"))


def test_a_finished_scaffold_builds_and_a_changed_source_flags_its_translation(
        scaffolded, tmp_path, build, read, invoke, root):
    _, content, material, translation = scaffolded
    work = tmp_path / "content"
    shutil.copytree(content, work)
    material = work / material.relative_to(content)
    translation = work / translation.relative_to(content)
    text = material.read_text(encoding="utf-8")
    assert "TODO" in text
    # Published too early: the TODOs are caught.
    fill_in(material, {})
    errors = check(root, work).errors
    assert [(Path(e.path).name, e.message) for e in errors] == [
        (material.name, "this still has a 'TODO' from the outline")]
    material.write_text(text, encoding="utf-8")
    fill_in(material, {
        "TODO: one sentence saying what the reader learns": "What to do when a game gets mean.",
        'TODO: one or two short sentences that speak to the reader as "you"':
            "Games should be fun. If someone is mean, you can get help",
        "TODO: say it simply. Use short sentences.": "Someone may call you names.",
        "- TODO: one more thing the reader can do": "- Block them and report them.",
    })
    # The translator's work starts from the source as it is now.
    translation.unlink()
    run = invoke("translate", "someone-is-mean-in-a-game", "--lang", "ar",
                 "--content", str(work))
    assert run.returncode == 0, run.stderr
    fill_in(translation, {"TODO: translate: Someone is mean in a game": "شخص لئيم في لعبة",
                          "TODO: translate: What to do when a game gets mean.":
                              "ماذا تفعل عندما يصبح أحد لئيماً في لعبة.",
                          "TODO: translate the text below from English, keeping the [[clause]] "
                          "citations; then delete this line.": ""})
    translation.write_text(translation.read_text(encoding="utf-8").replace("TODO", "انتبه"),
                           encoding="utf-8")
    assert not check(root, work).items
    site = tmp_path / "output"
    build(work, site)
    assert "Someone may call you names." in read(site, "en/materials/someone-is-mean-in-a-game/"
                                                       "index.html")
    # The source changes after translation: the translation is flagged, with the new hash.
    material.write_text(material.read_text(encoding="utf-8").replace(
        "Someone may call you names.", "Someone may call you names or leave you out."),
        encoding="utf-8")
    problems = check(root, work)
    assert not problems.errors
    [stale] = problems.warnings
    assert stale.path.endswith("someone-is-mean-in-a-game.ar.md") and stale.line == 8
    assert stale.message == "someone-is-mean-in-a-game.en.md has changed since this " \
                            "translation was made"
    assert "set 'Translation-Of: en " in stale.fix
