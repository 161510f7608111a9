"""`invoke new` and `invoke translate`: start a material from a valid header and an outline.

Outlines are data (`SCAFFOLDS_PATH/<audience>.<lang>.md`, falling back to the
default language), so editors can improve them without touching code. Every
new file starts as `Status: draft` with `TODO:` markers: Pelican does not
publish drafts, and `invoke check` refuses a published material that still
has a `TODO:`, so a half-written scaffold can never reach readers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from string import Template

from safeonline.core import clause_ids
from safeonline.plugins.contract.check import content_files
from safeonline.plugins.contract.header import parse_header
from safeonline.plugins.contract.lessons import LESSON, SECTIONS, TYPES
from safeonline.plugins.contract.rules import MAX_TOPICS, default_slug
from safeonline.plugins.contract.translations import source_hash
from safeonline.plugins.i18n.catalogs import gettext_for
from safeonline.plugins.resolution.clauses import load_resolutions


class ScaffoldError(Exception):
    """A request an editor can fix; the message says how."""


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def _choose(value: str | None, known: list[str], what: str) -> str:
    if value is None:
        raise ScaffoldError(f"give the {what}: one of {', '.join(known)}")
    if value not in known:
        raise ScaffoldError(f"unknown {what} '{value}': use one of {', '.join(known)}")
    return value


def _topics(settings: dict, topics: str) -> list[str]:
    """`--topics grooming,gaming`: one to three keys of TOPICS, as the contract wants."""
    known = list(settings.get("TOPICS", {}))
    chosen = [t.strip() for t in topics.split(",") if t.strip()]
    unknown = [t for t in chosen if t not in known]
    if not chosen or unknown or len(chosen) > MAX_TOPICS:
        raise ScaffoldError("give --topics with one to three of: " + ", ".join(known)
                            + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    return list(dict.fromkeys(chosen))


def _existing(settings: dict, slug: str, lang: str) -> Path | None:
    """The material in `lang` that already uses `slug`, if any."""
    root = Path(settings["PATH"])
    for path in content_files(root, settings["ARTICLE_PATHS"]):
        header = parse_header(path.read_text(encoding="utf-8", errors="replace"))
        values = header.values
        if (values.get("slug") or default_slug(path, settings)) == slug and \
                values.get("lang", settings["DEFAULT_LANG"]) == lang:
            return path
    return None


def _disclosure_link(settings: dict, lang: str) -> str:
    """Where a lesson's disclosure section points: the material's file when it exists
    (so `invoke check` follows the link), else its page's address."""
    from safeonline.plugins.contract.config import check_settings

    slug = check_settings(settings).disclosure_slug
    found = _existing(settings, slug, lang) or _existing(settings, slug, settings["DEFAULT_LANG"])
    if found is None:
        return f"/{lang}/materials/{slug}/"
    return "{filename}/" + found.relative_to(Path(settings["PATH"])).as_posix()


def _outline(settings: dict, name: str, lang: str, clause: str) -> str:
    """`name`: the audience, or the material's type when it has its own outline (lesson)."""
    folder = Path(settings["SCAFFOLDS_PATH"])
    for file in (f"{name}.{lang}.md", f"{name}.{settings['DEFAULT_LANG']}.md"):
        if (folder / file).is_file():
            text = (folder / file).read_text(encoding="utf-8")
            return Template(text).safe_substitute(
                clause=clause, lang=lang, disclosure=_disclosure_link(settings, lang))
    raise ScaffoldError(f"no outline for {name} in {folder}: add {name}.{lang}.md")


