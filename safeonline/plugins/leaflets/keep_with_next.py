"""A heading kept with what follows it: with its first part, when that can split.

Platypus keeps a `keepWithNext` flowable (our headings, and the outline
marker before the resolution box) with the next one by wrapping both in a
`KeepTogether`. ReportLab's `KeepTogether` moves the whole group to the next
frame when it does not fit in what is left of this one, unless the frame is
untouched. So a heading before a box that may run over several pages (the
resolution box, a long list or table) sent the box to a new page, leaving the
rest of this one white; and when a Spacer had already been drawn at the top of
that new page, the group was "not at the top" there either and broke again,
which printed an empty page (the English legislative checklist's page 4).

A heading only needs its first lines beside it. `KeepWithFirstPart` keeps the
heading with the first part of the flowable that follows, when that part can
be split off into the room left under the heading; otherwise it behaves as
ReportLab's own class (moving the group to the next frame).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.flowables import _listWrapOn


class KeepWithFirstPart(KeepTogether):
    """A keepWithNext group: the kept flowables stay with the first part of the last one.

    `min_room` is the least room the last flowable's first part may get: less
    than that (a line or two) and the heading goes to the next frame with it.
    """

    min_room = 0.0

    def split(self, aW: float, aH: float) -> list[Flowable]:
        parts = self._with_first_part(aW, aH)
        return parts if parts is not None else super().split(aW, aH)

    def _with_first_part(self, aW: float, aH: float) -> list[Flowable] | None:
        *kept, last = self._content
        if not kept:
            return None
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= aH:  # the whole group fits: nothing to split
            return None
        _width, kept_height = _listWrapOn(kept, aW, self.canv)
        room = aH - kept_height - max(kept[-1].getSpaceAfter(), last.getSpaceBefore())
        if room < self.min_room:
            return None
        pieces = last.splitOn(self.canv, aW, room)
        if len(pieces) < 2:  # it cannot split there
            return None
        return [*kept, *pieces]


def keep_with_first_part(min_room: float) -> type[KeepWithFirstPart]:
    """The document's `keepTogetherClass`, giving a first part at least `min_room` points."""
    return type("KeepWithFirstPart", (KeepWithFirstPart,), {"min_room": min_room})
