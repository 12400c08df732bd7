"""`wargame report`: the after-action report and improvement plan (HSEEP AAR/IP) of a journal."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from engine.errors import UserError

HELP = "write the after-action report of an exercise's journal (HTML, Markdown or JSON)"
DESCRIPTION = """\
Read a journal (from the console or `wargame play`) and write its after-action report and
improvement plan: overview, executive summary, analysis of capabilities with P/S/M/U ratings,
timeline, branches, situation charts, improvement plan and appendices. The format follows the
output's extension (.html, .md, .json) unless --format says otherwise; `-o -` (the default)
prints to stdout. An unfinished or crashed journal is reported and marked INCOMPLETE.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `report` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "report", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("journal", type=Path, help="the exercise's journal (.jsonl)")
    parser.add_argument(
        "-o",
        "--output",
        default="-",
        help="where to write the report: a .html, .md or .json file, or - for stdout (default)",
    )
    parser.add_argument(
        "--format",
        choices=("html", "markdown", "md", "json"),
        help="the output format (default: from the output's extension; Markdown on stdout)",
    )
    parser.add_argument(
        "--budget",
        type=int,
        default=None,
        metavar="STATES",
        help="states the model checker may visit per analysed decision (default 300; 0 skips)",
    )
    parser.set_defaults(handler=run)
    return parser


def _format(args: argparse.Namespace) -> str:
    from engine.report import format_for

    if args.format:
        return "markdown" if args.format == "md" else str(args.format)
    if args.output == "-":
        return "markdown"
    found = format_for(Path(args.output))
    if found is None:
        raise UserError(
            f"cannot tell the format from {args.output!r}: name it .html, .md or .json, "
            "or pass --format"
        )
    return found


def run(args: argparse.Namespace) -> int:
    """Write the report; return the exit code (0 also for an INCOMPLETE report).

    Raises:
        UserError: the journal is missing or corrupt, or the output cannot be written.
    """
    from engine.report import report_journal

    fmt = _format(args)
    budget = args.budget
    report, text = report_journal(
        args.journal, fmt, budget=budget, max_points=0 if budget == 0 else None
    )
    if args.output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        _write(Path(args.output), text)
        state = "complete" if report.status.complete else "INCOMPLETE"
        print(f"wrote {args.output} ({fmt}, {state})", file=sys.stderr)
    return 0


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _write(path: Path, text: str) -> None:
    """Write via a temporary file and a rename, so a reader never sees half a report."""
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", dir=path.parent if str(path.parent) else "."
        )
    except OSError as error:
        raise UserError(f"{path}: could not write the report: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(temporary).chmod(0o666 & ~_umask())  # mkstemp makes it private; a report is not
        Path(temporary).replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()  # a full disk leaves no empty temporary file behind
        raise UserError(f"{path}: could not write the report: {error.strerror}") from None
