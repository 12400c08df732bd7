"""The desk: the one journaled exercise the console and the room's pages both act on.

Whoever changes the exercise (a key in the console, a post from a seat) goes through
`Desk.execute`, which journals the command (fsync) and then tells every listener: the
console redraws, the hub tells the seats.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine.play.commands import Command
from engine.play.events import Event
from engine.play.session import Session
from players.console.exercise import Exercise, journal_path

Listener = Callable[[Command, list[Event], str], None]
"""Told of each change: the command, its events, and who asked (`console` or a seat)."""


class ExerciseDesk:
    """A journaled exercise with listeners told after every change."""

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.listeners: list[Listener] = []

    @property
    def session(self) -> Session:
        """The live session."""
        return self.exercise.session

    @property
    def journal_path(self) -> Path | None:
        """The exercise's journal file (None when it is not journaled), for the ending's
        `wargame report` command."""
        return journal_path(self.exercise)

    def execute(self, command: Command, origin: str = "console") -> list[Event]:
        """Journal a command, then tell every listener who asked (`console` or a seat).

        Raises:
            CommandRefused: the command is not possible now (nothing was written).
            JournalError: the journal could not be written.
        """
        events = self.exercise.execute(command)
        for listener in self.listeners:
            listener(command, events, origin)
        return events
