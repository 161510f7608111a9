"""Lesson plans: `Type: lesson`, its header keys and the sections a teacher relies on.

A lesson is a teachers' material a teacher can pick up and teach: how long it
takes (`Duration:`), for which age band (`Age:`), what pupils will be able to
do (`Objectives:`), and a body with the same six sections in every lesson, so
a teacher always finds the timings, the note for families and what to do if a
child discloses abuse in the same place.

The section headings are declared once, here, as gettext msgids: the Arabic
(or any other language's) heading a lesson must use is that language's
translation in the theme's catalog, the same text the scaffold writes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from safeonline.plugins.i18n.catalogs import N_, gettext_for

from .body import link_targets, masked_body
from .config import check_settings
from .context import Context

TYPES = ("leaflet", "lesson")
LESSON = "lesson"

MATERIALS = N_("Materials needed")
ACTIVITIES = N_("Activities")
DISCUSSION = N_("Discussion prompts")
CHECKING = N_("Checking learning")
FAMILIES = N_("A note to send home to families")
DISCLOSURE = N_("If a child discloses something")
# In the order a lesson gives them (and the scaffold writes them).
SECTIONS = (MATERIALS, ACTIVITIES, DISCUSSION, CHECKING, FAMILIES, DISCLOSURE)

# `Objectives:` items are separated by semicolons (ASCII or Arabic), as `Clauses:`
# accepts them; a comma stays inside an objective ("name an adult, such as a parent").
OBJECTIVE_SEPARATORS_RE = re.compile(r"[;؛]")
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
# "(10 minutes)", "(10 دقائق)", "(١٠ دقائق)" at the end of an activity's heading.
TIMING_RE = re.compile(r"\((?P<minutes>\d+)\s*[^\d\s()][^()]*\)\s*$")


@dataclass(frozen=True)
class Lesson:
    """What a lesson page and leaflet show at the top."""

    duration: int
    objectives: tuple[str, ...]


def split_objectives(value: str | list[str]) -> tuple[str, ...]:
    """`a; b؛ c` -> the objectives; Pelican hands a multi-line value over as a list."""
    text = " ".join(value) if isinstance(value, list) else value
    return tuple(" ".join(item.split()) for item in OBJECTIVE_SEPARATORS_RE.split(text)
                 if item.strip())


def lesson_of(metadata: dict) -> Lesson | None:
    """The typed lesson header of a material already checked by `invoke check`."""
    if str(metadata.get("type", "")).strip() != LESSON:
        return None
    return Lesson(duration=int(str(metadata.get("duration", "0")).strip()),
                  objectives=split_objectives(metadata.get("objectives", "")))


def is_lesson(ctx: Context) -> bool:
    return ctx.record.get("type") == LESSON


def material_type(value: str | None, ctx: Context) -> None:
    if value is None:
        ctx.record["type"] = TYPES[0]
    elif value.strip() in TYPES:
        ctx.record["type"] = value.strip()
    else:
        ctx.error("type", f"unknown type '{value}'",
                  f"use 'Type: lesson' for a lesson plan, or leave the line out for a "
                  f"leaflet; known types: {', '.join(TYPES)}")


def _only_for_lessons(key: str, ctx: Context) -> bool:
    """False (with a warning) when a lesson key is on a material that is not a lesson."""
    if is_lesson(ctx):
        return True
    if "type" in ctx.record:  # an unknown Type is reported once, on its own line
        ctx.warning(key, f"'{key.capitalize()}' is only used for lessons",
                    "add 'Type: lesson', or remove the line")
    return False


def duration(value: str | None, ctx: Context) -> None:
    low, high = check_settings(ctx.settings).lesson_minutes
    if value is None:
        if is_lesson(ctx):
            ctx.error("type", "a lesson needs 'Duration'",
                      "add a line 'Duration: 45' to the header: the lesson's length in minutes")
        return
    if not _only_for_lessons("duration", ctx):
        return
    if not re.fullmatch(r"\d+", value.strip()):
        ctx.error("duration", "Duration must be whole minutes, e.g. 'Duration: 45'",
                  f"write the number of minutes only, not '{value}'")
        return
    minutes = int(value.strip())
    if not low <= minutes <= high:
        ctx.error("duration", f"a lesson of {minutes} minutes is outside {low}-{high}",
                  "give one class period's length, or split it into several lessons "
                  "(the range is CHECKS['lesson_minutes'])")
        return
    ctx.record["duration"] = minutes


def objectives(value: str | None, ctx: Context) -> None:
    example = "Objectives: name a trusted adult; say no to a secret that feels bad"
    if value is None:
        if is_lesson(ctx):
            ctx.error("type", "a lesson needs 'Objectives'",
                      f"add a line such as '{example}', one objective per ';'")
        return
    if not _only_for_lessons("objectives", ctx):
        return
    items = split_objectives(value)
    if not items:
        ctx.error("objectives", "'Objectives' lists no objective",
                  f"list what pupils will be able to do, separated by ';', e.g. '{example}'")
        return
    ctx.record["objectives"] = items


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).rstrip(":").casefold()


def _headings(ctx: Context, text: str) -> list[tuple[int, int, str]]:
    """(line, level, text) of every ATX heading in the body, code masked out."""
    found = []
    for number, line in enumerate(masked_body(ctx, text), 1):
        m = HEADING_RE.match(line)
        if m:
            found.append((number, len(m.group("hashes")), m.group("text")))
    return found


def check_lesson(ctx: Context, text: str) -> None:
    """A lesson's six sections, each activity's timing, and the link for a disclosure."""
    if not is_lesson(ctx) or "lang" not in ctx.record:
        return
    _ = gettext_for(ctx.settings, ctx.record["lang"])
    headings = _headings(ctx, text)
    h2 = [(line, _norm(title)) for line, level, title in headings if level == 2]
    where: dict[str, int] = {}
    for msgid in SECTIONS:
        wanted = _norm(_(msgid))
        where[msgid] = next((line for line, title in h2 if title == wanted), 0)
    last_line = len(text.splitlines()) or 1
    for i, msgid in enumerate(SECTIONS):
        if where[msgid]:
            continue
        after = next((where[m] for m in SECTIONS[i + 1:] if where[m]), 0)
        ctx.problems.error(ctx.path, after or last_line,
                           f"a lesson needs a section '## {_(msgid)}'",
                           f"add it {'before this heading' if after else 'at the end'}; "
                           f"a lesson has: {', '.join(_(m) for m in SECTIONS)}")
    if where[ACTIVITIES]:
        _check_activities(ctx, headings, where[ACTIVITIES], _(ACTIVITIES))
    if where[DISCLOSURE]:
        _check_disclosure_link(ctx, text, headings, where[DISCLOSURE], _(DISCLOSURE))


def _section_end(headings: list[tuple[int, int, str]], start: int) -> int:
    return next((line for line, level, _t in headings if line > start and level <= 2),
                10**9)


def _check_activities(ctx: Context, headings, start: int, title: str) -> None:
    end = _section_end(headings, start)
    activities = [(line, text) for line, level, text in headings
                  if start < line < end and level == 3]
    if not activities:
        ctx.problems.error(ctx.path, start, f"'## {title}' lists no activity",
                           "give each activity a heading with its time, "
                           "e.g. '### Warm-up (5 minutes)'")
        return
    total = 0
    for line, text in activities:
        m = TIMING_RE.search(text)
        if m is None:
            ctx.problems.error(ctx.path, line, f"activity '{text}' has no timing",
                               "end its heading with the minutes it takes, "
                               "e.g. '### Warm-up (5 minutes)'")
            return
        total += int(m.group("minutes"))
    planned = ctx.record.get("duration")
    if planned and total > planned:
        ctx.problems.error(ctx.path, start,
                           f"the activities take {total} minutes, more than "
                           f"'Duration: {planned}'",
                           "shorten an activity, or change 'Duration:'")


def _check_disclosure_link(ctx: Context, text: str, headings, start: int, title: str) -> None:
    slug = check_settings(ctx.settings).disclosure_slug
    end = _section_end(headings, start)
    pattern = re.compile(rf"(^|/){re.escape(slug)}(\.[a-z]{{2,3}})?(\.md)?/?$")
    for target in link_targets(ctx, text):
        if start < target.line < end and pattern.search(target.url.split("#")[0]):
            return
    lang = ctx.record["lang"]
    ctx.problems.error(ctx.path, start, f"'## {title}' does not link the {slug} material",
                       f"link it, e.g. '[how to respond]({{filename}}/materials/teachers/"
                       f"{slug}.{lang}.md)', so a teacher knows what to do")
