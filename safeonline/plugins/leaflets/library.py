"""The leaflet library (`/<lang>/leaflets/`) and the pack links on audience hubs.

Built from what was actually rendered (page counts, file sizes, thumbnails), so
the page never offers a file that is not there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pelican.generators import Generator

from .model import PAPER_LABELS
from .runner import Rendered


@dataclass(frozen=True)
class Download:
    url: str
    label: str  # paper size as people call it: "A4", "US Letter"
    paper: str
    pages: int = 0
    kilobytes: int = 0


@dataclass
class LibraryEntry:
    title: str
    lang: str
    audience: str
    age: str  # age band or ""
    page_url: str  # the material's page (or the hub, for a pack)
    thumbnail: str = ""
    thumb_size: tuple[int, int] = (0, 0)
    downloads: list[Download] = field(default_factory=list)
    count: int = 0  # packs: materials inside


def _entry(item: Rendered, settings: dict) -> LibraryEntry:
    job = item.job
    spec = job.materials[0]
    if job.kind == "pack":
        return LibraryEntry(title=job.pack_title, lang=spec.lang, audience=spec.audience,
                            age="", page_url=f"{spec.lang}/{spec.audience}/",
                            count=len(job.materials))
    url = spec.public_url[len(spec.site_root) + 1:]
    return LibraryEntry(title=spec.title, lang=spec.lang, audience=spec.audience,
                        age=spec.age, page_url=url)


def build_library(context: dict, settings: dict, done: list[Rendered]) -> None:
    """`leaflet_library` (packs, leaflets) and `leaflet_packs_ready[lang][audience]`
    (read through pending.PacksWhenRendered as `leaflet_packs`)."""
    entries: dict[tuple[str, str], LibraryEntry] = {}
    for item in done:
        job = item.job
        key = (job.kind, job.output.rsplit("-", 1)[0])
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = _entry(item, settings)
        if item.thumbnail:
            entry.thumbnail, entry.thumb_size = item.thumbnail, item.thumb_size
        entry.downloads.append(Download(url=job.output, label=PAPER_LABELS[job.paper],
                                        paper=job.paper, pages=item.pages,
                                        kilobytes=max(1, round(item.bytes / 1024))))
    audiences = list(settings["AUDIENCES"])
    langs = list(settings["LANGUAGES"])
    bands = list(settings["AGE_BANDS"])

    def order(e: LibraryEntry):
        return (audiences.index(e.audience) if e.audience in audiences else 99,
                bands.index(e.age) if e.age in bands else -1,
                langs.index(e.lang) if e.lang in langs else 99, e.title)

    packs = sorted((e for (kind, _), e in entries.items() if kind == "pack"), key=order)
    leaflets = sorted((e for (kind, _), e in entries.items() if kind == "leaflet"), key=order)
    by_audience: dict[str, list[LibraryEntry]] = defaultdict(list)
    for entry in leaflets:
        by_audience[entry.audience].append(entry)
    context["leaflet_library"] = {
        "packs": packs,
        "by_audience": [(a, by_audience[a]) for a in audiences if by_audience.get(a)],
        "count": len(leaflets),
    }
    hub_packs: dict[str, dict[str, LibraryEntry]] = defaultdict(dict)
    for pack in packs:
        hub_packs[pack.lang][pack.audience] = pack
    context["leaflet_packs_ready"] = dict(hub_packs)


class LeafletLibraryGenerator(Generator):
    """Writes `/<lang>/leaflets/`: every leaflet in every language, packs first."""

    def generate_context(self) -> None:
        """Filled in once the PDFs exist (pending.Pending.result)."""

    def generate_output(self, writer) -> None:
        pending = self.context.get("leaflets_pending")
        if pending is not None:
            pending.result()  # the leaflets rendered while the pages were written
        library = self.context.get("leaflet_library")
        if library is None:
            return
        template = self.get_template("leaflets")
        alternates = {lang: f"{lang}/leaflets/" for lang in self.settings["LANGUAGES"]}
        for lang in self.settings["LANGUAGES"]:
            writer.write_file(f"{lang}/leaflets/index.html", template, self.context,
                              lang_code=lang, page_url=alternates[lang],
                              alternates=alternates, library=library,
                              language_names={k: v["name"] for k, v in
                                              self.settings["LANGUAGES"].items()})
