"""`wargame schema`: print the scenario format's JSON Schema."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from engine.format.schema import schema_text

HELP = "print the JSON Schema of the scenario format"
DESCRIPTION = """\
Print the JSON Schema of scenario files, for editors (VS Code's YAML extension reads the
'# yaml-language-server: $schema=...' line at the top of a scenario). The committed copy
lives in schema/scenario.schema.json; regenerate it with `make schema`.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `schema` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schema", help=HELP, description=DESCRIPTION
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the schema; return 0."""
    sys.stdout.write(schema_text())
    return 0
