"""Download everything at once: zips of leaflets per audience and language, and of all.

One zip per set and paper size (a teacher prints on one paper), holding the
PDFs and `contents.txt`, in the zip's language, listing each leaflet's title,
audience, ages and clauses. The bytes are a function of the members: fixed
timestamps and permissions, members sorted, stored uncompressed (a PDF is
compressed already, and no zlib version can change the bytes). A zip is
cached under a digest of its members' job digests and its index text, so it
is written again only when one of its leaflets (or its contents list) changed;
the job digests include this package's code, so a change here remakes them too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from safeonline.core.files import place, written_whole
from safeonline.core.render_pool import ContentCache
from safeonline.plugins.i18n.catalogs import gettext_for, translations

from .model import PAPER, PAPER_LABELS, MaterialSpec
from .runner import Rendered

log = logging.getLogger(__name__)
# The zip format's own epoch: no date of ours is more true for a set of leaflets, and
# any fixed date gives the same bytes on every machine.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644  # a regular file, rw-r--r--


@dataclass(frozen=True)
class BundlePaper:
    """One zip of a set: the set on one paper size."""

    paper: str
    label: str  # msgid: "A4", "US Letter"
    url: str  # relative to the output folder
    bytes: int


@dataclass
class Bundle:
    lang: str
    audience: str  # "" for every audience
    count: int
    papers: list[BundlePaper] = field(default_factory=list)


@dataclass
class BundleStats:
    made: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


def bundle_path(conf, lang: str, audience: str, paper: str) -> str:
    return f"{conf.output_dir}/{lang}/leaflets-{audience or 'all'}-{PAPER[paper]}.zip"


def contents_text(settings: dict, lang: str, audience: str, paper: str,
                  members: list[tuple[str, MaterialSpec]]) -> str:
    """`contents.txt`: what is in the zip, in the zip's language."""
    translate = gettext_for(settings, lang)  # setting values and labels kept as data
    _ = translate  # literal msgids, which `invoke i18n-extract` finds by this name
    ngettext = translations(settings["THEME"], lang).ngettext
    label = settings["AUDIENCES"][audience]["label"] if audience else None
    what = translate(label) if label else _("All leaflets")
    lines = [translate(settings["SITENAME"]), f"{what} · {translate(PAPER_LABELS[paper])}",
             ngettext("%(num)d leaflet, a PDF file in this folder.",
                      "%(num)d leaflets, each a PDF file in this folder.",
                      len(members)) % {"num": len(members)},
             "", ]
    for number, (name, spec) in enumerate(members, 1):
        lines.append(f"{number}. {spec.title}")
        lines.append("   " + _("File: %(name)s") % {"name": name})
        lines.append("   " + _("Audience: %(audience)s") % {"audience": spec.audience_label})
        if spec.age_label:
            lines.append("   " + spec.age_label)
        lines.append("   " + _("Clauses: %(ids)s") % {"ids": ", ".join(c[0] for c in spec.clauses)})
        lines.append("   " + spec.public_url)
        lines.append("")
    lines.append(translate(settings.get("LICENCE", "")))
    return "\n".join(lines) + "\n"


def write_zip(target: Path, folder: str, files: list[tuple[str, bytes | Path]]) -> None:
    """The zip's bytes depend on the members' names and bytes only."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in sorted(files, key=lambda item: item[0]):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_DATE)
            info.external_attr = FILE_MODE << 16
            info.create_system = 3  # Unix, wherever the build runs, so the mode is read
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, data.read_bytes() if isinstance(data, Path) else data)


def _groups(done: list[Rendered]) -> dict[tuple[str, str, str], list[Rendered]]:
    """(lang, audience or "", paper) -> its colour leaflets, by file name."""
    groups: dict[tuple[str, str, str], list[Rendered]] = defaultdict(list)
    for item in done:
        job = item.job
        if job.kind != "leaflet" or job.edition != "colour":
            continue
        spec = job.materials[0]
        groups[(spec.lang, spec.audience, job.paper)].append(item)
        groups[(spec.lang, "", job.paper)].append(item)
    return groups


def make_bundles(done: list[Rendered], settings: dict, conf, output: Path
                 ) -> tuple[list[Bundle], BundleStats]:
    """Every zip into `output`, from the cache when its members are unchanged."""
    cache = ContentCache(conf.cache_dir)
    stats = BundleStats()
    bundles: dict[tuple[str, str], Bundle] = {}
    for (lang, audience, paper), items in sorted(_groups(done).items()):
        items = sorted(items, key=lambda i: i.job.output)
        members = [(Path(i.job.output).name, i.job.materials[0]) for i in items]
        index = contents_text(settings, lang, audience, paper, members)
        relative = bundle_path(conf, lang, audience, paper)
        folder = Path(relative).stem
        key = hashlib.sha256(json.dumps(
            [folder, index, [[name, i.job.digest] for (name, _), i in
                                             zip(members, items, strict=True)]]
        ).encode("utf-8")).hexdigest()
        cached = cache.path(key, ".zip")
        if cached.exists():
            stats.reused.append(relative)
        else:
            files: list[tuple[str, bytes | Path]] = [("contents.txt", index.encode("utf-8"))]
            files += [(name, cache.path(i.job.digest, ".pdf"))
                      for (name, _), i in zip(members, items, strict=True)]
            with written_whole(cached) as tmp:
                write_zip(tmp, folder, files)
            stats.made.append(relative)
        target = output / relative
        place(cached, target)
        bundle = bundles.setdefault((lang, audience), Bundle(lang, audience, len(items)))
        bundle.papers.append(BundlePaper(paper, PAPER_LABELS[paper], relative,
                                         target.stat().st_size))
    log.info("leaflets: %d zips made, %d reused from cache", len(stats.made), len(stats.reused))
    return _ordered(list(bundles.values()), settings), stats


def _ordered(bundles: list[Bundle], settings: dict) -> list[Bundle]:
    """By language, the whole set first, then the audiences in their order; papers in
    LEAFLETS["formats"] order."""
    langs, audiences = list(settings["LANGUAGES"]), ["", *settings["AUDIENCES"]]
    papers = list(PAPER)
    for bundle in bundles:
        bundle.papers.sort(key=lambda p: papers.index(p.paper))
    return sorted(bundles, key=lambda b: (langs.index(b.lang), audiences.index(b.audience)))
