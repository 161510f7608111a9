"""Internal links (`{filename}`, `{static}`, `{attach}`) must reach a file inside content/.

Pelican only logs "Unable to find ..." for a broken internal link and publishes
the page with a dead link; a link through `..` or a symlink can even copy a file
from outside the content folder onto the site. Both are editor mistakes with a
line number, so they are reported here, before anything is built.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .body import Target, link_targets
from .context import Context

INTRASITE_RE = re.compile(r"^\{(?P<what>[a-z]*)\}(?P<value>.*)$")
KNOWN = ("filename", "static", "attach")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Resolved:
    what: str  # filename / static / attach
    path: Path  # where the link points, not resolved through symlinks
    written: str  # the target as the editor wrote it

    def inside(self, root: Path) -> bool:
        return self.path.resolve().is_relative_to(root.resolve())


def content_root(ctx: Context) -> Path:
    return Path(ctx.settings["PATH"])


def resolve_intrasite(ctx: Context, url: str) -> Resolved | None:
    """Where `{static}/images/a.png` points, by Pelican's rules (leading `/` = content root)."""
    m = INTRASITE_RE.match(url)
    if not m:
        return None
    value = unquote(urlsplit(m.group("value")).path)
    base = content_root(ctx) if value.startswith("/") else ctx.path.parent
    return Resolved(m.group("what"), base / value.lstrip("/"), url)


def _suggest(ctx: Context, target: Path, what: str) -> str:
    root = content_root(ctx)
    pattern = "*.md" if what == "filename" and target.suffix == ".md" else "*"
    names = {p.name: p for p in root.rglob(pattern) if p.is_file()}
    close = difflib.get_close_matches(target.name, list(names), n=1, cutoff=0.8)
    if close:
        return f"did you mean '{{{what}}}/{names[close[0]].relative_to(root).as_posix()}'?"
    return "check the spelling; paths starting with '/' start at the content folder"


def check_target(ctx: Context, target: Target) -> None:
    url = target.url
    m = INTRASITE_RE.match(url)
    if m is None:
        path = urlsplit(url).path
        if not SCHEME_RE.match(url) and not url.startswith(("/", "#")) and path.endswith(".md"):
            ctx.problems.error(ctx.path, target.line,
                               f"link to '{url}' points at a Markdown file without {{filename}}",
                               f"write it as '{{filename}}{url}' so the build links to the page")
        return
    if m.group("what") not in KNOWN:
        ctx.problems.error(ctx.path, target.line, f"unknown link type '{{{m.group('what')}}}'",
                           "use {filename} for pages and materials, {static} for images "
                           "and downloads")
        return
    resolved = resolve_intrasite(ctx, url)
    assert resolved is not None
    if not resolved.inside(content_root(ctx)):
        ctx.problems.error(ctx.path, target.line,
                           f"'{url}' points outside the content folder",
                           "link a material or page inside content/ instead"
                           if resolved.what == "filename" else
                           "copy the file into content/images/ and link it from there")
    elif not resolved.path.is_file():
        ctx.problems.error(ctx.path, target.line, f"'{url}' does not exist",
                           _suggest(ctx, resolved.path, resolved.what))


def check_links(ctx: Context, text: str) -> None:
    for target in link_targets(ctx, text):
        check_target(ctx, target)
