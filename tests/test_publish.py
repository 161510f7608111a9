"""Publishing to a real target with rsync, and rolling back when something went wrong.

The target is a temporary folder, reached two ways: as a local path, and as an
rsync/ssh destination `host:/path` whose "ssh" is a shim running the command
locally, so the remote code path (rsync's protocol, the switch over ssh) runs for real.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, make_content


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "--search-root", str(ROOT), *args],
                          check=False, capture_output=True, text=True, cwd=ROOT)


def live(target: Path) -> Path:
    return (target / "current").resolve()


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Two publishes of the basic fixture, the second after an edit."""
    tmp = tmp_path_factory.mktemp("publish")
    content = make_content(tmp, "basic")
    target = tmp / "host" / "safeonline"
    args = ("publish", "--content", str(content), "--output", str(tmp / "build"),
            "--target", str(target))
    first = invoke(*args)
    assert first.returncode == 0, first.stderr
    first_release = live(target)
    lesson = content / "materials/teachers/lesson.en.md"
    lesson.write_text(lesson.read_text() + "\nEnd with a question from every pupil.\n")
    second = invoke(*args)
    assert second.returncode == 0, second.stderr
    return tmp, content, target, args, first_release, live(target), (first, second)


def test_publish_uploads_a_release_and_switches_current(published):
    _, _, target, _, first, second, (_run1, run2) = published
    assert first != second
    assert first.parent == second.parent == target / "releases"
    assert os.readlink(target / "current") == f"releases/{second.name}"
    assert f"Published {second.name} to {target}." in run2.stdout
    page = (second / "en/materials/lesson/index.html").read_text()
    assert "End with a question from every pupil." in page
    assert "End with a question" not in (first / "en/materials/lesson/index.html").read_text()
    # publishconf.py: absolute canonical URLs.
    assert 'href="https://safeonline.example.org/en/materials/lesson/"' in page


def test_unchanged_files_are_hard_links_between_releases(published):
    _, _, _, _, first, second, _ = published
    font = next(first.rglob("*.woff2")).relative_to(first)
    assert (first / font).stat().st_ino == (second / font).stat().st_ino


def test_publishing_the_same_site_again_changes_nothing(published):
    from safeonline.commands.publish import deploy

    tmp, _, target, _, _, second, _ = published
    assert deploy(tmp / "build", {"target": str(target)}) == (second.name, False)
    assert live(target) == second


def test_a_broken_material_stops_publish_and_leaves_the_live_site(published, tmp_path):
    tmp, content, target, _args, _, second, _ = published
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


def test_rollback_restores_the_previous_release_then_says_when_there_is_none(published):
    _, _, target, _, first, second, _ = published
    run = invoke("rollback", "--target", str(target))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"Rolled back {target}: {second.name} -> {first.name}."
    assert live(target) == first
    assert "End with a question" not in (target / "current/en/materials/lesson/index.html"
                                         ).read_text()
    from safeonline.commands.publish import PublishError, rollback

    with pytest.raises(PublishError, match="is the oldest release kept"):
        rollback({"target": str(target)})
    assert rollback({"target": str(target)}, to=second.name) == (first.name, second.name)
    assert live(target) == second


def make_site(folder: Path, text: str) -> Path:
    (folder / "en").mkdir(parents=True, exist_ok=True)
    (folder / "en" / "index.html").write_text(f"<p>{text}</p>")
    (folder / "logo.svg").write_text("<svg/>")
    return folder


@pytest.fixture()
def ssh_shim(tmp_path) -> str:
    """`ssh HOST COMMAND...` that runs COMMAND here: the remote path, without a server."""
    shim = tmp_path / "fake-ssh"
    shim.write_text('#!/bin/sh\nshift\nexec sh -c "$*"\n')
    shim.chmod(0o755)
    return str(shim)


@pytest.mark.parametrize("remote", [False, True], ids=["local-folder", "rsync-over-ssh"])
def test_releases_are_pruned_but_rollback_always_has_one(tmp_path, ssh_shim, remote):
    from safeonline.commands.publish import deploy, rollback

    host = tmp_path / "host"
    options = {"target": f"webhost:{host}" if remote else str(host), "keep": 2,
               "ssh": ssh_shim}
    names = []
    for day in range(1, 5):
        site = make_site(tmp_path / f"site{day}", f"version {day}")
        name, changed = deploy(site, options, now=dt.datetime(2026, 11, day, tzinfo=dt.UTC))
        assert changed
        names.append(name)
    assert sorted(p.name for p in (host / "releases").iterdir()) == names[-2:]
    assert (host / "current/en/index.html").read_text() == "<p>version 4</p>"
    assert rollback(options) == (names[3], names[2])
    assert (host / "current/en/index.html").read_text() == "<p>version 3</p>"
    # A publish after a rollback becomes the newest, and the one before it stays.
    name, _ = deploy(make_site(tmp_path / "site5", "version 5"), options,
                     now=dt.datetime(2026, 11, 5, tzinfo=dt.UTC))
    assert sorted(p.name for p in (host / "releases").iterdir()) == [names[3], name]
    assert (host / "current/en/index.html").read_text() == "<p>version 5</p>"


def test_publish_needs_a_target_and_an_absolute_siteurl():
    from safeonline.commands.publish import PublishError, check_publish_settings

    with pytest.raises(PublishError, match=r"no deploy target: set PUBLISH"):
        check_publish_settings({"PUBLISH": {"target": ""}, "SITEURL": "https://x.org"})
    with pytest.raises(PublishError, match=r"SITEURL to the site's public https://"):
        check_publish_settings({"PUBLISH": {"target": "/srv/www"}, "SITEURL": ""})
