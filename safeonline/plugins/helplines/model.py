"""Helplines as data: read and validated from `content/data/helplines.toml`.

A wrong number on a help page is worse than none, so every entry says where it
was checked (`source`) and when (`verified_on`), and is validated before it is
shown; problems point at the line of the TOML file an editor has to fix.
Pages, leaflets and checks all read the file through `load_helplines`.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from safeonline.core.problems import ProblemList

from .config import helpline_settings
from .countries import INTERNATIONAL, country_problem

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]*[0-9]$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOML_LINE_RE = re.compile(r"at line (\d+)")
REQUIRED = ("countries", "service", "description", "languages", "source", "verified_on")
CHANNELS = ("phone", "text", "chat", "email", "web")  # each optional, at least one
KNOWN = (*REQUIRED, *CHANNELS, "hours")
MISSING_FIX = {
    "source": 'add source = "https://...", the page where you checked its details',
    "verified_on": "add verified_on = YYYY-MM-DD, the day you checked it against its source",
    "countries": 'add countries = ["GB"] (ISO 3166-1 codes), or ["international"]',
}


@dataclass(frozen=True)
class Helpline:
    countries: tuple[str, ...]  # ISO 3166-1 alpha-2 codes, or ("international",)
    service: dict[str, str]
    description: dict[str, str]
    languages: tuple[str, ...]  # the languages the service answers in
    source: str  # https page where the details were checked
    verified_on: dt.date
    phone: str = ""  # call
    sms: str = ""  # TOML `text`: the number to send a text message (SMS) to
    chat: str = ""  # https page with a live chat
    email: str = ""
    web: str = ""
    hours: dict[str, str] = field(default_factory=dict)
    line: int = 0  # of its [[helpline]] header, for messages

    @property
    def international(self) -> bool:
        return INTERNATIONAL in self.countries

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
    def sms_href(self) -> str:
        return "sms:" + re.sub(r"[^0-9+]", "", self.sms)

    @property
    def web_label(self) -> str:
        return _label(self.web)

    @property
    def chat_label(self) -> str:
        return _label(self.chat)

    @property
    def contact(self) -> str:
        """The one contact a leaflet line has room for: the first a reader can use offline."""
        return self.phone or self.sms or self.web_label or self.chat_label or self.email


def _label(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")


def data_path(settings: dict) -> Path:
    return Path(settings["PATH"]) / helpline_settings(settings).data


def _block_lines(text: str) -> list[int]:
    """Line number of each [[helpline]] header, in order (tomllib gives no lines)."""
    return [n for n, line in enumerate(text.splitlines(), 1)
            if line.strip().startswith("[[helpline]]")]


def _key_line(text: str, start: int, key: str) -> int:
    """Line of `key = ...` inside the table that starts at line `start`."""
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


def _https(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.netloc)


class _Entry:
    """One [[helpline]] table being checked: reports problems at the line of each key."""

    def __init__(self, entry: dict, line: int, text: str, path: Path, problems: ProblemList):
        self.entry, self.line, self.text, self.path, self.problems = entry, line, text, path, problems
        self.ok = True

    def error(self, key: str, message: str, fix: str) -> None:
        self.ok = False
        self.problems.error(self.path, _key_line(self.text, self.line, key), message, fix)

    def string(self, key: str) -> str:
        value = self.entry.get(key, "")
        if not isinstance(value, str):
            self.error(key, f"'{key}' must be text in quotes", f'write it as {key} = "..."')
            return ""
        return value.strip()


def _check_countries(check: _Entry) -> tuple[str, ...]:
    countries = check.entry["countries"]
    if isinstance(countries, str) or not isinstance(countries, list) or not countries:
        check.error("countries", "'countries' must be a list",
                    'write it as countries = ["GB"], or countries = ["international"]')
        return ()
    for code in countries:
        problem = country_problem(code, allow_international=True)
        if problem:
            check.error("countries", *problem)
    if INTERNATIONAL in countries and len(countries) > 1:
        check.error("countries", "a service is either international or for named countries",
                    'keep only ["international"], or list the countries it serves')
    return tuple(countries)


def _check_channels(check: _Entry) -> dict[str, str]:
    channels = {key: check.string(key) for key in CHANNELS}
    if not any(channels.values()):
        check.error("service", "this helpline has no way to reach it",
                    "add at least one of " + ", ".join(CHANNELS))
    for key in ("phone", "text"):
        if channels[key] and not PHONE_RE.match(channels[key]):
            check.error(key, f"'{channels[key]}' is not a phone number",
                        "digits, spaces, + - ( ) only")
    for key in ("web", "chat"):
        if channels[key] and not _https(channels[key]):
            check.error(key, f"'{channels[key]}' is not an https:// address",
                        "use the service's https address")
    if channels["email"] and not EMAIL_RE.match(channels["email"]):
        check.error("email", f"'{channels['email']}' is not an email address",
                    "write it as name@example.org")
    return channels


def _check_entry(check: _Entry, settings: dict) -> Helpline | None:
    languages, default = settings["LANGUAGES"], settings["DEFAULT_LANG"]
    entry = check.entry
    for key in entry:
        if key == "country":
            check.error(key, "'country' is now 'countries', a list",
                        'write countries = ["GB"], or countries = ["international"] '
                        'for a service open to every country')
        elif key not in KNOWN:
            check.problems.warning(check.path, _key_line(check.text, check.line, key),
                                   f"unknown helpline field '{key}'",
                                   f"known fields: {', '.join(KNOWN)}")
    for key in REQUIRED:
        if key not in entry and not (key == "countries" and "country" in entry):
            check.error(key, f"this helpline has no '{key}'",
                        MISSING_FIX.get(key, f"add a line '{key} = ...'"))
    if not check.ok:
        return None
    countries = _check_countries(check)
    texts = {}
    for key in ("service", "description", "hours"):
        value = _localised(entry.get(key, {}), languages, default)
        if value is None or (key != "hours" and not value.get(default)):
            check.error(key, f"'{key}' needs a text in '{default}'",
                        f'write it as {key} = {{ {default} = "...", ar = "..." }}')
        texts[key] = value or {}
    channels = _check_channels(check)
    source = check.string("source")
    if source and not _https(source):
        check.error("source", f"source '{source}' is not an https:// address",
                    "give the https address of the page where you checked the details")
    langs = entry["languages"]
    if not isinstance(langs, list) or not langs or not all(isinstance(c, str) for c in langs):
        check.error("languages", "'languages' must be a list of language codes",
                    'e.g. ["en", "ar"]')
        langs = []
    for code in langs:
        try:
            Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            check.error("languages", f"unknown language code '{code}'",
                        "use codes such as en, ar, fr")
    verified = entry["verified_on"]
    if isinstance(verified, dt.datetime) or not isinstance(verified, dt.date):
        check.error("verified_on", f"'verified_on = {verified}' is not a date",
                    "write it without quotes as YYYY-MM-DD, e.g. verified_on = 2026-11-23")
    if not check.ok:
        return None
    return Helpline(countries=countries, service=texts["service"],
                    description=texts["description"], hours=texts["hours"],
                    languages=tuple(langs), source=source, verified_on=verified,
                    line=check.line, phone=channels["phone"], sms=channels["text"],
                    chat=channels["chat"], email=channels["email"], web=channels["web"])


def load_helplines(settings: dict, problems: ProblemList | None = None) -> list[Helpline]:
    """Every valid entry, in file order; what is wrong goes into `problems`."""
    problems = problems if problems is not None else ProblemList()
    path = data_path(settings)
    if not path.exists():
        problems.error(path, 1, "the helpline directory is missing",
                       f"create {helpline_settings(settings).data} (see docs/site.md, 'Helplines')")
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
    found = [_check_entry(_Entry(entry, lines[i] if i < len(lines) else 1, text, path,
                                 problems), settings)
             for i, entry in enumerate(entries)]
    return [h for h in found if h is not None]
