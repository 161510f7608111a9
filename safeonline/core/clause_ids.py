"""Clause ids (`PP9`, `OP10`): how editors may write them, their one spelling, their order.

The resolution numbers its preambular (`PP`) and operative (`OP`) paragraphs;
which ids exist is data (content/resolution/<lang>.toml, loaded by the
resolution plugin), so this module knows only their shape and takes the known
ids as an argument wherever it validates. The content check, the `[[OP10]]`
Markdown extension, coverage, leaflets and `invoke new` all read ids through
it, so they agree on what `[[ op 10 ]]` means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .runs import runs

KINDS = {"PP": "preambular", "OP": "operative"}
# The spelling in the data files and in every output: `PP9`, `OP10`.
ID_PATTERN = r"(?:PP|OP)[1-9][0-9]*"
ID_RE = re.compile(ID_PATTERN)
# What an editor may write for one: any case, spaces inside (`op 10`). Looser than
# ID_PATTERN on purpose: `[[OP99]]` or `[[XP1]]` is reported as an unknown clause
# instead of passing silently as text.
WRITTEN_PATTERN = r"[A-Za-z]{2}\s*\d+"
# A citation in the text, `[[OP10]]`; group 1 is the id as written.
REF_PATTERN = rf"\[\[\s*({WRITTEN_PATTERN})\s*\]\]"
REF_RE = re.compile(REF_PATTERN)
LIST_SEPARATORS_RE = re.compile(r"[,;]")


def normalise(written: str) -> str:
    """`op 10` -> `OP10`: the one spelling of an id as an editor wrote it."""
    return re.sub(r"\s+", "", written).upper()


def is_id(cid: str) -> bool:
    """Whether `cid` is spelt as an id (`OP10`); not whether the resolution has it."""
    return ID_RE.fullmatch(cid) is not None


def split_ids(value: str) -> list[str]:
    """`OP10, op 16; PP9` -> the ids as written, in order (a `Clauses:` value, `--clauses`)."""
    return [v.strip() for v in LIST_SEPARATORS_RE.split(value) if v.strip()]


def kind(cid: str) -> str:
    """`preambular` or `operative`."""
    return KINDS[cid[:2]]


def number(cid: str) -> int:
    return int(cid[2:])


def sort_key(cid: str) -> tuple[int, int]:
    """Operative clauses first: they are what parliaments are asked to do."""
    return (0 if cid.startswith("OP") else 1, number(cid))


def describe(known: Iterable[str]) -> str:
    """`PP1–PP20, OP1–OP22`: the known ids as ranges, preambular first, for messages."""
    known = list(known)
    parts = []
    for prefix in KINDS:
        for first, last in runs(number(c) for c in known if c.startswith(prefix)):
            parts.append(f"{prefix}{first}" if first == last
                         else f"{prefix}{first}–{prefix}{last}")
    return ", ".join(parts) or "no clauses"
