"""A page per clause and language, the coverage page, and the matrix as JSON/CSV files.

Every clause page has the same address shape and fragment ids in every
language (`/en/resolution/op10/`, `/ar/resolution/op10/`), so a link or a
citation survives a change of language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from .clauses import Clause, Resolution, plain_text
from .config import CoverageSettings, coverage_settings
from .coverage import Coverage, MaterialRef, as_csv, as_json

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CitingMaterial:
    """One material on a clause page: shown in the page's language when it has it."""

    shown: MaterialRef
    versions: list[MaterialRef]  # in LANGUAGES order

    @property
    def translated(self) -> bool:
        return len(self.versions) > 1


def excerpt(text: str, words: int) -> str:
    parts = plain_text(text).split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + "…"


class ClausePagesGenerator(Generator):
    def generate_context(self) -> None:
        """Nothing to read: the matrix was computed when the materials were."""

    def _urls(self, pattern: str, **fields) -> dict[str, str]:
        return {lang: pattern.format(lang=lang, **fields) for lang in self.settings["LANGUAGES"]}

    def _write(self, writer, template: str, lang: str, urls: dict[str, str], **extra) -> None:
        writer.write_file(f"{urls[lang]}index.html", self.get_template(template), self.context,
                          lang_code=lang, page_url=urls[lang], alternates=urls, **extra)

    def generate_output(self, writer) -> None:
        config = coverage_settings(self.settings)
        cov: Coverage = self.context["coverage"]
        resolutions: dict[str, Resolution] = self.context["resolutions"]
        for lang in self.settings["LANGUAGES"]:
            res = resolutions[lang]
            order = list(res.clauses.values())  # document order, for previous/next
            for index, clause in enumerate(order):
                self._write(writer, "clause", lang,
                            self._urls(config.clause_url, anchor=clause.anchor),
                            resolution=res, clause=clause,
                            citing=self._citing(cov, clause.id, lang),
                            previous_clause=order[index - 1] if index else None,
                            next_clause=order[index + 1] if index + 1 < len(order) else None)
            self._write(writer, "coverage", lang, self._urls(config.page_url),
                        resolution=res, matrix=cov,
                        rows=self._rows(cov, res, config.excerpt_words),
                        exports=[(label, path) for label, path in
                                 (("JSON", config.export_json), ("CSV", config.export_csv))
                                 if path])
        self._export(cov, resolutions, config)

    def _citing(self, cov: Coverage, cid: str, lang: str) -> dict[str, list[CitingMaterial]]:
        grouped = {}
        for audience, materials in cov.citing(cid).items():
            grouped[audience] = [
                CitingMaterial(shown=next((v for v in versions if v.lang == lang), versions[0]),
                               versions=versions)
                for versions in materials]
        return grouped

    def _rows(self, cov: Coverage, res: Resolution, words: int
              ) -> list[tuple[str, list[tuple[Clause, str]]]]:
        """(kind, [(clause in the page's language, excerpt)]), operative first."""
        groups: dict[str, list[tuple[Clause, str]]] = {}
        for c in cov.clauses:
            local = res.clauses[c.id]
            groups.setdefault(c.kind, []).append((local, excerpt(local.text, words)))
        return list(groups.items())

    def _export(self, cov: Coverage, resolutions: dict[str, Resolution], config: CoverageSettings) -> None:
        out = Path(self.output_path)
        if config.export_json:
            (out / config.export_json).write_text(
                as_json(cov, resolutions, self.settings, compact=True), encoding="utf-8")
        if config.export_csv:
            (out / config.export_csv).write_text(as_csv(cov), encoding="utf-8")
