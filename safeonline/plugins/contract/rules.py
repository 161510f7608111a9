"""One validator per metadata key, as in Pelican's own reader table.

Each validator gets the raw value (or None when the key is absent) and a
`Context` to report into; `MATERIAL_RULES` and `PAGE_RULES` say which keys a
kind of content knows. Editors see the message and the fix together.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from pathlib import Path

from safeonline.core import clause_ids

from .body import body_lines
from .context import Context
from .header import INTENDED_KEY_RE
from .lessons import duration, is_lesson, material_type, objectives

# `\[[OP10]]` is escaped: Markdown shows it as text, so it is neither checked nor counted.
CLAUSE_REF_RE = re.compile(r"(?<!\\)" + clause_ids.REF_PATTERN)


Rule = Callable[[str | None, "Context"], None]


def _required(ctx: Context, key: str, value: str | None, example: str) -> bool:
    if value is None or not value.strip():
        what = "is empty" if value is not None else "is missing"
        ctx.error(key, f"'{key.capitalize()}' {what}", f"add a line '{example}' to the header")
        return False
    return True


def title(value: str | None, ctx: Context) -> None:
    if _required(ctx, "title", value, "Title: A short, plain title"):
        ctx.record["title"] = value


def summary(value: str | None, ctx: Context) -> None:
    if _required(ctx, "summary", value, "Summary: One sentence saying what the reader learns"):
        ctx.record["summary"] = value


def audience(value: str | None, ctx: Context) -> None:
    known = list(ctx.settings["AUDIENCES"])
    if not _required(ctx, "audience", value, f"Audience: {known[0]}"):
        return
    if value not in known:
        ctx.error("audience", f"unknown audience '{value}'",
                  f"use one of: {', '.join(known)}")
        return
    ctx.record["audience"] = value


MAX_TOPICS = 3  # "one to three" in the fix below; more and a topic page means little


def topics(value: str | None, ctx: Context) -> None:
    """`Topics: grooming, gaming`: one to three keys of TOPICS, the same in every language."""
    known = list(ctx.settings.get("TOPICS", {}))
    listing = f"use one to three of: {', '.join(known)}; topics are set in pelicanconf.py"
    if not _required(ctx, "topics", value, f"Topics: {', '.join(known[:2])}"):
        return
    written = [t.strip() for t in (value or "").split(",") if t.strip()]
    good: list[str] = []
    for topic in written:
        if topic not in known:
            close = difflib.get_close_matches(topic.lower(), known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            ctx.error("topics", f"unknown topic '{topic}'", f"{hint}{listing}")
        elif topic in good:
            ctx.warning("topics", f"topic '{topic}' is listed twice", "list each topic once")
        else:
            good.append(topic)
    if not written:
        ctx.error("topics", f"'Topics: {value}' lists no topic", listing)
    elif len(written) > MAX_TOPICS:
        ctx.error("topics", f"{len(written)} topics listed", f"keep the {MAX_TOPICS} that fit "
                  "best: a topic page should list what is mainly about it")
    ctx.record["topics"] = good


def clauses(value: str | None, ctx: Context) -> None:
    if not _required(ctx, "clauses", value, "Clauses: OP10, OP21"):
        return
    written = clause_ids.split_ids(value or "")
    if not written:
        ctx.error("clauses", f"'Clauses: {value}' lists no clause",
                  "list at least one, e.g. 'Clauses: OP10, OP21'")
    good: list[str] = []
    for cid in written:
        norm = clause_ids.normalise(cid)
        if norm not in ctx.clause_ids:
            ctx.error("clauses", f"unknown clause '{cid}' (the resolution has {ctx.id_range})",
                      "use clause ids such as OP10 or PP9")
        elif norm in good:
            ctx.warning("clauses", f"clause '{cid}' is listed twice", "list each clause once")
        else:
            good.append(norm)
    ctx.record["clauses"] = good


def lang(value: str | None, ctx: Context) -> None:
    known = list(ctx.settings["LANGUAGES"])
    code = value or ctx.settings.get("DEFAULT_LANG", "en")
    if code not in known:
        ctx.error("lang", f"unknown language '{value}'",
                  f"use one of: {', '.join(known)}; languages are set in pelicanconf.py")
        return
    ctx.record["lang"] = code


def age(value: str | None, ctx: Context) -> None:
    bands = list(ctx.settings["AGE_BANDS"])
    for_band = ctx.settings.get("AGE_BAND_AUDIENCES", [])
    needs_band = ctx.record.get("audience") in for_band or is_lesson(ctx)
    if value is None or not value.strip():
        if needs_band:
            who = ("a lesson" if is_lesson(ctx)
                   else f"a material for {ctx.record['audience']}")
            ctx.error("type" if is_lesson(ctx) else "audience", f"{who} needs an age band",
                      f"add a line 'Age: {bands[1] if len(bands) > 1 else bands[0]}', "
                      f"one of {', '.join(bands)}")
        return
    if value not in bands:
        ctx.error("age", f"unknown age band '{value}'", f"use one of: {', '.join(bands)}")
        return
    if not needs_band:
        ctx.warning("age", f"'Age' is only used for {', '.join(for_band)} and lessons",
                    "remove the line")
    ctx.record["age"] = value


def date(value: str | None, ctx: Context) -> None:
    if value is None:
        # Required: leaflets, feeds and the sitemap print it, and a build must be a
        # pure function of the repository (never the file's modification time).
        ctx.error("title", "'Date' is missing", "add a line 'Date: YYYY-MM-DD' to the header")
        return
    try:
        ctx.record["date"] = dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        ctx.error("date", f"'{value}' is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-20")


def optional_date(key: str) -> Rule:
    """`Modified:` (and a page's `Date:`): optional, but a real date when given."""

    def rule(value: str | None, ctx: Context) -> None:
        if value is None:
            return
        try:
            ctx.record[key] = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            ctx.error(key, f"'{value}' is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-20")

    return rule


def slug(value: str | None, ctx: Context) -> None:
    if value is None:
        ctx.record["slug"] = default_slug(ctx.path, ctx.settings)
    elif not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        ctx.error("slug", f"slug '{value}' must be lower-case letters, digits and hyphens",
                  "e.g. 'Slug: game-chat-goes-private'")
    else:
        ctx.record["slug"] = value


def status(value: str | None, ctx: Context) -> None:
    if value is not None and value not in ("published", "draft", "hidden"):
        ctx.error("status", f"unknown status '{value}'", "use published, draft or hidden")
    ctx.record["status"] = value or "published"


TRANSLATION_OF_RE = re.compile(r"^(?P<lang>[a-z]{2,3})\s+(?P<hash>[0-9a-f]{12})$")


def translation_of(value: str | None, ctx: Context) -> None:
    """`Translation-Of: en 3f9a0c1b2d4e`: the source language and its hash when translated."""
    if value is None:
        return
    m = TRANSLATION_OF_RE.match(value.strip())
    if not m:
        ctx.error("translation-of", f"'Translation-Of: {value}' is not 'LANGUAGE HASH'",
                  "e.g. 'Translation-Of: en 3f9a0c1b2d4e', as written by 'invoke translate'")
        return
    ctx.record["translation_of"] = (m.group("lang"), m.group("hash"))


def template(value: str | None, ctx: Context) -> None:
    """A page's `Template:` must exist in the theme, or Pelican stops half-way."""
    if value is None:
        return
    folder = Path(ctx.settings["THEME"]) / "templates"
    if not (folder / f"{value}.html").is_file():
        known = sorted(p.stem for p in folder.glob("*.html"))
        ctx.error("template", f"the theme has no template '{value}'",
                  f"use one of: {', '.join(known)}, or remove the line")


def ignored(value: str | None, ctx: Context) -> None:
    """Keys Pelican itself understands and we allow without checking."""


# Order matters: `age` depends on `audience` and `type`, a lesson's keys on `type`.
MATERIAL_RULES: dict[str, Rule] = {
    "title": title, "audience": audience, "topics": topics, "clauses": clauses, "lang": lang,
    "slug": slug, "summary": summary, "type": material_type, "duration": duration,
    "objectives": objectives, "age": age, "date": date, "status": status,
    "modified": optional_date("modified"), "authors": ignored, "author": ignored, "translation": ignored,
    "translation-of": translation_of,
}
PAGE_RULES: dict[str, Rule] = {
    "title": title, "lang": lang, "slug": slug, "summary": summary, "status": status,
    "date": optional_date("date"), "modified": optional_date("modified"), "template": template,
    "translation-of": translation_of,
}


def default_slug(path: Path, settings: dict) -> str:
    """`game-chat.ar.md` -> `game-chat`: translations share a slug by file name."""
    stem = Path(path).stem
    base, _, suffix = stem.rpartition(".")
    if base and suffix in settings["LANGUAGES"]:
        stem = base
    return stem.lower()


def _report_broken(ctx: Context) -> None:
    """One message per broken header line, saying how that line should read."""
    header = ctx.header
    for line_no, text in header.broken:
        m = INTENDED_KEY_RE.match(text)
        if line_no == header.body_start or m is None:  # the text, begun without a blank line
            fix = ("write it as e.g. 'Title: ...', with a colon after the key; "
                   "leave one blank line between the header and the text")
        else:
            rest = text[m.end():].strip().lstrip(";=.,").strip()
            fix = f"write it as '{m.group('key')}: {rest}', with a colon after the key"
        ctx.problems.error(ctx.path, line_no, f"header line '{text.strip()}' is not 'Key: value'",
                           fix)


def check_header(ctx: Context, rules: dict[str, Rule]) -> None:
    header = ctx.header
    _report_broken(ctx)
    for key, line_no in header.duplicates:
        ctx.problems.error(ctx.path, line_no, f"'{header.names[key]}' is given twice",
                           "keep one of the two lines")
    for key in header.values:
        if key not in rules:
            close = difflib.get_close_matches(key, list(rules), n=1)
            hint = f"did you mean '{close[0].capitalize()}'?" if close else (
                f"known keys: {', '.join(k.capitalize() for k in rules)}")
            ctx.warning(key, f"unknown metadata key '{header.names[key]}'", hint)
    for key, rule in rules.items():
        if key in header.malformed and key not in header.values:
            continue  # present on a broken line, already reported: not "missing" as well
        rule(header.values.get(key), ctx)


def check_clause_refs(ctx: Context, text: str) -> None:
    """`[[OP10]]` in the body must name a real clause, ideally one listed in `Clauses:`.

    Code (fenced or `inline`) and `\\[[OP10]]` are masked, as the Markdown
    extension leaves them literal: only what becomes a link is checked and counted.
    """


    listed = set(ctx.record.get("clauses", []))
    for number, line in body_lines(ctx, text):
        for match in CLAUSE_REF_RE.finditer(line):
            raw = match.group(1)
            cid = clause_ids.normalise(raw)
            if cid in ctx.clause_ids:
                ctx.record.setdefault("refs", []).append(cid)  # coverage counts these too
            if cid not in ctx.clause_ids:
                ctx.problems.error(ctx.path, number,
                                   f"unknown clause '{raw}' (the resolution has {ctx.id_range})",
                                   "fix the reference, e.g. [[OP10]]")
            elif "clauses" in ctx.record and cid not in listed:
                ctx.problems.warning(ctx.path, number,
                                     f"[[{cid}]] is cited in the text but not in 'Clauses:'",
                                     f"add {cid} to the 'Clauses:' line")
