"""The turn timer: wall-clock time spent in this turn, warning past a limit (display only)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.reactive import reactive

from engine.play.events import Event
from engine.play.lifecycle import Phase
from engine.play.session import Session
from players.console.widgets.redrawn import Redrawn

Clock = Callable[[], float]


def time_in_turn(session: Session, now: datetime) -> float:
    """Seconds the current turn has been running, by the journal's wall clock.

    Time spent paused does not count, and the count stops at the exercise's end. A resumed
    session's events carry the wall time they were journaled at; a turn started in this
    process has none, and has just started (0). A clock that went back, or a wall time that
    cannot be read (a hand-edited journal), gives 0 too: the timer only informs.
    """
    events = session.events
    start = next(
        (i for i in range(len(events) - 1, -1, -1) if events[i]["type"] == "turn_started"), None
    )
    if start is None:
        return 0.0
    try:
        started = _wall(events[start])
        paused = 0.0
        pause_began: datetime | None = None
        stopped = now
        for event in events[start + 1 :]:
            if event["type"] != "phase_changed":
                continue
            at = _wall(event)
            if pause_began is not None:
                paused += (at - pause_began).total_seconds()
                pause_began = None
            if event["phase"] == Phase.PAUSED.value:
                pause_began = at
            elif event["phase"] in (Phase.HOTWASH.value, Phase.ENDED.value):
                stopped = at
                break
        if pause_began is not None:
            paused += (stopped - pause_began).total_seconds()
        return max(0.0, (stopped - started).total_seconds() - paused)
    except (KeyError, TypeError, ValueError):  # none, or not a time we can compare
        return 0.0


def _wall(event: Event) -> datetime:
    return datetime.fromisoformat(event["wall"])


def format_elapsed(seconds: float) -> str:
    """Seconds as `mm:ss` (or `h:mm:ss` past an hour)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class TurnTimer(Redrawn):
    """Wall-clock time the current turn has been running; turns red after `limit` seconds.

    It stands still while the exercise is paused and after its end (`hold`). It never touches
    the exercise: the facilitator decides when to move on.
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
        self._held_at: float | None = None
        """When the timer was stopped (None while it runs)."""
        self.started = clock()

    def on_mount(self) -> None:
        """Tick every second, starting now."""
        self.set_interval(1.0, self._tick)
        self._tick()

    def restart(self, elapsed: float = 0.0) -> None:
        """Count from a turn that has run `elapsed` seconds (a new turn: from now)."""
        now = self._clock()
        self.started = now - elapsed
        if self._held_at is not None:
            self._held_at = now

    def hold(self, held: bool) -> None:
        """Stop the timer (paused, or the exercise is over) or let it run on."""
        now = self._clock()
        if held and self._held_at is None:
            self._held_at = now
        elif not held and self._held_at is not None:
            self.started += now - self._held_at  # the time it stood still does not count
            self._held_at = None
        self._tick()

    def elapsed(self) -> float:
        """Seconds counted so far."""
        until = self._held_at if self._held_at is not None else self._clock()
        return until - self.started

    def watch_started(self) -> None:
        """Redraw when the turn's start moves."""
        self._tick()

    def _tick(self) -> None:
        elapsed = self.elapsed()
        over = elapsed >= self._limit
        self.set_class(over, "-over")
        limit = format_elapsed(self._limit)
        self.draw(Text(f"⏱ {format_elapsed(elapsed)} / {limit}"))
