"""Pelican's HTML for a material → platypus flowables, through two small tag tables.

The leaflet is made from what Python-Markdown already produced, so every
Markdown construct has one meaning in the site and on paper. `BLOCKS` maps a
block tag to a function returning flowables; `INLINE` maps an inline tag to the
ReportLab paragraph markup it becomes. Clause references (the resolution
extension's `<a class="clause-ref" data-clause="OP10">`, or a literal
`[[OP10]]` left in the text) become superscript note numbers; the notes quote
the clause in the leaflet's "What the resolution says" box.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
    Table,
    TableStyle,
)

from safeonline.core import clause_ids

from .styles import RULE, Sheet

# A `[[OP10]]` left literal in the HTML (the site's extension did not link it).
CLAUSE_TEXT_RE = clause_ids.REF_RE
VOID = {"br", "img", "hr", "wbr", "input", "source", "meta", "link"}
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table",
              "figure", "hr", "pre", "div", "section", "article", "aside", "dl", "details",
              "figcaption", "dt", "dd", "summary"}

ParaFactory = Callable[[str, ParagraphStyle], Flowable]
Style = str | ParagraphStyle


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """The text a reader sees here; the site's clause notes are printed elsewhere."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children
                       if isinstance(c, str) or not c.is_clause_note)

    @property
    def is_clause_note(self) -> bool:
        return self.tag == "details" and "clause-note" in self.attrs.get("class", "").split()


