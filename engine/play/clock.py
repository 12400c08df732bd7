"""Scenario time that moves: when things fall due, and moving the clock through them in order.

The one rule of time (docs/authoring.md, "The clock"): the clock never jumps over a moment at
which something falls due. However it moves (by hand, by the console's running clock, or by
the bots) it stops at each scheduled moment in time order: a timed inject's `time`, the end of
an `after` inject's `delay`, a decision's deadline. At each stop, the deadlines that have
passed expire first, then everything due is delivered, so each release happens at its own
scenario time. The running clock also stops at the end of its turn: nothing of the next turn
comes out before the facilitator begins it.

Bots, `simulate` and `explore` move time by the same rule (`next_scheduled`): in a turn's
decisions phase the cells make every choice they can; then the clock moves to the next stop
before the turn's end, and the cells choose again; when nothing more falls due in the turn,
the exercise moves on to adjudication. So they branch on choices, never on timing.

No wall clock reaches this module: the console turns real time into `AdvanceClock` commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.play import rules
from engine.play.compiled import CompiledInject, CompiledScenario
from engine.play.state import ExerciseState, InjectStatus

if TYPE_CHECKING:
    from engine.play.session import Session


def due_time(inject: CompiledInject, state: ExerciseState, *, scheduled: bool) -> int | None:
    """The scenario minute at which an inject's timed triggers hold, as far as known now.

    None when it has no timed trigger (its `turn` or condition decide), when its turn has not
    come, or when the inject its `after` waits for has not been delivered yet. A released
    (`scheduled`) inject waits for its `time` only.
    """
    if inject.turn is not None and inject.turn > state.turn:
        return None
    times = []
    if inject.time is not None:
        times.append(inject.time)
    if not scheduled and inject.after is not None:
        at = state.delivered_at.get(inject.after)
        if at is None:
            return None
        times.append(at + inject.delay)
    return max(times) if times else None


def next_stop(compiled: CompiledScenario, state: ExerciseState, limit: int) -> int | None:
    """The earliest minute after now, and no later than `limit`, at which something falls due."""
    injects = compiled.injects
    clock = state.clock
    best: int | None = None
    candidates = [
        due_time(injects[inject_id], state, scheduled=False)
        for inject_id in compiled.watched
        if inject_id not in state.status
    ]
    candidates += [
        due_time(injects[inject_id], state, scheduled=True) for inject_id in state.scheduled
    ]
    candidates += [item.deadline for item in state.open_decisions.values()]
    for at in candidates:
        if at is not None and clock < at <= limit and (best is None or at < best):
            best = at
    return best


def next_scheduled(compiled: CompiledScenario, state: ExerciseState) -> int | None:
    """The next stop before the current turn's end: where bots and explore move the clock to."""
    return next_stop(compiled, state, compiled.turn_end(state.turn) - 1)


def advance(session: Session, minutes: int) -> None:
    """Move the clock `minutes` forward, stopping at every moment something falls due.

    While the clock runs it goes no further than the turn's end, and stops there.
    """
    state = session.state
    target = state.clock + minutes
    end = session.compiled.turn_end(state.turn)
    running = state.clock_rate is not None
    if running:
        target = min(target, max(end, state.clock))
    while not session.finished and session.state.clock < target:
        stop = next_stop(session.compiled, session.state, target)
        session._emit("clock_set", clock=target if stop is None else stop)
        expire_deadlines(session)
        rules.sweep(session)
    if running and session.state.clock >= end:
        rules.stop_clock(session, "turn end")


def expire_deadlines(session: Session) -> None:
    """Every open decision whose deadline the clock has reached takes its defaults."""
    for open_decision in list(session.state.open_decisions.values()):
        deadline = open_decision.deadline
        if deadline is not None and deadline <= session.state.clock and not session.finished:
            rules.expire_decision(session, session.compiled.decisions[open_decision.id])


def awaiting_confirmation(state: ExerciseState) -> str | None:
    """The first inject that fell due and waits for the facilitator's confirmation, if any."""
    return next((i for i, kind in state.status.items() if kind is InjectStatus.AWAITING), None)
