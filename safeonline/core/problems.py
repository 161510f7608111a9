"""Problems found in content, reported the way editors and their editors' tools read them.

Every check in the project produces `Problem`s rather than raising, so that one
run reports everything that is wrong at once, each as
`path:line: error|warning: message (how to fix)`.

A problem found by code that failed (a leaflet worker's exception) may carry
the traceback as its `detail`: never part of the line, printed under it only
when the editor asks (`invoke build --debug`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None  # None: the file as a whole (a setting), printed as `path: error: ...`
    severity: str  # "error" or "warning"
    message: str
    fix: str = ""
    detail: str = field(default="", compare=False)  # a traceback, for --debug only

    def __str__(self) -> str:
        fix = f" ({self.fix})" if self.fix else ""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message}{fix}"

    def sort_key(self) -> tuple:
        return (self.path, -1 if self.line is None else self.line, self.severity,
                self.message, self.fix)


@dataclass
class ProblemList:
    """Collects problems; `root` makes paths relative so messages stay short."""

    root: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def _rel(self, path: str | Path) -> str:
        p = Path(path)
        if self.root is not None:
            try:
                # Resolve the folder, not the file: a symlink is reported under its own name.
                absolute = p.absolute().parent.resolve() / p.name
                return str(absolute.relative_to(self.root.resolve()))
            except ValueError:
                pass
        return str(p)

    def error(self, path: str | Path, line: int | None, message: str, fix: str = "",
              detail: str = "") -> None:
        self.items.append(Problem(self._rel(path), line, "error", message, fix, detail))

    def warning(self, path: str | Path, line: int | None, message: str, fix: str = "") -> None:
        self.items.append(Problem(self._rel(path), line, "warning", message, fix))

    def extend(self, other: ProblemList) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=Problem.sort_key)

    def as_text(self, details: bool = False) -> str:
        """One line per problem; with `details`, each followed by its traceback, if any."""
        return "\n".join(f"{p}\n{p.detail.rstrip()}" if details and p.detail else str(p)
                         for p in self.sorted())

    def as_json(self) -> str:
        return json.dumps([{k: v for k, v in asdict(p).items() if k != "detail" or v}
                           for p in self.sorted()], ensure_ascii=False, indent=2)


class BuildFailed(Exception):
    """The build stopped; `problems` says why, in the editor's terms.

    Raised by plugins and caught only by the build command (as MkDocs plugins
    raise `PluginError` from a neutral module): a plugin never imports the
    command that runs it.
    """

    def __init__(self, problems: ProblemList):
        super().__init__(problems.as_text())
        self.problems = problems
