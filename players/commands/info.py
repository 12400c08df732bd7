"""`wargame info`: what a scenario holds, counted."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from engine.format.loader import load_scenario
from engine.format.model import Scenario

HELP = "count what a scenario holds"
DESCRIPTION = """\
Load a scenario (a file, or a folder holding scenario.yaml) and print how many actors, cells,
variables, injects, decisions, options, endings, objectives and critical tasks it has, its
turns, how many injects cite a source or are fictional, and its channels by kind.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `info` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "info", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("scenario", type=Path, help="scenario file or folder")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    parser.set_defaults(handler=run)
    return parser


def describe(scenario: Scenario) -> dict[str, Any]:
    """The counts `wargame info` prints."""
    decisions = scenario.all_decisions()
    kinds = Counter(channel.kind.value for channel in scenario.channels)
    return {
        "id": scenario.id,
        "title": scenario.title,
        "turns": scenario.turns.count,
        "turn_length": scenario.turns.length,
        "cells": len(scenario.cells),
        "actors": len(scenario.actors),
        "variables": len(scenario.variables),
        "channels": len(scenario.channels),
        "channels_by_kind": dict(sorted(kinds.items())),
        "injects": len(scenario.injects),
        "injects_with_source": sum(bool(inject.citations()) for inject in scenario.injects),
        "injects_fictional": sum(inject.fictional for inject in scenario.injects),
        "decisions": len(decisions),
        "options": sum(len(decision.options) for decision in decisions),
        "endings": len(scenario.endings),
        "objectives": len(scenario.objectives),
        "critical_tasks": sum(len(o.critical_tasks) for o in scenario.objectives),
        "sources": len(scenario.sources),
    }


def run(args: argparse.Namespace) -> int:
    """Print the counts; return 0.

    Raises:
        ScenarioInvalid: the scenario does not load.
    """
    loaded = load_scenario(args.scenario)
    counts = describe(loaded.scenario)
    if args.format == "json":
        print(json.dumps({**counts, "content_hash": loaded.content_hash}, indent=2))
        return 0
    print(f"{counts['title']} ({counts['id']})")
    width = max(len(key) for key in counts)
    for key, value in counts.items():
        if key in ("id", "title"):
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{kind} {number}" for kind, number in value.items())
        print(f"  {key.replace('_', ' '):<{width}}  {value}")
    return 0
