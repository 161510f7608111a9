"""Render RenderJobs to PDF files. Runs in worker processes: no Pelican here.

Everything the PDF depends on is in the job (see model.py), so the same job
gives the same bytes: ReportLab's invariant mode fixes the creation date and
document id, and the dates printed come from the content.

A material's leaflets on every paper share one layout (layout.Geometry), so
they are rendered once: `render_papers` lays the material out on the shared
canvas and writes one copy per paper, differing only in the MediaBox. Laying
out and drawing is nearly all of a leaflet's cost, so this halves it.

Both renderers (`render_papers` and pack.py's `render_pack`) call
`rtl.install()` before they draw: the right-to-left engine's changes to
ReportLab are made where a worker starts rendering, never by an import.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from . import rtl
from .direction import Writer
from .fonts import register_family
from .fullness import Attempt, Step, choose
from .layout import PageFurniture, PageInfo, frames, geometry, make_doc, paper_copy
from .model import MaterialSpec, RenderJob, shown_url
from .story import leaflet_story
from .strings import ACCESSIBLE_LEAFLET
from .styles import build_sheet

LATIN_FAMILY = "NotoSans"  # Latin runs inside right-to-left text


def writer_for(font_dir: str, spec: MaterialSpec) -> Writer:
    names = register_family(font_dir, spec.font)
    rtl = spec.direction == "rtl"
    latin = register_family(font_dir, LATIN_FAMILY) if rtl else names
    return Writer(rtl=rtl, regular=names["Regular"], bold=names["Bold"],
                  latin=(latin["Regular"], latin["Bold"], latin["Italic"],
                         latin["BoldItalic"]))


def page_info(spec: MaterialSpec, head: str, detail: str, accessible: str = "",
              url: str = "") -> PageInfo:
    """What the page furniture prints; `accessible` names the accessible version
    (a msgid with %(url)s) at `url`."""
    return PageInfo(
        band_label=spec.audience_label,
        band_detail=detail,
        running_head=head,
        footer_left=f"{spec.sitename} · "
                    f"{spec.strings['Updated %(date)s'] % {'date': spec.date_text}}",
        footer_second=spec.licence,
        page_of=spec.strings["Page %(page)s of %(pages)s"],
        sitename=spec.sitename,
        accessible_text=spec.strings[accessible] % {"url": shown_url(url)} if accessible else "",
        accessible_url=url,
    )


def document_meta(spec: MaterialSpec, writer: Writer, title: str, subject: str) -> dict:
    """The PDF's document information, catalog language and viewer preference."""
    return {
        "title": title, "author": spec.sitename, "subject": subject,
        "creator": spec.sitename, "lang": spec.lang, "keywords": [spec.audience],
        "displayDocTitle": 1,
        # Otherwise every page names Helvetica, a font we neither use nor embed.
        "initialFontName": writer.regular,
    }


def render_papers(jobs: Sequence[RenderJob], font_dir: str, out_paths: Sequence[str]
                  ) -> tuple[int, list[str]]:
    """Write the PDFs of `jobs`, one material's leaflets on its papers, from one layout.

    The jobs differ only in paper and output; the layout is made for the
    papers `job.papers` names (so a job's bytes never depend on which of its
    siblings are rendered with it). The leaflet is set as tightly as it must
    be to leave no hole (fullness.choose). Returns the page count, the same for
    all, and what the chosen layout still misses (fullness.Miss, as text).
    """
    rtl.install()
    job = jobs[0]
    papers = job.papers or (job.paper,)
    if any(j.paper not in papers or (j.papers or (j.paper,)) != papers for j in jobs):
        raise ValueError("render_papers: the jobs do not share one layout")
    geo = geometry(papers)
    spec = job.materials[0]
    writer = writer_for(font_dir, spec)
    size, floor = ((job.children_body_size, job.children_body_floor) if spec.large_type
                   else (job.body_size, job.body_floor))
    first, _later = frames(geo)
    frame = (first.width, first.height)
    info = page_info(spec, spec.title, spec.age_label, ACCESSIBLE_LEAFLET, spec.public_url)

    def layout(step: Step) -> Attempt:
        sheet = build_sheet(writer.regular, writer.bold, step.size, spec.colour, writer.rtl,
                            space=step.space, leading=step.leading)
        story = leaflet_story(spec, sheet, writer, frame)
        furniture = PageFurniture(geo, info, sheet.accent, writer, step.size)
        buffer = io.BytesIO()
        doc = make_doc(buffer, geo, furniture, first="band",
                       meta=document_meta(spec, writer, spec.title, spec.summary))
        doc.build(story, canvasmaker=doc.canvasmaker)
        return Attempt(step, list(doc.page_fills), buffer.getvalue())

    chosen = choose(layout, size, min(floor, size))
    for j, out_path in zip(jobs, out_paths, strict=True):
        Path(out_path).parent.mkdir(parents=True, exist_ok=True)
        Path(out_path).write_bytes(paper_copy(chosen.result, geo.boxes[j.paper]))
    return len(chosen.pages), [str(miss) for miss in chosen.misses]
