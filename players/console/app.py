"""The facilitator console: a Textual app around one journaled exercise.

Every action goes through `Exercise.execute`, which writes the journal (with fsync) before
it returns; only then does the screen redraw, from `exercise.session.state`. So the screen
never shows what the journal does not hold.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from engine.commands import Command
from engine.errors import CommandRefused, JournalError
from engine.journaled import WallClock, utc_now
from engine.lifecycle import Phase
from players.console.exercise import Exercise
from players.console.keys import APP_KEYS, MAIN_KEYS
from players.console.screens.briefing import BriefingScreen
from players.console.screens.confirm import ConfirmScreen
from players.console.screens.help import HelpScreen
from players.console.screens.main import MainScreen
from players.console.widgets.turn_timer import Clock

Notice = tuple[str, SeverityLevel]


class ConsoleApp(App[None]):
    """The facilitator's console on one exercise."""

    CSS_PATH = "console.tcss"
    TITLE = "wargame"
    BINDINGS: ClassVar[list[BindingType]] = list(APP_KEYS)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (App declares it an instance variable)

    def __init__(
        self,
        exercise: Exercise,
        *,
        clock: Clock = time.monotonic,
        wall: WallClock = utc_now,
        turn_limit_minutes: float = 20.0,
        notices: Sequence[Notice] = (),
    ) -> None:
        super().__init__()
        self.exercise = exercise
        self.clock = clock
        self.wall = wall
        """The wall clock: a resumed turn's timer counts from the turn's journaled start."""
        self.turn_limit = turn_limit_minutes * 60
        self._notices = list(notices)

    @property
    def classification(self) -> str:
        """The scenario's classification banner text."""
        return self.exercise.session.compiled.scenario.classification

    def on_mount(self) -> None:
        self.title = self.exercise.session.compiled.scenario.title
        if self.exercise.session.state.phase in (Phase.SETUP, Phase.BRIEFING):
            self.push_screen(BriefingScreen())
        else:
            self.push_screen(MainScreen())
        for message, severity in self._notices:
            self.notify(message, severity=severity, timeout=10)

    def execute(self, command: Command) -> bool:
        """Run a command through the journal, then redraw; False when it did not happen."""
        try:
            self.exercise.execute(command)
        except CommandRefused as refused:
            self.notify(str(refused), title="Not done", severity="warning")
            return False
        except JournalError as error:
            self.notify(
                f"{error}\nThe console now shows exactly what the journal holds.",
                title="Journal could not be written",
                severity="error",
                timeout=30,
            )
            self.refresh_views()
            return False
        self.refresh_views()
        return True

    def refresh_views(self) -> None:
        """Redraw every screen that shows the exercise, from the session's state."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.show_state()

    def action_show_help(self) -> None:
        """Open the help screen listing every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_quit_console(self) -> None:
        """Leave after a confirmation (everything done is already journaled)."""

        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self.exit()

        self.push_screen(
            ConfirmScreen("Quit the console? Everything done so far is in the journal."), leave
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for binding in MAIN_KEYS:
                callback = getattr(screen, f"action_{binding.action}")
                yield SystemCommand(binding.description, binding.tooltip, callback)
        yield SystemCommand("Help", "List every key", self.action_show_help)
