"""`wargame run` and `wargame view`: flags, default paths, resume and fork."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

import pytest

from engine.errors import UserError
from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.play.lifecycle import Phase
from players.commands import run as run_command
from players.commands import view as view_command
from players.console.launch import (
    bundled_scenario,
    default_journal,
    open_fork,
    open_resumed,
    parse_fork,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wargame")
    subparsers = parser.add_subparsers(dest="command")
    run_command.add_parser(subparsers)
    view_command.add_parser(subparsers)
    return parser


def test_run_takes_a_scenario_seed_and_journal() -> None:
    args = _parser().parse_args(["run", "s.yaml", "--seed", "3", "--journal", "j.jsonl"])
    assert (args.scenario, args.seed, args.journal) == (Path("s.yaml"), 3, Path("j.jsonl"))
    assert args.handler is run_command.run


def test_resume_and_fork_cannot_be_combined() -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["run", "--resume", "a.jsonl", "--fork", "a.jsonl@2"])


def test_view_takes_a_journal_and_a_cell() -> None:
    args = _parser().parse_args(["view", "j.jsonl", "--cell", "blue"])
    assert (args.journal, args.cell, args.handler) == (Path("j.jsonl"), "blue", view_command.run)


def test_the_default_scenario_is_the_bundled_flagship() -> None:
    assert bundled_scenario().name == "portrait"
    assert (bundled_scenario() / "scenario.yaml").is_file()


def test_the_default_journal_is_named_after_the_scenario_and_the_utc_time(
    tmp_path: Path,
) -> None:
    path = default_journal("mini", datetime(2025, 3, 1, 9, 0, 5, tzinfo=UTC), tmp_path / "j")
    assert path == tmp_path / "j" / "mini-20250301T090005Z.jsonl"
    assert path.parent.is_dir()


def test_a_fork_is_written_journal_at_step() -> None:
    assert parse_fork("journals/a@b.jsonl@12") == (Path("journals/a@b.jsonl"), 12)
    with pytest.raises(UserError, match="JOURNAL@STEP"):
        parse_fork("journals/a.jsonl")


def test_resuming_reports_a_dropped_torn_record(
    exercise: JournaledSession, journal_path: Path
) -> None:
    exercise.execute(c.Begin())
    exercise.close()
    with journal_path.open("ab") as stream:
        stream.write(b'{"seq": 99, "type": "half a rec')
    opened = open_resumed(journal_path)
    try:
        assert opened.exercise.session.state.phase is Phase.DELIVERY
        warnings = [text for text, severity in opened.notices if severity == "warning"]
        assert warnings and "incomplete" in warnings[0]
    finally:
        opened.exercise.close()


def test_a_fork_starts_from_the_chosen_step(
    exercise: JournaledSession, journal_path: Path, tmp_path: Path
) -> None:
    exercise.execute(c.Begin())
    exercise.execute(c.NextPhase())
    exercise.close()
    opened = open_fork(f"{journal_path}@1", tmp_path / "branch.jsonl")
    try:
        assert opened.exercise.session.state.phase is Phase.DELIVERY
        assert (tmp_path / "branch.jsonl").is_file()
    finally:
        opened.exercise.close()
