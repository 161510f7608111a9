"""A published material must not still say `TODO:` (left by `invoke new`/`translate`)."""

from __future__ import annotations

import re

from .context import Context

TODO_RE = re.compile(r"\bTODO\b")


def check_placeholders(ctx: Context, text: str) -> None:
    if ctx.record.get("status", "published") == "draft":
        return
    for number, line in enumerate(text.splitlines(), 1):
        if TODO_RE.search(line):
            ctx.problems.error(ctx.path, number, "this still has a 'TODO' from the outline",
                               "write the text, or keep 'Status: draft' until it is ready")
            return
