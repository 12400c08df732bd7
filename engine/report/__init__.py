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
from engine.regular_file import Unreadable, open_regular
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
    digest = hashlib.sha256()
    try:
        with open_regular(path, None) as stream:
            while chunk := stream.read(1 << 20):  # a chunk at a time: memory stays flat
                digest.update(chunk)
    except Unreadable as error:
        raise JournalError(f"{path}: could not read the journal: {error}") from None
    except OSError as error:
        raise JournalError(f"{path}: could not read the journal: {error.strerror}") from None
    return digest.hexdigest()


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
        JournalError: the journal is missing, unreadable, corrupt before its last line or
            edited (records out of order, or from another journal).
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
