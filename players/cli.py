"""The `wargame` command line: one subcommand per module in `players.commands`.

A user error (bad file, bad flag) prints a clean message on stderr and exits 1; bad usage
exits 2 (argparse); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from engine.errors import ScenarioInvalid, UserError
from players.commands import COMMANDS

DESCRIPTION = "A tabletop wargame scenario engine: author, validate, run and report exercises."


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered command."""
    parser = argparse.ArgumentParser(prog="wargame", description=DESCRIPTION)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run `wargame` with `argv` (default: the process's arguments); returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except ScenarioInvalid as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return error.exit_code
    except UserError as error:
        print(f"wargame: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`wargame explore S | head -1`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
