"""Pelican's HTML for a material → platypus flowables, through two small tag tables.

The leaflet is made from what Python-Markdown already produced, so every
Markdown construct has one meaning in the site and on paper. The converter
walks the tree through two tables: `block_tags.BLOCKS` maps a block tag to a
function returning flowables (html_blocks.py, html_tables.py), handed to each
`Converter` so those functions can call back into it without an import cycle;
`INLINE` maps an inline tag to the ReportLab paragraph markup it becomes. Clause references (the resolution
extension's `<a class="clause-ref" data-clause="OP10">`, or a literal
`[[OP10]]` left in the text) become superscript note numbers; the notes quote
the clause in the leaflet's "What the resolution says" box.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from safeonline.core import clause_ids

from .html_tree import Node, parse_html
from .styles import Sheet

# A `[[OP10]]` left literal in the HTML (the site's extension did not link it).
CLAUSE_TEXT_RE = clause_ids.REF_RE
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table",
              "figure", "hr", "pre", "div", "section", "article", "aside", "dl", "details",
              "figcaption", "dt", "dd", "summary"}

# Space before a note number (`note_ref`'s markup).
NOTE_AFTER_SPACE_RE = re.compile(r"\s+(?=<super><a href=\"#)")
ParaFactory = Callable[[str, ParagraphStyle], Flowable]
BlockTable = Mapping[str, Callable[["Converter", Node], list[Flowable]]]
Style = str | ParagraphStyle


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
    block_tags: BlockTable  # block_tags.BLOCKS
    outline: Callable[[Flowable, int, str], Flowable] = lambda f, level, text: f
    show_ids: bool = False  # print "OP10" before the note number (clause-only table cells)

    # ---- blocks -------------------------------------------------------------------
    def convert(self, html: str) -> list[Flowable]:
        return self.blocks(parse_html(html))

    def blocks(self, node: Node, style: Style = "body") -> list[Flowable]:
        """Block children through `block_tags`; loose inline runs become one paragraph each."""
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
                    out.extend(self.block_tags.get(child.tag, Converter.container)(self, child))
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
                out.extend(self.inline_paragraph(run, style))
                run = []
                out.extend(self.block_tags["img"](self, child))
            else:
                run.append(child)
        out.extend(self.inline_paragraph(run, style))
        return out

    def inline_paragraph(self, children: list[Node | str], style: Style) -> list[Flowable]:
        """Inline content as one paragraph, or nothing if it shows no text."""
        markup = self.inline_children(children).strip()
        if not markup or not re.sub(r"<[^>]+>|\s", "", markup):
            return []
        return [self.para(markup, self.sheet[style] if isinstance(style, str) else style)]

    def cites_only_a_clause(self, cell: Node) -> bool:
        """A table cell holding just "OP10" keeps the id beside its note number."""
        return clause_ids.is_id(clause_ids.normalise(cell.text()))

    # ---- inline -------------------------------------------------------------------
    def inline_children(self, children: list[Node | str]) -> str:
        # A note number hugs the word it follows ("protection¹"): the space an author
        # leaves before `[[OP13]]` would let it wrap to the next line alone.
        return NOTE_AFTER_SPACE_RE.sub("", "".join(self.inline(c) for c in children))

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


def _wrap(tag: str) -> Callable[[Converter, Node, str], str]:
    return lambda conv, node, inner: f"<{tag}>{inner}</{tag}>" if inner.strip() else inner


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
    "code": lambda conv, node, inner: f'<font color="{conv.sheet.palette.code.hexval()}">'
                                      f"{inner}</font>",
    "q": lambda conv, node, inner: f"“{inner}”",
}
