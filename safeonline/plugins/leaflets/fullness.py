"""Pages without holes: how full each page came out, and how tightly to set a leaflet.

A leaflet is printed on a school photocopier, so a half-empty page or a last
page holding one box wastes paper. While a leaflet is laid out, `FillFrame`
notes how far down each page the last drawn block reaches (its fill, 0..1 of
the frame's height: the same figure a reader sees as the body's ink), which
block ended the page and which began it; no page is rendered to find out.

`Rules` says what a leaflet misses: a page before the last under 75 % full;
beyond one sheet (two pages), a last page under 40 % full; a page ending on a
heading; the help box alone on its page. `choose` then tries the steps of
`ladder` in the issue's order (less space between blocks, tighter lines, type
down to the audience's floor; then looser spacing, as a leaflet that cannot fit
its sheet takes a page more) and keeps the first that misses nothing,
preferring one sheet, or the step that misses least. Everything here is
deterministic: the same leaflet is always set the same way.

A trial layout is measured, not drawn (`FillFrame.drawn`): platypus wraps and
splits every block exactly as it would, but nothing is drawn and no PDF is
written, which is over half of a layout's cost; only the setting chosen is then
laid out again and drawn, and its pages must come out as measured (`drawn`).
Most leaflets try two to five settings, so this nearly halves their rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Frame, Image, Spacer, Table
from reportlab.platypus.flowables import _Container

SHEET_PAGES = 2  # one sheet, printed on both sides
MIN_FILL = 0.75  # every page before the last
MIN_LAST_FILL = 0.40  # the last page of a leaflet longer than one sheet
MAX_TRIES = 8  # layouts per leaflet at most (each costs ~0.1-0.3 s)


def describe(flowable) -> str:
    """What a block is, as a reason names it ("the help box cannot be split")."""
    kind = getattr(flowable, "leaflet_kind", "")
    if kind:
        return kind
    if getattr(flowable, "leaflet_outline", None):
        return "a heading"
    if isinstance(flowable, Image):
        return "a figure"
    if isinstance(flowable, _Container):
        return "a list"
    if isinstance(flowable, Table):
        return "a table"
    return type(flowable).__name__.lower().replace("flowable", "") or "a block"


class FillFrame(Frame):
    """A frame that remembers its lowest drawn block and what its first and last were.

    Spacers and zero-height markers are no ink, so they neither count as the
    page's last block nor make it look fuller. Blocks are remembered as text
    (`describe`), never as objects: platypus deep-copies the frame whenever it
    measures a kept group, and a frame holding a table would copy the table.
    With `drawn` False a block is placed but not drawn (a trial layout): what
    platypus decides about pages comes from wrap and split, never from drawing.
    """

    drawn = True

    def _reset(self) -> None:
        super()._reset()
        self.ink_bottom: float | None = None
        self.first_block = ""  # describe() of the page's first block
        self.last_block = ""
        self.last_is_heading = False
        self.only_help = False  # the help box is the first block, and the only one so far

    def add(self, flowable, canv, trySplit=0):
        top = self._y
        if not self.drawn:
            flowable.drawOn = _not_drawn  # this block only: the class keeps its own
        try:
            done = super().add(flowable, canv, trySplit=trySplit)
        finally:
            vars(flowable).pop("drawOn", None)
        if not done or getattr(flowable, "frameAction", None) or isinstance(flowable, Spacer):
            return done
        bottom = self._y + flowable.getSpaceAfter()
        if top - bottom > 1e-3:
            self.ink_bottom = bottom
            kind = describe(flowable)
            self.only_help = not self.first_block and kind == HELP_BOX
            self.first_block = self.first_block or kind
            self.last_block = kind
            self.last_is_heading = bool(getattr(flowable, "leaflet_outline", None))
        return done

    def fill(self) -> float:
        if self.ink_bottom is None:
            return 0.0
        return max(0.0, min(1.0, (self._y2 - self.ink_bottom) / self._height))


def _not_drawn(*args, **kwargs) -> None:
    return None


HELP_BOX = "the help box"  # story.HelpTable's `leaflet_kind`


@dataclass(frozen=True)
class PageFill:
    fill: float  # 0..1 of the body
    first: str  # describe() of the page's first block
    last: str  # ... and of its last
    ends_on_heading: bool
    help_alone: bool  # the help box is the page's only block


def page_fill(frame: FillFrame) -> PageFill:
    return PageFill(fill=frame.fill(), first=frame.first_block, last=frame.last_block,
                    ends_on_heading=frame.last_is_heading, help_alone=frame.only_help)


@dataclass(frozen=True)
class Miss:
    """One way a leaflet falls short, said as the build summary says it."""

    rule: str  # "hole", "thin-end", "heading", "help-alone"
    text: str

    def __str__(self) -> str:
        return self.text


def misses(pages: list[PageFill], sheet_pages: int = SHEET_PAGES) -> list[Miss]:
    found = []
    for number, page in enumerate(pages[:-1], 1):
        if page.fill < MIN_FILL:
            following = pages[number].first or "the next block"
            found.append(Miss("hole", f"page {number} is {page.fill:.0%} full: "
                                      f"{following} on page {number + 1} cannot be split"))
    for number, page in enumerate(pages, 1):
        if page.ends_on_heading and number < len(pages):
            found.append(Miss("heading", f"page {number} ends on a heading"))
        if page.help_alone:
            found.append(Miss("help-alone", f"the help box stands alone on page {number}"))
    last = pages[-1] if pages else None
    if last is not None and len(pages) > sheet_pages and last.fill < MIN_LAST_FILL:
        found.append(Miss("thin-end", f"ends on a page {last.fill:.0%} full: "
                                      f"{last.first or 'its last block'} cannot be split"))
    return found


@dataclass(frozen=True)
class Step:
    """How tightly a leaflet is set: gaps (share of the usual), line height, type size."""

    space: float
    leading: float
    size: float


def ladder(size: float, floor: float) -> tuple[list[Step], list[Step]]:
    """(tighter steps from the usual setting down to the floor, looser steps).

    The first tighter step is the usual setting. Type goes down half a point at
    a time, never under `floor`.
    """
    tighter = [Step(1.0, 1.45, size), Step(0.75, 1.45, size), Step(0.6, 1.35, size)]
    smaller = size - 0.5
    while smaller >= floor - 1e-9:
        tighter.append(Step(0.6, 1.35, smaller))
        smaller -= 0.5
    looser = [Step(1.3, 1.5, size), Step(1.6, 1.6, size)]
    return tighter, looser


@dataclass
class Attempt:
    step: Step
    pages: list[PageFill]
    result: object  # what the layout function returned (the PDF); None if not drawn
    sheet_pages: int = SHEET_PAGES

    @property
    def misses(self) -> list[Miss]:
        return misses(self.pages, self.sheet_pages)


#: (setting, drawn) -> the layout at that setting: drawn, with its PDF, or only measured.
Layout = Callable[[Step, bool], Attempt]


class MeasureMismatch(AssertionError):
    """A drawn layout did not come out as its measured trial: a block draws
    differently from how it wraps (a bug in that block, never the content's fault)."""


def drawn(layout: Layout, attempt: Attempt) -> Attempt:
    """`attempt` drawn: laid out again at its setting, and checked against the trial."""
    if attempt.result is not None:
        return attempt
    made = layout(attempt.step, True)
    made.sheet_pages = attempt.sheet_pages
    if made.pages != attempt.pages:
        raise MeasureMismatch(f"the leaflet set at {attempt.step} came out differently when "
                              f"drawn ({len(made.pages)} pages) than measured "
                              f"({len(attempt.pages)})")
    return made


def choose(layout: Layout, size: float, floor: float, sheet_pages: int = SHEET_PAGES
           ) -> Attempt:
    """The loosest setting that misses nothing, on `sheet_pages` if the floor allows it.

    Tries the usual setting; if it runs past one sheet, the floor (can it fit
    at all?), then the loosest step between that fits (by halving), and on
    from there if that one leaves a hole. A leaflet that cannot
    fit its sheet keeps its pages and tries looser spacing to fill the last
    one. With no step missing nothing, the one missing least is kept (fewest
    misses, then fewest pages, then the earliest tried). Trials are measured;
    the one kept is drawn (`drawn`). A booklet's sheet is four pages.
    """
    tighter, looser = ladder(size, floor)
    tried: list[Attempt] = []

    def attempt(step: Step) -> Attempt:
        for done in tried:
            if done.step == step:
                return done
        made = layout(step, False)
        made.sheet_pages = sheet_pages
        tried.append(made)
        return made

    first = attempt(tighter[0])
    if not first.misses and len(first.pages) <= sheet_pages:
        return drawn(layout, first)
    fits = len(first.pages) <= sheet_pages or len(attempt(tighter[-1]).pages) <= sheet_pages
    order = tighter if fits else [*tighter[:3], *looser, *tighter[3:]]
    if fits and len(first.pages) > sheet_pages:
        # Pages only shrink as the setting tightens: halve the steps between the
        # usual one (too long) and the floor (fits) to the loosest that fits.
        low, high = 1, len(tighter) - 1
        while low < high:
            middle = (low + high) // 2
            if len(attempt(tighter[middle]).pages) <= sheet_pages:
                high = middle
            else:
                low = middle + 1
        order = tighter[high:]
    for step in order:
        if len(tried) >= MAX_TRIES:
            break
        made = attempt(step)
        if not made.misses and (not fits or len(made.pages) <= sheet_pages):
            return drawn(layout, made)
    return drawn(layout, min(tried, key=lambda a: (len(a.misses), len(a.pages),
                                                   tried.index(a))))
