"""`[[OP10]]` in any Markdown file: a link to the clause plus a note quoting it.

Why a Markdown extension rather than a regex over the HTML: Python-Markdown
already knows what is code (`` `[[OP10]]` `` stays literal), what is escaped
(`\\[[OP10]]`) and where each block ends, so the reference and its note land
in valid HTML in every Markdown file (materials and pages alike).

Markup (stable; the leaflets read it, keep it in step with docs/editing.md, "Clause references"):

    <a class="clause-ref" href="/en/resolution/op10/" data-clause="OP10"
       aria-details="clause-note-1">OP10</a>
    ...end of the paragraph, list item or cell...
    <details class="clause-note" data-clause-note="OP10" id="clause-note-1">
      <summary>Operative paragraph 10 (<span dir="ltr">OP10</span>)</summary>
      <blockquote><p id="clause-note-1-text">…clause text…</p></blockquote>
    </details>

`<details>` is flow content, so it cannot sit inside a `<p>`: the note goes
right after the paragraph or heading that cites the clause, or at the end of
the list item / table cell. It opens with Enter or Space and needs no
JavaScript; `aria-details` on the link points assistive technology at it
(`aria-describedby` cannot: a closed `<details>` gives no description). An unknown id is left as typed and logged as an error (the content
check has already named the file and line; this extension must never crash).
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from safeonline.core import clause_ids

from .clauses import Resolution, emphasis_runs

logger = logging.getLogger(__name__)

# The same spelling the content check accepts: `[[OP10]]`, `[[ op 10 ]]`.
CLAUSE_REF_PATTERN = clause_ids.REF_PATTERN
MARKER = "data-clause-ref-pending"
# Tags whose content is phrasing only: the note goes after them.
AFTER_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
# Tags that hold flow content: the note goes at their end.
INSIDE_BLOCKS = {"li", "td", "th", "dd", "dt", "blockquote", "div", "details", "section",
                 "article", "aside", "figure", "figcaption"}


def _untranslated(lang: str) -> Callable[[str], str]:
    """Default `gettext` config: labels stay English (Python-Markdown turns a None
    default into a bool, so the default must be a real function)."""
    return lambda message: message


class ClauseRefPattern(InlineProcessor):
    """`[[OP10]]` → `<a class="clause-ref">`; the note is added by `ClauseNoteTreeprocessor`."""

    def __init__(self, pattern: str, md: Markdown, ext: ClauseRefExtension):
        super().__init__(pattern, md)
        self.ext = ext

    def handleMatch(self, m: re.Match, data: str):
        raw = m.group(1)
        cid = clause_ids.normalise(raw)
        lang = self.ext.document_lang(self.md)
        resolution = self.ext.resolution(lang)
        if resolution is None or cid not in resolution.clauses:
            described = resolution.describe_ids() if resolution else "no clause data"
            logger.error("unknown clause '%s' in a [[...]] reference (the resolution has %s)",
                         raw, described)
            return None, None, None
        el = etree.Element("a")
        el.set("class", "clause-ref")
        el.set("href", self.ext.clause_url(lang, resolution.clauses[cid].anchor))
        el.set("data-clause", cid)
        el.set(MARKER, lang)
        el.text = cid
        return el, m.start(0), m.end(0)


class ClauseNoteTreeprocessor(Treeprocessor):
    """Places one note per cited clause after the block that cites it."""

    def __init__(self, md: Markdown, ext: ClauseRefExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        # Pelican re-runs the same Markdown instance, minus the `meta` preprocessor,
        # for the Summary field: a summary is shown as plain text, so no notes there.
        notes = self.ext.getConfig("notes") and not _is_metadata_field(self.md)
        blocks: dict[int, tuple[etree.Element, etree.Element, str]] = {}
        note_ids: dict[tuple[int, str], str] = {}
        pending: list[tuple[int, str, str, str]] = []  # (block, clause, lang, note id)
        for ref, ancestors in list(_walk(root, [])):
            lang = ref.attrib.pop(MARKER)
            if any(a.tag == "a" for a in ancestors):  # a link inside a link is invalid
                ref.tag = "span"
                ref.attrib.pop("href", None)
            if not notes:
                continue
            parent, block, mode = _note_place(ancestors)
            key = id(block)
            blocks[key] = (parent, block, mode)
            cid = ref.get("data-clause", "")
            if (key, cid) not in note_ids:  # one note per clause per block
                note_ids[(key, cid)] = self.ext.next_note_id()
                pending.append((key, cid, lang, note_ids[(key, cid)]))
            ref.set("aria-details", note_ids[(key, cid)])
        for key, cid, lang, note_id in pending:
            parent, block, mode = blocks[key]
            note = self._note(cid, lang, note_id)
            if mode == "inside":
                block.append(note)
                continue
            siblings = list(parent)
            index = siblings.index(block) + 1
            while index < len(siblings) and siblings[index].get("class") == "clause-note":
                index += 1
            parent.insert(index, note)

    def _note(self, cid: str, lang: str, note_id: str) -> etree.Element:
        clause = self.ext.resolution(lang).clauses[cid]
        _ = self.ext.gettext(lang)
        label = (_("Operative paragraph %(num)d") if clause.kind == "operative"
                 else _("Preambular paragraph %(num)d")) % {"num": clause.number}
        note = etree.Element("details", {"class": "clause-note", "data-clause-note": cid,
                                         "id": note_id})
        summary = etree.SubElement(note, "summary")
        summary.text = f"{label} ("
        # The id keeps its own direction in right-to-left text (a span with dir
        # isolates like <bdi>, and survives the SANITIZE allowlist).
        ident = etree.SubElement(summary, "span", {"dir": "ltr"})
        ident.text = cid
        ident.tail = ")"
        quote = etree.SubElement(note, "blockquote")
        resolution_lang = self.ext.resolution(lang).lang
        if resolution_lang and resolution_lang != lang:  # a language without its own text
            quote.set("lang", resolution_lang)
            quote.set("dir", self.ext.getConfig("directions").get(resolution_lang, "ltr"))
        para = etree.SubElement(quote, "p", {"id": f"{note_id}-text"})
        last: etree.Element | None = None
        for text, emphasised in emphasis_runs(clause.text):
            if emphasised:
                last = etree.SubElement(para, "em")
                last.text = AtomicString(text)
            elif last is None:
                para.text = AtomicString(text)
            else:
                last.tail = AtomicString(text)
        return note


def _walk(el: etree.Element, ancestors: list[etree.Element]
          ) -> Iterator[tuple[etree.Element, list[etree.Element]]]:
    for child in el:
        if child.get(MARKER) is not None:
            yield child, [*ancestors, el]
        yield from _walk(child, [*ancestors, el])


def _note_place(ancestors: list[etree.Element]) -> tuple[etree.Element, etree.Element, str]:
    """(parent, block, "after"|"inside"): where a note for a reference inside `ancestors` goes."""
    for depth in range(len(ancestors) - 1, 0, -1):
        el = ancestors[depth]
        if el.tag in AFTER_BLOCKS:
            return ancestors[depth - 1], el, "after"
        if el.tag in INSIDE_BLOCKS:
            return ancestors[depth - 1], el, "inside"
    return ancestors[0], ancestors[0], "inside"


def _is_metadata_field(md: Markdown) -> bool:
    return hasattr(md, "Meta") and "meta" not in md.preprocessors


class ClauseRefExtension(Extension):
    """Registers the `[[ID]]` pattern (priority 175: after code spans and escapes,
    before links, so `[[OP10]]` never reads as a reference link) and the note placer."""

    def __init__(self, **kwargs):
        self.config = {
            "resolutions": [{}, "lang -> resolution.clauses.Resolution"],
            "default_lang": ["en", "language of a file without 'Lang:'"],
            "url": ["/{lang}/resolution/{anchor}/", "clause page address; {lang}, {anchor}"],
            "gettext": [_untranslated, "lang -> gettext function, for the note's label"],
            "notes": [True, "add a note quoting the clause after the citing block"],
            "directions": [{}, "lang -> 'ltr' or 'rtl', for a note quoted in another language"],
        }
        super().__init__(**kwargs)
        self.lang: str | None = None
        self.counter = 0

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.inlinePatterns.register(ClauseRefPattern(CLAUSE_REF_PATTERN, md, self),
                                   "clause_ref", 175)
        # After 'inline' (20), before 'prettify' (10).
        md.treeprocessors.register(ClauseNoteTreeprocessor(md, self), "clause_notes", 15)

    def reset(self) -> None:
        self.counter = 0

    def document_lang(self, md: Markdown) -> str:
        """The file's `Lang:`; kept for Pelican's second pass over the Summary field."""
        meta = getattr(md, "Meta", None) or {}
        if meta.get("lang"):
            self.lang = str(meta["lang"][0]).strip()
        return self.lang or self.getConfig("default_lang")

    def resolution(self, lang: str) -> Resolution | None:
        resolutions: dict[str, Resolution] = self.getConfig("resolutions")
        return resolutions.get(lang) or resolutions.get(self.getConfig("default_lang"))

    def clause_url(self, lang: str, anchor: str) -> str:
        return self.getConfig("url").format(lang=lang, anchor=anchor)

    def gettext(self, lang: str) -> Callable[[str], str]:
        return self.getConfig("gettext")(lang)

    def next_note_id(self) -> str:
        self.counter += 1
        return f"clause-note-{self.counter}"


def makeExtension(**kwargs) -> ClauseRefExtension:
    return ClauseRefExtension(**kwargs)
