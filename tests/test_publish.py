"""`invoke publish` and `invoke rollback` as the operator runs them, against a local folder.

Every test runs the real invoke command line in a subprocess. The target comes from
SAFEONLINE_PUBLISH_TARGET (read by publishconf.py) or from `--target`; the content is
the tiny `basic` fixture, built twice for the whole module. The rollback path over
many publishes and rollbacks, interrupted uploads and the switch itself are in
test_rollback.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ENV_TARGET = "SAFEONLINE_PUBLISH_TARGET"
# An edition's own public addresses (publishconf.py reads them from the environment);
# the bundled example.org placeholders are refused.
EDITION = {"SAFEONLINE_SITEURL": "https://safeonline-edition.net",
           "SAFEONLINE_CONTACT_EMAIL": "help-desk@safeonline-edition.net",
           "SAFEONLINE_ORGANISATION_URL": "https://safeonline-edition.net/"}


@pytest.fixture(scope="module", name="invoke")
def invoke_as_an_edition(invoke):
    """`invoke(*args, target_env=None, edition=EDITION)`: conftest's `invoke`, run as an
    edition's operator: its own addresses, SAFEONLINE_PUBLISH_TARGET set to `target_env`
    or unset."""

    def run(*args: str, target_env: str | None = None,
            edition: dict[str, str] = EDITION) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != ENV_TARGET and k not in EDITION}
        env.update(edition)
        if target_env is not None:
            env[ENV_TARGET] = target_env
        return invoke(*args, env=env)

    return run


def live(target: Path) -> Path:
    return (target / "current").resolve()


def history(target: Path) -> list[str]:
    return (target / "history").read_text().split()


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory, invoke, make_content):
    """Two publishes of the basic fixture: to SAFEONLINE_PUBLISH_TARGET, then an edit to --target.

    The second run has the variable pointing elsewhere, so it shows --target wins.
    """
    tmp = tmp_path_factory.mktemp("publish")
    content = make_content(tmp, "basic")
    for about in (content / "pages").glob("about.*.md"):  # names the organisation's contact
        about.write_text(about.read_text() + "\nWrite to {organisation.email}.\n")
    target = tmp / "host" / "safeonline"
    build = ("--content", str(content), "--output", str(tmp / "build"))
    first = invoke("publish", *build, target_env=str(target))
    assert first.returncode == 0, first.stderr
    first_release = live(target)
    lesson = content / "materials/teachers/lesson.en.md"
    lesson.write_text(lesson.read_text() + "\nEnd with a question from every pupil.\n")
    second = invoke("publish", *build, "--target", str(target),
                    target_env=str(tmp / "not-this-one"))
    assert second.returncode == 0, second.stderr
    return tmp, content, target, first_release, live(target), (first, second)


def test_publish_uploads_a_release_and_switches_current(published):
    tmp, _, target, first, second, (run1, run2) = published
    assert first != second
    assert first.parent == second.parent == target / "releases"
    assert os.readlink(target / "current") == f"releases/{second.name}"
    assert history(target) == [first.name, second.name]
    assert f"Published {first.name} to {target}." in run1.stdout
    assert f"Published {second.name} to {target}." in run2.stdout
    assert not (tmp / "not-this-one").exists()
    page = (second / "en/materials/lesson/index.html").read_text()
    assert "End with a question from every pupil." in page
    assert "End with a question" not in (first / "en/materials/lesson/index.html").read_text()
    # publishconf.py: absolute canonical URLs.
    assert 'href="https://safeonline-edition.net/en/materials/lesson/"' in page


def test_unchanged_files_are_hard_links_between_releases(published):
    _, _, _, first, second, _ = published
    font = next(first.rglob("*.woff2")).relative_to(first)
    assert (first / font).stat().st_ino == (second / font).stat().st_ino


def test_publishing_the_same_site_again_changes_nothing(published):
    from safeonline.commands.publish import deploy

    tmp, _, target, _, second, _ = published
    assert deploy(tmp / "build", {"target": str(target)}) == (second.name, False)
    assert live(target) == second


def test_a_broken_material_stops_publish_and_leaves_the_live_site(published, tmp_path,
                                                                  invoke):
    tmp, content, target, _, second, _ = published
    before = fingerprint(live(target))
    broken = tmp_path / "content"
    shutil.copytree(content, broken)
    (broken / "materials/parents/game-chat.en.md").write_text("Title: no audience\n\nText.\n")
    run = invoke("publish", "--content", str(broken), "--output", str(tmp / "build"),
                 "--target", str(target))
    assert run.returncode == 1
    assert "content/materials/parents/game-chat.en.md:1: error: 'Audience' is missing" in run.stderr
    assert "the live site was not touched" in run.stderr
    assert live(target) == second and fingerprint(second) == before


def test_rollback_from_the_command_line_then_forward_again_with_to(published, invoke):
    _, _, target, first, second, _ = published
    run = invoke("rollback", target_env=str(target))
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"Rolled back {target}: {second.name} -> {first.name}.\n"
    assert live(target) == first and history(target) == [first.name]
    assert "End with a question" not in (target / "current/en/materials/lesson/index.html"
                                         ).read_text()

    again = invoke("rollback", "--target", str(target))
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == (f"Rollback failed: nothing was live before {first.name} on this "
                            f"host; pick a release with --to ({second.name})\n")

    forward = invoke("rollback", "--to", second.name, "--target", str(target))
    assert forward.returncode == 0, forward.stderr
    assert forward.stdout == f"Rolled back {target}: {first.name} -> {second.name}.\n"
    assert live(target) == second and history(target) == [first.name, second.name]


def test_rollback_to_an_unknown_release_names_the_kept_ones(published, invoke):
    _, _, target, first, second, _ = published
    run = invoke("rollback", "--to", "20260101T000000Z-deadbeef", "--target", str(target))
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == (f"Rollback failed: no release '20260101T000000Z-deadbeef' on {target} "
                          f"(kept: {first.name}, {second.name})\n")
    assert live(target) == second


def test_without_a_target_publish_and_rollback_say_what_to_set(tmp_path, invoke):
    for run in (invoke("publish", "--content", str(tmp_path)), invoke("rollback")):
        assert (run.returncode, run.stdout) == (1, "")
        assert "no deploy target: set PUBLISH = {'target': '/srv/www/safeonline'}" in run.stderr
        assert "Traceback" not in run.stderr


def test_invoke_rollback_after_rollback_and_publish_returns_to_the_release_that_was_live(
        tmp_path, invoke, make_site):
    """The issue's story: keep 2; publish v1..v4; roll back to v3; publish v5; roll back."""
    from safeonline.commands.publish import deploy

    host = tmp_path / "host"
    options = {"target": str(host), "keep": 2}
    names = {}
    for day in range(1, 5):
        names[day], _ = deploy(make_site(tmp_path / f"v{day}", f"version {day}"), options,
                               now=dt.datetime(2026, 11, day, tzinfo=dt.UTC))
    back = invoke("rollback", "--target", str(host))
    assert back.stdout == f"Rolled back {host}: {names[4]} -> {names[3]}.\n", back.stderr
    names[5], _ = deploy(make_site(tmp_path / "v5", "version 5"), options,
                         now=dt.datetime(2026, 11, 5, tzinfo=dt.UTC))
    run = invoke("rollback", "--target", str(host))
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"Rolled back {host}: {names[5]} -> {names[3]}.\n"
    assert (host / "current/en/index.html").read_text() == "<p>version 3</p>"


