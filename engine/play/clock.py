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
the exercise moves on to adjudication. So they branch on choices, never on timing. When a
turn ends before its clock ran out (the facilitator moved on), what it still had scheduled
goes out at its own times before the next turn starts.

No wall clock reaches this module: the console turns real time into `AdvanceClock` commands.
"""

from __future__ import annotations

from engine.play import rules
from engine.play.compiled import CompiledInject, CompiledScenario
from engine.play.context import Context
from engine.play.state import ExerciseState, InjectStatus


def due_time(inject: CompiledInject, state: ExerciseState, *, scheduled: bool) -> int | None:
    """The scenario minute at which an inject's timed triggers hold, as far as known now.

    None when it has no timed trigger (its `turn` or condition decide), when its turn has not
    come, or when the inject its `after` waits for has not been delivered yet. A released
    (`scheduled`) inject waits for its `time` only (`Trigger.earliest`).
    """
    return inject.trigger.earliest(state, scheduled=scheduled)


def next_stop(compiled: CompiledScenario, state: ExerciseState, limit: int) -> int | None:
    """The earliest minute after now, and no later than `limit`, at which something falls due."""
    injects = compiled.injects
    clock = state.clock
    best: int | None = None
    status = state.status
    candidates = [
        injects[inject_id].trigger.earliest(state, scheduled=False)
        for inject_id in compiled.watched
        if inject_id not in status
    ]
    candidates += [
        injects[inject_id].trigger.earliest(state, scheduled=True) for inject_id in state.scheduled
    ]
    candidates += [item.deadline for item in state.open_decisions.values()]
    for at in candidates:
        if at is not None and clock < at <= limit and (best is None or at < best):
            best = at
    return best


def next_scheduled(compiled: CompiledScenario, state: ExerciseState) -> int | None:
    """The next stop before the current turn's end: where bots and explore move the clock to."""
    return next_stop(compiled, state, compiled.turn_end(state.turn) - 1)


def advance(session: Context, minutes: int) -> None:
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
        _stop_at(session, target if stop is None else stop)
    if running and session.state.clock >= end:
        rules.stop_clock(session, "turn end")


def catch_up(session: Context, until: int) -> None:
    """Before a new turn starts at `until`: move the clock through every stop before it.

    A running clock is left running (the facilitator began the next turn early).
    """
    while not session.finished:
        stop = next_stop(session.compiled, session.state, until - 1)
        if stop is None:
            return
        _stop_at(session, stop)


def _stop_at(session: Context, minute: int) -> None:
    """Put the clock at `minute`: passed deadlines expire, then everything due goes out."""
    session.emit({"type": "clock_set", "clock": minute})
    expire_deadlines(session)
    rules.sweep(session)


def expire_deadlines(session: Context) -> None:
    """Every open decision whose deadline the clock has reached takes its defaults."""
    for open_decision in list(session.state.open_decisions.values()):
        deadline = open_decision.deadline
        if deadline is not None and deadline <= session.state.clock and not session.finished:
            rules.expire_decision(session, session.compiled.decisions[open_decision.id])


def awaiting_confirmation(compiled: CompiledScenario, state: ExerciseState) -> str | None:
    """The first inject (in scenario order) that fell due and waits for confirmation, if any."""
    status = state.status
    for inject_id in compiled.confirming:  # asked every bot step: a loop, no generator
        if status.get(inject_id) is InjectStatus.AWAITING:
            return inject_id
    return None


def next_timed_inject(compiled: CompiledScenario, state: ExerciseState) -> tuple[str, int] | None:
    """The inject whose timed trigger falls due next (at any later time), and when."""
    found: tuple[str, int] | None = None
    for inject_id in (*compiled.watched, *state.scheduled):
        status = state.status.get(inject_id)
        scheduled = status is InjectStatus.SCHEDULED
        if status is not None and not scheduled:
            continue
        at = due_time(compiled.injects[inject_id], state, scheduled=scheduled)
        if at is not None and at > state.clock and (found is None or at < found[1]):
            found = (inject_id, at)
    return found
