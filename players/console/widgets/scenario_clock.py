"""The running clock: real time turned into scenario time, and the next inject's countdown.

This is where the wall clock meets the exercise, and the only place: `RunningClock` reads an
injected clock (monotonic seconds; tests pass a fake one and never sleep) and says, at each
tick, whether scenario time has reached the next moment something falls due. The console then
runs `AdvanceClock` to it through the journal, so every release is journaled at its own
scenario time. Between ticks nothing is written; the exercise's state says whether the clock
runs (`clock_started` / `clock_stopped`), and this object follows it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from rich.text import Text
from textual.message import Message

from engine.format.scenario_time import format_duration
from engine.play.clock import next_stop, next_timed_inject
from engine.play.session import Session
from players.console.widgets.redrawn import Redrawn
from players.console.widgets.turn_timer import format_elapsed

Clock = Callable[[], float]


class RunningClock:
    """Scenario time while the clock runs: where it stands and when it reaches the next stop."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._rate: float | None = None
        self._base_real = 0.0
        """The real second at which scenario time stood at `_base_minute`."""
        self._base_minute = 0

    @property
    def running(self) -> bool:
        """Whether the clock runs (as the exercise's state last said)."""
        return self._rate is not None

    def follow(self, session: Session) -> None:
        """Take the exercise's word on whether the clock runs and where it stands."""
        state = session.state
        rate, minute = state.clock_rate, state.clock
        if rate is None or self._rate != rate:
            self._base_real = self._clock()
        elif minute > self._base_minute and self.position() >= minute:
            # the clock moved to a stop this object announced: keep the minutes' fractions
            self._base_real += (minute - self._base_minute) * 60 / rate
        elif minute != self._base_minute:  # moved by hand, undone, or a new turn began
            self._base_real = self._clock()
        self._rate = rate
        self._base_minute = minute

    def position(self) -> float:
        """Scenario minutes now (the last journaled minute while stopped)."""
        if self._rate is None:
            return float(self._base_minute)
        return self._base_minute + (self._clock() - self._base_real) * self._rate / 60

    def due(self, session: Session) -> int | None:
        """Minutes to move the clock now: to the next stop (or the turn's end) once reached."""
        if self._rate is None:
            return None
        state = session.state
        end = session.compiled.turn_end(state.turn)
        stop = next_stop(session.compiled, state, end)
        target = end if stop is None else stop
        if target > state.clock and self.position() >= target:
            return target - state.clock
        return None

    def unjournaled(self, session: Session) -> int:
        """Whole minutes run since the last journaled one (to write before the clock stops)."""
        if self._rate is None:
            return 0
        end = session.compiled.turn_end(session.state.turn)
        return max(0, min(math.floor(self.position()), end) - session.state.clock)

    def seconds_until(self, minute: int) -> float | None:
        """Real seconds until scenario time reaches `minute` (None while stopped)."""
        if self._rate is None:
            return None
        return max(0.0, (minute - self.position()) * 60 / self._rate)


class ClockPanel(Redrawn):
    """Whether the clock runs, at what rate, and the next timed inject with a countdown."""

    DEFAULT_CSS = """
    ClockPanel { height: auto; }
    ClockPanel.-running { color: $success; }
    """

    class Reached(Message):
        """The running clock reached a stop: move the exercise's clock `minutes` on."""

        def __init__(self, minutes: int) -> None:
            super().__init__()
            self.minutes = minutes

    def __init__(
        self, clock: Clock, rate: float | None, *, interval: float = 0.25, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.running_clock = RunningClock(clock)
        self._rate = rate
        self._interval = interval
        self._session: Session | None = None
        self._asked: tuple[int, int] | None = None
        """The (clock, minutes) last announced, so a slow redraw never announces twice."""

    def on_mount(self) -> None:
        """Tick at the panel's interval."""
        self.set_interval(self._interval, self.tick)

    def show(self, session: Session) -> None:
        """Follow the exercise's clock and redraw."""
        self._session = session
        self.running_clock.follow(session)
        self._draw()

    def tick(self) -> None:
        """Once in a while: announce a reached stop, and redraw the countdown."""
        session = self._session
        if session is None or not self.running_clock.running:
            return
        minutes = self.running_clock.due(session)
        if minutes is not None and self._asked != (session.state.clock, minutes):
            self._asked = (session.state.clock, minutes)
            self.post_message(self.Reached(minutes))
        self._draw()

    def _draw(self) -> None:
        session = self._session
        if session is None:
            return
        running = self.running_clock
        compiled = session.compiled
        self.set_class(running.running, "-running")
        rate = session.state.clock_rate
        if rate is not None:
            now = compiled.time_label(math.floor(running.position()))
            line = Text.assemble(("▶ ", "bold"), f"{now} · running ×{rate:g}")
        elif self._rate is not None:
            line = Text.assemble(("■ ", "bold"), f"clock stopped · s runs it ×{self._rate:g}")
        else:
            line = Text("clock by hand: + moves it 30m", style="dim")
        upcoming = next_timed_inject(compiled, session.state)
        if upcoming is not None:
            inject, at = upcoming
            title = compiled.injects[inject].source.title
            left = max(0, at - math.floor(running.position()))
            countdown = f"in {format_duration(left)}"
            real = running.seconds_until(at)
            if real is not None:
                countdown += f" (real {format_elapsed(real)})"
            line.append(f"\nNext: {title} at {compiled.time_label(at)}, {countdown}")
        self.draw(line)
