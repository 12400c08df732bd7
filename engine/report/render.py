"""Rendering the report: Jinja2 templates for HTML and Markdown, sorted JSON for machines.

HTML is autoescaped (a note holding `<script>` shows as text); Markdown escapes what would
break a table or turn into markup. Templates live in `engine/report/templates/`. The three
formats are entries of the export registry (`engine.report.exports`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from engine.format.scenario_time import format_duration
from engine.play.session import CAPABILITY_ELEMENTS, RATINGS
from engine.report import exports
from engine.report.charts import line_chart
from engine.report.markdown import to_html, to_plain
from engine.report.model import TO_BE_ASSIGNED, Report, or_to_be_assigned

TEMPLATES = Path(__file__).resolve().parent / "templates"


def format_for(path: Path) -> str | None:
    """The format a file name asks for, from its suffix (None when it says nothing)."""
    found = exports.for_path(path)
    return found.name if found else None


def _escape_markdown(text: object) -> Markup:
    """Text safe in a Markdown paragraph: no raw HTML, no accidental emphasis or links."""
    value = text.unescape() if isinstance(text, Markup) else str(text)  # from `join`
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(re.sub(r"([\\`*_\[\]|])", r"\\\1", value))


def _css_string(text: object) -> Markup:
    """Text for inside a CSS string in a `<style>` element: every other character hex-escaped,
    so no quote, backslash or `</style>` can end the string or the element."""
    safe = (ch if ch.isalnum() or ch in " -_.,:;()/" else f"\\{ord(ch):x} " for ch in str(text))
    return Markup("".join(safe))


def _markdown_cell(text: object) -> Markup:
    """Text safe in a Markdown table cell (one line)."""
    return Markup(" ".join(_escape_markdown(text).split()))


def _finalize_markdown(value: object) -> object:
    """Every `{{ ... }}` of the Markdown template: escaped unless a filter already did it, so
    no text reaches the Markdown unescaped, even one a template forgot to filter."""
    return value if isinstance(value, Markup) else _escape_markdown(value)


def _markdown_code(text: object) -> Markup:
    """Text as a Markdown code span, safe in a table cell: HTML inside a code span is shown as
    written, the fence is longer than any run of backticks inside, and `|` is escaped (GFM
    tables split on it even inside code)."""
    value = " ".join(str(text).split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return Markup(f"{fence}{pad}{value}{pad}{fence}")


def _markdown_url(text: object) -> Markup:
    """A web address as a Markdown autolink when it is a plain http(s) address (nothing in it
    can end the link early), otherwise as code: never a link the data could aim elsewhere."""
    value = str(text)
    if re.fullmatch(r"https?://[^\s<>`\\]+", value):
        return Markup(f"<{value}>")
    return _markdown_code(value)


def _seconds(value: float | None) -> str:
    if value is None:
        return ""
    total = round(value)
    if total < 60:
        return f"{total}s"
    return f"{total // 60}m {total % 60:02d}s"


def _percent(share: float) -> str:
    """A share from 0 to 1 as a percentage a reader can compare (`37%`, `<1%`)."""
    if 0 < share < 0.005:
        return "<1%"
    return f"{share * 100:.0f}%"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "—" if value is None else str(value)


@cache
def environment(markdown: bool = False) -> Environment:
    """The template environment (built once each): HTML, or Markdown (`markdown`), where
    every output is escaped for Markdown (`_finalize_markdown`), with HTML's autoescaping on
    top so that a macro's or a filter's escaped output is marked as such."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True if markdown else lambda name: bool(name and name.endswith(".html.j2")),
        finalize=_finalize_markdown if markdown else None,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=_escape_markdown,
        markdown=to_html,
        plain=to_plain,
        cssstring=_css_string,
        mdcell=_markdown_cell,
        mdcode=_markdown_code,
        mdurl=_markdown_url,
        seconds=_seconds,
        percent=_percent,
        value=_value,
        assign=or_to_be_assigned,
        minutes=format_duration,
    )
    env.globals.update(
        line_chart=line_chart,
        RATINGS=RATINGS,
        CAPABILITY_ELEMENTS=CAPABILITY_ELEMENTS[1:],
        TO_BE_ASSIGNED=TO_BE_ASSIGNED,
    )
    return env


def to_data(report: Report) -> dict[str, object]:
    """The report as plain JSON-ready data."""
    return dataclasses.asdict(report)


def render(report: Report, fmt: str) -> str:
    """The report in a text format of the registry (`html`, `markdown`, `json`...).

    Raises:
        UnknownFormat: no text format has that name.
    """
    export = exports.named(fmt)
    if not export.text:
        raise exports.UnknownFormat(f"the report format {fmt!r} is not text")
    return export.render(report).decode("utf-8")


def as_json(report: Report) -> bytes:
    """The report's data model as sorted JSON (the same journal gives the same bytes)."""
    text = json.dumps(to_data(report), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    return text.encode("utf-8")


def as_html(report: Report) -> bytes:
    """The report as one self-contained HTML page."""
    return environment().get_template("aar.html.j2").render(r=report).encode("utf-8")


def as_markdown(report: Report) -> bytes:
    """The report as Markdown, every output of the template escaped for Markdown."""
    return environment(markdown=True).get_template("aar.md.j2").render(r=report).encode("utf-8")
