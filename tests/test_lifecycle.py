"""The lifecycle (issue 13): one `transitions` machine declares every move, its guards and its
effects; the session fires a table compiled from it, and the two agree everywhere."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from engine.errors import CommandRefused
from engine.format.loader import load_scenario
from engine.play import lifecycle
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.events import Event
from engine.play.lifecycle import PLANS, RUNNING, TRANSITIONS, Phase
from engine.play.session import Session
from engine.play.state import ExerciseState, OpenDecision
from players.autoplay import play
from players.policies import RandomPolicy

GOOD = Path(__file__).resolve().parent / "good_scenario"
TRIGGERS = sorted({str(row["trigger"]) for row in TRANSITIONS})
WAITING = "red_push"
"""good_scenario's decision resolved at adjudication with no default: open and unanswered, it
keeps the adjudication from starting."""


@pytest.fixture(scope="module")
def compiled() -> CompiledScenario:
    loaded = load_scenario(GOOD)
    return compile_scenario(loaded.scenario, loaded.content_hash)


def _at(
    compiled: CompiledScenario, phase: Phase, paused_from: Phase | None, chosen: bool
) -> Session:
    start = compiled.turn_start(1)
    state = ExerciseState(phase, 1, start, dict(compiled.initial_values), paused_from=paused_from)
    if not chosen:
        state.open_decisions[WAITING] = OpenDecision(WAITING, 1, start, None)
    session = Session(compiled, 7, state=state)
    emit = session.emit
    seen: list[Event] = []

    def recording(fields: Any) -> Event:
        event = emit(fields)
        seen.append(event)
        return event

    session.emit = recording  # type: ignore[method-assign]
    session.seen = seen  # type: ignore[attr-defined]
    return session


def _seen(session: Session) -> list[Event]:
    """Every event the session emitted since `_at` made it."""
    return session.seen  # type: ignore[attr-defined, no-any-return]


def _outcome(
    mover: Any, session: Session, trigger: str
) -> tuple[str, Phase | str, list[Event], tuple[object, ...]]:
    args = (None,) if trigger == "finish" else ()
    try:
        phase: Phase | str = mover(session, trigger, *args)
    except CommandRefused as refused:
        phase = f"refused: {refused}"
    events = [dict(event) for event in _seen(session)]
    return trigger, phase, events, session.state.key()  # type: ignore[return-value]


COMBINATIONS = list(itertools.product(TRIGGERS, Phase, [None, *RUNNING], [True, False]))


@pytest.mark.parametrize(("trigger", "phase", "paused_from", "chosen"), COMBINATIONS)
def test_the_compiled_table_does_what_the_machine_does(
    compiled: CompiledScenario,
    trigger: str,
    phase: Phase,
    paused_from: Phase | None,
    chosen: bool,
) -> None:
    table = _outcome(lifecycle.fire, _at(compiled, phase, paused_from, chosen), trigger)
    machine = _outcome(
        lifecycle.fire_through_machine, _at(compiled, phase, paused_from, chosen), trigger
    )
    assert table == machine
    checked = _at(compiled, phase, paused_from, chosen)
    try:
        answer: Phase | str = lifecycle.check(checked, trigger)
    except CommandRefused as refused:
        answer = f"refused: {refused}"
    assert _seen(checked) == []  # a check never emits
    assert answer == table[1]  # the same phase, or refused in the same words


def test_a_turn_end_that_ends_the_exercise_moves_twice(compiled: CompiledScenario) -> None:
    session = _at(compiled, Phase.ADJUDICATION, None, True)
    session.state.turn = compiled.turn_count  # the last turn: its end ends the exercise
    assert lifecycle.fire(session, "advance") is Phase.TURN_END
    types = [e["type"] for e in _seen(session)]
    assert types[0] == "phase_changed" and types[-2:] == ["ending_reached", "phase_changed"]
    assert session.state.phase is Phase.HOTWASH


def test_every_trigger_from_every_phase_is_in_the_table_or_refused() -> None:
    moves = {(trigger, phase) for trigger, phase in PLANS}
    assert {trigger for trigger, _ in moves} == set(TRIGGERS)
    assert ("pause", Phase.BRIEFING) not in moves
    assert [plan.dest for plan in PLANS[("resume", Phase.PAUSED)]] == list(RUNNING)


def test_a_refused_move_says_why(compiled: CompiledScenario) -> None:
    with pytest.raises(CommandRefused, match=r"^cannot next turn during briefing$"):
        lifecycle.check(_at(compiled, Phase.BRIEFING, None, True), "next_turn")
    with pytest.raises(CommandRefused, match=r"^only a running exercise can be paused$"):
        lifecycle.fire(_at(compiled, Phase.HOTWASH, None, True), "pause")
    waiting = _at(compiled, Phase.DECISIONS, None, False)
    message = r"^cannot adjudicate yet: decision 'red_push' is waiting for red$"
    with pytest.raises(CommandRefused, match=message):
        lifecycle.check(waiting, "advance")
    with pytest.raises(CommandRefused, match=message):
        lifecycle.fire_through_machine(waiting, "advance")
    assert lifecycle.check(_at(compiled, Phase.DECISIONS, None, True), "advance") is (
        Phase.ADJUDICATION
    )


def test_a_pause_remembers_its_phase_in_the_state_alone(compiled: CompiledScenario) -> None:
    session = _at(compiled, Phase.DECISIONS, None, True)
    assert not hasattr(session, "lifecycle")  # the phase is stored once: in the state
    lifecycle.fire(session, "pause")
    (changed,) = [e for e in _seen(session) if e["type"] == "phase_changed"]
    assert (changed["phase"], changed["paused_from"]) == (Phase.PAUSED, Phase.DECISIONS)
    assert (session.state.phase, session.state.paused_from) == (Phase.PAUSED, Phase.DECISIONS)
    assert lifecycle.fire(session, "resume") is Phase.DECISIONS
    assert session.state.paused_from is None


def test_replaying_a_journal_never_fires_a_move(
    compiled: CompiledScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session.start(compiled, 3)
    play(session, {cell.id: RandomPolicy(3) for cell in compiled.scenario.cells})
    assert session.finished

    def refuse(*_: object) -> Phase:
        raise AssertionError("a replay fired a lifecycle move")

    monkeypatch.setattr(lifecycle, "fire", refuse)
    monkeypatch.setattr(lifecycle, "fire_through_machine", refuse)
    replayed = Session.replay(compiled, 3, session.events)
    assert replayed.state.key() == session.state.key()
    assert replayed.state.phase is session.state.phase


def test_every_callback_is_a_function_the_table_calls(compiled: CompiledScenario) -> None:
    for plans in PLANS.values():
        for plan in plans:
            assert all(callable(f) for f in (*plan.guards, *plan.before, *plan.after))
