"""The turn timer: wall-clock time spent in this turn, warning past a limit (display only)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

Clock = Callable[[], float]


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

    def restart(self) -> None:
        """A new turn: count from now."""
        self.started = self._clock()

    def watch_started(self) -> None:
        self._tick()

    def _tick(self) -> None:
        elapsed = self._clock() - self.started
        over = elapsed >= self._limit
        self.set_class(over, "-over")
        limit = format_elapsed(self._limit)
        self.update(Text(f"⏱ {format_elapsed(elapsed)} / {limit}"))
