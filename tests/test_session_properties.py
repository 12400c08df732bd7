"""Properties of the session over random legal command sequences (hypothesis).

A sequence is built one command at a time by picking among commands that are legal now, so
every example is a real exercise: choices, phases, facilitator moves, rolls, undo and redo.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from fixtures.engine import compiled as load_fixture
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import CommandRefused
from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.play.compiled import CompiledScenario
from engine.play.lifecycle import RUNNING, Phase
from engine.play.session import Session

SCENARIO: CompiledScenario = load_fixture()


def candidates(session: Session) -> list[c.Command]:
    """Commands worth trying now (most are legal; the few that are not must change nothing)."""
    state = session.state
    found: list[c.Command] = [c.Undo(), c.AddNote("seen"), c.RateTask("obj", "speak", "P")]
    if session.can_redo():
        found.append(c.Redo())
    if state.phase is Phase.BRIEFING:
        found.append(c.Begin())
    if state.phase in RUNNING:
        found += [c.NextPhase(), c.NextPhase(), c.AdvanceClock(90), c.Pause()]
        for decision, cell in session.pending_choices():
            found += [
                c.RecordChoice(decision, cell, option.id)
                for option, available in session.options(decision)
                if available
            ]
        for inject in ("manual", "day_two", "day_three", "admitted"):
            found += [c.ReleaseInject(inject), c.HoldInject(inject), c.CancelInject(inject)]
            found.append(c.UnholdInject(inject))
        found += [c.ExpireDecision(d) for d in state.open_decisions]
        found.append(c.OverrideOutcome("press", "red", "missed", "because"))
    if state.phase is Phase.PAUSED:
        found.append(c.Resume())
    return found


def drive(data: st.DataObject, session: Session, steps: int) -> None:
    """Run up to `steps` commands drawn among the candidates; refusals must change nothing."""
    for _ in range(steps):
        if session.finished:
            return
        command = data.draw(st.sampled_from(candidates(session)))
        before = (session.state.key(), len(session.events))
        try:
            session.execute(command)
        except CommandRefused:
            assert (session.state.key(), len(session.events)) == before


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(data=st.data(), seed=st.integers(0, 2**31), steps=st.integers(1, 40))
def test_replaying_the_events_rebuilds_the_live_state(
    data: st.DataObject, seed: int, steps: int
) -> None:
    session = Session.start(SCENARIO, seed)
    drive(data, session, steps)
    replayed = Session.replay(SCENARIO, seed, session.events)
    assert replayed.state.key() == session.state.key()
    assert replayed.state.notes == session.state.notes
    assert replayed.state.ratings == session.state.ratings
    assert replayed.state.delivered_at == session.state.delivered_at
    assert replayed.undoable() == session.undoable()
    assert replayed.can_redo() == session.can_redo()


@PROPERTY
@given(data=st.data(), seed=st.integers(0, 2**31), steps=st.integers(1, 40))
def test_undo_then_redo_gives_back_the_same_state(
    data: st.DataObject, seed: int, steps: int
) -> None:
    session = Session.start(SCENARIO, seed)
    drive(data, session, steps)
    if session.undoable() is None:
        return
    before = session.state.key()
    notes = list(session.state.notes)
    session.execute(c.Undo())
    session.execute(c.Redo())
    assert session.state.key() == before
    assert session.state.notes == notes
    assert Session.replay(SCENARIO, seed, session.events).state.key() == before


@settings(max_examples=25, deadline=None)
@given(data=st.data(), seed=st.integers(0, 2**31), steps=st.integers(1, 30))
def test_a_resumed_journal_equals_the_live_session(
    data: st.DataObject, seed: int, steps: int
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "exercise.jsonl"
        exercise = JournaledSession.create(SCENARIO, seed, path)
        live = exercise.session
        for _ in range(steps):
            if live.finished:
                break
            command = data.draw(st.sampled_from(candidates(live)))
            with contextlib.suppress(CommandRefused):
                exercise.execute(command)
        key, events = live.state.key(), live.events
        exercise.close()
        resumed = JournaledSession.resume(path, expected=SCENARIO).exercise
        try:
            assert resumed.session.state.key() == key
            strip = [{k: v for k, v in e.items() if k not in ("wall", "size")} for e in events]
            again = [
                {k: v for k, v in e.items() if k not in ("wall", "size")}
                for e in resumed.session.events
            ]
            assert again == strip
        finally:
            resumed.close()
