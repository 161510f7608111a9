"""Releases on the host: where a rollback goes, what `keep` deletes, and how `current` switches.

The target is a temporary folder, reached two ways: as a local path, and as an rsync/ssh
destination `host:/path` whose "ssh" is a shim running the command locally, so the
remote code path (rsync's protocol, the switch over ssh) runs for real. Sites are two
files each, so hundreds of publishes take seconds; test_publish.py publishes real builds.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import threading
from pathlib import Path

import pytest

from safeonline.commands.publish import PublishError, deploy, rollback

TARGETS = pytest.mark.parametrize("remote", [False, True], ids=["local-folder", "rsync-over-ssh"])


def day(n: int) -> dt.datetime:
    return dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(hours=n)


def host_options(tmp_path: Path, ssh_shim: str, remote: bool, keep: int) -> dict:
    host = tmp_path / "host"
    return {"target": f"webhost:{host}" if remote else str(host), "keep": keep, "ssh": ssh_shim}


def on_disk(host: Path) -> list[str]:
    return sorted(p.name for p in (host / "releases").iterdir())


def live_text(host: Path) -> str:
    return (host / "current/en/index.html").read_text()


def history(host: Path) -> list[str]:
    return (host / "history").read_text().split()


@pytest.fixture()
def shims(tmp_path, monkeypatch):
    """Put a shell script named like a tool first on PATH; REAL in it is the real tool."""
    folder = tmp_path / "shims"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")

    def shim(tool: str, body: str) -> None:
        real = shutil.which(tool, path=os.environ["PATH"].split(os.pathsep, 1)[1])
        (folder / tool).write_text("#!/bin/sh\n" + body.replace("REAL", real))
        (folder / tool).chmod(0o755)

    return shim


@TARGETS
def test_rollback_after_a_publish_returns_to_the_release_that_was_live(tmp_path, ssh_shim,
                                                                         remote, make_site):
    """keep 2; publish v1..v4; roll back to v3; publish v5: v3 stays, v4 (rejected) goes."""
    options = host_options(tmp_path, ssh_shim, remote, keep=2)
    host = tmp_path / "host"
    v = {n: deploy(make_site(tmp_path / f"v{n}", f"version {n}"), options, now=day(n))[0]
         for n in range(1, 5)}
    assert on_disk(host) == [v[3], v[4]] and history(host) == [v[3], v[4]]
    assert rollback(options) == (v[4], v[3])
    assert live_text(host) == "<p>version 3</p>" and history(host) == [v[3]]

    v[5], changed = deploy(make_site(tmp_path / "v5", "version 5"), options, now=day(5))
    assert changed and live_text(host) == "<p>version 5</p>"
    assert on_disk(host) == [v[3], v[5]] and history(host) == [v[3], v[5]]
    assert rollback(options) == (v[5], v[3])
    assert live_text(host) == "<p>version 3</p>"
    with pytest.raises(PublishError) as raised:
        rollback(options)
    assert str(raised.value) == (f"nothing was live before {v[3]} on this host; "
                                 f"pick a release with --to ({v[5]})")


class Operator:
    """What the operator expects, kept the plainest way: the releases that went live.

    A publish goes on top; a rollback takes the top off (that release is rejected); a
    rollback to a release cuts back to it, or puts a rejected one back on top. On disk
    stay the `keep` newest of that stack (never fewer than 2), then the newest others.
    """

    def __init__(self, keep: int) -> None:
        self.keep, self.stack, self.disk = keep, [], []

    def published(self, name: str) -> None:
        self.stack.append(name)
        self.disk.append(name)
        wanted = self.stack[-max(self.keep, 2):]
        others = sorted(set(self.disk) - set(wanted), reverse=True)
        self.disk = sorted({*wanted, *others[:max(self.keep - len(wanted), 0)]})
        self.stack = [name for name in self.stack if name in self.disk]

    def rolled_back_to(self, name: str) -> None:
        if name in self.stack:
            del self.stack[self.stack.index(name) + 1:]
        else:
            self.stack.append(name)


@pytest.mark.parametrize(("remote", "keep", "seed"), [(False, 1, 1), (False, 3, 2), (True, 2, 3)],
                         ids=["local-keep1", "local-keep3", "rsync-over-ssh-keep2"])
def test_any_mix_of_publishes_and_rollbacks_follows_the_operators_history(
        tmp_path, ssh_shim, remote, keep, seed, make_site):
    options = host_options(tmp_path, ssh_shim, remote, keep)
    host = tmp_path / "host"
    rng = random.Random(seed)
    expected = Operator(keep)
    sites: dict[str, Path] = {}
    texts: dict[str, str] = {}
    rejected: set[str] = set()  # rolled back away from, and not chosen again since
    done: set[str] = set()  # the kinds of step this sequence went through
    for step in range(40):
        live = expected.stack[-1] if expected.stack else None
        action = rng.choices(["publish", "rollback", "to", "same"], [45, 30, 15, 10])[0]
        if action == "same" and live:  # the site as it is live: nothing to do
            assert deploy(sites[live], options, now=day(step)) == (live, False)
            done.add("unchanged")
        elif action == "rollback" and live and len(expected.stack) == 1:
            with pytest.raises(PublishError, match=f"nothing was live before {live}"):
                rollback(options)
            done.add("nothing to roll back to")
        elif action == "rollback" and live:
            old, new = rollback(options)
            assert old == live and new not in rejected and new != live
            rejected.add(live)
            expected.rolled_back_to(new)
            done.add("rollback")
        elif action == "to" and live:
            chosen = rng.choice(expected.disk)
            assert rollback(options, to=chosen) == (live, chosen)
            if chosen in expected.stack:
                rejected |= set(expected.stack[expected.stack.index(chosen) + 1:])
                done.add("--to back along the path")
            else:
                done.add("--to a rejected release")
            rejected.discard(chosen)
            expected.rolled_back_to(chosen)
        else:  # a new site, or now and then one published before (same bytes, new release)
            reuse = list(sites.values()) and rng.random() < 0.2
            site = rng.choice(list(sites.values())) if reuse else \
                make_site(tmp_path / f"site{step}", f"step {step}")
            if site == sites.get(live):
                continue
            name, changed = deploy(site, options, now=day(step))
            assert changed and (live is None or live in on_disk(host))  # the one before stays
            sites[name], texts[name] = site, (site / "en/index.html").read_text()
            expected.published(name)
            done.add("publish again" if reuse else "publish")
        assert os.readlink(host / "current") == f"releases/{expected.stack[-1]}", step
        assert live_text(host) == texts[expected.stack[-1]]
        assert on_disk(host) == expected.disk, step
        assert history(host) == expected.stack, step
    assert done == {"publish", "publish again", "unchanged", "rollback", "nothing to roll back to",
                    "--to back along the path", "--to a rejected release"}


def test_a_host_published_before_the_history_file_rolls_back_by_age(tmp_path, make_site):
    """Hosts published by earlier versions have releases and `current`, but no history."""
    host = tmp_path / "host"
    names = ["20261101T000000Z-0000000a", "20261102T000000Z-0000000b", "20261103T000000Z-0000000c"]
    for name in names:
        make_site(host / "releases" / name, name)
    (host / "current").symlink_to(f"releases/{names[2]}")
    assert rollback({"target": str(host)}) == (names[2], names[1])
    assert history(host) == names[:2]
    assert rollback({"target": str(host)}) == (names[1], names[0])


@TARGETS
def test_an_interrupted_upload_never_goes_live_and_the_next_publish_replaces_it(
        tmp_path, ssh_shim, remote, shims, monkeypatch, make_site):
    options = host_options(tmp_path, ssh_shim, remote, keep=5)
    host = tmp_path / "host"
    first, _ = deploy(make_site(tmp_path / "v1", "version 1"), options, now=day(1))
    site = make_site(tmp_path / "v2", "version 2")
    # An rsync killed half-way: logo.svg arrives, en/ never does.
    shims("rsync", 'if [ "$1" = --server ]; then exec REAL "$@"; fi\n'
                   'REAL --exclude=/en/ "$@"\nkill -KILL $$\n')
    with pytest.raises(PublishError, match="rsync failed"):
        deploy(site, options, now=day(2))
    (partial,) = (host / "releases").glob("*.partial")
    assert sorted(p.name for p in partial.iterdir()) == ["logo.svg"]
    assert live_text(host) == "<p>version 1</p>" and history(host) == [first]
    with pytest.raises(PublishError) as raised:
        rollback(options, to=partial.name)
    assert str(raised.value) == f"no release '{partial.name}' on {options['target']} " \
                                f"(kept: {first})"
    with pytest.raises(PublishError, match=f"nothing was live before {first} on this host$"):
        rollback(options)

    monkeypatch.undo()  # rsync works again
    second, changed = deploy(site, options, now=day(3))
    assert changed and live_text(host) == "<p>version 2</p>"
    assert on_disk(host) == [first, second] and history(host) == [first, second]
    assert rollback(options) == (second, first)


@pytest.fixture()
def two_releases(tmp_path, make_site):
    """`two_releases(options)`: version 1, then version 2, published to `options`' target."""

    def publish(options: dict) -> tuple[str, str]:
        first, _ = deploy(make_site(tmp_path / "v1", "version 1"), options, now=day(1))
        second, _ = deploy(make_site(tmp_path / "v2", "version 2"), options, now=day(2))
        return first, second

    return publish


