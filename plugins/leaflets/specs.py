"""From Pelican materials to render jobs, in the main process.

Here the editor's mistakes are found (a missing image, an image Pillow cannot
open safely) and reported as `path:line: error: ...` before any worker starts.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from contract import ProblemList
from i18n.catalogs import gettext_for
from PIL import Image as PILImage

from .config import leaflet_settings
from .fonts import font_files
from .help import help_box
from .html_flow import parse_html, referenced_clauses
from .model import (
    MaterialSpec,
    RenderJob,
    files_digest,
    format_day,
    leaflet_path,
    pack_path,
)
from .strings import translated

IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
MAX_PIXELS = 40_000_000  # a photo from a phone is ~12 MP; more is a mistake or a bomb
CODE_DIR = Path(__file__).resolve().parent


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


def resolve_images(material, settings: dict, problems: ProblemList
                   ) -> tuple[tuple[str, str, str], ...]:
    """(src, file, sha256) for each local image; problems for the rest."""
    content_root = Path(settings["PATH"]).resolve()
    site = (settings.get("SITEURL") or "").rstrip("/")
    resolved = []
    for src, _alt in _image_srcs(material.content):
        line = _line_of(material.source_path, Path(urlsplit(src).path).name or src)
        url = src[len(site):] if site and src.startswith(site) else src
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            problems.warning(material.source_path, line,
                             f"image {src!r} is not part of the site; the leaflet prints its "
                             "alt text instead",
                             "put the file in content/images/ and use {static}/images/NAME")
            continue
        path = (content_root / unquote(parts.path).lstrip("/")).resolve()
        if not path.is_relative_to(content_root) or not path.is_file():
            problems.error(material.source_path, line, f"image not found: {src}",
                           "put the file in content/images/ and refer to it as "
                           "{static}/images/NAME")
            continue
        why = check_image(path)
        if why:
            problems.error(material.source_path, line, f"{src}: {why}")
            continue
        resolved.append((src, str(path), hashlib.sha256(path.read_bytes()).hexdigest()))
    return tuple(dict.fromkeys(resolved))


def material_spec(material, settings: dict, resolutions: dict, problems: ProblemList,
                  helplines=None) -> MaterialSpec:
    lang = material.lang
    langs = settings["LANGUAGES"]
    info = langs.get(lang, langs[settings["DEFAULT_LANG"]])
    strings = translated(settings, lang)
    res = resolutions.get(lang) or resolutions[settings["DEFAULT_LANG"]]
    cited = list(material.clause_ids)
    for cid in referenced_clauses(material.content):
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
    translate = gettext_for(settings, lang)  # setting values, extracted from pelicanconf
    public = settings["PUBLIC_SITEURL"].rstrip("/")
    conf = leaflet_settings(settings)
    return MaterialSpec(
        key=f"{lang}/{material.slug}",
        source=str(material.source_path),
        lang=lang,
        direction=info.get("dir", "ltr"),
        font=info.get("font", "NotoSans"),
        title=_plain(material.title),
        summary=_plain(getattr(material, "summary", "") or ""),
        content_html=material.content,
        audience=material.audience,
        audience_label=translate(audience["label"]),
        colour=audience["colour"],
        age=material.age or "",
        age_label=age_label(material.age, strings),
        date_text=format_day(material.date, lang),
        public_url=f"{public}/{material.url}",
        site_root=public,
        clauses=tuple(clauses),
        images=resolve_images(material, settings, problems),
        strings=strings,
        help=help_box(settings, lang, strings, helplines),
        licence=translate(settings.get("LICENCE", "")),
        sitename=translate(settings["SITENAME"]),
        large_type=material.audience in conf["large_type_audiences"],
    )


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
    """Hashes of the leaflet code and the bundled fonts: both change every PDF."""
    code = files_digest(sorted(CODE_DIR.glob("*.py")))
    fonts = files_digest(font_files(Path(settings["ASSETS_PATH"]) / "fonts"))
    return code, fonts


def make_jobs(specs: list[MaterialSpec], settings: dict) -> tuple[list[RenderJob],
                                                                   list[RenderJob]]:
    """Leaflet jobs (one per material and paper) and pack jobs (audience × language).

    A pack is assembled from its members' leaflets on the same paper, so it
    names them by their jobs' digests: its own digest changes exactly when one
    of them (or its cover) does.
    """
    conf = leaflet_settings(settings)
    code, fonts = versions(settings)
    common = {"body_size": float(conf["body_size"]),
              "children_body_size": float(conf["children_body_size"]),
              "code_version": code, "font_version": fonts}
    shared = tuple(conf["formats"]) if conf["shared_layout"] else ()
    leaflets, packs = [], []
    groups: dict[tuple[str, str], list[MaterialSpec]] = defaultdict(list)
    digests: dict[tuple[str, str], str] = {}  # (material key, paper) -> leaflet digest
    for spec in sorted(specs, key=lambda s: s.key):
        groups[(spec.lang, spec.audience)].append(spec)
        for i, paper in enumerate(conf["formats"]):
            job = RenderJob(kind="leaflet", paper=paper,
                            output=leaflet_path(conf, spec.lang, spec.slug, paper),
                            materials=(spec,), extra={"thumbnail": i == 0},
                            papers=shared, **common)
            leaflets.append(job)
            digests[(spec.key, paper)] = job.digest
    public = settings["PUBLIC_SITEURL"].rstrip("/")
    for (lang, audience), members in sorted(groups.items()):
        for i, paper in enumerate(conf["formats"]):
            packs.append(RenderJob(kind="pack", paper=paper,
                                   output=pack_path(conf, lang, audience, paper),
                                   materials=tuple(members),
                                   members=tuple(digests[(m.key, paper)] for m in members),
                                   pack_title=members[0].audience_label,
                                   pack_url=f"{public}/{lang}/{audience}/",
                                   papers=shared, extra={"thumbnail": i == 0}, **common))
    return leaflets, packs
