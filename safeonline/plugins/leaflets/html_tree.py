"""Pelican's HTML as a small tree the leaflet converter walks (html_flow.py).

Forgiving on purpose: the HTML comes from Python-Markdown and the editors'
own inline HTML, and a leaflet is better printed than refused for a stray tag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "img", "hr", "wbr", "input", "source", "meta", "link"}


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
