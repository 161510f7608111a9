"""Render RenderJobs to PDF files. Runs in worker processes: no Pelican here.

Everything the PDF depends on is in the job (see model.py), so the same job
gives the same bytes: ReportLab's invariant mode fixes the creation date and
document id, and the dates printed come from the content.

A material's leaflets on every paper share one layout (layout.Geometry), so
they are rendered once: `render_papers` lays the material out on the shared
canvas and writes one copy per paper, differing only in the MediaBox. Laying
out and drawing is nearly all of a leaflet's cost, so this halves it. Each
edition (colour, black and white, booklet: model.EDITIONS) is one such layout,
made by the same worker in the same pool job.

Both renderers (`render_papers` and pack.py's `render_pack`) call
`rtl.install()` before they draw: the right-to-left engine's changes to
ReportLab are made where a worker starts rendering, never by an import.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from . import rtl
from .booklet import PAGES_PER_SHEET, impose
from .direction import Writer
from .fonts import register_family
from .fullness import SHEET_PAGES, Attempt, Step, choose
from .layout import Geometry, PageFurniture, PageInfo, frames, geometry, make_doc, paper_copy
from .model import BOOKLET_PAGE, EDITIONS, MaterialSpec, RenderJob, shown_url
from .palette import Palette, colour_palette, gray_palette
from .rtl.shaping import shape_markup
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
        accessible_address=shown_url(url) if accessible else "",
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
                  ) -> tuple[list[int], list[str]]:
    """Write the PDFs of `jobs`, one material's leaflets on its papers, one layout per
    edition; returns each job's page count, and what the chosen layout still misses
    (fullness.Miss, as text).

    The jobs of an edition differ only in paper and output; its layout is made
    for the papers `job.papers` names (so a job's bytes never depend on which
    of its siblings are rendered with it). Each is set as tightly as it must be
    to leave no hole (fullness.choose). Colour and black and white are two
    palettes of the same layout (the same pages: black and white takes the
    colour edition's setting when both are made at once, and would choose the
    same alone: a palette changes no metric); the booklet is laid out on its
    half-sheet papers (model.BOOKLET_PAGE) and imposed (booklet.py).
    """
    rtl.install()
    shape_markup.cache_clear()  # kept for one material's layouts: a worker renders thousands
    pages: dict[int, int] = {}
    misses: list[str] = []
    steps: dict[tuple[str, ...], Step] = {}  # papers -> the setting chosen for them
    for edition in sorted(dict.fromkeys(j.edition for j in jobs), key=list(EDITIONS).index):
        indices = [i for i, j in enumerate(jobs) if j.edition == edition]
        group = [jobs[i] for i in indices]
        outs = [out_paths[i] for i in indices]
        if edition == "booklet":
            counts = _render_booklets(group, font_dir, outs)
        else:
            papers = _papers(group)
            chosen, geo = lay_out(group[0], font_dir, papers, step=steps.get(papers))
            steps[papers] = chosen.step
            misses = misses or [str(miss) for miss in chosen.misses]
            for out_path, j in zip(outs, group, strict=True):
                Path(out_path).parent.mkdir(parents=True, exist_ok=True)
                Path(out_path).write_bytes(paper_copy(chosen.result, geo.boxes[j.paper]))
            counts = [len(chosen.pages)] * len(group)
        pages.update(zip(indices, counts, strict=True))
    return [pages[i] for i in range(len(jobs))], misses


def _papers(jobs: Sequence[RenderJob]) -> tuple[str, ...]:
    papers = jobs[0].papers or (jobs[0].paper,)
    if any(j.paper not in papers or (j.papers or (j.paper,)) != papers for j in jobs):
        raise ValueError("render_papers: the jobs do not share one layout")
    return papers


def _render_booklets(jobs: Sequence[RenderJob], font_dir: str, out_paths: Sequence[str]
                     ) -> list[int]:
    halves = tuple(BOOKLET_PAGE[p] for p in _papers(jobs))
    chosen, geo = lay_out(jobs[0], font_dir, halves, page_forms=True,
                          sheet_pages=PAGES_PER_SHEET)
    rtl_text = jobs[0].materials[0].direction == "rtl"
    counts = []
    for j, out_path in zip(jobs, out_paths, strict=True):
        sheets, count = impose(paper_copy(chosen.result, geo.boxes[BOOKLET_PAGE[j.paper]]),
                               j.paper, rtl_text)
        Path(out_path).parent.mkdir(parents=True, exist_ok=True)
        Path(out_path).write_bytes(sheets)
        counts.append(count)
    return counts


def palette_for(job: RenderJob, spec: MaterialSpec) -> Palette:
    return gray_palette(job.band_gray) if job.grayscale else colour_palette(spec.colour)


def _page_forms(base: type[Canvas]) -> type[Canvas]:
    """A canvas that draws each page into a form XObject, and the page shows that form.

    For booklets: pypdf parses the content stream of every page it merges
    (booklet.py), twice; a page whose own content is one `Do` costs it
    nothing, where the drawing itself was ~20 ms a page. Links made inside a
    form belong to the form, and bookmarks are not made: this canvas is for
    pages that are imposed, whose links and bookmarks are dropped anyway.
    """

    class PageFormCanvas(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._page_form = 0
            self._begin_page_form()

        def _begin_page_form(self) -> None:
            self._page_form += 1
            self.beginForm(f"booklet-page-{self._page_form}")

        def showPage(self) -> None:
            self.endForm()
            self.doForm(f"booklet-page-{self._page_form}")
            super().showPage()
            self._begin_page_form()

        def save(self) -> None:
            self.endForm()  # begun for a page that never came: never shown
            super().save()

    # Pages only (ReportLab refuses them inside a form), and the booklet keeps no
    # bookmark or link: they pointed at the A5 pages.
    def _not_in_a_booklet(self, *args, **kwargs) -> None:
        return None

    for name in ("bookmarkPage", "bookmarkHorizontal", "bookmarkHorizontalAbsolute",
                 "addOutlineEntry", "linkAbsolute", "linkRect", "linkURL"):
        setattr(PageFormCanvas, name, _not_in_a_booklet)

    return PageFormCanvas


def lay_out(job: RenderJob, font_dir: str, papers: tuple[str, ...], page_forms: bool = False,
            step: Step | None = None, sheet_pages: int = SHEET_PAGES
            ) -> tuple[Attempt, Geometry]:
    """The material laid out on the canvas shared by `papers`, in the job's palette, at
    `step` or at the setting fullness.choose finds for `sheet_pages` to a sheet: the
    attempt (its `result` the PDF, every MediaBox a placeholder) and the geometry."""
    geo = geometry(papers)
    spec = job.materials[0]
    writer = writer_for(font_dir, spec)
    size, floor = ((job.children_body_size, job.children_body_floor) if spec.large_type
                   else (job.body_size, job.body_floor))
    palette = palette_for(job, spec)
    first, _later = frames(geo)
    frame = (first.width, first.height)
    info = page_info(spec, spec.title, spec.age_label, ACCESSIBLE_LEAFLET, spec.public_url)

    def layout(step: Step, drawn: bool) -> Attempt:
        sheet = build_sheet(writer.regular, writer.bold, step.size, palette, writer.rtl,
                            space=step.space, leading=step.leading)
        story = leaflet_story(spec, sheet, writer, frame)
        furniture = PageFurniture(geo, info, palette, writer, step.size)
        buffer = io.BytesIO()
        doc = make_doc(buffer, geo, furniture, drawn=drawn,
                       meta={**document_meta(spec, writer, spec.title, spec.summary),
                             **palette.enforce})
        canvasmaker = _page_forms(doc.canvasmaker) if page_forms else doc.canvasmaker
        doc.build(story, canvasmaker=canvasmaker)
        return Attempt(step, list(doc.page_fills), buffer.getvalue() if drawn else None)

    if step is not None:
        return layout(step, True), geo
    return choose(layout, size, min(floor, size), sheet_pages), geo
