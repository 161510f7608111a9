"""`invoke publish` and `invoke rollback`: releases on the host, switched atomically.

The host keeps every upload as its own folder and serves a `current` symlink:

    TARGET/releases/20261123T214501Z-3f9a0c1b/   one complete site per publish
    TARGET/current -> releases/20261123T214501Z-3f9a0c1b

A release is uploaded under a temporary name (rsync, hard-linking files that
did not change from the live release) and renamed when complete; then a new
symlink is renamed over `current`, which is atomic on POSIX: a reader gets the
old site or the new one, never a mixture. Rolling back is the same switch to
an earlier folder, so it is instant. TARGET is a local folder or an rsync
destination `host:/path` (switching then runs over ssh).

Beside `current`, TARGET/history lists the rollback path (release_history.py):
the releases that went live, oldest first, so a rollback returns to the release
live before the current one and never to one already rolled back away from. It is
rewritten whole and renamed into place, like `current`. One publish or rollback
runs at a time per target: a publish first deletes any `releases/*.partial` left by
an upload that was killed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shlex
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from safeonline.commands.release_history import previous, reconciled, to_keep, went_live

from .config import publish_settings

RELEASE_RE = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}$")
REMOTE_RE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.+)$")  # rsync's rule: a colon before any /
HISTORY = "history"  # TARGET/history: the rollback path, one release a line, live one last
NO_HISTORY = "no-history"


class PublishError(Exception):
    """Publishing or rolling back could not be done; the message says why and what to do."""


def site_hash(site: Path) -> str:
    """A short fingerprint of a built site: same files, same bytes → same hash."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:8]


def release_name(site: Path, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{site_hash(site)}"


def _run(cmd: list[str], what: str) -> str:
    try:
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise PublishError(f"{what}: '{cmd[0]}' is not installed") from None
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or exc.stdout).strip().splitlines()
        raise PublishError(f"{what} failed: {detail[-1] if detail else exc}") from None
    return done.stdout


@dataclass
class Target:
    """Where releases live. Local paths are switched with os calls, remote ones over ssh."""

    spec: str
    ssh: str = "ssh"

    @property
    def remote(self) -> re.Match | None:
        return REMOTE_RE.match(self.spec)

    @property
    def root(self) -> str:
        return self.remote.group("path") if self.remote else str(Path(self.spec).resolve())

    def _shell(self, script: str) -> str:
        """Run a POSIX shell snippet in the target's root (locally or over ssh)."""
        script = f"cd {shlex.quote(self.root)} && {script}"
        if self.remote:
            return _run([*shlex.split(self.ssh), self.remote.group("host"), script], "ssh")
        return _run(["sh", "-c", script], "shell")

    def prepare(self) -> None:
        """Create TARGET/releases and delete uploads that never finished (`*.partial`)."""
        if self.remote:
            _run([*shlex.split(self.ssh), self.remote.group("host"),
                  f"mkdir -p {shlex.quote(self.root + '/releases')}"], "ssh")
        else:
            (Path(self.root) / "releases").mkdir(parents=True, exist_ok=True)
        self._shell("rm -rf releases/*.partial")

    def releases(self) -> list[str]:
        """Complete releases, oldest first; a `.partial` upload is never one."""
        listing = self._shell("ls -1 releases 2>/dev/null || true")
        return sorted(name for name in listing.split() if RELEASE_RE.match(name))

    def current(self) -> str | None:
        link = self._shell("readlink current 2>/dev/null || true").strip()
        return link.rsplit("/", 1)[-1] or None

    def recorded(self) -> list[str] | None:
        """The rollback path in TARGET/history, or None if this host has none yet."""
        text = self._shell(f"if [ -e {HISTORY} ]; then cat {HISTORY}; else echo {NO_HISTORY}; fi")
        if text.strip() == NO_HISTORY:
            return None
        return [line for line in text.split() if RELEASE_RE.match(line)]

    def record(self, path: list[str]) -> None:
        """Write TARGET/history whole, then rename it into place: never half a file."""
        lines = " ".join(shlex.quote(name) for name in path)
        self._shell(f"printf '%s\\n' {lines} > .{HISTORY}.new && mv -f .{HISTORY}.new {HISTORY}")

    def upload(self, site: Path, name: str, live: str | None) -> None:
        """rsync into `releases/NAME.partial/`, then rename: no half release has a real name."""
        dest = f"{self.spec.rstrip('/')}/releases/{name}.partial/"
        # No -t: builds rewrite every file, so mtimes always differ; comparing by checksum
        # without times lets --link-dest hard-link the files whose bytes did not change.
        cmd = ["rsync", "--recursive", "--links", "--perms", "--delete", "--checksum"]
        if self.remote:
            cmd += ["-e", self.ssh]
        if live:  # unchanged files become hard links to the live release: cheap releases
            cmd.append(f"--link-dest=../{live}")
        _run([*cmd, f"{site}/", dest], "rsync")
        self._shell(f"mv releases/{shlex.quote(name)}.partial releases/{shlex.quote(name)}")

    def switch(self, name: str) -> None:
        """Point `current` at `releases/NAME` by renaming a new symlink over it (atomic).

        `current` is never removed: a reader sees the old link or the new one. If the
        rename fails, the old link stays live and the temporary one is deleted.
        """
        quoted = shlex.quote(f"releases/{name}")
        self._shell(f"test -d {quoted} && ln -sfn {quoted} .current.new && "
                    "{ mv -fT .current.new current || { rm -f .current.new; exit 1; }; }")

    def remove(self, names: list[str]) -> None:
        """Delete these releases."""
        if names:
            self._shell("rm -rf " + " ".join(shlex.quote(f"releases/{n}") for n in names))


