"""What a leaflet is made of: plain, picklable specs built from Pelican's materials.

Rendering happens in worker processes, which must not touch Pelican objects.
So the main process turns each material into a `MaterialSpec` holding every
input the PDF depends on (its HTML, metadata, translated interface strings,
resolved image files). The same spec, serialised, is the cache key: anything
not in the spec cannot change the PDF.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path

from safeonline.plugins.i18n.catalogs import N_

PAPER = {"A4": "a4", "LETTER": "letter"}  # LEAFLETS["formats"] entry -> file suffix
PAPER_LABELS = {"A4": N_("A4"), "LETTER": N_("US Letter")}  # as people call them
# A booklet's pages: half its sheet, two of them side by side on each side of it.
BOOKLET_PAGE = {"A4": "A5", "LETTER": "HALF_LETTER"}
# The editions of a leaflet -> file-name suffix after the paper ("-a4-bw.pdf").
EDITIONS = {"colour": "", "bw": "-bw", "booklet": "-booklet"}


@dataclass(frozen=True)
class HelpBox:
    heading: str
    items: tuple[str, ...]
    url: str


@dataclass(frozen=True)
class MaterialSpec:
    key: str  # "<lang>/<slug>": unique, stable, used in file names and anchors
    source: str  # the Markdown file, for error messages
    lang: str
    direction: str  # "ltr" or "rtl"
    font: str  # font family registered from assets/fonts
    title: str
    summary: str
    content_html: str
    audience: str
    audience_label: str
    colour: str
    age: str  # age band ("8-10") or ""
    age_label: str  # the same, printed: "Ages 8-10"
    date_text: str
    public_url: str  # canonical address: QR code and the printed URL
    site_root: str  # PUBLIC_SITEURL: makes the site's own relative links printable
    clauses: tuple[tuple[str, str, str], ...]  # (id, label, text with *emphasis*)
    images: tuple[tuple[str, str, str], ...]  # (src in the HTML, file path, sha256)
    strings: dict[str, str]
    help: HelpBox
    licence: str
    sitename: str
    large_type: bool  # children's leaflets
    # A lesson plan's box at the top: (label, value) rows, then its objectives.
    lesson_facts: tuple[tuple[str, str], ...] = ()
    objectives: tuple[str, ...] = ()
    # A stale translation's notice, in its own language: (heading, text, link text, the
    # original's address); the address has a line of its own, or bidi would join it to
    # a Latin language name in right-to-left text.
    stale_notice: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.key.split("/", 1)[1]

    @cached_property  # a frozen spec never changes; each of its six or so jobs hashes it
    def cache_json(self) -> str:
        """The spec as the cache sees it, as JSON: no machine-specific path (the source
        file only names errors; an image counts by its content, see RenderJob.digest)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "source"}
        data["help"] = dict(vars(self.help))
        data["images"] = [(src, sha) for src, _path, sha in data["images"]]
        return json.dumps(data, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class RenderJob:
    """One PDF to make: a single leaflet, or an audience pack of several."""

    kind: str  # "leaflet" or "pack"
    paper: str  # key of PAPER (a booklet's: the sheet it is printed on)
    output: str  # path relative to the output folder
    materials: tuple[MaterialSpec, ...]
    body_size: float
    children_body_size: float
    body_floor: float = 0.0  # the least type size a leaflet is set in to fit (fullness.py)
    children_body_floor: float = 0.0
    pack_title: str = ""  # packs only
    pack_url: str = ""  # packs only: the hub page's public address
    # Papers sharing this job's layout (layout.Geometry), rendered together;
    # () for a job laid out for its own paper alone.
    papers: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # packs only: digests of the members' leaflet jobs
    code_version: str = ""
    font_version: str = ""
    # "colour", "bw" (black and white) or "booklet" (EDITIONS); a pack: "colour" or "bw".
    edition: str = "colour"
    band_gray: float = 0.5  # "bw": the audience band's gray level (palette.band_grays)
    extra: dict = field(default_factory=dict)

    @cached_property  # asked for often; a frozen job never changes
    def digest(self) -> str:
        """The cache key: every input of the PDF, but no machine-specific path.

        The source file only names errors and an image counts by its content,
        so a fresh checkout elsewhere (CI) reuses the same cache entries.
        """
        data = {name: value for name, value in vars(self).items()
                if name not in ("materials", "digest")}
        # A pack is its cover (drawn from the first material's strings, help box
        # and colours) and its members' cached PDFs, named by their digests:
        # hashing every member's spec again would be slower and say nothing more.
        shown = self.materials[:1] if self.kind == "pack" else self.materials
        data["materials"] = [m.cache_json for m in shown]
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    @property
    def layout_key(self) -> str:
        """Equal for the jobs one worker renders together: one material's leaflets on
        each paper, in every edition (render.render_papers lays out each edition once)."""
        if not self.papers:
            return self.digest
        data = {name: value for name, value in vars(self).items()
                if name not in ("materials", "digest", "paper", "output", "extra", "edition",
                                "band_gray")}
        data["materials"] = [m.cache_json for m in self.materials]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

    @property
    def label(self) -> str:
        return f"{self.output} ({PAPER_LABELS[self.paper]})"

    @property
    def grayscale(self) -> bool:
        return self.edition == "bw"


def shown_url(url: str) -> str:
    """An address as printed: no scheme, no trailing slash.

    A trailing "/" is a neutral character: at the end of a URL in a
    right-to-left line the bidi algorithm moves it to the URL's left end.
    """
    return url.split("://", 1)[-1].rstrip("/")


def files_digest(paths: list[Path]) -> str:
    """A hash of file contents, so editing a font or the leaflet code busts the cache."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def leaflet_path(conf, lang: str, slug: str, paper: str, edition: str = "colour") -> str:
    """`conf`: the typed LEAFLETS (config.LeafletSettings)."""
    return f"{conf.output_dir}/{lang}/{slug}-{PAPER[paper]}{EDITIONS[edition]}.pdf"


def pack_path(conf, lang: str, audience: str, paper: str, edition: str = "colour") -> str:
    return f"{conf.output_dir}/{lang}/pack-{audience}-{PAPER[paper]}{EDITIONS[edition]}.pdf"


def editions(conf, paper: str) -> list[str]:
    """The editions LEAFLETS asks for on `paper`, colour first."""
    wanted = ["colour"]
    if conf.grayscale:
        wanted.append("bw")
    if conf.booklets and paper in BOOKLET_PAGE:
        wanted.append("booklet")
    return wanted
