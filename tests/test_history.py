"""One history: undo, redo and override bookkeeping, shared by the session and the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from journal_fixtures import FIXTURES, MAKERS

from engine.journal.journaled_session import scenario_from_header
from engine.journal.store import read_journal
from engine.play.events import Event
from engine.play.history import Fold, History
from engine.play.session import Session
from engine.report.replay import states_at
from engine.report.walk import walk


def _command(group: int, name: str, **fields: Any) -> Event:
    record = {"type": "command", "seq": 0, "group": group, "turn": 1, "clock": 0}
    return cast(Event, record | {"command": {"name": name, **fields}})


def _event(group: int, kind: str, **fields: Any) -> Event:
    return cast(Event, {"type": kind, "seq": 0, "group": group, "turn": 1, "clock": 0} | fields)


def test_undo_takes_the_group_out_and_redo_puts_it_back_at_the_end() -> None:
    history = History()
    history.ingest(_command(0, "begin"))
    history.ingest(_command(1, "next_phase"))
    assert history.undoable() == 1
    history.ingest(_command(2, "undo"))
    assert history.ingest(_event(2, "undone", target=1, command="next_phase")) is Fold.REBUILD
    assert history.effective == [0]
    assert history.taken_back == {1: "undone"}
    assert history.redo_target() == 1
    history.ingest(_command(3, "redo"))
    assert history.ingest(_event(3, "redone", target=1, command="next_phase")) is Fold.REDONE
    assert history.effective == [0, 1]
    assert history.taken_back == {}
    assert history.redo_target() is None


def test_a_new_action_clears_the_redo_stack_but_a_note_does_not() -> None:
    history = History()
    history.ingest(_command(0, "begin"))
    history.ingest(_command(1, "advance_clock", minutes=5))
    history.ingest(_command(2, "undo"))
    history.ingest(_event(2, "undone", target=1, command="advance_clock"))
    history.ingest(_command(3, "add_note", text="n"))
    assert history.redo_target() == 1
    history.ingest(_command(4, "advance_clock", minutes=5))
    assert history.redo_target() is None


def test_undo_passes_over_notes_ratings_and_feedback_and_never_takes_back_the_opening() -> None:
    history = History()
    history.ingest(_command(0, "open_briefing"))
    assert history.undoable() is None
    history.ingest(_command(1, "begin"))
    history.ingest(_command(2, "add_note", text="n"))
    history.ingest(_command(3, "rate_task", objective="o", task="t", rating="P"))
    assert history.undoable() == 1
    assert history.undoable(before=1) is None


def test_an_override_takes_its_target_out_and_keeps_itself_in_its_own_group() -> None:
    history = History()
    history.ingest(_command(0, "begin"))
    history.ingest(_command(1, "record_choice", decision="d", cell="c", option="o"))
    roll = _event(1, "roll_made", decision="d", cell="c", option="o", roll=7, outcome="a")
    assert history.ingest(roll) is Fold.EVENT
    assert history.latest_roll("d", "c") == (1, roll)
    history.ingest(_command(2, "override_outcome", decision="d", cell="c", outcome="b"))
    override = _event(2, "outcome_overridden", target=1)
    assert history.ingest(override) is Fold.REBUILD_THEN_EVENT
    assert history.effective == [0, 2]
    assert history.taken_back == {1: "overridden"}
    assert history.overridden_by(2) == 1
    assert list(history.in_effect())[-1] is override


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_the_session_and_the_reports_passes_agree_on_every_committed_journal(name: str) -> None:
    contents = read_journal(FIXTURES / name)
    compiled = scenario_from_header(contents.header, Path(name))
    session = Session.replay(compiled, int(contents.header["seed"]), contents.records)
    walked = walk(contents.records, dict(compiled.initial_values))
    assert list(walked.effective) == list(session.history.in_effect())
    gone = set(session.history.groups) - set(session.history.effective)
    assert set(walked.taken_back) == gone
    records = contents.records
    every = range(0, len(records) + 1, max(1, len(records) // 12))
    states = states_at(compiled, records, [*every, len(records)], Path(name))
    assert states[len(records)].key() == session.state.key()
    assert states[len(records)].notes == session.state.notes
    for end, state in states.items():
        assert state.key() == Session.replay(compiled, 0, records[:end]).state.key()


def test_the_console_journal_exercises_undo_redo_and_override() -> None:
    contents = read_journal(FIXTURES / "portrait-console.jsonl")
    compiled = scenario_from_header(contents.header, Path("console"))
    history = Session.replay(compiled, 11, contents.records).history
    assert "overridden" in history.taken_back.values()
    assert "undone" in history.taken_back.values()
