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
from engine.report.model import Report

TEMPLATES = Path(__file__).resolve().parent / "templates"
TO_BE_ASSIGNED = "to be assigned"


def format_for(path: Path) -> str | None:
    """The format a file name asks for, from its suffix (None when it says nothing)."""
    found = exports.for_path(path)
    return found.name if found else None


def _escape_markdown(text: object) -> str:
    """Text safe in a Markdown paragraph: no raw HTML, no accidental emphasis or links."""
    value = str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", value)


def _css_string(text: object) -> Markup:
    """Text for inside a CSS string in a `<style>` element: every other character hex-escaped,
    so no quote, backslash or `</style>` can end the string or the element."""
    safe = (ch if ch.isalnum() or ch in " -_.,:;()/" else f"\\{ord(ch):x} " for ch in str(text))
    return Markup("".join(safe))


def _markdown_cell(text: object) -> str:
    """Text safe in a Markdown table cell (one line)."""
    return " ".join(_escape_markdown(text).split())


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


def _or_assign(value: str | None) -> str:
    return value if value else TO_BE_ASSIGNED


@cache
def environment() -> Environment:
    """The template environment (built once)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
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
        seconds=_seconds,
        percent=_percent,
        value=_value,
        assign=_or_assign,
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
    """The report as Markdown."""
    return environment().get_template("aar.md.j2").render(r=report).encode("utf-8")
