"""The export registry: every format a report can be written in, one entry per format.

An entry names the format, the file suffixes that ask for it, its MIME type and a renderer
that turns the report into bytes. The command line (`wargame report -o/--format`), the web
edge and the docs read this one table; nothing else lists formats. The engine registers here
the formats it can make without running another program (HTML, Markdown, JSON); a format
that needs one (the PDF, printed by Chromium) is registered from `players/`, the edge that
may run programs, by calling `register`. Importing this module is cheap: a renderer loads
its templates only when called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.report.model import Report

Renderer = Callable[["Report"], bytes]
"""Turns a report into the bytes of a file."""
TableRenderer = Callable[["Report", str], bytes]
"""Turns one named table of a report (`timeline`, `ip`, `ratings`) into the bytes of a file."""


@dataclass(frozen=True, slots=True)
class Export:
    """One output format of the report."""

    name: str
    """What `--format` takes, such as `html`."""
    suffixes: tuple[str, ...]
    """The file suffixes that ask for this format (lower case, with the dot); the first is
    the one a new file gets."""
    mime: str
    """The MIME type, for a download or an attachment."""
    render: Renderer
    description: str
    """One line for `--help` and the docs."""
    aliases: tuple[str, ...] = ()
    """Other names `--format` accepts (`md` for `markdown`)."""
    text: bool = False
    """Whether the bytes are UTF-8 text that may go to a terminal (stdout)."""
    table: TableRenderer | None = None
    """For a spreadsheet format: renders one named table of the report (`--table`);
    `render` gives the default table."""


class UnknownFormat(ValueError):
    """A format name or file suffix no entry of the registry claims."""


_EXPORTS: dict[str, Export] = {}


def register(export: Export) -> None:
    """Add a format; a name, alias or suffix another entry already claims is an error.

    Registering the same entry again is allowed (a module imported twice).

    Raises:
        ValueError: the name, an alias or a suffix belongs to another entry.
    """
    existing = _EXPORTS.get(export.name)
    if existing is not None and existing == export:
        return
    for other in _EXPORTS.values():
        if other.name == export.name:
            raise ValueError(f"the report format {export.name!r} is already registered")
        clash = {other.name, *other.aliases} & {export.name, *export.aliases}
        if clash:
            raise ValueError(f"the report format name {sorted(clash)[0]!r} is already taken")
        taken = set(other.suffixes) & set(export.suffixes)
        if taken:
            raise ValueError(f"the suffix {sorted(taken)[0]!r} already means {other.name!r}")
    _EXPORTS[export.name] = export


def exports() -> list[Export]:
    """Every registered format, in the order registered."""
    return list(_EXPORTS.values())


def names() -> list[str]:
    """Every name and alias `--format` accepts."""
    return [name for export in exports() for name in (export.name, *export.aliases)]


def named(name: str) -> Export:
    """The format called `name` (or one of its aliases).

    Raises:
        UnknownFormat: no format has that name.
    """
    for export in exports():
        if name == export.name or name in export.aliases:
            return export
    raise UnknownFormat(
        f"unknown report format {name!r}; use one of {', '.join(e.name for e in exports())}"
    )


def for_path(path: Path) -> Export | None:
    """The format a file name asks for by its suffix (None when no format claims it)."""
    suffix = path.suffix.lower()
    for export in exports():
        if suffix in export.suffixes:
            return export
    return None


def suffixes() -> list[str]:
    """Every suffix some format claims, for messages and help."""
    return [suffix for export in exports() for suffix in export.suffixes]


def _html(report: Report) -> bytes:
    from engine.report.render import as_html  # Jinja2 loads only when a report is made

    return as_html(report)


def _markdown(report: Report) -> bytes:
    from engine.report.render import as_markdown

    return as_markdown(report)


def _csv(report: Report, table: str = "timeline") -> bytes:
    from engine.report.tables import table_csv

    return table_csv(report, table)


def _xlsx(report: Report, table: str = "timeline") -> bytes:
    from engine.report.tables import table_xlsx

    return table_xlsx(report, table)


def _json(report: Report) -> bytes:
    from engine.report.render import as_json

    return as_json(report)


def _docx(report: Report) -> bytes:
    from engine.report.docx_export import as_docx  # python-docx loads only when asked

    return as_docx(report)


for _export in (
    Export(
        "html",
        (".html", ".htm"),
        "text/html; charset=utf-8",
        _html,
        "one self-contained page: no script, nothing loaded from outside",
        text=True,
    ),
    Export(
        "markdown",
        (".md", ".markdown"),
        "text/markdown; charset=utf-8",
        _markdown,
        "Markdown, for a wiki or a pull request",
        aliases=("md",),
        text=True,
    ),
    Export(
        "json",
        (".json",),
        "application/json",
        _json,
        "the report's data model with sorted keys (the same journal gives the same bytes)",
        text=True,
    ),
    Export(
        "csv",
        (".csv",),
        "text/csv; charset=utf-8",
        _csv,
        "one table (--table timeline, ip or ratings) for a spreadsheet",
        text=True,
        table=_csv,
    ),
    Export(
        "xlsx",
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _xlsx,
        "one table (--table timeline, ip or ratings) as a formatted Excel workbook",
        table=_xlsx,
    ),
    Export(
        "docx",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx,
        "a Word document to finish in Word or LibreOffice: headings, tables, charts as PNG",
    ),
):
    register(_export)
