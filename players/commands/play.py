"""`wargame play`: one headless playthrough by bots, written to a journal."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.errors import UserError
from engine.journal.journaled_session import JournaledSession
from players.autoplay import DeadEnd, PlayResult, play
from players.policies import POLICY_NAMES, ScriptedPolicy
from players.simulate import build_policies, load_compiled, policy_specs

HELP = "play a scenario to its end with bots, writing a journal"
DESCRIPTION = f"""\
Play one exercise headless: a bot policy decides for every cell ({", ".join(POLICY_NAMES)}),
the phases move on by themselves, and every event is written to the journal as in a live
exercise (so `wargame run --resume` and the report read it). --policy SPEC sets every cell's
policy; --policy CELL=SPEC one cell's. Prints the ending, the turns and the choices made.
Exit status: 0 when the exercise ended, 1 on a dead end or a bad input.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `play` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "play", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("scenario", type=Path, help="scenario file or folder")
    parser.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="[CELL=]SPEC",
        help="random, least-used, greedy or script:FILE; repeat with CELL= for one cell",
    )
    parser.add_argument("--seed", type=int, default=1, help="the dice's and bots' seed (default 1)")
    parser.add_argument(
        "--journal", type=Path, help="where to write the journal (default: journals/ID-TIME.jsonl)"
    )
    parser.add_argument(
        "--max-choices", type=int, metavar="N", help="stop after N choices (default: no limit)"
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    parser.set_defaults(handler=run)
    return parser


def _default_journal(scenario_id: str) -> Path:
    folder = Path("journals")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return folder / f"{scenario_id}-{stamp}.jsonl"


def run(args: argparse.Namespace) -> int:
    """Play the exercise; return the exit code.

    Raises:
        UserError: a bad scenario, policy, script or journal path, or a dead end.
    """
    if args.max_choices is not None and args.max_choices < 0:
        raise UserError("--max-choices cannot be negative")
    compiled = load_compiled(args.scenario)
    cells = [cell.id for cell in compiled.scenario.cells]
    specs = policy_specs(args.policy, cells)
    policies = build_policies(specs, args.seed)
    for policy in policies.values():
        if isinstance(policy, ScriptedPolicy):  # a bad script fails before a journal is written
            policy.check(compiled.scenario)
    path = args.journal or _default_journal(compiled.scenario.id)
    with JournaledSession.create(compiled, args.seed, path) as exercise:
        try:
            result = play(
                exercise.session, policies, execute=exercise.execute, max_choices=args.max_choices
            )
        except DeadEnd as dead_end:
            state = exercise.session.state
            raise UserError(
                f"dead end in turn {state.turn} ({state.phase.value.replace('_', ' ')}): "
                f"{dead_end}; the playthrough so far is in {path}"
            ) from None
    report = _report(args, compiled.scenario.id, specs, result, path)
    titles = {ending.id: ending.title for ending in compiled.scenario.endings}
    if args.format == "json":
        print(json.dumps(report, indent=2))
    else:
        print(_text(report, titles))
    return 0


def _report(
    args: argparse.Namespace, scenario: str, specs: dict[str, str], result: PlayResult, path: Path
) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "seed": args.seed,
        "policies": specs,
        "ending": result.ending,
        "stopped": result.stopped,
        "turns": result.turns,
        "choices": result.choices,
        "steps": result.steps,
        "journal": str(path),
    }


def _text(report: dict[str, Any], titles: dict[str, str]) -> str:
    if report["ending"] is not None:
        ending = f"{report['ending']} ({titles.get(report['ending'], '')})"
    elif report["stopped"] == "choice limit":
        ending = "none yet: stopped at the choice limit"
    else:
        ending = "none: the last turn ended with no ending's condition true"
    policies = ", ".join(f"{cell}={spec}" for cell, spec in report["policies"].items())
    return "\n".join(
        [
            f"{report['scenario']}, seed {report['seed']}",
            f"  policies  {policies}",
            f"  ending    {ending}",
            f"  turns     {report['turns']}",
            f"  choices   {report['choices']}",
            f"  journal   {report['journal']}",
        ]
    )
