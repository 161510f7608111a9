"""From Pelican materials to render jobs, in the main process.

Here the editor's mistakes are found (a missing image, an image Pillow cannot
open safely) and reported as `path:line: error: ...` before any worker starts.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image as PILImage

from safeonline.core.problems import ProblemList
from safeonline.core.render_pool import code_digest
from safeonline.plugins.i18n.catalogs import gettext_for, translations
from safeonline.plugins.i18n.dates import format_day

from .config import leaflet_settings
from .fonts import font_files
from .help import help_box
from .html_flow import parse_html, referenced_clauses
from .model import (
    HelpBox,
    MaterialSpec,
    RenderJob,
    editions,
    files_digest,
    leaflet_path,
    pack_path,
    shown_url,
)
from .palette import BAND_DARKEST, band_grays
from .strings import translated

IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
MAX_PIXELS = 40_000_000  # a photo from a phone is ~12 MP; more is a mistake or a bomb
CODE_DIR = Path(__file__).resolve().parent


IMG_TAG_RE = re.compile(r"<img", re.IGNORECASE)  # parse_html names a tag from its text


def _line_of(source: str, needle: str) -> int:
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    for number, line in enumerate(lines, 1):
        if needle and needle in line:
            return number
    return 0


def _image_srcs(html: str) -> list[tuple[str, str]]:
    # Most materials have no image; parsing their whole body to find none was
    # two thirds of planning. Without the text "<img" the tree has no img node.
    if not IMG_TAG_RE.search(html):
        return []
    found = []

    def walk(node) -> None:
        for child in node.children:
            if not isinstance(child, str):
                if child.tag == "img":
                    found.append((child.attrs.get("src", ""), child.attrs.get("alt", "")))
                walk(child)

    walk(parse_html(html))
    return found


def check_image(path: Path) -> str | None:
    """None if Pillow can open the file safely as a bitmap; otherwise why not."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(path, formats=IMAGE_FORMATS) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    return (f"image is {width}×{height} pixels, too large to print "
                            f"(scale it below {MAX_PIXELS // 1_000_000} megapixels)")
                img.verify()
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        return "image is too large to open safely (scale it down)"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"image cannot be read ({exc}); use a PNG, JPEG, GIF or WebP file"
    return None


@dataclass(frozen=True)
class _Language:
    """What every material in one language shares: worked out once per build."""

    info: dict
    strings: dict[str, str]
    translate: Callable[[str], str]
    resolution: object
    help: HelpBox


