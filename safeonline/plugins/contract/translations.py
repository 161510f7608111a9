"""Across files: one slug per language, translations that agree, and stale translations.

A translation may carry `Translation-Of: en 3f9a0c1b2d4e`: the language of its
source and a hash of the source's title, summary and text when it was
translated (`invoke translate` writes the line). When the source changes, its
hash changes: `invoke check` says which translations to revisit, and readers
are told too (`mark_stale`): the translation's page and leaflet carry a notice
in its own language with a link to the original, dated by the original's own
`Modified:` (else its `Date:`), never by the build's clock or a file's mtime,
so the notice is the same in every build of the same files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from safeonline.core.problems import ProblemList

from .header import Header, parse_header
from .rules import TRANSLATION_OF_RE

AGREE = ("audience", "topics", "clauses", "age", "type", "duration")


def source_hash(text: str, header: Header) -> str:
    """Hash of what a translator translates; dates, slugs and whitespace do not count."""
    body = text.splitlines()[header.body_start - 1:]
    parts = [header.values.get("title", ""), header.values.get("summary", ""),
             *(line.rstrip() for line in body)]
    return hashlib.sha256("\n".join(parts).strip().encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Stale:
    """A translation whose original changed after it was made."""

    lang: str  # the original's language
    url: str  # the original's page, relative to the site root
    date: dt.date  # the original's `Modified:`, else its `Date:`
    updated: bool  # True when `date` is a `Modified:` (the change's own date)


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def stale_since(source_date, source_modified) -> tuple[dt.date | None, bool]:
    """(the date a notice shows, whether it is the original's `Modified:`)."""
    modified = _day(source_modified) if source_modified else None
    return (modified, True) if modified else (_day(source_date), False)


def file_hash(path: str | Path) -> str:
    text = Path(path).read_text(encoding="utf-8")
    return source_hash(text, parse_header(text))


def mark_stale(contents: list) -> None:
    """`content.stale`: a `Stale` for each out-of-date translation, None for the rest.

    Run on every build: a translation's own file does not change when its
    original does, so this cannot be cached with the translation.
    """
    by_key = {(c.slug, c.lang): c for c in contents}
    hashes: dict[str, str] = {}
    for content in contents:
        content.stale = None
        m = TRANSLATION_OF_RE.match(str(content.metadata.get("translation-of", "")).strip())
        source = by_key.get((content.slug, m.group("lang"))) if m else None
        if source is None or source is content:
            continue
        if source.source_path not in hashes:
            hashes[source.source_path] = file_hash(source.source_path)
        if hashes[source.source_path] == m.group("hash"):
            continue
        date, updated = stale_since(source.metadata.get("date"),
                                    source.metadata.get("modified"))
        if date is not None:
            content.stale = Stale(lang=source.lang, url=source.url, date=date, updated=updated)


def _agree(key: str, value):
    return set(value) if key in ("clauses", "topics") else value


def check_translations(records: list[dict], problems: ProblemList, kind: str,
                       default_lang: str = "en") -> None:
    """Translations are compared with the default language's version (else the first)."""
    by_slug: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for rec in records:
        if "slug" in rec and "lang" in rec:
            by_slug[rec["slug"]][rec["lang"]].append(rec)
    for slug, langs in by_slug.items():
        for lang, recs in langs.items():
            for dup in recs[1:]:
                problems.error(dup["path"], dup["line"]("slug"),
                               f"another {kind} in '{lang}' already has the slug '{slug}' "
                               f"({recs[0]['path'].name})",
                               "give one of them a different 'Slug:'")
        first = [recs[0] for recs in langs.values()]
        for rec in first:
            check_stale(rec, langs, problems)
        if kind != "material":
            continue
        source = langs[default_lang][0] if default_lang in langs else first[0]
        for rec in first:
            for key in AGREE:
                if rec is not source and key in rec and key in source and (
                        _agree(key, rec[key]) != _agree(key, source[key])):
                    problems.error(rec["path"], rec["line"](key),
                                   f"this translation's '{key.capitalize()}' differs from "
                                   f"{source['path'].name}",
                                   f"use the same {key} in every language")


def check_stale(rec: dict, langs: dict[str, list[dict]], problems: ProblemList) -> None:
    if "translation_of" not in rec:
        return
    lang, declared = rec["translation_of"]
    line = rec["line"]("translation-of")
    if lang not in langs:
        problems.error(rec["path"], line, f"there is no '{lang}' material with the slug "
                       f"'{rec['slug']}' to translate from",
                       "fix the 'Slug:' or the language in 'Translation-Of:'")
        return
    source = langs[lang][0]
    if source["source_hash"] != declared:
        rec["stale"] = source  # `invoke coverage` lists it
        problems.warning(rec["path"], line,
                         f"{source['path'].name} has changed since this translation was made",
                         f"bring the translation up to date, then set 'Translation-Of: {lang} "
                         f"{source['source_hash']}'")
