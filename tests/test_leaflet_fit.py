"""How a leaflet is set: trial settings are measured, only the one kept is drawn.

A leaflet is laid out at several settings to find one that leaves no hole
(fullness.choose). Drawing and writing a PDF is over half of a layout's
cost, so a trial is only measured; the setting kept is then laid out again
and drawn, and must come out with the pages its trial measured.
"""

from __future__ import annotations

import pytest

from safeonline.plugins.leaflets.fullness import (
    Attempt,
    MeasureMismatch,
    PageFill,
    Step,
    choose,
)

FULL = PageFill(fill=0.9, first="a paragraph", last="a paragraph", ends_on_heading=False,
                help_alone=False)
LAST = PageFill(fill=0.6, first="a paragraph", last="the help box", ends_on_heading=False,
                help_alone=False)


class FakeLeaflet:
    """A leaflet whose page count shrinks as its type does: `pages_at[size]` pages."""

    def __init__(self, pages_at: dict[float, int], drawn_pages: int | None = None):
        self.pages_at = pages_at
        self.drawn_pages = drawn_pages  # a block that draws taller than it wraps
        self.calls: list[tuple[Step, bool]] = []

    def __call__(self, step: Step, drawn: bool) -> Attempt:
        self.calls.append((step, drawn))
        count = self.pages_at[step.size]
        if drawn and self.drawn_pages is not None:
            count = self.drawn_pages
        pages = [FULL] * (count - 1) + [LAST]
        return Attempt(step, pages, b"%PDF drawn" if drawn else None)


def test_a_leaflet_that_needs_smaller_type_is_drawn_once_at_the_size_kept():
    leaflet = FakeLeaflet({10.5: 3, 10.0: 3, 9.5: 2, 9.0: 2})
    kept = choose(leaflet, 10.5, 9.0)
    assert kept.result == b"%PDF drawn"
    assert len(kept.pages) == 2 and kept.step.size == 9.5  # the loosest that fits one sheet
    drawn = [step for step, was_drawn in leaflet.calls if was_drawn]
    assert drawn == [kept.step]
    assert len(leaflet.calls) > 2  # it did try other settings, measured only


def test_a_leaflet_that_fits_at_once_is_measured_and_drawn_at_the_usual_setting():
    leaflet = FakeLeaflet({10.5: 2, 10.0: 2, 9.5: 2, 9.0: 2})
    kept = choose(leaflet, 10.5, 9.0)
    assert kept.step == Step(1.0, 1.45, 10.5)
    assert leaflet.calls == [(kept.step, False), (kept.step, True)]


def test_a_booklet_counts_four_of_its_small_pages_to_a_sheet():
    pages_at = {10.5: 4, 10.0: 4, 9.5: 3, 9.0: 3}
    leaflet, booklet = FakeLeaflet(pages_at), FakeLeaflet(pages_at)
    choose(leaflet, 10.5, 9.0)
    kept = choose(booklet, 10.5, 9.0, sheet_pages=4)
    assert kept.step == Step(1.0, 1.45, 10.5)  # four A5 pages: one folded sheet, at once
    assert len(booklet.calls) == 2
    # Two pages to a sheet, four pages are two sheets: it tries the smallest type first.
    assert (Step(0.6, 1.35, 9.0), False) in leaflet.calls


def test_a_block_that_draws_differently_from_how_it_measured_stops_the_leaflet():
    leaflet = FakeLeaflet({10.5: 2, 10.0: 2, 9.5: 2, 9.0: 2}, drawn_pages=3)
    with pytest.raises(MeasureMismatch, match="differently when drawn"):
        choose(leaflet, 10.5, 9.0)
