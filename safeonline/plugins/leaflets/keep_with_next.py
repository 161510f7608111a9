"""Blocks kept together across a page end: a heading with what follows, the help box
with what precedes it.

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
ReportLab's own class (moving the group to the next frame). ReportLab never
groups a heading with a list or a kept block (`_ktAllow`), so a heading before
a list could end a page: `group_with_next` (the document's
`handle_keepWithNext`) groups them too.

`KeepWithLastPart` is the other way round, for the "Where to get help" box:
the box is never split, and it takes the end of the block before it (a clause
of the resolution box, the last lines of a paragraph) to the next page rather
than stand there alone.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.doctemplate import ActionFlowable, _ktAllow
from reportlab.platypus.flowables import _Container, _listWrapOn


def _may_follow_a_heading(flowable: Flowable) -> bool:
    """ReportLab's rule, and lists and kept blocks, which can split or move whole."""
    return _ktAllow(flowable) or isinstance(flowable, _Container | KeepTogether)


def group_with_next(doc, flowables: list[Flowable]) -> None:
    """`handle_keepWithNext`: ReportLab's, but a heading also keeps with a list or
    a kept block (a figure, the help box group)."""
    i = 0
    n = len(flowables)
    while i < n and flowables[i].getKeepWithNext() and _ktAllow(flowables[i]):
        i += 1
    if not i:
        return
    if i < n and _may_follow_a_heading(flowables[i]):
        i += 1
    group = doc.keepTogetherClass(flowables[:i])
    for flowable in group._content[:-1]:
        flowable.__dict__["keepWithNext"] = 0
    del flowables[:i]
    flowables.insert(0, group)


class _WrapOncePerWidth(KeepTogether):
    """A kept group measures its content once per width.

    `KeepTogether.wrap` wraps every member (a 22-clause table, a deep copy of
    the frame) each time the group is offered to a frame or asked to split,
    though the heights depend on the width alone; a leaflet set several times
    over (fullness.py) spent most of its layout there.
    """

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if getattr(self, "_wrapped_width", None) == aW:
            self._wrapInfo = aW, aH
            return self._wrapped
        self._wrapped = super().wrap(aW, aH)
        self._wrapped_width = aW
        return self._wrapped


class KeepWithFirstPart(_WrapOncePerWidth):
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
        room = aH - kept_height - max(kept[-1].getSpaceBefore(), last.getSpaceBefore())
        if room < self.min_room:
            return None
        pieces = last.splitOn(self.canv, aW, room)
        # A kept block that does not fit answers with a frame break first: that
        # would leave the heading at the foot of this page.
        if len(pieces) < 2 or isinstance(pieces[0], ActionFlowable):
            return None
        return [*kept, *pieces]


def keep_with_first_part(min_room: float) -> type[KeepWithFirstPart]:
    """The document's `keepTogetherClass`, giving a first part at least `min_room` points."""
    return type("KeepWithFirstPart", (KeepWithFirstPart,), {"min_room": min_room})


class KeepWithLastPart(_WrapOncePerWidth):
    """`kept` (never split) with at least `min_tail` points of the flowable before it.

    Where the whole group does not fit, the block before is split so that its
    end goes over with `kept`: when it fits here, at `min_tail` above its foot;
    when it runs on anyway, where this page ends. A block that cannot split
    moves over with `kept`, as ReportLab's `KeepTogether` would.
    """

    def __init__(self, before: Flowable, kept: list[Flowable], min_tail: float):
        super().__init__([before, *kept])
        self.min_tail = min_tail

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= aH:
            return super().split(aW, aH)
        before, *kept = self._content
        _width, height = before.wrapOn(self.canv, aW, aH)
        room = min(aH, height - self.min_tail)
        pieces = before.splitOn(self.canv, aW, room) if room > 0 else []
        if len(pieces) < 2 or isinstance(pieces[0], ActionFlowable):
            return super().split(aW, aH)
        head, *rest = pieces
        return [head, *rest[:-1], KeepWithLastPart(rest[-1], kept, self.min_tail)]
