"""The pack's contents: linked titles and their page numbers, filled in at save time.

The titles are known before layout; each page number is a form XObject that
layout.numbered_canvas draws once the document is saved and the pages are
known, so a pack needs no second layout pass for its contents.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle


class PageNumber(Flowable):
    """Where a contents entry's page number goes: a form filled in at save time."""

    def __init__(self, key: str, height: float, rtl: bool):
        super().__init__()
        self.key, self.height, self.rtl = key, height, rtl

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.translate(0 if self.rtl else self.width, self.height * 0.25)
        self.canv.doForm(f"contents-{self.key}")
        self.canv.restoreState()
        contents = getattr(self.canv, "leaflet_contents", None)
        if contents is None:
            contents = self.canv.leaflet_contents = []
        if self.key not in contents:
            contents.append(self.key)


MEMBER_LINK = "pack-member:"  # + member index: a contents link, made a jump by pack.py
CONTENTS_ROWS = 25  # rows per table: splitting one long table re-measures every row left


def contents_tables(entries: list[tuple[str, str]], para, style: ParagraphStyle,
                    rtl: bool, rule: colors.Color) -> list[Table]:
    """The pack's contents: linked titles and their page numbers, mirrored for RTL.

    The titles are known before layout and the page numbers are filled in at
    the end (see `numbered_canvas`), so this needs no second pass. Each title
    links to `MEMBER_LINK` + its key, a placeholder that pack.py turns into a
    jump to the member's first page when it adds the members' pages.
    """
    return [_contents_table(entries[i:i + CONTENTS_ROWS], para, style, rtl, rule)
            for i in range(0, len(entries), CONTENTS_ROWS)]


def _contents_table(entries: list[tuple[str, str]], para, style: ParagraphStyle,
                    rtl: bool, rule: colors.Color) -> Table:
    rows = []
    for key, text in entries:
        title = para(f'<a href="{MEMBER_LINK}{key}">{text}</a>', style)
        number = PageNumber(key, style.leading, rtl)
        rows.append([number, title] if rtl else [title, number])
    widths = ["12%", "88%"] if rtl else ["88%", "12%"]
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), style.fontName),  # not Helvetica
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table