LOG_AND_RUN = 'echo "$(basename "$0") $* :: $(readlink current)" >> "{log}"\nexec REAL "$@"\n'


@TARGETS
def test_the_switch_renames_a_new_symlink_over_current(tmp_path, ssh_shim, remote, shims,
                                                        two_releases):
    """Each step of a rollback, with where `current` pointed when it ran: never nowhere."""
    options = host_options(tmp_path, ssh_shim, remote, keep=5)
    first, second = two_releases(options)
    log = tmp_path / "steps.log"
    for tool in ("ln", "mv", "rm"):
        shims(tool, LOG_AND_RUN.format(log=log))
    assert rollback(options, to=first) == (second, first)
    assert log.read_text().splitlines() == [
        f"ln -sfn releases/{first} .current.new :: releases/{second}",
        f"mv -fT .current.new current :: releases/{second}",
        f"mv -f .history.new history :: releases/{first}",
    ]


@TARGETS
def test_a_failed_switch_leaves_the_old_release_live(tmp_path, ssh_shim, remote, shims,
                                                      two_releases, make_site):
    options = host_options(tmp_path, ssh_shim, remote, keep=5)
    host = tmp_path / "host"
    first, second = two_releases(options)
    shims("mv", 'case "$*" in *" current") echo "mv: cannot move to current: '
                'Read-only file system" >&2; exit 1;; esac\nexec REAL "$@"\n')
    failed = r"(shell|ssh) failed: mv: cannot move to current: Read-only file system"
    with pytest.raises(PublishError, match=failed):
        rollback(options, to=first)
    with pytest.raises(PublishError, match=failed):
        deploy(make_site(tmp_path / "v3", "version 3"), options, now=day(3))
    assert os.readlink(host / "current") == f"releases/{second}"
    assert live_text(host) == "<p>version 2</p>" and history(host) == [first, second]
    assert not (host / ".current.new").exists()


def test_readers_never_find_current_missing_while_it_switches(tmp_path, two_releases):
    options = {"target": str(tmp_path / "host")}
    first, second = two_releases(options)
    page = tmp_path / "host/current/en/index.html"
    seen: list[str] = []
    stop = threading.Event()

    def read_forever() -> None:
        while not stop.is_set():
            try:
                seen.append(page.read_text())
            except FileNotFoundError:
                seen.append("missing")

    reader = threading.Thread(target=read_forever)
    reader.start()
    try:
        for _ in range(20):
            rollback(options, to=first)
            rollback(options, to=second)
    finally:
        stop.set()
        reader.join()
    assert set(seen) == {"<p>version 1</p>", "<p>version 2</p>"}
