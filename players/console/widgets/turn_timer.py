"""The turn timer: wall-clock time spent in this turn, warning past a limit (display only)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from engine.play.session import Session

Clock = Callable[[], float]


def time_in_turn(session: Session, now: datetime) -> float:
    """Seconds since the current turn started, by the journal's wall clock.

    A resumed session's events carry the wall time they were journaled at; a turn started in
    this process has none, and has just started (0). A clock that went back, or a wall time
    that cannot be read (a hand-edited journal), gives 0 too: the timer only informs.
    """
    for event in reversed(session.events):
        if event["type"] == "turn_started":
            try:
                started = datetime.fromisoformat(event["wall"])
                return max(0.0, (now - started).total_seconds())
            except (KeyError, TypeError, ValueError):  # none, or not a time we can compare
                return 0.0
    return 0.0


def format_elapsed(seconds: float) -> str:
    """Seconds as `mm:ss` (or `h:mm:ss` past an hour)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class TurnTimer(Static):
    """Elapsed wall-clock time in the current turn; turns red after `limit` seconds.

    It never touches the exercise: the facilitator decides when to move on.
    """

    DEFAULT_CSS = """
    TurnTimer { width: auto; height: 1; }
    TurnTimer.-over { color: $error; text-style: bold reverse; }
    """

    started: reactive[float] = reactive(0.0)

    def __init__(self, clock: Clock, limit: float, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock
        self._limit = limit
        self.started = clock()

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self._tick()

    def restart(self, elapsed: float = 0.0) -> None:
        """Count from a turn that started `elapsed` seconds ago (a new turn: from now)."""
        self.started = self._clock() - elapsed

    def watch_started(self) -> None:
        self._tick()

    def _tick(self) -> None:
        elapsed = self._clock() - self.started
        over = elapsed >= self._limit
        self.set_class(over, "-over")
        limit = format_elapsed(self._limit)
        self.update(Text(f"⏱ {format_elapsed(elapsed)} / {limit}"))
