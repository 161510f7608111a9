"""The inline markup an RTL paragraph takes: `<b> <i> <a href> <font color> <br/>`.

ReportLab's paragraph parser builds fragments for its own layout; the RTL
engine needs the logical text with attributes per character instead, so
that bidi, shaping and line breaking can work on the whole paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html.parser import HTMLParser


@dataclass(frozen=True)
class Attrs:
    bold: bool = False
    italic: bool = False
    href: str | None = None
    color: str | None = None


PLAIN = Attrs()


class _MarkupParser(HTMLParser):
    """Very small inline-markup parser: b/strong, i/em, a href, font color, br."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: list[str] = []
        self.attrs: list[Attrs] = []
        self._stack: list[tuple[str, Attrs]] = [("", Attrs())]

    @property
    def _cur(self) -> Attrs:
        return self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cur = self._cur
        if tag == "br":
            self.chars.append("\n")
            self.attrs.append(cur)
            return
        if tag in ("b", "strong"):
            new = replace(cur, bold=True)
        elif tag in ("i", "em"):
            new = replace(cur, italic=True)
        elif tag == "a":
            new = replace(cur, href=a.get("href"), color=a.get("color") or cur.color)
        elif tag in ("font", "span"):
            new = replace(cur, color=a.get("color") or cur.color)
        else:
            raise ValueError(f"unsupported tag <{tag}>")
        self._stack.append((tag, new))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag != "br":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            return
        for i in range(len(self._stack) - 1, 0, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                return
        raise ValueError(f"unbalanced </{tag}>")

    def handle_data(self, data: str) -> None:
        for ch in data:
            self.chars.append(" " if ch.isspace() else ch)
            self.attrs.append(self._cur)


def parse_markup(markup: str) -> tuple[str, list[Attrs]]:
    """Return (logical text, per-character attributes).

    Whitespace is collapsed like HTML/ReportLab: any run of source
    whitespace (including newlines) is one space; only ``<br/>`` makes a hard
    break, stored as ``"\\n"`` (a bidi paragraph separator, as in CSS).
    Nine in ten paragraphs are plain text (no tag, no entity): they skip
    the parser, with the same result.
    """
    if "<" not in markup and "&" not in markup:
        text = " ".join(markup.split())
        return text, [PLAIN] * len(text)
    p = _MarkupParser()
    p.feed(markup)
    p.close()
    chars: list[str] = []
    attrs: list[Attrs] = []
    for ch, at in zip(p.chars, p.attrs):
        if ch == " " and (not chars or chars[-1] in " \n"):
            continue
        if ch == "\n" and chars and chars[-1] == " ":
            chars.pop()
            attrs.pop()
        chars.append(ch)
        attrs.append(at)
    while chars and chars[-1] == " ":
        chars.pop()
        attrs.pop()
    return "".join(chars), attrs
