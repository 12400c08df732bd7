"""What the console drives: an exercise that journals every command before it returns."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from engine.play.commands import Command
from engine.play.events import Event
from engine.play.session import Session


class Exercise(Protocol):
    """A `JournaledSession`, as far as the console needs it."""

    @property
    def session(self) -> Session:
        """The live session (re-read every time: undo rebuilds its state)."""
        ...

    def execute(self, command: Command) -> list[Event]:
        """Carry out a command; its events are on disk when this returns."""
        ...


def journal_path(exercise: object) -> Path | None:
    """The journal file an exercise writes (a `JournaledSession`, or the room's desk around
    one); None when it is not journaled."""
    path = getattr(exercise, "journal_path", None)
    return path if isinstance(path, Path) else None
