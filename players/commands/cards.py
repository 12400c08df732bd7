"""`wargame cards`: the MSEL and one card per inject on paper, for when the screen fails."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from engine.errors import UserError
from engine.format.loader import load_scenario
from engine.msel.cards import cards_html
from players.output_files import write_whole

HELP = "print the MSEL and a card per inject (PDF), the paper fallback"
DESCRIPTION = """\
Print the scenario's MSEL and one card per inject as the players should see it: no
facilitator notes, discussion questions, expected actions or objectives, and a private inject
says which cell it is for. --controller prints the control cell's packet instead, with those
and each inject's trigger. The classification banner and the page number are on every page.
-o FILE.pdf prints with headless Chromium (Debian's chromium package); -o FILE.html writes the
page to print from a browser.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `cards` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "cards", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("scenario", type=Path, help="scenario file or folder")
    parser.add_argument("-o", "--output", type=Path, required=True, help="FILE.pdf or FILE.html")
    parser.add_argument(
        "--controller", action="store_true", help="the control packet: notes, questions, triggers"
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the cards; return 0.

    Raises:
        ScenarioInvalid: the scenario does not load.
        UserError: the output's kind is not known, or it cannot be printed or written.
    """
    output: Path = args.output
    suffix = output.suffix.lower()
    if suffix not in (".pdf", ".html"):
        raise UserError(f"{output}: name it .pdf (printed) or .html")
    scenario = load_scenario(args.scenario).scenario
    page = cards_html(scenario, controller=args.controller)
    if suffix == ".pdf":
        from players.report_exports import print_to_pdf

        data = print_to_pdf(page)
    else:
        data = page
    write_whole(output, data, "cards")
    packet = "control packet" if args.controller else "player cards"
    print(f"wrote {output} ({packet}, {len(scenario.injects)} injects)", file=sys.stderr)
    return 0
