"""`wargame graph`: the branch structure of a scenario, as Mermaid or Graphviz dot."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from engine.format.branch_graph import branch_graph, render_dot, render_mermaid
from engine.format.loader import load_scenario

HELP = "draw a scenario's branch structure (mermaid or dot)"
DESCRIPTION = """\
Print the scenario's branches: turns, injects, decisions, options, adjudication outcomes and
endings, with what each option releases, cancels or ends, and the conditions that read a
choice or a delivery. Paste Mermaid into any Markdown viewer that draws it, or pipe dot into
Graphviz (`wargame graph S --format dot | dot -Tsvg > branches.svg`).
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `graph` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "graph", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("scenario", type=Path, help="scenario file or folder")
    parser.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid", help="default mermaid"
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the graph."""
    graph = branch_graph(load_scenario(args.scenario).scenario)
    render = render_dot if args.format == "dot" else render_mermaid
    sys.stdout.write(render(graph))
    return 0
