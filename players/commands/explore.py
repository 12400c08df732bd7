"""`wargame explore`: search every reachable state of a scenario for dead ends and dead text."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import Any

from engine.errors import UserError
from engine.explore.findings import ExploreResult
from engine.explore.memory import DEFAULT_MAX_MEMORY, format_size, parse_size
from engine.explore.search import explore
from players.progress import progress_bar
from players.simulate import load_compiled

HELP = "search every playthrough for unreachable endings, injects, decisions, dead ends and loops"
DESCRIPTION = """\
Model-check a scenario: try every option of every decision and every outcome of every roll,
from the briefing to every ending, and report what normal play reaches, what only the
facilitator's moves (releasing or holding injects) reach, and what nothing reaches. Errors:
an unreachable ending or inject, a decision that never opens, an option never chosen (its
`when` never true while the decision is open, and not its default), a dead end (a cell must
choose but has no option and the exercise cannot go on), a last turn that can end with no
ending's condition true, a loop that never reaches an ending. Exit status: 0 clean (every
ending, inject, decision and option reached), 1 when an error is found, 3 when the budget or
the memory bound stopped the search before it was complete (what it found so far is printed).
"""
INCOMPLETE = 3
MIN_MEMORY = 64 * 1024**2
"""Less than this is not enough for Python and the scenario themselves."""
PARTIAL = (
    "  a partial search proves what it shows: each ending, inject and error above has a "
    "playthrough that reaches it;\n"
    "  it does not prove that what it did not reach is unreachable, nor that there are no "
    "other dead ends or loops"
)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `explore` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "explore", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("scenario", type=Path, help="scenario file or folder")
    parser.add_argument(
        "--budget", type=int, default=200_000, metavar="N", help="most states to visit"
    )
    parser.add_argument(
        "--max-memory",
        default=format_size(DEFAULT_MAX_MEMORY).replace(" ", "").removesuffix("B"),
        metavar="SIZE",
        help="stop cleanly (exit 3, with what was found) before the process holds this much "
        "memory, e.g. 512M or 4G (default %(default)s)",
    )
    parser.add_argument(
        "--no-reduction",
        action="store_true",
        help="try every order of simultaneous choices and tell states apart by all they hold "
        "(slower; the same findings)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Explore and print the findings; return 0, 1 or 3.

    Raises:
        UserError: the scenario does not load, or the budget is not positive.
    """
    if args.budget < 1:
        raise UserError("--budget must be at least 1")
    try:
        max_memory = parse_size(args.max_memory)
    except ValueError as error:
        raise UserError(f"--max-memory: {error}") from None
    if max_memory < MIN_MEMORY:
        raise UserError(f"--max-memory must be at least {format_size(MIN_MEMORY)}")
    compiled = load_compiled(args.scenario)
    with progress_bar("explore: states searched") as progress:
        result = explore(
            compiled,
            budget=args.budget,
            max_memory=max_memory,
            reduce=not args.no_reduction,
            progress=progress,
        )
    if args.format == "json":
        print(json.dumps(as_json(compiled.scenario.id, result), indent=2))
    else:
        print(as_text(compiled.scenario.id, result))
    if result.findings:
        return 1
    return 0 if result.complete else INCOMPLETE


def as_json(scenario: str, result: ExploreResult) -> dict[str, Any]:
    """The result as JSON-ready data."""
    return {
        "scenario": scenario,
        **dataclasses.asdict(result),
        "states_per_second": round(result.states_per_second, 1),
        "clean": result.clean,
    }


def as_text(scenario: str, result: ExploreResult) -> str:
    """The result for a terminal: a summary, then each finding with an example path."""
    status = "complete" if result.complete else _incomplete(result)
    lines = [
        f"{scenario}: {result.states:,} states, {result.edges:,} moves in {result.elapsed:.1f} s "
        f"({result.states_per_second:,.0f} states/s); {status}"
    ]
    if result.paths is not None:
        more = " or more" if result.paths_capped else ""
        lines.append(f"  playthroughs  {result.paths:,}{more}")
    lines.append(f"  endings       {', '.join(result.endings) or 'none'}")
    lines.append(f"  injects       {len(result.injects)} delivered in normal play")
    for kind, found in (
        ("ending", result.endings_facilitator_only),
        ("inject", result.injects_facilitator_only),
        ("decision", result.decisions_facilitator_only),
        ("option", result.options_facilitator_only),
    ):
        for name, path in found.items():
            lines.append(f"  note: {kind} {name!r} is reached only through facilitator moves")
            lines.append(f"        e.g. {_path(path)}")
    for name in result.injects_on_posts:  # the feed (issue 17)
        lines.append(
            f"  note: inject {name!r} waits for a cell's post (on_post); bots never post, "
            "so the search does not reach it"
        )
    if not result.complete:
        missing = [*result.endings_unreachable, *result.injects_unreachable]
        if missing:
            lines.append(f"  not reached before the search stopped: {', '.join(missing)}")
        for kind, ids in (
            ("decisions not opened", result.decisions_unreachable),
            ("options not chosen", result.options_unreachable),
        ):
            if ids:
                lines.append(f"  {kind} before the search stopped: {', '.join(ids)}")
        lines.append(PARTIAL)
    for finding in result.findings:
        lines.append(f"error: {finding.message}")
        if finding.path:
            lines.append(f"  e.g. {_path(finding.path)}")
    if result.complete and not result.findings:
        lines.append("clean")
    return "\n".join(lines)


def _incomplete(result: ExploreResult) -> str:
    if result.stopped_by == "memory" and result.max_memory is not None:
        bound = format_size(result.max_memory)
        more = format_size(result.max_memory * 2).replace(" ", "").removesuffix("B")
        return (
            f"incomplete: memory bound of {bound} reached "
            f"(raise it with --max-memory, e.g. --max-memory {more})"
        )
    return (
        f"incomplete: budget of {result.budget:,} states exhausted "
        f"(raise it with --budget, e.g. --budget {result.budget * 10})"
    )


def _path(steps: list[str]) -> str:
    return " → ".join(steps) if steps else "(at the start)"
