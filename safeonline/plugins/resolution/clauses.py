"""The resolution as data: clauses loaded from `content/resolution/<lang>.toml`.

The TOML files are the project's single copy of the clause text; pages,
leaflets and checks all read it through `load_resolutions`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from safeonline.core import clause_ids

EMPHASIS_RE = re.compile(r"\*([^*]+)\*")


def emphasis_runs(text: str) -> list[tuple[str, bool]]:
    """Clause text as (run, italic) pairs: the adopted text's italic verbs (`*Urges*`).

    The one reading of the data files' `*...*`, shared by pages, notes and leaflets.
    """
    runs: list[tuple[str, bool]] = []
    last = 0
    for match in EMPHASIS_RE.finditer(text):
        if match.start() > last:
            runs.append((text[last:match.start()], False))
        runs.append((match.group(1), True))
        last = match.end()
    if last < len(text):
        runs.append((text[last:], False))
    return runs


def plain_text(text: str) -> str:
    """Clause text without its emphasis marks (terminal, CSV, excerpts)."""
    return "".join(run for run, _ in emphasis_runs(text))


class ResolutionDataError(ValueError):
    """The resolution data files themselves are wrong (not an editor's material)."""

    def __init__(self, path: Path | str, message: str, line: int = 1):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = Path(path), line, message


@dataclass(frozen=True)
class Clause:
    id: str
    text: str  # Markdown inline text, word for word from the adopted resolution

    @property
    def kind(self) -> str:
        return clause_ids.kind(self.id)

    @property
    def number(self) -> int:
        return clause_ids.number(self.id)

    @property
    def anchor(self) -> str:
        """Stable fragment id, the same in every language (`op10`)."""
        return self.id.lower()

    @property
    def sort_key(self) -> tuple[int, int]:
        """Operative clauses first: they are what parliaments are asked to do."""
        return clause_ids.sort_key(self.id)


@dataclass(frozen=True)
class Difference:
    """An editor's note, in the page's language, where the official texts differ in substance."""

    clause_ids: tuple[str, ...]
    note: str

    @property
    def anchor(self) -> str:
        return f"difference-{self.clause_ids[0].lower()}"


@dataclass(frozen=True)
class Resolution:
    lang: str
    title: str
    assembly: str
    place: str
    dates: str
    adopted: str
    date: str
    opening: str
    clauses: dict[str, Clause]
    # Beside the adopted text, never inside it: what the page says about the text
    # (word for word as adopted) and where the languages differ in substance.
    text_note: str = ""
    differences: tuple[Difference, ...] = ()

    @property
    def differing(self) -> dict[str, Difference]:
        """Clause id -> the note on how the official texts differ there."""
        return {cid: d for d in self.differences for cid in d.clause_ids}

    @property
    def preambular(self) -> list[Clause]:
        return [c for c in self.clauses.values() if c.kind == "preambular"]

    @property
    def operative(self) -> list[Clause]:
        return [c for c in self.clauses.values() if c.kind == "operative"]

    def describe_ids(self) -> str:
        """`PP1–PP20, OP1–OP22`, for error messages."""
        return clause_ids.describe(self.clauses)


def _load(path: Path) -> Resolution:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResolutionDataError(path, f"cannot read resolution data ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's error carries the position only in its text: "... (at line 5, ...)".
        where = re.search(r"\(at line (\d+)", str(exc))
        raise ResolutionDataError(path, f"resolution data is not valid TOML: {exc}",
                                  int(where.group(1)) if where else 1) from exc
    clauses: dict[str, Clause] = {}
    for entry in data.get("clause", []):
        cid = str(entry.get("id", ""))
        if not clause_ids.is_id(cid) or cid in clauses:
            raise ResolutionDataError(path, f"bad or repeated clause id {cid!r}")
        clauses[cid] = Clause(cid, str(entry["text"]))
    fields = {k: str(data.get(k, "")) for k in
              ("lang", "title", "assembly", "place", "dates", "adopted", "date", "opening",
               "text_note")}
    return Resolution(clauses=clauses, differences=_differences(path, data, clauses), **fields)


def _differences(path: Path, data: dict, clauses: dict[str, Clause]) -> tuple[Difference, ...]:
    found = []
    for entry in data.get("difference", []):
        ids = tuple(str(c) for c in entry.get("clauses", []))
        unknown = [c for c in ids if c not in clauses]
        if not ids or unknown or not str(entry.get("note", "")).strip():
            raise ResolutionDataError(path, "each [[difference]] needs clauses (known ids) and a "
                                      f"note (clauses {list(ids)!r})")
        found.append(Difference(ids, str(entry["note"]).strip()))
    return tuple(found)


def _load_dir(directory: str) -> dict[str, Resolution]:
    """Parsed once per process while the files stay as they are: a process that builds
    again after an edit (the tests, a long-lived caller of `build_site`) reads them again."""
    stamps = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                   for p in sorted(Path(directory).glob("*.toml")))
    return _load_files(directory, stamps)


@cache
def _load_files(directory: str, stamps: tuple) -> dict[str, Resolution]:
    found = {}
    for path in sorted(Path(directory).glob("*.toml")):
        res = _load(path)
        found[res.lang or path.stem] = res
    return found


def load_resolutions(settings: dict) -> dict[str, Resolution]:
    """One `Resolution` per configured language.

    A language without its own data file (a newly added one) falls back to the
    default language's text, so adding a language never breaks clause pages.
    """
    directory = Path(settings["PATH"]) / settings.get("RESOLUTION_PATH", "resolution")
    found = _load_dir(str(directory.resolve()))
    default = settings.get("DEFAULT_LANG", "en")
    if default not in found:
        raise ResolutionDataError(directory / f"{default}.toml",
                                  f"no resolution data for the default language '{default}'")
    default_ids = list(found[default].clauses)
    for lang, res in found.items():
        if list(res.clauses) != default_ids:
            raise ResolutionDataError(directory / f"{lang}.toml",
                                      f"clause ids differ from {default}.toml")
    return {lang: found.get(lang, found[default]) for lang in settings["LANGUAGES"]}

