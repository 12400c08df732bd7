"""`wargame validate`: check scenarios and report every problem as `file:line:column`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from engine.errors import ScenarioInvalid, UserError
from engine.format.loader import load_scenario
from engine.format.problems import Problem, Severity

HELP = "check scenarios and report every problem at once"
DESCRIPTION = """\
Check each scenario (a file, or a folder holding scenario.yaml) and print every problem as
'file:line:column: error: message', then a summary line per scenario. With --sources, every
quote an inject cites is looked up in its document. Exit status: 0 when every scenario is
valid, 1 when one is not (with --strict, warnings count as errors), 2 for bad usage.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `validate` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate", help=HELP, description=DESCRIPTION
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="scenario file or folder"
    )
    parser.add_argument(
        "--sources", type=Path, metavar="DIR", help="folder of source documents to check quotes in"
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.set_defaults(handler=run)
    return parser


def check(path: Path, sources: Path | None) -> list[Problem]:
    """Every problem of one scenario (an empty list when it is clean)."""
    try:
        return load_scenario(path, sources_dir=sources).problems
    except ScenarioInvalid as error:
        return error.problems


def summary(path: Path, problems: list[Problem], *, strict: bool = False) -> str:
    """`portrait.yaml: 2 errors, 1 warning`, or `portrait.yaml: valid`; with `strict`, warnings
    alone fail: `portrait.yaml: 1 warning (--strict: warnings are errors)`."""
    errors = sum(problem.severity is Severity.ERROR for problem in problems)
    warnings = len(problems) - errors
    counted = _count(warnings, "warning")
    if errors:
        return f"{path}: {_count(errors, 'error')}, {counted}"
    if warnings and strict:
        return f"{path}: {counted} (--strict: warnings are errors)"
    return f"{path}: valid" + (f" ({counted})" if warnings else "")


def fails(problems: list[Problem], *, strict: bool) -> bool:
    """Whether the problems fail the scenario: any error, or (with `strict`) any warning."""
    return any(problem.severity is Severity.ERROR or strict for problem in problems)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    """Validate each path; return 0 when all are valid, 1 otherwise."""
    if args.sources is not None and not args.sources.is_dir():
        raise UserError(f"--sources: '{args.sources}' is not a folder")
    results = [(path, check(path, args.sources)) for path in args.paths]
    failed = any(fails(problems, strict=args.strict) for _, problems in results)
    if args.format == "json":
        report = {
            "valid": not failed,
            "scenarios": [
                {
                    "path": str(path),
                    "valid": not fails(problems, strict=args.strict),
                    "errors": sum(p.severity is Severity.ERROR for p in problems),
                    "warnings": sum(p.severity is Severity.WARNING for p in problems),
                    "problems": [problem.to_dict() for problem in problems],
                }
                for path, problems in results
            ],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for path, problems in results:
            for problem in problems:
                print(problem)
            print(summary(path, problems, strict=args.strict))
    return 1 if failed else 0
