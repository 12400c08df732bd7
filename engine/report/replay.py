"""The exercise's state at chosen points of a journal, in one pass.

`Session.replay` rebuilds the whole state at every undo and override, which is right for a
live session but makes replaying a long journal with many undos quadratic; and the report
wants the state at a dozen points, not one. This pass follows the same rules (see
`engine.report.walk`) but rebuilds lazily: only when a state is asked for after an undo.

Raises `JournalError` for records that do not fit the scenario, like `replay_session`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from engine.errors import JournalError
from engine.play.compiled import CompiledScenario
from engine.play.fold import Event, apply
from engine.play.lifecycle import Phase
from engine.play.session import Session
from engine.play.state import ExerciseState


def _initial(compiled: CompiledScenario) -> ExerciseState:
    return ExerciseState(
        phase=Phase.SETUP,
        turn=0,
        clock=compiled.start_clock,
        values=dict(compiled.initial_values),
    )


def states_at(
    compiled: CompiledScenario, records: list[Event], ends: Iterable[int], path: Path
) -> dict[int, ExerciseState]:
    """The state after the first `end` records, for each of `ends` (each a copy of its own)."""
    wanted = sorted(set(ends))
    found: dict[int, ExerciseState] = {}
    state = _initial(compiled)
    order: list[int] = []
    groups: dict[int, list[Event]] = {}
    stale = False
    position = 0
    try:
        for end in wanted:
            for record in records[position:end]:
                stale = _ingest(state, record, order, groups, stale)
            position = max(position, end)
            if stale:
                state = _initial(compiled)
                for group in order:
                    for event in groups[group]:
                        apply(state, event)
                stale = False
            found[end] = state.copy()
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise JournalError(
            f"{path}: a record does not fit the scenario ({error!r}); "
            "the journal cannot be replayed"
        ) from None
    return found


def _ingest(
    state: ExerciseState,
    record: Event,
    order: list[int],
    groups: dict[int, list[Event]],
    stale: bool,
) -> bool:
    """Take one record the way `Session._ingest` does; whether the state now needs a rebuild."""
    group = record["group"]
    kind = record["type"]
    if kind == "command":
        if record["command"]["name"] not in ("undo", "redo"):
            groups[group] = [record]
            order.append(group)
        return stale
    if kind == "undone":
        order.remove(record["target"])
        return True
    if kind == "redone":
        order.append(record["target"])
        if not stale:
            for event in groups[record["target"]]:
                apply(state, event)
        return stale
    if kind == "outcome_overridden":
        order.remove(record["target"])
        stale = True
    groups[group].append(record)
    if not stale:
        apply(state, record)
    return stale


def session_in(compiled: CompiledScenario, seed: int, state: ExerciseState) -> Session:
    """A session standing in `state` (no history), for questions such as option availability.

    Close it when done, like any session.
    """
    session = Session(compiled, seed)
    session.state = state
    session.lifecycle.jump(state.phase)
    session.lifecycle.paused_from = state.paused_from
    return session