class Planner:
    """Turns one build's materials into specs; lives for that build only.

    Per-language strings, help box and resolution, and each image file's
    check and hash, are the same for every material that shares them, so they
    are computed once here instead of once per material (at 1,000 materials in
    two languages this work ran 2,000 times on the build's critical path).
    Every material still gets its own problems: a bad image shared by three
    materials is reported in each of them.
    """

    def __init__(self, settings: dict, resolutions: dict, helplines=None) -> None:
        self.settings = settings
        self.resolutions = resolutions
        self.helplines = helplines
        self.conf = leaflet_settings(settings)
        self.content_root = Path(settings["PATH"]).resolve()
        self.site = (settings.get("SITEURL") or "").rstrip("/")
        self.public = settings["PUBLIC_SITEURL"].rstrip("/")
        self._languages: dict[str, _Language] = {}
        self._images: dict[Path, tuple[str | None, str]] = {}  # file -> (problem, sha256)

    def language(self, lang: str) -> _Language:
        if lang not in self._languages:
            settings = self.settings
            langs = settings["LANGUAGES"]
            strings = translated(settings, lang)
            self._languages[lang] = _Language(
                info=langs.get(lang, langs[settings["DEFAULT_LANG"]]),
                strings=strings,
                translate=gettext_for(settings, lang),  # setting values, from pelicanconf
                resolution=(self.resolutions.get(lang)
                            or self.resolutions[settings["DEFAULT_LANG"]]),
                help=help_box(settings, lang, strings, self.helplines))
        return self._languages[lang]

    def image(self, path: Path) -> tuple[str | None, str]:
        """(why Pillow refuses it or None, sha256 of a good file), once per file."""
        if path not in self._images:
            why = check_image(path)
            sha = "" if why else hashlib.sha256(path.read_bytes()).hexdigest()
            self._images[path] = (why, sha)
        return self._images[path]

    def resolve_images(self, material, html: str, problems: ProblemList
                       ) -> tuple[tuple[str, str, str], ...]:
        """(src, file, sha256) for each local image; problems for the rest."""
        source = material.source_path
        site, root = self.site, self.content_root
        resolved = []
        for src, _alt in _image_srcs(html):
            def line(src: str = src) -> int:  # read the source only to report a problem
                return _line_of(source, Path(urlsplit(src).path).name or src)

            url = src[len(site):] if site and src.startswith(site) else src
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                problems.warning(source, line(),
                                 f"image {src!r} is not part of the site; the leaflet prints "
                                 "its alt text instead",
                                 "put the file in content/images/ and use {static}/images/NAME")
                continue
            path = (root / unquote(parts.path).lstrip("/")).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                problems.error(source, line(), f"image not found: {src}",
                               "put the file in content/images/ and refer to it as "
                               "{static}/images/NAME")
                continue
            why, sha = self.image(path)
            if why:
                problems.error(source, line(), f"{src}: {why}")
                continue
            resolved.append((src, str(path), sha))
        return tuple(dict.fromkeys(resolved))

    def spec(self, material, problems: ProblemList) -> MaterialSpec:
        settings = self.settings
        lang = material.lang
        shared = self.language(lang)
        strings, res = shared.strings, shared.resolution
        html = material.content  # Pelican recomputes it on every access
        cited = list(material.clause_ids)
        for cid in referenced_clauses(html):
            if cid not in cited:
                cited.append(cid)
        clauses = []
        for cid in cited:
            clause = res.clauses.get(cid)
            if clause is None:
                problems.error(material.source_path, _line_of(material.source_path, cid),
                               f"clause {cid} does not exist", f"use {res.describe_ids()}")
                continue
            key = "Operative paragraph %(num)d" if clause.kind == "operative" \
                else "Preambular paragraph %(num)d"
            label = f"{strings[key] % {'num': clause.number}} ({clause.id})"
            clauses.append((clause.id, label, clause.text))
        audience = settings["AUDIENCES"].get(material.audience, {"label": material.audience,
                                                                   "colour": "#444444"})
        translate = shared.translate
        return MaterialSpec(
            key=f"{lang}/{material.slug}",
            source=str(material.source_path),
            lang=lang,
            direction=shared.info.get("dir", "ltr"),
            font=shared.info.get("font", "NotoSans"),
            title=" ".join(material.title.split()),  # text, exactly as written (not HTML)
            summary=_plain(getattr(material, "summary", "") or ""),
            content_html=html,
            audience=material.audience,
            audience_label=translate(audience["label"]),
            colour=audience["colour"],
            age=material.age or "",
            age_label=age_label(material.age, strings),
            date_text=format_day(material.date, lang),
            public_url=f"{self.public}/{material.url}",
            site_root=self.public,
            clauses=tuple(clauses),
            images=self.resolve_images(material, html, problems),
            strings=strings,
            help=shared.help,
            licence=translate(settings.get("LICENCE", "")),
            sitename=translate(settings["SITENAME"]),
            large_type=material.audience in self.conf.large_type_audiences,
            **self.front_matter(material, strings),
        )

    def front_matter(self, material, strings: dict[str, str]) -> dict:
        """A lesson's facts and a stale translation's notice, printed above the text."""
        found: dict = {}
        lesson = getattr(material, "lesson", None)
        if lesson is not None:
            minutes = translations(self.settings["THEME"], material.lang).ngettext(
                "%(num)d minute", "%(num)d minutes", lesson.duration) % {"num": lesson.duration}
            found["lesson_facts"] = ((strings["Duration"], minutes),
                                     (strings["Pupils"], age_label(material.age, strings)))
            found["objectives"] = tuple(lesson.objectives)
        stale = getattr(material, "stale", None)
        if stale is not None:
            key = ("The original was updated on %(date)s, after this translation was made."
                   if stale.updated else
                   "The original, dated %(date)s, has changed since this translation was made.")
            language = self.settings["LANGUAGES"].get(stale.lang, {}).get("name", stale.lang)
            link = strings["Read the original (%(language)s)"] % {"language": language}
            found["stale_notice"] = (
                strings["This translation may be out of date."],
                strings[key] % {"date": format_day(stale.date, material.lang)},
                link, shown_url(f"{self.public}/{stale.url}"))
        return found


