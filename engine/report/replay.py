"""The exercise's state at chosen points of a journal, in one pass.

`Session.replay` rebuilds the whole state at every undo and override, which is right for a
live session but makes replaying a long journal with many undos quadratic; and the report
wants the state at a dozen points, not one. This pass follows the same history
(`engine.play.history.History`) but rebuilds lazily: only when a state is asked for after an
undo.

Raises `JournalError` for records that do not fit the scenario, like `replay_session`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from engine.errors import JournalError
from engine.play.compiled import CompiledScenario
from engine.play.events import Event
from engine.play.fold import apply
from engine.play.history import Fold, History
from engine.play.phase import Phase
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
    history = History()
    stale = False
    position = 0
    try:
        for end in wanted:
            for record in records[position:end]:
                fold = history.ingest(record)
                if stale or fold is Fold.NOTHING:
                    continue
                if fold is Fold.EVENT:
                    apply(state, record)
                elif fold is Fold.REDONE:
                    assert record["type"] == "redone"
                    for event in history.groups[record["target"]]:
                        apply(state, event)
                else:  # an undo or an override: rebuild, but only when a state is asked for
                    stale = True
            position = max(position, end)
            if stale:
                state = _initial(compiled)
                for event in history.in_effect():
                    apply(state, event)
                stale = False
            found[end] = state.copy()
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise JournalError(
            f"{path}: a record does not fit the scenario ({error!r}); "
            "the journal cannot be replayed"
        ) from None
    return found


def session_in(compiled: CompiledScenario, seed: int, state: ExerciseState) -> Session:
    """A session standing in `state` (no history), for questions such as option availability."""
    return Session(compiled, seed, state=state)
