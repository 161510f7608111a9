"""Which release `invoke rollback` returns to, and which releases `keep` may delete.

The host records the rollback path: the releases that went live, oldest first, with
the live one last. Going live works like a browser's history:

- publishing NAME appends it: rolling back from NAME returns to the release before;
- rolling back to a release on the path cuts the path there: every release after it
  was rolled back *away from* (rejected), so no later rollback returns to it;
- rolling back to a release off the path (one rejected earlier, chosen again with
  `--to`) appends it, like a publish.

One rule covers all three (`went_live`), and it also repairs the record when a switch
happened but the record was not written (a killed process): the live release is then
applied to the record as if it had just gone live.
"""

from __future__ import annotations


def went_live(path: list[str], name: str) -> list[str]:
    """The rollback path after `name` became live."""
    if name in path:
        return path[: path.index(name) + 1]
    return [*path, name]


def previous(path: list[str]) -> str | None:
    """The release `invoke rollback` returns to: the one live before the live one."""
    return path[-2] if len(path) >= 2 else None


def reconciled(recorded: list[str] | None, releases: list[str], live: str | None) -> list[str]:
    """The rollback path as recorded, limited to releases still on the host.

    `recorded` is None for a host published before the path was recorded: its path
    is then every release up to the live one, by age, which is what rollback did then.
    """
    kept = set(releases)
    if recorded is None:
        path = [r for r in releases if live is not None and r <= live]
    else:
        path = [r for r in recorded if r in kept]
    return went_live(path, live) if live in kept else path


def to_keep(path: list[str], releases: list[str], keep: int) -> set[str]:
    """`keep` releases: the newest on the rollback path first, then the newest others.

    The live release and the one rollback returns to are always kept, even with
    `keep` = 1; releases that were rolled back away from go first when room is short.
    """
    kept = set(path[-max(keep, 2):])
    others = [r for r in sorted(releases, reverse=True) if r not in kept]
    return kept | set(others[: max(keep - len(kept), 0)])
