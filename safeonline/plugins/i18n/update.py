"""Keep the catalog files in step with the sources: `invoke i18n-extract` / `i18n-update`.

Files are rewritten only when their messages change, so running the tasks on an
unchanged tree leaves git clean (the POT creation date alone is not a change).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .catalogs import catalog_path
from .extract import extract_catalog, template_path

log = logging.getLogger(__name__)


@dataclass
class UpdateResult:
    path: Path
    created: bool
    changed: bool
    untranslated: int


def _po_bytes(catalog: Catalog, **options) -> bytes:
    """Locations name files, not lines: moving code does not touch every catalog,
    so parallel branches rarely conflict in .po files (`invoke check` gives lines)."""
    buf = io.BytesIO()
    write_po(buf, catalog, width=88, sort_output=False, include_lineno=False, **options)
    return buf.getvalue()


def _without_dates(data: bytes) -> bytes:
    """The file minus the lines that change on every run."""
    return b"\n".join(line for line in data.splitlines()
                      if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:')))


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_template(settings: dict, root: Path) -> tuple[Path, int, bool]:
    """Extract every msgid into messages.pot; returns (path, count, changed)."""
    catalog = extract_catalog(settings, root)
    path = template_path(settings)
    changed = _write_if_changed(path, _po_bytes(catalog, omit_header=False))
    return path, len(catalog), changed


def target_languages(settings: dict) -> list[str]:
    """Languages that need a catalog: all but the default, whose msgids are the text."""
    return [lang for lang in settings["LANGUAGES"] if lang != settings["DEFAULT_LANG"]]


def update_catalog(settings: dict, lang: str) -> UpdateResult:
    """Merge messages.pot into one language's .po (creating it for a new language).

    New msgids arrive untranslated; a msgid whose English changed slightly arrives
    fuzzy with the old translation as a suggestion (Babel's matcher), which the
    check treats as untranslated until a translator confirms it.
    """
    with open(template_path(settings), "rb") as fh:
        template = read_po(fh)
    path = catalog_path(settings["THEME"], lang)
    created = not path.exists()
    if created:
        catalog = Catalog(locale=lang, domain="messages", project=template.project,
                          header_comment=f"# '{lang}' ({settings['LANGUAGES'][lang]['name']}) "
                                         f"interface strings of {template.project}.")
    else:
        with open(path, "rb") as fh:
            catalog = read_po(fh, locale=lang)
    catalog.update(template, update_header_comment=False)
    changed = _write_if_changed(path, _po_bytes(catalog, ignore_obsolete=True))
    untranslated = sum(1 for m in catalog if m.id and (not _complete(m) or m.fuzzy))
    return UpdateResult(path, created, changed, untranslated)


def _complete(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return all(strings)
