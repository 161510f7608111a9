"""Are the catalogs complete and usable? Problems in the editor's `path:line:` form.

The same findings serve two masters:

- `invoke check` and every build report a missing, fuzzy or empty translation as
  a *warning* (a page falls back to English for that string; translators catch
  up without blocking a fix to the English site);
- `invoke i18n-compile` treats them as *errors*, so CI can insist that every
  configured language is complete before a release.

A catalog that does not parse or a translation whose placeholders differ from
the msgid's is always an error: the build could not render it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from safeonline.core.problems import ProblemList

from .catalogs import catalog_path
from .extract import extract_catalog
from .update import target_languages

FIX_UPDATE = "run 'invoke i18n-extract i18n-update', then translate it in this file"


def _read(path: Path, lang: str, problems: ProblemList) -> Catalog | None:
    try:
        with open(path, "rb") as fh:
            return read_po(fh, locale=lang, abort_invalid=True)
    except PoFileError as exc:  # babel counts lines from 0 and says so in its message
        reason = str(exc).removesuffix(f" on {exc.lineno}")
        problems.error(path, exc.lineno + 1,
                       f"this catalog does not parse: {reason} ({exc.line.strip()!r})",
                       "fix the line; each entry needs a quoted msgid and msgstr")
    except (OSError, ValueError) as exc:
        problems.error(path, 1, f"cannot read this catalog: {exc}", "check the file")
    return None


def _strings(message) -> list[str]:
    if isinstance(message.string, tuple | list):
        return list(message.string)
    return [message.string]


def _short(msgid) -> str:
    text = msgid[0] if isinstance(msgid, tuple | list) else msgid
    return text if len(text) <= 60 else text[:57] + "..."


def check_language(settings: dict, lang: str, used: Catalog, problems: ProblemList,
                   *, strict: bool = False) -> Catalog | None:
    """One language's catalog against the msgids the sources use."""
    report = problems.error if strict else problems.warning
    name = settings["LANGUAGES"][lang]["name"]
    path = catalog_path(settings["THEME"], lang)
    if not path.exists():
        report(path, 0, f"no interface catalog for '{lang}' ({name}): every interface "
               "string on its pages is in English",
               "run 'invoke i18n-extract i18n-update' to create it, then translate it")
        return None
    catalog = _read(path, lang, problems)
    if catalog is None:
        return None
    for message in used:
        if not message.id:
            continue
        have = catalog.get(message.id, context=message.context)
        if have is None:
            where = ", ".join(f"{f}:{n}" if n else f for f, n in message.locations[:2])
            report(path, 1, f"'{_short(message.id)}' (used in {where}) is not in the "
                   f"'{lang}' catalog", FIX_UPDATE)
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            report(path, message.lineno or 1, f"the translation of '{_short(message.id)}' is "
                   "marked fuzzy, so it is not used",
                   "check it, then delete the '#, fuzzy' line above it")
        elif not all(_strings(message)):
            report(path, message.lineno or 1,
                   f"'{_short(message.id)}' has no translation for '{lang}'",
                   "write the translation in its msgstr line(s)")
        for error in message.check(catalog):
            problems.error(path, message.lineno or 1,
                           f"the translation of '{_short(message.id)}' does not match its "
                           f"placeholders: {error}",
                           "keep every %(name)s of the msgid, spelled the same")
    return catalog


def check_languages(settings: dict, problems: ProblemList) -> bool:
    """LANGUAGES is all it takes to add a language, so a typo there gets a clear message."""
    where, fix = "pelicanconf.py", "see 'Adding a language' in docs/languages.md"
    languages = settings.get("LANGUAGES")
    if not isinstance(languages, dict) or not languages:
        problems.error(where, 0, "LANGUAGES must map language codes to their settings", fix)
        return False
    ok = True
    if settings.get("DEFAULT_LANG") not in languages:
        problems.error(where, 0, f"DEFAULT_LANG '{settings.get('DEFAULT_LANG')}' is not a key "
                       "of LANGUAGES", f"add it to LANGUAGES or change DEFAULT_LANG; {fix}")
        ok = False
    for code, info in languages.items():
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", str(code)):
            problems.error(where, 0, f"LANGUAGES key '{code}' is not a language code",
                           "use a BCP 47 code such as 'fr', 'fa' or 'pt-BR'")
            ok = False
        if not isinstance(info, dict) or not str(info.get("name", "")).strip():
            problems.error(where, 0, f"LANGUAGES['{code}'] has no 'name'",
                           f"give the language's own name, e.g. 'Français'; {fix}")
            ok = False
        elif info.get("dir", "ltr") not in ("ltr", "rtl"):
            problems.error(where, 0, f"LANGUAGES['{code}']['dir'] is '{info.get('dir')}'",
                           "use 'ltr' or 'rtl'")
            ok = False
    return ok


def check_catalogs(settings: dict, problems: ProblemList, *, root: Path | None = None,
                   strict: bool = False) -> dict[str, Catalog]:
    """Check every configured language's catalog; returns the catalogs that parse."""
    if not check_languages(settings, problems):
        return {}
    root = root or Path(settings["PATH"]).resolve().parent
    used = extract_catalog(settings, root)
    catalogs = {}
    for lang in target_languages(settings):
        catalog = check_language(settings, lang, used, problems, strict=strict)
        if catalog is not None:
            catalogs[lang] = catalog
    return catalogs


def compile_catalogs(settings: dict, problems: ProblemList, *, root: Path | None = None,
                     output: Path | None = None) -> list[Path]:
    """`invoke i18n-compile`: strict check, then `.mo` files (if `output` is given).

    The build itself compiles each .po in memory (see catalogs.py), so `.mo`
    files are only for other gettext tools, never committed.
    """
    errors = len(problems.errors)
    catalogs = check_catalogs(settings, problems, root=root, strict=True)
    if len(problems.errors) > errors:  # a failed compile writes nothing at all
        return []
    written = []
    for lang, catalog in catalogs.items():
        buf = io.BytesIO()
        write_mo(buf, catalog)
        if output is not None:
            target = Path(output) / lang / "LC_MESSAGES" / "messages.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(buf.getvalue())
            written.append(target)
    return written
