"""The leaflet library (`/<lang>/leaflets/`), its facet pages and the pack links on hubs.

Built from what was actually rendered (page counts, file sizes, thumbnails), so
the page never offers a file that is not there. Every entry carries its facet
values (facets.py); each value has a static page listing only its entries
(`/<lang>/library/topic/grooming/`), and the main page's script combines them.
More downloads per entry (another edition of a leaflet) are more `Download`s in
`entry.downloads`; whole sets at once are `bundles` (bundles.py).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, fields

from pelican.generators import Generator

from .facets import FORMATS, facet_counts, facet_url, matches, material_format, values_of
from .model import PAPER_LABELS
from .runner import Rendered


@dataclass(frozen=True)
class Download:
    url: str
    label: str  # paper size as people call it: "A4", "US Letter"
    paper: str
    pages: int = 0  # a booklet's: its A5 pages, blank padding included
    kilobytes: int = 0
    edition: str = "colour"  # model.EDITIONS: "colour", "bw" or "booklet"
    bytes: int = 0


@dataclass(frozen=True)
class LibraryEntry:
    """One card of the library. Frozen, and named by `key`, a digest of all it holds:
    the same entry sits on up to a dozen pages, and each page's card is rendered once
    per build and language (`{% cache %}`, site_pages/fragments.py) and digested by
    its key (plugins/incremental)."""

    title: str
    lang: str
    audience: str
    age: str  # age band or ""
    page_url: str  # the material's page (or the hub, for a pack)
    format: str = "leaflet"  # a key of facets.FORMATS
    topics: tuple[str, ...] = ()
    thumbnail: str = ""
    thumb_size: tuple[int, int] = (0, 0)
    downloads: tuple[Download, ...] = ()
    count: int = 0  # packs: materials inside
    key: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        held = tuple(getattr(self, f.name) for f in fields(self) if f.name != "key")
        digest = hashlib.blake2b(repr(held).encode(), digest_size=16)
        object.__setattr__(self, "key", digest.hexdigest())

    @property
    def __fingerprint__(self) -> str:
        return self.key

    @property
    def facets(self) -> dict[str, tuple[str, ...]]:
        """facet -> this entry's values: what its card's data attributes say."""
        return {"audience": (self.audience,), "age": (self.age,) if self.age else (),
                "topic": self.topics, "format": (self.format,), "language": (self.lang,)}


def download(item: Rendered) -> Download:
    """What a page offers of one rendered PDF: its address, paper, pages and size."""
    job = item.job
    return Download(url=job.output, label=PAPER_LABELS[job.paper], paper=job.paper,
                    pages=item.pages, kilobytes=max(1, round(item.bytes / 1024)),
                    edition=job.edition, bytes=item.bytes)


def _entry(item: Rendered, materials: dict) -> dict:
    """An entry's fields but its downloads and thumbnail, from its first rendered job."""
    job = item.job
    spec = job.materials[0]
    if job.kind == "pack":
        return {"title": job.pack_title, "lang": spec.lang, "audience": spec.audience,
                "age": "", "page_url": f"{spec.lang}/{spec.audience}/", "format": "pack",
                "count": len(job.materials)}
    url = spec.public_url[len(spec.site_root) + 1:]
    material = materials.get(spec.key)
    return {"title": spec.title, "lang": spec.lang, "audience": spec.audience,
            "age": spec.age, "page_url": url,
            "format": material_format(material) if material else "leaflet",
            "topics": tuple(getattr(material, "topics", ()))}


def view(packs: list[LibraryEntry], leaflets: list[LibraryEntry], audiences) -> dict:
    """What the library template shows: packs, then leaflets by audience."""
    by_audience: dict[str, list[LibraryEntry]] = defaultdict(list)
    for entry in leaflets:
        by_audience[entry.audience].append(entry)
    return {"packs": packs,
            "by_audience": [(a, by_audience[a]) for a in audiences if by_audience.get(a)],
            "count": len(leaflets)}


