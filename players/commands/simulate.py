"""`wargame simulate`: many bot playthroughs in parallel, and what they add up to."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from engine.errors import UserError
from players.progress import progress_bar
from players.simulate import as_text, load_compiled, policy_specs, run_simulation, summary

HELP = "play a scenario many times with bots and report endings and coverage"
DESCRIPTION = """\
Play N headless playthroughs with a bot policy in every cell, in parallel processes, and report
how often each ending is reached, which injects and options no playthrough reached, how each
int variable ends (min, median, max and a histogram), the shortest and longest playthroughs
and any error, each with the seed that reproduces it (`wargame play --seed N`). The report
is the same whatever the number of jobs, and the same on a Dask cluster (`--cluster`). A
progress bar shows on stderr when it is a terminal. --policy CELL=SPEC gives one cell its own
bots. Exit status: 0, or 1 when a playthrough failed.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `simulate` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "simulate", help=HELP, description=DESCRIPTION
    )
    parser.add_argument("scenario", type=Path, help="scenario file or folder")
    parser.add_argument("-n", type=int, default=1000, help="playthroughs (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="the run's seed (default 1)")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: CPUs)"
    )
    parser.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="run on the Dask scheduler at ADDRESS (tcp://host:8786), or `local[:N]` for N "
        "worker processes here; needs pip install 'wargame[cluster]' (docs/simulate.md)",
    )
    parser.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="[CELL=]SPEC",
        help="random (default), least-used or greedy; repeat with CELL= for one cell's bots",
    )
    parser.add_argument(
        "--max-choices",
        type=int,
        default=1000,
        metavar="N",
        help="stop a playthrough after N choices",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Simulate and print the report; return 0, or 1 when a playthrough failed.

    Raises:
        UserError: a bad scenario or flag.
    """
    if args.n < 1:
        raise UserError("-n must be at least 1")
    if args.jobs < 1:
        raise UserError("--jobs must be at least 1")
    compiled = load_compiled(args.scenario)
    cells = [cell.id for cell in compiled.scenario.cells]
    specs = policy_specs(args.policy, cells)
    policy = next(iter(specs.values()))
    per_cell = {cell: spec for cell, spec in specs.items() if spec != policy}
    with progress_bar("simulate") as progress:
        tally = run_simulation(
            compiled,
            n=args.n,
            seed=args.seed,
            jobs=args.jobs,
            policy=policy,
            per_cell=per_cell,
            max_choices=args.max_choices,
            progress=progress,
            cluster=args.cluster,
        )
    report = summary(compiled, tally, seed=args.seed, policy=policy, per_cell=per_cell)
    print(
        json.dumps(report, indent=2)
        if args.format == "json"
        else as_text(report, str(args.scenario))
    )
    return 1 if report["errors"] else 0
