"""An editor makes one mistake per file; `invoke check` names each one, and only that.

tests/fixtures/bad/ holds one material per mistake (a few mistakes need two
files, such as a duplicate slug) and `expected.txt`, the exact lines an editor
sees. The symlink case is made here, because git checkouts and copies would
turn it into an ordinary file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

# Read at collection, to parametrize by file, before any fixture exists.
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
# heavy.png is 77 kB: a low byte limit keeps a multi-megabyte file out of the repository.
LIMITS = {"image_max_bytes": 50_000}


def expected_lines() -> list[str]:
    return [line for line in (BAD / "expected.txt").read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="session")
def bad_content(tmp_path_factory, make_content) -> Path:
    tmp = tmp_path_factory.mktemp("bad")
    content = make_content(tmp, "bad")
    (tmp / "outside.png").write_bytes((content / "images" / "ok.png").read_bytes())
    (content / "images" / "linked.png").symlink_to("../../outside.png")
    return content


@pytest.fixture(scope="session")
def bad_problems(bad_content, root):
    from safeonline.core.settings import load_settings
    from safeonline.plugins.contract import check_content

    settings = load_settings(root / "pelicanconf.py", PATH=str(bad_content))
    settings["CHECKS"] = dict(settings["CHECKS"], **LIMITS)
    return check_content(settings, root=bad_content.parent)


def _by_file(lines: list[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        grouped[line.split(":", 1)[0]].append(line)
    return grouped


def _mistake_files() -> list[str]:
    return sorted(_by_file(expected_lines()))


@pytest.mark.parametrize("path", _mistake_files())
def test_each_mistake_gives_exactly_its_message(bad_problems, path):
    got = _by_file([str(p) for p in bad_problems.sorted()])
    assert got.get(path, []) == _by_file(expected_lines())[path]


def test_nothing_else_is_reported(bad_problems):
    assert [str(p) for p in bad_problems.sorted()] == expected_lines()


def test_every_bad_file_is_expected_to_fail_or_is_a_partner():
    """A new file in bad/ without an expected message would test nothing."""
    expected = set(_mistake_files())
    partners = {"duplicate-slug-a.en.md", "audience-differs.en.md", "clauses-differ.en.md",
                "age-differs.en.md", "stale-translation.en.md", "code-is-fine.en.md"}
    for md in [*(BAD / "materials").glob("*.md"), *(BAD / "pages").glob("*.md")]:
        where = f"content/{md.parent.name}/{md.name}"
        assert where in expected or md.name in partners, where


def test_each_file_has_one_mistake():
    """One message per file, so every message is attributable to its fixture."""
    assert [path for path, lines in _by_file(expected_lines()).items() if len(lines) > 1] == []


def test_code_examples_are_not_markup(bad_problems):
    assert not [p for p in bad_problems.items if "code-is-fine" in p.path]


def test_invoke_check_exits_1_with_every_problem(bad_content, invoke):
    run = invoke("check", "--content", str(bad_content))
    assert run.returncode == 1
    assert "content/materials/script.en.md:10: error: raw HTML <script> is not allowed" in run.stdout
    assert "content/images/linked.png:1: error:" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_invoke_check_json_parses(bad_content, invoke):
    run = invoke("check", "--content", str(bad_content), "--format", "json")
    assert run.returncode == 1
    problems = json.loads(run.stdout)
    assert {"path", "line", "severity", "message", "fix"} <= set(problems[0])
    onclick = [p for p in problems if p["path"].endswith("onclick.en.md")]
    assert onclick == [{"path": "content/materials/onclick.en.md", "line": 8,
                        "severity": "error",
                        "message": "event handler 'onclick' on <a> is not allowed",
                        "fix": "remove the attribute: pages never run scripts"}]


def test_invoke_check_passes_on_the_bundled_content(invoke):
    run = invoke("check")
    assert run.returncode == 0, run.stdout


def test_missing_or_broken_resolution_data_is_one_clear_line(tmp_path, root, make_content):
    from safeonline.core.settings import load_settings
    from safeonline.plugins.contract import check_content

    content = make_content(tmp_path, "basic")
    en = content / "resolution" / "en.toml"
    en.write_text(en.read_text(encoding="utf-8").replace('id = "PP3"', 'id = PP3'),
                  encoding="utf-8")
    settings = load_settings(root / "pelicanconf.py", PATH=str(content))
    lines = [str(p) for p in check_content(settings, root=tmp_path).errors]
    assert len(lines) == 1 and lines[0].startswith("content/resolution/en.toml:")
    assert "not valid TOML" in lines[0]

    en.unlink()
    lines = [str(p) for p in check_content(settings, root=tmp_path).errors]
    assert lines == [("content/resolution/en.toml:1: error: no resolution data for the default "
                      "language 'en' (restore content/resolution/<lang>.toml (one [[clause]] per "
                      "paragraph))")]


HEADER = ("Title: {title}\n{audience}\n{clauses}\nSummary: One mistake.\nDate: 2026-11-20\n"
          "Topics: reporting\n\nText.\n")


@pytest.fixture()
def check_one(tmp_path, root, make_content):
    """`check_one(text)`: the check's lines for the basic fixture with one more material."""
    from safeonline.core.settings import load_settings
    from safeonline.plugins.contract import check_content

    def check(text: str) -> list[str]:
        content = make_content(tmp_path, "basic")
        (content / "materials" / "parents" / "colon.en.md").write_text(text, encoding="utf-8")
        settings = load_settings(root / "pelicanconf.py", PATH=str(content))
        return [str(p) for p in check_content(settings, root=tmp_path).sorted()]

    return check


def test_keys_after_a_broken_header_line_are_still_checked(check_one):
    """A missing colon on line 2 does not hide a wrong clause on line 3."""
    lines = check_one(HEADER.format(title="Colon", audience="Audience parents",
                                    clauses="Clauses: OP99"))
    assert lines == [
        ("content/materials/parents/colon.en.md:2: error: header line 'Audience parents' is not "
         "'Key: value' (write it as 'Audience: parents', with a colon after the key)"),
        ("content/materials/parents/colon.en.md:3: error: unknown clause 'OP99' (the resolution "
         "has PP1–PP20, OP1–OP22) (use clause ids such as OP10 or PP9)")]


def test_two_broken_header_lines_give_one_message_each(check_one):
    lines = check_one(HEADER.format(title="Colons", audience="Audience = parents",
                                    clauses="Clauses OP10"))
    assert lines == [
        ("content/materials/parents/colon.en.md:2: error: header line 'Audience = parents' is not "
         "'Key: value' (write it as 'Audience: parents', with a colon after the key)"),
        ("content/materials/parents/colon.en.md:3: error: header line 'Clauses OP10' is not "
         "'Key: value' (write it as 'Clauses: OP10', with a colon after the key)")]


def test_a_missing_colon_stops_the_build_with_its_one_message(tmp_path, make_content, build):
    """Pelican would read `Audience parents` and all after it as text; our check stops first."""
    from safeonline.core.problems import BuildFailed

    content = make_content(tmp_path, "basic")
    (content / "materials" / "parents" / "broken-header.en.md").write_bytes(
        (BAD / "materials" / "broken-header.en.md").read_bytes())
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the site as it was", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(content, output)
    assert [str(p) for p in failed.value.problems.sorted()] == [
        ("content/materials/parents/broken-header.en.md:2: error: header line 'Audience parents' "
         "is not 'Key: value' (write it as 'Audience: parents', with a colon after the key)")]
    assert (output / "index.html").read_text(encoding="utf-8") == "the site as it was"
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]
