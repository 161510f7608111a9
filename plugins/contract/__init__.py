"""The content contract: what an editor's Markdown file must say, checked before any build."""

from .check import check_content
from .header import Header, parse_header
from .plugin import register
from .problems import Problem, ProblemList

__all__ = ["Header", "Problem", "ProblemList", "check_content", "parse_header", "register"]
