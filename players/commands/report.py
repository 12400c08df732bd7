"""`wargame report`: the after-action report and improvement plan (HSEEP AAR/IP) of a journal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from engine.errors import UserError
from engine.report import exports
from engine.report.tables import TABLES
from players.output_files import write_whole
from players.report_exports import register_exports

HELP = "write the after-action report of an exercise's journal (HTML, Markdown, PDF...)"
DESCRIPTION = """\
Read a journal (from the console or `wargame play`) and write its after-action report and
improvement plan: overview, executive summary, analysis of capabilities with P/S/M/U ratings,
improvement plan and appendices (participants, acronyms, sources, timeline). The format
follows the output's suffix unless --format says otherwise; `-o -` (the default) prints to
stdout (text formats only). An unfinished or crashed journal is reported and marked
INCOMPLETE.
"""


def _formats_help() -> str:
    return "; ".join(
        f"{e.name} ({', '.join(e.suffixes)}): {e.description}" for e in exports.exports()
    )


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `report` to the `wargame` command line."""
    register_exports()
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "report", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("journal", type=Path, help="the exercise's journal (.jsonl)")
    parser.add_argument(
        "-o",
        "--output",
        default="-",
        help=f"where to write the report: a {', '.join(exports.suffixes())} file, "
        "or - for stdout (default)",
    )
    parser.add_argument(
        "--format",
        choices=exports.names(),
        help="the output format (default: from the output's suffix; Markdown on stdout): "
        + _formats_help(),
    )
    parser.add_argument(
        "--budget",
        type=int,
        default=None,
        metavar="STATES",
        help="states the exact ending-odds computation may visit per analysed state before it "
        "samples instead (default 60000; 0 skips the branch analysis)",
    )
    parser.add_argument(
        "--table",
        choices=sorted(TABLES),
        help="with .csv or .xlsx: which table (default timeline): timeline = what was "
        "delivered when, every decision, note and rating; ip = the improvement plan matrix; "
        "ratings = the task ratings by evaluator",
    )
    parser.set_defaults(handler=run)
    return parser


def _format(args: argparse.Namespace) -> exports.Export:
    if args.format:
        found = exports.named(str(args.format))
    elif args.output == "-":
        found = exports.named("markdown")
    else:
        by_suffix = exports.for_path(Path(args.output))
        if by_suffix is None:
            raise UserError(
                f"cannot tell the format from {args.output!r}: name it "
                f"{', '.join(exports.suffixes())}, or pass --format"
            )
        found = by_suffix
    if args.output == "-" and not found.text:
        raise UserError(f"a {found.name} report is not text: write it to a file with -o")
    return found


def run(args: argparse.Namespace) -> int:
    """Write the report; return the exit code (0 also for an INCOMPLETE report).

    Raises:
        UserError: the journal is missing or corrupt, or the output cannot be written.
    """
    from engine.report import report_journal

    export = _format(args)
    if args.table is not None and export.table is None:
        raise UserError(
            f"--table writes a spreadsheet: name the output .csv or .xlsx, not {export.name}"
        )
    budget = args.budget
    report, data = report_journal(
        args.journal,
        export.name,
        budget=budget,
        max_points=0 if budget == 0 else None,
        table=args.table,
    )
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_whole(Path(args.output), data, "report")
        state = "complete" if report.status.complete else "INCOMPLETE"
        print(f"wrote {args.output} ({export.name}, {state})", file=sys.stderr)
    return 0