def material_specs(materials, settings: dict, resolutions: dict, problems: ProblemList,
                   helplines=None) -> list[MaterialSpec]:
    """One spec per material, in order; the editor's mistakes go to `problems`."""
    planner = Planner(settings, resolutions, helplines)
    return [planner.spec(material, problems) for material in materials]


def age_label(band: str, strings: dict[str, str]) -> str:
    """'Ages 8-10'; its own message so right-to-left languages can say it in words."""
    if not band:
        return ""
    low, _sep, high = band.partition("-")
    return strings["Ages %(low)s-%(high)s"] % {"low": low, "high": high or low}


def _plain(html: str) -> str:
    """Summaries and titles arrive as HTML from Pelican; the PDF wants text."""
    import html as html_lib

    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", html)).split())


def versions(settings: dict) -> tuple[str, str]:
    """Digests of the leaflet code (every module of this package) and the bundled fonts:
    both change every PDF."""
    code = code_digest(CODE_DIR)
    fonts = files_digest(font_files(Path(settings["ASSETS_PATH"]) / "fonts"))
    return code, fonts


def make_jobs(specs: list[MaterialSpec], settings: dict) -> tuple[list[RenderJob],
                                                                   list[RenderJob]]:
    """Leaflet jobs (one per material, paper and edition) and pack jobs (audience ×
    language × paper, in colour and black and white).

    A pack is assembled from its members' leaflets on the same paper and in
    the same edition, so it names them by their jobs' digests: its own digest
    changes exactly when one of them (or its cover) does. Booklets have no pack.
    """
    conf = leaflet_settings(settings)
    code, fonts = versions(settings)
    common = {"body_size": conf.body_size, "children_body_size": conf.children_body_size,
              "body_floor": conf.body_floor, "children_body_floor": conf.children_body_floor,
              "code_version": code, "font_version": fonts}
    grays = band_grays({name: a["colour"] for name, a in settings["AUDIENCES"].items()})
    shared = conf.formats if conf.shared_layout else ()
    leaflets, packs = [], []
    groups: dict[tuple[str, str], list[MaterialSpec]] = defaultdict(list)
    digests: dict[tuple[str, str, str], str] = {}  # (material, paper, edition) -> digest

    def look(spec: MaterialSpec, edition: str) -> dict:
        if edition != "bw":
            return {"edition": edition}
        return {"edition": edition, "band_gray": grays.get(spec.audience, BAND_DARKEST)}

    for spec in sorted(specs, key=lambda s: s.key):
        groups[(spec.lang, spec.audience)].append(spec)
        for i, paper in enumerate(conf.formats):
            for edition in editions(conf, paper):
                job = RenderJob(kind="leaflet", paper=paper,
                                output=leaflet_path(conf, spec.lang, spec.slug, paper, edition),
                                materials=(spec,),
                                extra={"thumbnail": i == 0 and edition == "colour"},
                                papers=shared, **look(spec, edition), **common)
                leaflets.append(job)
                digests[(spec.key, paper, edition)] = job.digest
    public = settings["PUBLIC_SITEURL"].rstrip("/")
    for (lang, audience), members in sorted(groups.items()):
        for i, paper in enumerate(conf.formats):
            for edition in editions(conf, paper):
                if edition == "booklet":
                    continue
                packs.append(RenderJob(
                    kind="pack", paper=paper,
                    output=pack_path(conf, lang, audience, paper, edition),
                    materials=tuple(members),
                    members=tuple(digests[(m.key, paper, edition)] for m in members),
                    pack_title=members[0].audience_label,
                    pack_url=f"{public}/{lang}/{audience}/", papers=shared,
                    extra={"thumbnail": i == 0 and edition == "colour"},
                    **look(members[0], edition), **common))
    return leaflets, packs
