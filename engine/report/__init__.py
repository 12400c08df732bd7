"""The after-action report and improvement plan (HSEEP AAR/IP), built from a journal.

`build_report(contents)` turns a journal into a `Report` (the data); the export registry
(`engine.report.exports`) writes it in each format; `render(report, fmt)` gives a text
format as a string; `report_journal(path, fmt)` builds and exports a journal's report.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from engine.errors import JournalError
from engine.journal.store import read_journal
from engine.report import exports
from engine.report.model import Report, build_report
from engine.report.render import format_for, render

__all__ = [
    "Report",
    "build_report",
    "exports",
    "format_for",
    "journal_sha256",
    "render",
    "report_journal",
]


def journal_sha256(path: Path) -> str:
    """The SHA-256 of a journal file's bytes, as hex.

    Raises:
        JournalError: the file cannot be read.
    """
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        raise JournalError(f"{path}: could not read the journal: {error.strerror}") from None


def report_journal(
    path: Path,
    fmt: str,
    *,
    budget: int | None = None,
    max_points: int | None = None,
    table: str | None = None,
) -> tuple[Report, bytes]:
    """Read the journal at `path`, build its report and export it in the format named `fmt`.

    Raises:
        JournalError: the journal is missing, unreadable or corrupt.
        UnknownFormat: no registered format has that name.
        UserError: the format's renderer could not run (a missing program).
    """
    export = exports.named(fmt)
    contents = read_journal(path)
    report = build_report(
        contents, journal_sha256=journal_sha256(path), budget=budget, max_points=max_points
    )
    if table is not None and export.table is not None:
        return report, export.table(report, table)
    return report, export.render(report)