class _TreeBuilder(HTMLParser):
    """A forgiving tree: unclosed tags close with their parent, stray ends are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def referenced_clauses(html: str) -> list[str]:
    """Clause ids cited inline, in reading order (markup links and literal `[[OP10]]`)."""
    found: list[str] = []
    for match in re.finditer(r'data-clause="([A-Za-z0-9]+)"|' + CLAUSE_TEXT_RE.pattern,
                             html, re.IGNORECASE):
        cid = clause_ids.normalise(match.group(1) or match.group(2))
        if clause_ids.is_id(cid) and cid not in found:
            found.append(cid)
    return found


class Notes:
    """Numbers clause notes in order of first citation; uncited clauses follow."""

    def __init__(self, prefix: str, clauses: tuple[tuple[str, str, str], ...]):
        self.prefix = prefix
        self.clauses = {cid: (label, text) for cid, label, text in clauses}
        self.order: list[str] = []

    def ref(self, cid: str) -> int | None:
        cid = clause_ids.normalise(cid)
        if cid not in self.clauses:
            return None
        if cid not in self.order:
            self.order.append(cid)
        return self.order.index(cid) + 1

    def anchor(self, number: int) -> str:
        return f"{self.prefix}-note-{number}"

    def all(self) -> list[tuple[int, str, str, str]]:
        ids = self.order + [c for c in self.clauses if c not in self.order]
        return [(i + 1, cid, *self.clauses[cid]) for i, cid in enumerate(ids)]


@dataclass
class Converter:
    """One material's HTML → flowables; `para` makes a paragraph in the text's direction."""

    sheet: Sheet
    para: ParaFactory
    notes: Notes
    images: dict[str, str]  # src -> file path (checked by the main process)
    site_root: str
    frame_width: float
    frame_height: float
    strings: dict[str, str]
    outline: Callable[[Flowable, int, str], Flowable] = lambda f, level, text: f
    show_ids: bool = False  # print "OP10" before the note number (clause-only table cells)

    # ---- blocks -------------------------------------------------------------------
    def convert(self, html: str) -> list[Flowable]:
        return self.blocks(parse_html(html))

    def blocks(self, node: Node, style: Style = "body") -> list[Flowable]:
        """Block children through BLOCKS; loose inline runs become one paragraph each."""
        out: list[Flowable] = []
        run: list[Node | str] = []

        def flush() -> None:
            if run:
                out.extend(self.paragraph(Node("p", children=list(run)), style))
                run.clear()

        for child in node.children:
            if isinstance(child, Node) and (child.tag in BLOCK_TAGS or child.tag == "img"):
                flush()
                if child.tag == "p":
                    out.extend(self.paragraph(child, style))
                else:
                    out.extend(BLOCKS.get(child.tag, Converter.container)(self, child))
            else:
                run.append(child)
        flush()
        return out

    def container(self, node: Node) -> list[Flowable]:
        return self.blocks(node)

    def paragraph(self, node: Node, style: Style = "body") -> list[Flowable]:
        """A <p>; images inside it are lifted out as figures in reading order."""
        out: list[Flowable] = []
        run: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and child.tag == "img":
                out.extend(self._para(run, style))
                run = []
                out.extend(self.image(child))
            else:
                run.append(child)
        out.extend(self._para(run, style))
        return out

    def _para(self, children: list[Node | str], style: Style) -> list[Flowable]:
        markup = self.inline_children(children).strip()
        if not markup or not re.sub(r"<[^>]+>|\s", "", markup):
            return []
        return [self.para(markup, self.sheet[style] if isinstance(style, str) else style)]

    def heading(self, node: Node) -> list[Flowable]:
        level = min(max(int(node.tag[1]), 2), 4)
        markup = self.inline_children(node.children).strip()
        if not markup:
            return []
        flowable = self.para(markup, self.sheet[f"h{level}"])
        return [self.outline(flowable, level - 1, node.text().strip())]

    def listing(self, node: Node) -> list[Flowable]:
        items = [self.blocks(li, "list") for li in node.children
                 if isinstance(li, Node) and li.tag == "li"]
        items = [item for item in items if item]
        if not items:
            return []
        start = node.attrs.get("start", "1")
        first = int(start) if start.isdigit() else 1
        if self.sheet.rtl:
            return self._rtl_list(items, first if node.tag == "ol" else None)
        sheet = self.sheet
        kwargs = {"bulletFontName": sheet.family, "bulletFontSize": sheet.body_size,
                  "bulletColor": sheet.accent, "leftIndent": sheet.body_size * 1.6,
                  "spaceAfter": sheet.body_size * 0.5}
        if node.tag == "ol":
            kwargs.update(bulletType="1", start=str(first), bulletFormat="%s.")
        else:
            kwargs.update(bulletType="bullet", start="•", bulletFontSize=sheet.body_size * 1.1)
        return [ListFlowable([ListItem(item) for item in items], **kwargs)]

    def _rtl_list(self, items: list[list[Flowable]], first: int | None) -> list[Flowable]:
        """Markers on the right, text indented from the right: a two-column table.

        ReportLab's ListFlowable draws right-side bullets over the text, so the
        RTL list lays out its own markers; rows may split across pages.
        """
        sheet = self.sheet
        marker_style = ParagraphStyle("marker", parent=sheet["list"], textColor=sheet.accent,
                                      alignment=2)
        rows = []
        for i, item in enumerate(items):
            marker = f"{first + i}." if first is not None else "•"
            rows.append([item, self.para(marker, marker_style)])
        indent = sheet.body_size * 1.8
        table = Table(rows, colWidths=[None, indent], splitInRow=1, hAlign="RIGHT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), sheet.family),  # not Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (1, 0), (1, -1), sheet.body_size * 0.5),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [table, Spacer(0, sheet.body_size * 0.5)]

    def blockquote(self, node: Node) -> list[Flowable]:
        inner = self.blocks(node, "quote")
        if not inner:
            return []
        side = "LINEAFTER" if self.sheet.rtl else "LINEBEFORE"
        table = Table([[inner]], colWidths=["100%"], splitInRow=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.sheet.family),  # not Helvetica
            (side, (0, 0), (-1, -1), 3, self.sheet.accent),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [table, Spacer(0, self.sheet.body_size * 0.6)]

    def details(self, node: Node) -> list[Flowable]:
        """The site's clause notes are quoted once, in the resolution box; other
        <details> print open, since paper cannot be clicked."""
        if node.is_clause_note:
            return []
        return self.blocks(node)

    def rule(self, node: Node) -> list[Flowable]:
        return [HRFlowable(width="100%", thickness=0.6, color=RULE,
                           spaceBefore=4, spaceAfter=8)]

    def preformatted(self, node: Node) -> list[Flowable]:
        lines = [escape(line, quote=False) for line in node.text().rstrip("\n").split("\n")]
        return [self.para("<br/>".join(lines), self.sheet["pre"])]

    def definitions(self, node: Node) -> list[Flowable]:
        out: list[Flowable] = []
        for child in (c for c in node.children if isinstance(c, Node)):
            markup = self.inline_children(child.children).strip()
            if markup:
                style = self.sheet["h4"] if child.tag == "dt" else self.sheet["body"]
                out.append(self.para(markup, style))
        return out

    def figure(self, node: Node) -> list[Flowable]:
        caption = next((c for c in node.children if isinstance(c, Node)
                        and c.tag == "figcaption"), None)
        out: list[Flowable] = []
        for child in node.children:
            if isinstance(child, Node) and child.tag == "img":
                out.extend(self.image(child, caption=bool(caption)))
            elif isinstance(child, Node) and child.tag != "figcaption":
                out.extend(self.blocks(Node("div", children=[child])))
        if caption is not None:
            out.extend(self._para(caption.children, "caption"))
        return [KeepTogether(out)] if out else []

    def image(self, node: Node, caption: bool = False) -> list[Flowable]:
        """Scaled to fit the frame, never upscaled past 150 dpi; alt text as caption."""
        src = node.attrs.get("src", "")
        alt = node.attrs.get("alt", "").strip()
        path = self.images.get(src)
        if path is None:  # not local (reported as a warning by the main process)
            text = self.strings["Image: %(alt)s"] % {"alt": escape(alt or src)}
            return [self.para(text, self.sheet["caption"])]
        with PILImage.open(path) as img:
            px_w, px_h = img.size
        width = min(px_w * 72 / 150, self.frame_width)
        height = width * px_h / px_w
        max_h = self.frame_height * 0.45
        if height > max_h:
            width, height = width * max_h / height, max_h
        flow = Image(path, width=width, height=height)
        flow.hAlign = "CENTER"
        out: list[Flowable] = [Spacer(0, 4), flow]
        if alt and not caption:
            out.append(self.para(escape(alt, quote=False), self.sheet["caption"]))
        else:
            out.append(Spacer(0, 6))
        return [KeepTogether(out)]

    def table(self, node: Node) -> list[Flowable]:
        rows: list[list[Node]] = []
        header_rows = 0
        for tr in _find(node, "tr"):
            cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
            if cells:
                if all(c.tag == "th" for c in cells) and len(rows) == header_rows:
                    header_rows += 1
                rows.append(cells)
        if not rows:
            return []
        ncols = max(len(r) for r in rows)
        size, widths = self._column_widths(rows, ncols)
        scale = size / self.sheet["cell"].fontSize
        data = []
        for r, cells in enumerate(rows):
            line = []
            for cell in cells + [Node("td")] * (ncols - len(cells)):
                name = "cell_head" if (r < header_rows or cell.tag == "th") else "cell"
                style = ParagraphStyle(f"{name}-fit", parent=self.sheet[name], fontSize=size,
                                       leading=self.sheet[name].leading * scale,
                                       alignment=_cell_alignment(cell,
                                                                 self.sheet[name].alignment))
                # A cell that only cites a clause keeps the id beside the note number.
                self.show_ids = clause_ids.is_id(clause_ids.normalise(cell.text()))
                line.append(self.blocks(cell, style))
                self.show_ids = False
            data.append(line)
        if self.sheet.rtl:
            data = [list(reversed(line)) for line in data]
            widths = list(reversed(widths))
        table = Table(data, colWidths=widths, repeatRows=header_rows, splitInRow=1,
                      hAlign="RIGHT" if self.sheet.rtl else "LEFT")
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        if header_rows:
            commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1),
                             self.sheet.accent_tint))
        commands.append(("FONTNAME", (0, 0), (-1, -1), self.sheet.family))
        table.setStyle(TableStyle(commands))
        return [table, Spacer(0, self.sheet.body_size * 0.8)]

    def _column_widths(self, rows: list[list[Node]], ncols: int) -> tuple[float, list[str]]:
        """Column widths as percentages, sized to the content; shrink type if too wide.

        A table whose longest words cannot fit side by side is set in smaller
        type (down to 6.5 pt); words that still do not fit are split by the
        paragraph, so no cell text is ever cut off.
        """
        style = self.sheet["cell"]
        bold = self.sheet["cell_head"].fontName  # measure with the wider face
        pad = 9
        avail = self.frame_width
        # A word wider than a quarter of the page (a URL) will be split anyway.
        cap = avail / 4
        natural = [1.0] * ncols
        word = [1.0] * ncols
        for cells in rows:
            for i, cell in enumerate(cells):
                text = " ".join(cell.text().split())
                natural[i] = max(natural[i], stringWidth(text, bold, style.fontSize) + pad)
                longest = max((stringWidth(w, bold, style.fontSize) for w in text.split()),
                              default=0)
                word[i] = max(word[i], min(longest + pad, cap))
        size = style.fontSize
        if sum(word) > avail:
            factor = max(6.5 / size, avail / sum(word))
            size *= factor
            natural = [n * factor for n in natural]
            word = [w * factor for w in word]
        if sum(natural) <= avail:
            widths = natural
        else:
            spare = max(avail - sum(word), 0)
            extra = [n - w for n, w in zip(natural, word, strict=True)]
            total = sum(extra) or 1
            widths = [w + spare * e / total for w, e in zip(word, extra, strict=True)]
        total = sum(widths)
        fill = avail if sum(natural) > avail * 0.6 else total
        return size, [f"{w / total * fill / avail * 100:.3f}%" for w in widths]

    # ---- inline -------------------------------------------------------------------
    def inline_children(self, children: list[Node | str]) -> str:
        return "".join(self.inline(c) for c in children)

    def inline(self, node: Node | str) -> str:
        if isinstance(node, str):
            return self.text(node)
        handler = INLINE.get(node.tag)
        inner = self.inline_children(node.children)
        if handler is None:
            return inner
        return handler(self, node, inner)

    def text(self, text: str) -> str:
        out, last = [], 0
        for match in CLAUSE_TEXT_RE.finditer(text):
            out.append(escape(text[last:match.start()], quote=False))
            out.append(self.note_ref(match.group(1), match.group(0)))
            last = match.end()
        out.append(escape(text[last:], quote=False))
        return "".join(out)

    def note_ref(self, cid: str, fallback: str) -> str:
        number = self.notes.ref(cid)
        if number is None:
            return escape(fallback, quote=False)
        shown = escape(clause_ids.normalise(cid)) if self.show_ids else ""
        return (f'{shown}<super><a href="#{self.notes.anchor(number)}" '
                f'color="{self.sheet.accent.hexval()}">{number}</a></super>')

    def clause_ref(self, node: Node, inner: str) -> str | None:
        if "clause-ref" in node.attrs.get("class", "").split() or "data-clause" in node.attrs:
            cid = node.attrs.get("data-clause") or node.text()
            return self.note_ref(cid.strip(), node.text())
        return None

    def span(self, node: Node, inner: str) -> str:
        ref = self.clause_ref(node, inner)
        return inner if ref is None else ref

    def link(self, node: Node, inner: str) -> str:
        ref = self.clause_ref(node, inner)
        if ref is not None:
            return ref
        href = node.attrs.get("href", "").strip()
        if not href or href.startswith("#"):
            return inner
        if href.startswith("/"):
            href = self.site_root.rstrip("/") + href
        shown = re.sub(r"^(https?://|mailto:)", "", href).rstrip("/")
        colour = self.sheet.accent.hexval()
        link = f'<a href="{escape(href)}" color="{colour}"><u>{inner}</u></a>'
        plain = node.text().strip().rstrip("/")
        if shown.lower() in (plain.lower(), re.sub(r"^https?://", "", plain.lower())):
            return link
        # On paper a link is invisible: print where it goes.
        return f'{link} ({escape(shown, quote=False)})'


def _find(node: Node, tag: str) -> list[Node]:
    found = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                found.append(child)
            elif child.tag != "table":
                found.extend(_find(child, tag))
    return found


def _cell_alignment(cell: Node, default: int) -> int:
    style = cell.attrs.get("style", "") + " " + cell.attrs.get("align", "")
    for word, value in (("center", 1), ("right", 2), ("left", 0)):
        if word in style:
            return value
    return default


def _wrap(tag: str) -> Callable[[Converter, Node, str], str]:
    return lambda conv, node, inner: f"<{tag}>{inner}</{tag}>" if inner.strip() else inner


BLOCKS: dict[str, Callable[[Converter, Node], list[Flowable]]] = {
    "p": Converter.paragraph,
    **{f"h{i}": Converter.heading for i in range(1, 7)},
    "ul": Converter.listing,
    "ol": Converter.listing,
    "blockquote": Converter.blockquote,
    "table": Converter.table,
    "img": Converter.image,
    "figure": Converter.figure,
    "hr": Converter.rule,
    "pre": Converter.preformatted,
    "dl": Converter.definitions,
    "details": Converter.details,
    "summary": Converter.paragraph,
}

INLINE: dict[str, Callable[[Converter, Node, str], str]] = {
    "strong": _wrap("b"),
    "b": _wrap("b"),
    "em": _wrap("i"),
    "i": _wrap("i"),
    "cite": _wrap("i"),
    "u": _wrap("u"),
    "ins": _wrap("u"),
    "s": _wrap("strike"),
    "del": _wrap("strike"),
    "sup": _wrap("super"),
    "sub": _wrap("sub"),
    "a": Converter.link,
    "span": Converter.span,
    "br": lambda conv, node, inner: "<br/>",
    "code": lambda conv, node, inner: f'<font color="{colors.HexColor("#3b3b46").hexval()}">'
                                      f"{inner}</font>",
    "q": lambda conv, node, inner: f"“{inner}”",
}
