"""Block tag → the function that makes its flowables: the converter's table.

Kept apart from html_flow.py so the block functions (html_blocks.py,
html_tables.py) can take the `Converter` and call back into it, while
html_flow.py imports none of them: `Converter.blocks` finds them here.
"""

from __future__ import annotations

from . import html_blocks, html_tables
from .html_flow import BlockTable, Converter

BLOCKS: BlockTable = {
    "p": Converter.paragraph,
    **{f"h{i}": html_blocks.heading for i in range(1, 7)},
    "ul": html_blocks.listing,
    "ol": html_blocks.listing,
    "blockquote": html_blocks.blockquote,
    "table": html_tables.table,
    "img": html_blocks.image,
    "figure": html_blocks.figure,
    "hr": html_blocks.rule,
    "pre": html_blocks.preformatted,
    "dl": html_blocks.definitions,
    "details": html_blocks.details,
    "summary": Converter.paragraph,
}
