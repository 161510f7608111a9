"""Find every interface string the site and the leaflets show, as a Babel catalog.

Three kinds of source hold msgids, and one template (`messages.pot`) gathers them:

- the theme's Jinja templates (`_()`, `ngettext()`, `{% trans %}`), read with
  Jinja2's own Babel extractor and the same whitespace options as the build;
- Python in `safeonline/` (core and plugins: `_()`, `gettext()`, `ngettext()` and the `N_()` marker
  for strings that are translated later, e.g. a tuple of leaflet labels);
- settings whose values readers see (`SITENAME`, audience labels...), named in
  `I18N["translatable_settings"]`: editors change them in pelicanconf.py without
  having to know about markers, and the catalog follows.

Templates come from THEME, code from `safeonline.core.code`, so a new template
or plugin module is picked up with no configuration.

Every build checks the catalogs, so every build would tokenise every template
and plugin module again (a third of a second, whatever the site's size). What
each file yields is kept in `CACHE_PATH/i18n-messages.json`, keyed by the
file's size and modification time and by the extraction options, so only a
changed file is read again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import babel
from babel.messages.catalog import Catalog
from babel.messages.extract import extract

from safeonline.core.code import content_code_files
from safeonline.core.files import written_whole

from .catalogs import DOMAIN
from .config import i18n_settings

# Function names whose string arguments are msgids; same meaning as xgettext's -k.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "ngettext": (1, 2),
    "gettext_in": (1,),  # a string shown in another language than the page's
}
COMMENT_TAGS = ["Translators:"]


def template_path(settings: dict) -> Path:
    """`themes/<theme>/translations/messages.pot`, beside the per-language catalogs."""
    return Path(settings["THEME"]) / "translations" / f"{DOMAIN}.pot"


def _jinja_options(settings: dict) -> dict[str, str]:
    env = settings.get("JINJA_ENVIRONMENT", {})
    return {
        "trim_blocks": str(bool(env.get("trim_blocks"))),
        "lstrip_blocks": str(bool(env.get("lstrip_blocks"))),
        "newstyle_gettext": "true",
        # Our own tags (`{% cache %}`) must parse for their strings to be found.
        "extensions": ",".join(e for e in env.get("extensions", []) if isinstance(e, str)),
        "silent": "false",  # a template that does not parse must not vanish from the catalog
    }


def _sources(settings: dict) -> Iterator[tuple[Path, str]]:
    """(file, Babel method) for every template and plugin module, in a stable order."""
    for path in sorted((Path(settings["THEME"]) / "templates").rglob("*.html")):
        yield path, "jinja2"
    for path in content_code_files():
        yield path, "python"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _setting_values(settings: dict, spec: str) -> Iterator[tuple[str, str]]:
    """`AUDIENCES.*.label` -> ('AUDIENCES.parents.label', 'Parents and carers'), ..."""
    def walk(value, parts: list[str], trail: list[str]):
        if not parts:
            if isinstance(value, str) and value:
                yield ".".join(trail), value
            return
        head, rest = parts[0], parts[1:]
        if head == "*" and isinstance(value, dict):
            for key in value:
                yield from walk(value[key], rest, [*trail, str(key)])
        elif isinstance(value, dict) and head in value:
            yield from walk(value[head], rest, [*trail, head])

    name, *parts = spec.split(".")
    if name in settings:
        yield from walk(settings[name], parts, [name])


def extract_catalog(settings: dict, root: Path) -> Catalog:
    """Every msgid with where it is used (paths relative to `root`, the project folder)."""
    catalog = Catalog(project=settings.get("SITENAME", ""), fuzzy=False,
                      header_comment=f"# Interface strings of {settings.get('SITENAME', '')}.\n"
                                     "# Made by `invoke i18n-extract`; do not edit by hand.")
    jinja = _jinja_options(settings)
    memo = _Memo(settings, jinja)
    for path, method in _sources(settings):
        found = memo.get(path, method)
        if found is None:
            with open(path, "rb") as fh:
                found = list(extract(method, fh, KEYWORDS, COMMENT_TAGS,
                                     jinja if method == "jinja2" else {},
                                     strip_comment_tags=True))
            memo.put(path, method, found)
        for lineno, message, comments, context in found:
            catalog.add(message, None, [(_relative(path, root), lineno)],
                        auto_comments=comments, context=context)
    for spec in i18n_settings(settings).translatable_settings:
        for name, value in _setting_values(settings, spec):
            catalog.add(value, None, [("pelicanconf.py", 0)],
                        auto_comments=[f"Setting {name}"])
    memo.save()
    return catalog


Found = list[tuple[int, "str | tuple[str, ...]", list[str], "str | None"]]


class _Memo:
    """What each source file yielded, by path, valid while its size and mtime are unchanged.

    Without CACHE_PATH (or when the file cannot be read or written) every file
    is simply extracted again: the memo only ever saves time.
    """

    def __init__(self, settings: dict, jinja: dict[str, str]):
        cache = settings.get("CACHE_PATH")
        self.path = Path(cache) / "i18n-messages.json" if cache else None
        # Anything besides a file's bytes that changes what it yields.
        self.options = json.dumps([babel.__version__, sorted(KEYWORDS.items()), COMMENT_TAGS,
                                   jinja], default=str)
        self.files: dict[str, dict] = {}
        self.used: dict[str, dict] = {}  # what this extraction read: all that is kept
        self.changed = False
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("options") == self.options:
                    self.files = data["files"]
            except (OSError, ValueError, KeyError, TypeError):
                pass

    @staticmethod
    def _stamp(path: Path, method: str) -> list:
        stat = path.stat()
        return [stat.st_size, stat.st_mtime_ns, method]

    def get(self, path: Path, method: str) -> Found | None:
        key = str(path.resolve())
        entry = self.files.get(key)
        if not entry or entry.get("stamp") != self._stamp(path, method):
            return None
        self.used[key] = entry
        return [(lineno, tuple(message) if isinstance(message, list) else message,
                 comments, context) for lineno, message, comments, context in entry["found"]]

    def put(self, path: Path, method: str, found: Found) -> None:
        self.used[str(path.resolve())] = {"stamp": self._stamp(path, method),
                                          "found": [list(item) for item in found]}
        self.changed = True

    def save(self) -> None:
        if self.path is None or not (self.changed or self.used.keys() != self.files.keys()):
            return
        try:
            with written_whole(self.path) as temp:  # builds may run side by side
                temp.write_text(json.dumps({"options": self.options, "files": self.used},
                                           ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass  # only a shortcut: a build that cannot save it extracts again next time
