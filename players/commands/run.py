"""`wargame run`: open the facilitator console on a scenario, a journal to resume, or a fork."""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

from engine.errors import UserError

HELP = "run an exercise in the facilitator console"
DESCRIPTION = """\
Open the facilitator console. With no scenario, the bundled flagship (scenarios/portrait) is
used. Every action is written to the journal (with fsync) before the screen changes, so a
crash loses nothing: continue with --resume. --fork starts a new journal from an earlier step
of another, to play the branch not taken.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `run` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "run", help=HELP, description=DESCRIPTION
    )
    parser.add_argument(
        "scenario", nargs="?", type=Path, help="scenario file or folder (default: the flagship)"
    )
    parser.add_argument("--seed", type=int, help="the dice's seed (default: a random one)")
    parser.add_argument(
        "--journal", type=Path, help="where to write the journal (default: journals/ID-TIME.jsonl)"
    )
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--resume", type=Path, metavar="JOURNAL", help="continue this journal")
    start.add_argument(
        "--fork", metavar="JOURNAL@STEP", help="start a new journal from STEP of JOURNAL"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="with --resume: continue even if the scenario changed since (uses the journal's copy)",
    )
    parser.add_argument(
        "--turn-limit",
        type=float,
        default=20.0,
        metavar="MINUTES",
        help="wall-clock minutes per turn before the turn timer turns red (default 20)",
    )
    parser.add_argument(
        "--serve",
        metavar="[HOST:]PORT",
        help="also open the room: a projector page and a browser seat per cell on this address "
        "(host 127.0.0.1 unless given; port 0 picks a free one); links: `wargame seats JOURNAL`",
    )
    parser.add_argument(
        "--url",
        metavar="BASE",
        help="with --serve: the address the seats' links use, such as http://192.168.1.20:8000",
    )
    parser.add_argument(
        "--rate",
        type=float,
        metavar="N",
        help="let the scenario clock run: N scenario minutes per real minute, started and "
        "stopped with s (default: the rate a resumed journal last ran its clock at, else the "
        "scenario's turns.rate; without either it moves by hand)",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help="the people taking part (name, organisation, cell, role), from a YAML or CSV file: "
        "journaled once; each evaluator on it gets a seat (`wargame seats JOURNAL`)",
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Open the console; return the exit code.

    Raises:
        UserError: a bad scenario, journal or flag (the command line prints it cleanly).
    """
    from players.console.app import ConsoleApp
    from players.console.launch import open_fork, open_new, open_resumed
    from players.console.terminal import reset_terminal
    from players.roster_file import roster_command

    if args.resume is not None and args.journal is not None:
        raise UserError("--journal cannot be used with --resume (the journal is the one resumed)")
    if args.force and args.resume is None:
        raise UserError("--force only makes sense with --resume")
    if args.rate is not None and not 0 < args.rate <= 1440:
        raise UserError(
            f"--rate takes scenario minutes per real minute, above 0 and at most 1440 "
            f"(got {args.rate:g})"
        )
    if args.url is not None and args.serve is None:
        raise UserError("--url only makes sense with --serve")
    listen = None
    if args.serve is not None:
        from players.web.serve import bind, parse_address

        host, port = parse_address(args.serve)
        listen = (host, bind(host, port))
    if args.resume is not None:
        opened = open_resumed(args.resume, scenario=args.scenario, force=args.force)
    elif args.fork is not None:
        if args.scenario is not None:
            raise UserError("--fork takes its scenario from the journal; drop the SCENARIO")
        opened = open_fork(args.fork, args.journal)
    else:
        seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
        roster = args.roster
        opened = open_new(
            args.scenario,
            seed,
            args.journal,
            first=None if roster is None else lambda session: roster_command(session, roster),
        )
    try:
        if args.roster is not None and (args.resume is not None or args.fork is not None):
            # the roster (issue 17); a new run journaled it first thing, through open_new
            command = roster_command(opened.exercise.session, args.roster)
            if command is not None:
                opened.exercise.execute(command)
        journal = opened.exercise.journal.path
        options: dict[str, Any] = {
            "turn_limit_minutes": args.turn_limit,
            "rate": opened.rate(args.rate),
            "notices": opened.notices,
            "error_log": journal.with_name(journal.name + ".errors.log"),
        }
        reset_terminal()  # a console killed earlier may have left it raw: Textual would keep it
        if listen is None:
            app = ConsoleApp(opened.exercise, **options)
            app.run()
            code = app.return_code or 0
        else:
            from players.web.serve import run_room

            folder = _scenario_folder(args.scenario, new=args.resume is None and args.fork is None)
            code = run_room(opened.exercise, options, listen, args.url, folder)
    finally:
        opened.exercise.close()
        if listen is not None:
            listen[1].close()
    return code  # 1 when the console crashed: never a silent success


def _scenario_folder(scenario: Path | None, *, new: bool) -> Path | None:
    """The folder the injects' attachments are read from, for the room's feed (issue 17):
    the scenario's (the flagship's for a new exercise without one); None when unknown, and the
    room then serves from the folder its seats file recorded when it was first served."""
    from players.console.launch import bundled_scenario

    if scenario is None:
        return bundled_scenario() if new else None
    return scenario if scenario.is_dir() else scenario.parent