def _write(path: Path, lines: list[str], body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write("\n".join(lines) + "\n\n" + body.rstrip() + "\n")
    return path


def new_material(settings: dict, *, audience: str, title: str, lang: str | None = None,
                 clauses: str = "", topics: str = "", age: str | None = None,
                 slug: str | None = None, kind: str | None = None,
                 today: dt.date | None = None) -> Path:
    """Write `materials/<audience>/<slug>.<lang>.md`; refuse to overwrite anything.

    `kind` is the material's `Type:`: a lesson gets its own outline (scaffolds/lesson.*.md)
    and the lesson keys, with a default length a teacher changes.
    """
    audience = _choose(audience, list(settings["AUDIENCES"]), "audience")
    kind = _choose(kind or TYPES[0], list(TYPES), "type (--type)")
    lang = _choose(lang or settings["DEFAULT_LANG"], list(settings["LANGUAGES"]), "language")
    if not title.strip():
        raise ScaffoldError("the title is empty: give --title 'A short, plain title'")
    resolution = load_resolutions(settings)[settings["DEFAULT_LANG"]]
    ids = [clause_ids.normalise(c) for c in clause_ids.split_ids(clauses)]
    unknown = [c for c in ids if c not in resolution.clauses]
    if not ids or unknown:
        raise ScaffoldError(f"give --clauses with clause ids from {resolution.describe_ids()}"
                            + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    needs_age = audience in settings.get("AGE_BAND_AUDIENCES", []) or kind == LESSON
    if needs_age:
        age = _choose(age, list(settings["AGE_BANDS"]), "age band (--age)")
    elif age:
        raise ScaffoldError(f"--age is only for {', '.join(settings['AGE_BAND_AUDIENCES'])}")
    chosen = _topics(settings, topics)
    slug = slug or slugify(title)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise ScaffoldError(f"cannot make a slug from '{title}': give --slug like "
                            "'game-chat-goes-private'")
    if (other := _existing(settings, slug, lang)) is not None:
        raise ScaffoldError(f"{other} already uses the slug '{slug}' in '{lang}': "
                            "choose another title or --slug")
    path = (Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0] / audience
            / f"{slug}.{lang}.md")
    if path.exists():
        raise ScaffoldError(f"{path} already exists; nothing was changed")
    header = [f"Title: {title.strip()}", f"Audience: {audience}", f"Topics: {', '.join(chosen)}",
              f"Clauses: {', '.join(ids)}"]
    if kind == LESSON:
        header += [f"Type: {LESSON}", "Duration: 45",
                   "Objectives: TODO: what pupils will be able to do;",
                   "    TODO: a second objective"]
    header += [f"Age: {age}"] if needs_age else []
    header += [f"Lang: {lang}", f"Slug: {slug}",
               "Summary: TODO: one sentence saying what the reader learns",
               f"Date: {(today or dt.date.today()).isoformat()}", "Status: draft"]
    outline = LESSON if kind == LESSON else audience
    return _write(path, header, _outline(settings, outline, lang, ids[0]))


def translate_material(settings: dict, slug: str, lang: str, source_lang: str | None = None,
                       today: dt.date | None = None) -> Path:
    """Write the `lang` translation of material `slug` beside its source, marked to translate."""
    lang = _choose(lang, list(settings["LANGUAGES"]), "language")
    source_lang = source_lang or settings["DEFAULT_LANG"]
    if lang == source_lang:
        raise ScaffoldError(f"'{slug}' is already in '{lang}': give another --lang")
    source = _existing(settings, slug, source_lang)
    if source is None:
        raise ScaffoldError(f"no '{source_lang}' material has the slug '{slug}' "
                            "(see 'Slug:' or the file name)")
    if (other := _existing(settings, slug, lang)) is not None:
        raise ScaffoldError(f"{other} is already the '{lang}' translation; nothing was changed")
    text = source.read_text(encoding="utf-8")
    header = parse_header(text)
    values = header.values
    lines = [f"Title: TODO: translate: {values.get('title', '')}"]
    lines += [f"{header.names[key]}: {values[key]}"
              for key in ("audience", "topics", "clauses", "type", "duration", "age")
              if key in values]
    if "objectives" in values:
        lines.append(f"{header.names['objectives']}: TODO: translate: {values['objectives']}")
    lines += [f"Lang: {lang}", f"Slug: {slug}",
              f"Translation-Of: {source_lang} {source_hash(text, header)}",
              f"Summary: TODO: translate: {values.get('summary', '')}",
              f"Date: {values.get('date') or (today or dt.date.today()).isoformat()}",
              "Status: draft"]
    # Links to the source language's pages point at the translation's own pages.
    body = "\n".join(text.splitlines()[header.body_start - 1:]).replace(
        f"](/{source_lang}/", f"](/{lang}/")
    if values.get("type") == LESSON:
        body = _lesson_headings(settings, body, source_lang, lang)
    note = (f"TODO: translate the text below from {settings['LANGUAGES'][source_lang]['name']}, "
            "keeping the [[clause]] citations; then delete this line.\n\n")
    name = source.name.replace(f".{source_lang}.md", "") if source.name.endswith(
        f".{source_lang}.md") else source.stem
    return _write(source.with_name(f"{name}.{lang}.md"), lines, note + body)


def _lesson_headings(settings: dict, body: str, source_lang: str, lang: str) -> str:
    """A lesson's required headings in the translation's language, as its check wants them."""
    source, target = gettext_for(settings, source_lang), gettext_for(settings, lang)
    lines = body.splitlines()
    for msgid in SECTIONS:
        for i, line in enumerate(lines):
            if line.strip() == f"## {source(msgid)}":
                lines[i] = f"## {target(msgid)}"
    return "\n".join(lines)
