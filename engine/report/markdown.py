"""The Markdown scenario authors write in inject bodies and summaries, for the report.

`to_html` renders it with markdown-it-py (CommonMark) with raw HTML off, so whatever the
text holds is escaped; images, links and autolinks are off too, so nothing in the report
loads or points outside the file. `to_plain` gives the same text without its markup, for the
formats that show it as plain text (Markdown tables, DOCX) and for cutting it short safely.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).disable(["image", "link", "autolink"])


def to_html(text: object) -> Markup:
    """The text rendered from Markdown to HTML, everything in it escaped."""
    return Markup(_parser().render(str(text)))


def _words(tokens: list[Token]) -> list[str]:
    parts: list[str] = []
    for token in tokens:
        if token.children:
            parts += _words(token.children)
        elif token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type in ("paragraph_close", "heading_close", "list_item_close", "fence"):
            parts.append(" " + token.content if token.type == "fence" else " ")
    return parts


def to_plain(text: object) -> str:
    """The text's words without Markdown markup, on one line."""
    return " ".join("".join(_words(_parser().parse(str(text)))).split())
