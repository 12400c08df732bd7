"""`wargame new`: write a small scenario that validates and explains itself in comments."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

from engine.errors import UserError
from players.schema_file import schema_reference

HELP = "write a new scenario scaffold to start from"
DESCRIPTION = """\
Write NAME.yaml: a small, complete scenario (two cells, three variables, a few injects, a
decision and two endings) that validates with no warnings, with comments explaining each
section. The first line points editors at the JSON Schema for completion and checking.
"""

MAX_NAME_BYTES = 255
"""The longest file name most file systems take, in bytes."""

TEMPLATE = """\
# yaml-language-server: $schema=__SCHEMA__
# A scenario scaffold made by `wargame new`. Check it with `wargame validate __FILE__`;
# every key is described in docs/authoring.md and completed by editors that read the schema.
format: 1                     # the format version; this engine reads 1
id: __ID__                    # ids: lower-case letters, digits and _, starting with a letter
title: "__TITLE__"
summary: >-
  One paragraph for the briefing: who is in the room, what happens, what is at stake.
turns:
  count: 2                    # how many turns the exercise has
  length: 12h                 # the scenario time each turn covers (2h, 30m, 1d, 1h30m)
  start: "D+0 08:00"          # scenario time: day relative to D-day, then hh:mm

# Teams at the tables. Each cell chooses options in decisions.
cells:
  - id: blue
    name: Public affairs
    side: blue                # blue, red, white (control), green or other
  - id: control
    name: Exercise control
    side: white

# People and organisations in the story; injects come `from` them and go `to` them.
actors:
  - id: pao
    name: Public affairs officer
    cell: blue
  - id: reporter
    name: A local reporter

# The exercise state. Conditions read these; effects change them.
variables:
  - id: trust
    type: int
    initial: 50
    min: 0                    # effects stop at the bounds
    max: 100
    label: Public trust
    visibility: players       # players see it; `facilitator` keeps it hidden
  - id: story_out
    type: bool
    initial: false
    label: Story published

# How injects reach the players; the kind decides how an inject is drawn.
channels:
  - id: paper
    kind: news
    name: The Daily Bugle
  - id: inbox
    kind: email
    name: Unit email

# The events (the MSEL). Each one needs a trigger (turn, time, after or when), or is
# released by an option, or is `contingency: true`. Each cites a `source:` (a declared
# document and a quote) or says `fictional: true`.
injects:
  - id: reporter_asks
    title: "A reporter asks about the unit's videos"
    channel: inbox
    from: reporter
    to: [pao]
    turn: 1
    fictional: true
    # The body is Markdown; {trust} is replaced by the variable's value when delivered.
    body: |
      Hi, I am writing about soldiers posting videos from the base. Can you comment?
      (Public trust stands at {trust}.)
    decision:                 # opens when the inject is delivered
      id: answer_reporter
      cells: [blue]
      prompt: How does public affairs answer?
      options:
        - id: statement
          label: Send a cleared statement
          effects: ["trust += 10"]
        - id: no_comment
          label: Decline to comment
          effects: ["trust -= 10"]
          releases: [story_runs]   # delivers this contingency inject
  - id: story_runs
    title: "Bugle: 'Army silent on soldiers' videos'"
    channel: paper
    from: reporter
    contingency: true          # only an option or the facilitator releases it
    fictional: true
    effects: ["story_out = true"]
    body: The paper runs the story without the Army's side.
  - id: turn_two_update
    title: "Turn 2: the situation so far"
    channel: inbox
    turn: 2
    fictional: true
    body: "Public trust: {trust}. Story published: {story_out}."

# How the exercise can end: the first ending whose condition holds at a turn's end wins.
endings:
  - id: trust_kept
    title: Trust kept
    condition: trust >= 50 and not story_out
    summary: Public affairs kept ahead of the story.
  - id: time_up
    title: Time is up
    condition: turn >= 2
    summary: The exercise ran its course.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `new` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "new", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("name", help="the scenario's name; the file is NAME.yaml")
    parser.add_argument(
        "--dir", type=Path, default=Path(), help="folder to write to (default: here)"
    )
    parser.set_defaults(handler=run)
    return parser


def scaffold(name: str, folder: Path) -> str:
    """The scaffold's text for a scenario called `name` written into `folder`."""
    ident = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_").lstrip("0123456789_") or "scenario"
    title = name.replace("\\", "\\\\").replace('"', "'")  # inside a double-quoted YAML text
    schema = schema_reference(folder)
    template = TEMPLATE if schema else TEMPLATE.split("\n", 1)[1]
    return (
        template.replace("__SCHEMA__", schema or "")
        .replace("__FILE__", f"{name}.yaml")
        .replace("__ID__", ident[:64])
        .replace("__TITLE__", title)
    )


def run(args: argparse.Namespace) -> int:
    """Write the scaffold; return 0.

    Raises:
        UserError: the name is not a plain file name, or the file already exists.
    """
    name: str = args.name.removesuffix(".yaml")
    if not name or Path(name).name != name or name.startswith("."):
        raise UserError(f"{args.name!r} is not a plain name; use --dir to choose the folder")
    if not name.isprintable():
        raise UserError(f"{args.name!r} holds a line break or another control character")
    size = len(os.fsencode(f"{name}.yaml"))
    if size > MAX_NAME_BYTES:
        raise UserError(
            f"the name is too long for a file name: {name}.yaml would be {size} bytes,"
            f" and the limit is {MAX_NAME_BYTES}"
        )
    if not args.dir.is_dir():
        raise UserError(f"--dir: '{args.dir}' is not a folder")
    target: Path = args.dir / f"{name}.yaml"
    text = scaffold(name, args.dir)
    try:
        with target.open("x", encoding="utf-8") as file:
            try:
                file.write(text)
                file.flush()
            except OSError:
                target.unlink()  # no half-written scaffold left behind
                raise
    except FileExistsError:
        raise UserError(f"{target} already exists; choose another name") from None
    except OSError as error:
        raise UserError(f"{target}: could not write the scaffold: {error.strerror}") from None
    print(f"wrote {target}; check it with: wargame validate {target}")
    return 0
