"""The facilitator console: a Textual app around one journaled exercise.

Every action goes through `Exercise.execute`, which writes the journal (with fsync) before
it returns; only then does the screen redraw, from `exercise.session.state`. So the screen
never shows what the journal does not hold.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from engine.errors import CommandRefused, JournalError
from engine.journal.journaled_session import WallClock, utc_now
from engine.play.commands import Command, PresentInject
from engine.play.lifecycle import Phase
from players.console.exercise import Exercise, journal_path
from players.console.keys import APP_KEYS, MAIN_KEYS
from players.console.presenting import presented, waiting
from players.console.screens.briefing import BriefingScreen
from players.console.screens.confirm import ConfirmScreen
from players.console.screens.help import HelpScreen
from players.console.screens.main import MainScreen
from players.console.screens.seats import RoomLinks
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
        rate: float | None = None,
        notices: Sequence[Notice] = (),
        error_log: Path | None = None,
        room: RoomLinks | None = None,
        decision_support: bool = True,
    ) -> None:
        super().__init__()
        self.exercise = exercise
        self.clock = clock
        self.wall = wall
        """The wall clock: a resumed turn's timer counts from the turn's journaled start."""
        self.turn_limit = turn_limit_minutes * 60
        self.rate = rate
        """The running clock's rate in scenario minutes per real minute (None: manual)."""
        self._notices = list(notices)
        self.error_log = error_log
        """Where an internal error's traceback is appended (None: shown, not kept)."""
        self.room = room
        """The room's seats when the console serves them (`--serve`), else None."""
        self.decision_support = decision_support
        """Show each open decision's odds (computed in a worker process)."""

    @property
    def classification(self) -> str:
        """The scenario's classification banner text."""
        return self.exercise.session.compiled.scenario.classification

    @property
    def journal_path(self) -> Path | None:
        """The exercise's journal file (None when it is not journaled)."""
        return journal_path(self.exercise)

    def on_mount(self) -> None:
        """Open the briefing (before the exercise begins) or the main screen; show held notices."""
        self.title = self.exercise.session.compiled.scenario.title
        if self.exercise.session.state.phase in (Phase.SETUP, Phase.BRIEFING):
            self.push_screen(BriefingScreen())
        else:
            self.push_screen(MainScreen())
        for message, severity in self._notices:
            self.notify(message, severity=severity, timeout=10, markup=False)

    def execute(self, command: Command) -> bool:
        """Run a command through the journal, then redraw; False when it did not happen.

        When it delivered injects and the room had seen everything before, the first of them
        is presented at once (journaled too, so the players' view follows).
        """
        queued_before = waiting(self.exercise.session)
        try:
            self.exercise.execute(command)
            if not isinstance(command, PresentInject):
                self._present_arrivals(queued_before)
        except CommandRefused as refused:
            self.notify(str(refused), title="Not done", severity="warning", markup=False)
            return False
        except JournalError as error:
            self.notify(
                f"{error}\nThe console now shows exactly what the journal holds.",
                title="Journal could not be written",
                severity="error",
                timeout=30,
                markup=False,
            )
            self.refresh_views()
            return False
        except Exception as error:  # a bug of ours: the exercise goes on, the evidence is kept
            kept = self._keep_traceback(command, error)
            self.notify(
                f"{type(error).__name__}: {error}\nNothing was recorded and the exercise goes on."
                + (f" Details: {kept}" if kept else ""),
                title="Internal error",
                severity="error",
                timeout=30,
                markup=False,
            )
            self.refresh_views()
            return False
        self.refresh_views()
        return True

    def _present_arrivals(self, queued_before: list[str]) -> None:
        session = self.exercise.session
        queue = waiting(session)
        if queue and (not queued_before or presented(session) is None):
            self.exercise.execute(PresentInject(queue[0]))

    def _keep_traceback(self, command: Command, error: Exception) -> Path | None:
        """Append the error's traceback to the error log; its path, or None if not kept."""
        if self.error_log is None:
            return None
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        trace = "".join(traceback.format_exception(error))
        try:
            with self.error_log.open("a", encoding="utf-8") as log:
                log.write(f"{stamp} while running {command.to_dict()}:\n{trace}\n")
        except OSError:
            return None
        return self.error_log

    def refresh_views(self) -> None:
        """Redraw every screen that shows the exercise, from the session's state."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.show_state()

    def action_show_help(self) -> None:
        """Open the help screen listing every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.exercise.session.compiled.scenario.glossary))

    def action_quit_console(self) -> None:
        """Leave after a confirmation (everything done is already journaled)."""

        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self.exit()

        self.push_screen(
            ConfirmScreen("Quit the console? Everything done so far is in the journal."), leave
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: Textual's commands, the main screen's keys, and help."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for binding in MAIN_KEYS:
                callback = getattr(screen, f"action_{binding.action}")
                yield SystemCommand(binding.description, binding.tooltip, callback)
        yield SystemCommand("Help", "List every key", self.action_show_help)
