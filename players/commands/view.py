"""`wargame view`: the players' view of a live journal (read-only, for the room's screen)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

HELP = "show the players' view of a running exercise's journal"
DESCRIPTION = """\
Follow a journal as it is written and show what the players may see: the current inject
(never the facilitator's notes), the public variables, the clock, the turn and the phase.
With --cell, injects addressed to that cell show too; without, only injects for the room.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `view` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "view", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("journal", type=Path, help="the journal the console is writing")
    parser.add_argument("--cell", help="show this cell's view (default: the room's)")
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Open the view; return the exit code.

    Raises:
        UserError: the journal cannot be read, or the cell is unknown.
    """
    from players.console.viewer import ViewerApp

    ViewerApp(args.journal, cell=args.cell).run()
    return 0
