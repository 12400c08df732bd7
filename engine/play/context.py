"""What a command's rules may see and do: the narrow face of a session they work through.

`engine.play.handlers` and `engine.play.rules` are written against this protocol, never against
`Session` itself: they read the state, the compiled scenario and the history, and change
anything only by emitting events (a lifecycle move through `move`, which emits its own).
`Session` is the one implementation; keeping the rules on a protocol is also what keeps
`session → handlers → rules` free of an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from engine.play.commands import Command
from engine.play.compiled import CompiledScenario
from engine.play.events import Event, Fields
from engine.play.history import History
from engine.play.phase import Phase
from engine.play.state import ExerciseState

Roller = Callable[[str, str, int], int]
"""Given a decision id, a cell id and the seed, the d100 roll (1..100)."""


class Context(Protocol):
    """A session as a command's rules see it."""

    compiled: CompiledScenario
    seed: int
    roller: Roller
    state: ExerciseState
    history: History

    @property
    def group(self) -> int:
        """The number of the group being emitted (the command being carried out)."""
        ...

    @property
    def finished(self) -> bool:
        """Whether the exercise has reached the hotwash or ended."""
        ...

    def command_of(self, group: int) -> Command:
        """The command that produced a group of events."""
        ...

    def move(self, trigger: str, *args: object) -> Phase:
        """Make a lifecycle move (`engine.play.lifecycle.fire`): how the rules end the exercise.

        Raises:
            CommandRefused: the move is not legal now.
        """
        ...

    def emit(self, fields: Fields) -> Event:
        """Stamp an event, fold it into the state at once, and add it to the group."""
        ...