def deploy(site: Path, options: dict, now: dt.datetime | None = None) -> tuple[str, bool]:
    """Upload `site` as a new release and switch to it; (release, False) if nothing changed.

    Then `keep` releases stay (release_history.to_keep): the live one, the one a
    rollback returns to, and the newest others; the rest are deleted.
    """
    target = Target(options["target"], options.get("ssh", "ssh"))
    target.prepare()
    name = release_name(site, now)
    live = target.current()
    if live and live.split("-", 1)[1] == name.split("-", 1)[1]:
        return live, False
    releases = target.releases()
    path = reconciled(target.recorded(), releases, live)
    if name not in releases:  # the same bytes in the same second are already there
        target.upload(site, name, live)
        releases.append(name)
    target.switch(name)
    path = went_live(path, name)
    kept = to_keep(path, releases, int(options.get("keep", 5)))
    target.record([r for r in path if r in kept])
    target.remove([r for r in releases if r not in kept])
    return name, True


def rollback(options: dict, to: str | None = None) -> tuple[str | None, str]:
    """Switch `current` to the release live before it (or to `to`); return (from, to)."""
    target = Target(options["target"], options.get("ssh", "ssh"))
    releases = target.releases()
    live = target.current()
    path = reconciled(target.recorded(), releases, live)
    if to is None:
        if live not in releases:
            raise PublishError(f"{options['target']} has no current release to roll back from")
        to = previous(path)
        if to is None:
            others = [r for r in releases if r != live]
            raise PublishError(f"nothing was live before {live} on this host" +
                               (f"; pick a release with --to ({', '.join(others)})"
                                if others else ""))
    elif to not in releases:
        raise PublishError(f"no release '{to}' on {options['target']} "
                           f"(kept: {', '.join(releases) or 'none'})")
    target.switch(to)
    target.record(went_live(path, to))
    return live, to


def check_publish_settings(settings: dict) -> dict:
    """The PUBLISH dict and an absolute https SITEURL, or a PublishError saying what to set."""
    options = asdict(publish_settings(settings))
    if not options.get("target"):
        raise PublishError("no deploy target: set PUBLISH = {'target': '/srv/www/safeonline'} "
                           "(or 'host:/path') in publishconf.py, or pass --target")
    if not str(settings.get("SITEURL", "")).startswith("https://"):
        raise PublishError("publishconf.py must set SITEURL to the site's public https:// "
                           "address, so canonical links and QR codes are absolute")
    return options
