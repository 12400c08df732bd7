"""The after-action report and improvement plan (HSEEP AAR/IP), built from a journal.

`build_report(contents)` turns a journal into a `Report` (the data); `render(report, fmt)`
writes it as HTML, Markdown or JSON; `report_journal(path, fmt)` does both for a file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from engine.errors import JournalError
from engine.journal.store import read_journal
from engine.regular_file import Unreadable, open_regular
from engine.report.model import Report, build_report
from engine.report.render import FORMATS, format_for, render

__all__ = [
    "FORMATS",
    "Report",
    "build_report",
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
    path: Path, fmt: str, *, budget: int | None = None, max_points: int | None = None
) -> tuple[Report, str]:
    """Read the journal at `path`, build its report and render it in `fmt`.

    Raises:
        JournalError: the journal is missing, unreadable or corrupt (records out of order
            are reported up to where the order breaks, and the report says so).
    """
    contents = read_journal(path, partial=True)
    report = build_report(
        contents, journal_sha256=journal_sha256(path), budget=budget, max_points=max_points
    )
    return report, render(report, fmt)