def build_library(context: dict, settings: dict, done: list[Rendered],
                  bundles: list | None = None) -> None:
    """`leaflet_library` (packs, leaflets, facets, bundles), `leaflet_packs[lang][audience]`
    and `leaflet_downloads["<lang>/<slug>"]` (a material's downloads, every edition)."""
    materials = {f"{m.lang}/{m.slug}": m for m in context.get("materials", [])}
    parts: dict[tuple[str, str], dict] = {}  # an entry's fields, gathered job by job
    for item in done:
        job = item.job
        key = (job.kind, job.pack_url if job.kind == "pack" else job.materials[0].key)
        entry = parts.setdefault(key, {**_entry(item, materials), "downloads": []})
        if item.thumbnail:
            entry.update(thumbnail=item.thumbnail, thumb_size=item.thumb_size)
        entry["downloads"].append(download(item))
    entries = {key: LibraryEntry(**{**entry, "downloads": tuple(entry["downloads"])})
               for key, entry in parts.items()}
    audiences = list(settings["AUDIENCES"])
    langs = list(settings["LANGUAGES"])
    bands = list(settings["AGE_BANDS"])

    def order(e: LibraryEntry):
        return (audiences.index(e.audience) if e.audience in audiences else 99,
                bands.index(e.age) if e.age in bands else -1,
                langs.index(e.lang) if e.lang in langs else 99, e.title)

    packs = sorted((e for (kind, _), e in entries.items() if kind == "pack"), key=order)
    leaflets = sorted((e for (kind, _), e in entries.items() if kind == "leaflet"), key=order)
    context["leaflet_library"] = {**view(packs, leaflets, audiences),
                                  "leaflets": leaflets,
                                  "facets": facet_counts([*packs, *leaflets], settings),
                                  "formats": FORMATS, "bundles": bundles or [],
                                  "total": len(leaflets) + len(packs)}
    hub_packs: dict[str, dict[str, LibraryEntry]] = defaultdict(dict)
    for pack in packs:
        hub_packs[pack.lang][pack.audience] = pack
    context["leaflet_packs"] = dict(hub_packs)
    context["leaflet_downloads"] = {key: list(entry.downloads)
                                    for (kind, key), entry in entries.items()
                                    if kind == "leaflet"}


class LeafletLibraryGenerator(Generator):
    """Writes `/<lang>/leaflets/` (every leaflet in every language, packs first) and a
    page per facet value, `/<lang>/library/<facet>/<value>/`, listing only its entries."""

    def generate_context(self) -> None:
        """Filled in by the `all_generators_finalized` handler, once PDFs exist."""

    def generate_output(self, writer) -> None:
        library = self.context.get("leaflet_library")
        if library is None:
            return
        settings = self.settings
        template = self.get_template("leaflets")
        names = {k: v["name"] for k, v in settings["LANGUAGES"].items()}
        alternates = {lang: f"{lang}/leaflets/" for lang in settings["LANGUAGES"]}
        for lang in settings["LANGUAGES"]:
            writer.write_file(f"{lang}/leaflets/index.html", template, self.context,
                              lang_code=lang, page_url=alternates[lang],
                              alternates=alternates, library=outline(library), shown=library,
                              bundles=library["bundles"], current=None, language_names=names)
        audiences = list(settings["AUDIENCES"])
        for facet, values in values_of(settings).items():
            for value in values:
                shown = view([p for p in library["packs"] if matches(p, facet, value)],
                             [e for e in library["leaflets"] if matches(e, facet, value)],
                             audiences)
                urls = {lang: facet_url(lang, facet, value) for lang in settings["LANGUAGES"]}
                for lang in settings["LANGUAGES"]:
                    writer.write_file(f"{urls[lang]}index.html", template, self.context,
                                      lang_code=lang, page_url=urls[lang], alternates=urls,
                                      library=outline(library), shown=shown,
                                      bundles=facet_bundles(library["bundles"], facet, value),
                                      current=(facet, value), language_names=names)


def outline(library: dict) -> dict:
    """What every library page shows of the whole library: its filters and its size.

    Only this, not every entry: a page is rendered again when what it is given
    changes (plugins/incremental), and an entry's downloads change with any edit
    of its material, so a facet page changes only with the entries it lists."""
    return {"facets": library["facets"], "formats": library["formats"],
            "total": library["total"]}


def facet_bundles(bundles: list, facet: str, value: str) -> list:
    """The zips a facet page offers: an audience's or a language's own sets, else none."""
    if facet in ("audience", "language"):
        key = "audience" if facet == "audience" else "lang"
        return [b for b in bundles if getattr(b, key) == value]
    return []
