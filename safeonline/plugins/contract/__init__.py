"""The content contract: what an editor's Markdown file must say, checked before any build."""

from safeonline.core.problems import Problem, ProblemList

from .check import check_content
from .header import Header, parse_header
from .plugin import register

__all__ = ["Header", "Problem", "ProblemList", "check_content", "parse_header", "register"]
