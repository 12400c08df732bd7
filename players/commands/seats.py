"""`wargame seats`: every seat's link for a journal's room, one a line (or as JSON)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from engine.errors import UserError

HELP = "print the links that open the room's seats (projector, controller, cells, evaluators)"
DESCRIPTION = """\
Print every seat's link for the exercise written to JOURNAL: the projector (room), the
controller seat (control), one per cell (cell:ID) and one per evaluator on the journal's roster
(evaluator:NAME, the name as in its link: Dana Reyes is evaluator:dana-reyes). The tokens live
in JOURNAL.seats
(readable by you only), never in the journal or the report; the same links work again after
`wargame run --resume JOURNAL --serve PORT`. --url writes the links for the address people
will use (a laptop's LAN address: 127.0.0.1 means nothing on a phone). --reissue gives a
seat a new link; the old one stops working at once.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `seats` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "seats", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("journal", type=Path, help="the exercise's journal")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    parser.add_argument(
        "--url", metavar="BASE", help="the address the links use (default: where it was served)"
    )
    parser.add_argument("--reissue", metavar="SEAT", help="give this seat a new link first")
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the links; return the exit code.

    Raises:
        UserError: the journal or the seats file cannot be read, or no such seat.
    """
    from engine.journal.journaled_session import journal_scenario, replay_session
    from engine.journal.store import read_journal
    from engine.play.evaluation import evaluators
    from players.web.tokens import SeatBook

    if args.url is not None and not args.url.startswith(("http://", "https://")):
        raise UserError(
            f"--url takes an address such as http://192.168.1.20:8000 (got {args.url!r})"
        )
    contents = read_journal(args.journal)
    compiled = journal_scenario(contents)
    named = evaluators(replay_session(compiled, contents).state)
    seats = SeatBook.open(args.journal, compiled.scenario, named)
    if args.reissue is not None:
        seats.reissue(args.reissue)
    links = seats.links(args.url, named)  # not those taken off the roster
    if args.format == "json":
        print(json.dumps([{"seat": link.seat, "url": link.url} for link in links], indent=2))
    else:
        width = max(len(link.seat) for link in links)
        for link in links:
            print(f"{link.seat:<{width}}  {link.url}")
    return 0
