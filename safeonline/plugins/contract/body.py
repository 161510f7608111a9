"""The body of a material as the body checks see it: lines, code masked out, link targets.

Code (fenced blocks and `inline spans`) is shown to readers as text, so a
`<script>` or `![x](y)` written there is an example, not markup. Masking it
with spaces keeps every other character on its own line and column, so the
checks report the editor's line numbers.

Several checks (clause references, links, images, raw HTML, reading level)
need the same view of the same body; it is computed once per file and kept
on the file's `Context`, so a body is scanned once whatever the number of
checks. The results are shared: callers must not change them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .context import Context

FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1")
# [text](url "title"), ![alt](url), with an optional <url>.
INLINE_LINK_RE = re.compile(
    r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\(\s*<?(?P<url>[^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
REF_LINK_RE = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\[(?P<ref>[^\]]*)\]")
REF_DEF_RE = re.compile(r"^\s{0,3}\[(?P<ref>[^\]]+)\]:\s*<?(?P<url>[^\s>]+)>?")
HTML_URL_RE = re.compile(r"<(?P<tag>[a-zA-Z]+)\b[^>]*?\b(?P<attr>href|src)\s*=\s*"
                         r"(?P<q>[\"']?)(?P<url>[^\"'\s>]*)(?P=q)", re.DOTALL)


@dataclass(frozen=True)
class Target:
    """One link or image target as written, with the line it is on."""

    line: int
    url: str
    image: bool
    text: str  # link text or alt text ("" when unknown, e.g. raw HTML)
    html: bool = False


def _derived(ctx: Context, name: str, text: str, make):
    """`make(ctx, text)`, once per file; made again if a caller passes another text."""
    found = ctx.derived.get(name)
    if found is None or (found[0] is not text and found[0] != text):
        found = (text, make(ctx, text))
        ctx.derived[name] = found
    return found[1]


def masked_body(ctx: Context, text: str) -> list[str]:
    """Body lines (index 0 = file line 1; header lines blanked) with code replaced by spaces.

    Computed once per file (see the module docstring); do not change the list.
    """
    return _derived(ctx, "masked", text, _masked_body)


def _masked_body(ctx: Context, text: str) -> list[str]:
    lines = text.splitlines()
    out: list[str] = []
    fence: str | None = None
    for number, line in enumerate(lines, 1):
        if number < ctx.header.body_start:
            out.append("")
            continue
        m = FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)
            out.append("")
            continue
        if fence is not None:
            if m and m.group(1) == fence:
                fence = None
            out.append("")
            continue
        out.append(CODE_SPAN_RE.sub(lambda s: " " * len(s.group(0)), line))
    return out


def body_lines(ctx: Context, text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(masked_body(ctx, text), 1):
        if line:
            yield number, line


def link_targets(ctx: Context, text: str) -> list[Target]:
    """Every link and image target in the body: Markdown inline, reference style and raw HTML.

    Computed once per file (see the module docstring); do not change the list.
    """
    return _derived(ctx, "targets", text, _link_targets)


def _link_targets(ctx: Context, text: str) -> list[Target]:
    targets: list[Target] = []
    defs: dict[str, tuple[int, str]] = {}
    refs: list[tuple[int, re.Match]] = []
    for number, line in body_lines(ctx, text):
        d = REF_DEF_RE.match(line)
        if d:
            defs[d.group("ref").strip().lower()] = (number, d.group("url"))
            continue
        for m in INLINE_LINK_RE.finditer(line):
            targets.append(Target(number, m.group("url"), bool(m.group("bang")),
                                  m.group("text")))
        refs.extend((number, m) for m in REF_LINK_RE.finditer(line))
        for m in HTML_URL_RE.finditer(line):
            alt = re.search(r"\balt\s*=\s*([\"'])(.*?)\1", m.group(0) + line[m.end():])
            targets.append(Target(number, m.group("url"), m.group("tag").lower() == "img",
                                  alt.group(2) if alt else "", html=True))
    for number, m in refs:
        ref = (m.group("ref") or m.group("text")).strip().lower()
        if ref in defs:
            targets.append(Target(number, defs[ref][1], bool(m.group("bang")), m.group("text")))
    # Definitions nobody uses are still links Pelican will not publish; check them too.
    used = {(m.group("ref") or m.group("text")).strip().lower() for _, m in refs}
    targets.extend(Target(n, url, False, ref) for ref, (n, url) in defs.items()
                   if ref not in used)
    return targets