def test_publish_needs_a_target_an_absolute_siteurl_and_a_count_to_keep():
    from safeonline.commands.publish import PublishError, check_publish_settings

    with pytest.raises(PublishError, match=r"no deploy target: set PUBLISH"):
        check_publish_settings({"PUBLISH": {"target": ""}, "SITEURL": "https://x.org"})
    with pytest.raises(PublishError, match=r"SITEURL to the site's public https://"):
        check_publish_settings({"PUBLISH": {"target": "/srv/www"}, "SITEURL": ""})
    from safeonline.core.settings import SettingsError

    doc = "(keep: releases kept on the host, the live one and the one `invoke rollback` " \
          "returns to always among them)"
    for keep, wrong in ((0, "must be 1 or more (it is 0)"),
                        ("3", "must be a whole number, not str '3'"),
                        (2.5, "must be a whole number, not float 2.5")):
        with pytest.raises(SettingsError) as raised:  # PUBLISH is typed (commands/config.py)
            check_publish_settings({"PUBLISH": {"target": "/srv/www", "keep": keep},
                                    "SITEURL": "https://x.org"})
        assert raised.value.problems.as_text() == (
            f"publishconf.py: error: PUBLISH['keep'] {wrong} {doc}")
    assert check_publish_settings({"PUBLISH": {"target": "/srv/www", "keep": 1},
                                   "SITEURL": "https://x.org"})["keep"] == 1


def test_publish_refuses_the_placeholder_addresses(tmp_path, invoke, make_content):
    target = tmp_path / "www"
    run = invoke("publish", "--content", str(make_content(tmp_path, "basic")),
                 "--output", str(tmp_path / "out"), target_env=str(target), edition={})
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        ("publishconf.py: error: SITEURL is 'https://safeonline.example.org', a reserved example "
        "address (set your own in publishconf.py, or in the environment as SAFEONLINE_SITEURL)"),
        ("publishconf.py: error: ORGANISATION['email'] is 'contact@example.org', a reserved "
        "example address (set your own in publishconf.py, or in the environment as "
        "SAFEONLINE_CONTACT_EMAIL)"),
        ("publishconf.py: error: ORGANISATION['url'] is 'https://safeonline.example.org/', a "
        "reserved example address (set your own in publishconf.py, or in the environment as "
        "SAFEONLINE_ORGANISATION_URL)"),
        "Publish stopped: 3 placeholder address(es); the live site was not touched."]
    assert not target.exists() and not (tmp_path / "out").exists()


def test_a_published_edition_names_its_own_contact(published):
    """The placeholders gone, every page that names the organisation names the edition's."""
    site = published[4]
    for lang in ("en", "ar"):
        about = (site / lang / "about" / "index.html").read_text(encoding="utf-8")
        assert ('<a href="mailto:help-desk@safeonline-edition.net">'
                'help-desk@safeonline-edition.net</a>') in about
    assert not [p for p in site.rglob("*.html") if "example.org" in p.read_text(encoding="utf-8")]
