"""The `wargame` subcommands, in the order `wargame --help` lists them.

Each module has `add_parser(subparsers)`, which adds its parser and sets `handler=run`, and
`run(args) -> int`, which returns the exit code. Add a command with one line below.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    cards,
    explore,
    graph,
    info,
    msel,
    new,
    play,
    report,
    run,
    schema,
    simulate,
    validate,
    view,
)

COMMANDS: list[ModuleType] = [
    run,
    view,
    validate,
    info,
    graph,
    new,
    schema,
    play,
    explore,
    simulate,
    report,
    msel,
    cards,
]
