"""Rendering the report: Jinja2 templates for HTML and Markdown, sorted JSON for machines.

HTML is autoescaped (a note holding `<script>` shows as text); Markdown escapes what would
break a table or turn into markup. Templates live in `engine/report/templates/`.
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from engine.format.scenario_time import format_duration
from engine.play.session import CAPABILITY_ELEMENTS, RATINGS
from engine.report.charts import line_chart
from engine.report.model import Report

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = ("html", "markdown", "json")
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
              ".json": "json"}  # fmt: skip
TO_BE_ASSIGNED = "to be assigned"


def format_for(path: Path) -> str | None:
    """The format a file name asks for, from its extension (None when it says nothing)."""
    return EXTENSIONS.get(path.suffix.lower())


def _escape_markdown(text: object) -> str:
    """Text safe in a Markdown paragraph: no raw HTML, no accidental emphasis or links."""
    value = str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", value)


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
        mdcell=_markdown_cell,
        seconds=_seconds,
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
    """The report in `fmt` (`html`, `markdown` or `json`)."""
    if fmt == "json":
        return json.dumps(to_data(report), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return environment().get_template("aar.md.j2").render(r=report)
    if fmt == "html":
        return environment().get_template("aar.html.j2").render(r=report)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
