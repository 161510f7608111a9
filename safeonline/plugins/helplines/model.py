"""Helplines as data: read and validated from `content/data/helplines.toml`.

A wrong number on a help page is worse than none, so every entry is checked
(and dated: `verified_on`) before it is shown, and problems point at the line
of the TOML file an editor has to fix. Pages, leaflets and checks all read the
file through `load_helplines`.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from markupsafe import Markup, escape

from safeonline.core.problems import ProblemList

INTERNATIONAL = "INT"
# A run of Latin-script words (a service's name such as "Take It Down" in Arabic text).
LATIN_RUN_RE = re.compile(r"[A-Za-z][A-Za-z0-9.'’&-]*(?:[ ]+[A-Za-z0-9][A-Za-z0-9.'’&-]*)*")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]*[0-9]$")
TOML_LINE_RE = re.compile(r"at line (\d+)")
REQUIRED = ("country", "service", "description", "languages", "verified_on")
KNOWN = (*REQUIRED, "phone", "web", "hours")


@dataclass(frozen=True)
class Helpline:
    country: str  # ISO 3166 alpha-2, or "INT" for every country
    service: dict[str, str]
    description: dict[str, str]
    languages: tuple[str, ...]
    verified_on: dt.date
    phone: str = ""
    web: str = ""
    hours: dict[str, str] = field(default_factory=dict)
    line: int = 0  # of its [[helpline]] header, for messages

    def text(self, key: str, lang: str, default: str = "en") -> tuple[str, str]:
        """(text, language of that text): falls back to the default language's text."""
        values = getattr(self, key)
        if values.get(lang):
            return values[lang], lang
        return values.get(default, ""), default

    @property
    def tel(self) -> str:
        """`tel:` address: digits and a leading + only."""
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)

    @property
    def web_label(self) -> str:
        parts = urlsplit(self.web)
        return (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")


def data_path(settings: dict) -> Path:
    return Path(settings["PATH"]) / settings["HELPLINES"]["data"]


def _block_lines(text: str) -> list[int]:
    """Line number of each [[helpline]] header, in order."""
    return [n for n, line in enumerate(text.splitlines(), 1)
            if line.strip().startswith("[[helpline]]")]


def _key_line(text: str, start: int, key: str) -> int:
    lines = text.splitlines()
    for n in range(start, len(lines) + 1):
        if n > start and lines[n - 1].strip().startswith("[["):
            break
        if re.match(rf"\s*{re.escape(key)}\s*=", lines[n - 1]):
            return n
    return start


def _localised(value, languages: dict, default: str) -> dict[str, str] | None:
    if isinstance(value, str):
        return {default: value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {k: v.strip() for k, v in value.items() if k in languages and v.strip()}
    return None


def _check_entry(entry: dict, line: int, text: str, path: Path, settings: dict,
                 problems: ProblemList) -> Helpline | None:
    languages, default = settings["LANGUAGES"], settings["DEFAULT_LANG"]
    ok = True

    def error(key: str, message: str, fix: str) -> None:
        nonlocal ok
        ok = False
        problems.error(path, _key_line(text, line, key), message, fix)

    for key in entry:
        if key not in KNOWN:
            problems.warning(path, _key_line(text, line, key), f"unknown helpline field '{key}'",
                             f"known fields: {', '.join(KNOWN)}")
    for key in REQUIRED:
        if key not in entry:
            error(key, f"this helpline has no '{key}'", f"add a line '{key} = ...'")
    if not ok:
        return None
    country = str(entry["country"])
    if country != INTERNATIONAL and country not in Locale("en").territories:
        error("country", f"unknown country code '{country}'",
              "use an ISO 3166 code such as GB, or INT for every country")
    texts = {}
    for key in ("service", "description", "hours"):
        value = _localised(entry.get(key, {}), languages, default)
        if value is None or (key != "hours" and not value.get(default)):
            error(key, f"'{key}' needs a text in '{default}'",
                  f'write it as {key} = {{ {default} = "...", ar = "..." }}')
        texts[key] = value or {}
    phone, web = str(entry.get("phone", "")).strip(), str(entry.get("web", "")).strip()
    if not phone and not web:
        error("service", "this helpline has neither 'phone' nor 'web'", "add at least one")
    if phone and not PHONE_RE.match(phone):
        error("phone", f"'{phone}' is not a phone number", "digits, spaces, + - ( ) only")
    if web and urlsplit(web).scheme != "https":
        error("web", f"'{web}' is not an https:// address", "use the service's https address")
    langs = entry["languages"]
    if not isinstance(langs, list) or not langs or not all(isinstance(c, str) for c in langs):
        error("languages", "'languages' must be a list of language codes", 'e.g. ["en", "ar"]')
        langs = []
    for code in langs:
        try:
            Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            error("languages", f"unknown language code '{code}'", "use codes such as en, ar, fr")
    verified = entry["verified_on"]
    if isinstance(verified, dt.datetime) or not isinstance(verified, dt.date):
        error("verified_on", f"'verified_on = {verified}' is not a date",
              "write it without quotes as YYYY-MM-DD, e.g. verified_on = 2026-11-23")
    if not ok:
        return None
    return Helpline(country=country, service=texts["service"], description=texts["description"],
                    hours=texts["hours"], languages=tuple(langs), verified_on=verified,
                    phone=phone, web=web, line=line)


def load_helplines(settings: dict, problems: ProblemList | None = None) -> list[Helpline]:
    """Every valid entry, in file order; what is wrong goes into `problems`."""
    problems = problems if problems is not None else ProblemList()
    path = data_path(settings)
    if not path.exists():
        problems.error(path, 1, "the helpline directory is missing",
                       f"create {settings['HELPLINES']['data']} (see docs/site.md, 'Helplines')")
        return []
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = TOML_LINE_RE.search(str(exc))
        problems.error(path, int(found.group(1)) if found else 1, f"not valid TOML: {exc}",
                       'check quotes and brackets, e.g. service = { en = "...", ar = "..." }')
        return []
    entries = data.get("helpline", [])
    if not isinstance(entries, list) or not entries:
        problems.error(path, 1, "no [[helpline]] entries", "add at least one entry")
        return []
    lines = _block_lines(text)
    found = [_check_entry(entry, lines[i] if i < len(lines) else 1, text, path, settings,
                          problems) for i, entry in enumerate(entries)]
    return [h for h in found if h is not None]


def country_name(code: str, lang: str) -> str:
    return Locale.parse(lang).territories.get(code, code)


def language_name(code: str, lang: str) -> str:
    return Locale.parse(lang).languages.get(code, code)


def by_country(helplines: list[Helpline], lang: str) -> list[tuple[str, list[Helpline]]]:
    """(country code, entries): services for every country first, then by local name."""
    groups: dict[str, list[Helpline]] = {}
    for helpline in helplines:
        groups.setdefault(helpline.country, []).append(helpline)
    locale = Locale.parse(lang)
    return sorted(groups.items(), key=lambda item: (
        item[0] != INTERNATIONAL, locale.territories.get(item[0], item[0])))


def mark_latin(text: str, lang: str, languages: dict, latin_lang: str = "en") -> Markup:
    """Escape `text`; in a right-to-left language, wrap Latin-script runs in
    `<span lang="en" dir="ltr">` so screen readers switch voice and bidi keeps them whole.

    The directory's Arabic texts name services by their English names
    ("Childline", "Take It Down"); WCAG 3.1.2 asks for the language of such parts.
    """
    if languages.get(lang, {}).get("dir") != "rtl":
        return escape(text)
    out, last = [], 0
    for match in LATIN_RUN_RE.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(Markup('<span lang="{}" dir="ltr">{}</span>').format(latin_lang,
                                                                       match.group(0)))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
