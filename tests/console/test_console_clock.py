"""The console's running clock, driven by keys and a fake clock (nothing here sleeps).

The scenario is tests/fixtures/engine/timed.yaml: turn 1 runs 08:00-18:00 on 2018-01-27, the
alarm is due at 09:30 and a call 45 minutes after it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from console_support import drive, fixed_wall
from notices import messages
from textual.pilot import Pilot

from engine.format.loader import load_scenario
from engine.journal.journaled_session import JournaledSession
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.events import Event
from engine.play.lifecycle import Phase
from engine.play.state import InjectStatus
from players.console.app import ConsoleApp
from players.console.launch import open_resumed
from players.console.widgets.scenario_clock import ClockPanel
from players.console.widgets.turn_timer import TurnTimer

TIMED = Path(__file__).resolve().parent.parent / "fixtures" / "engine" / "timed.yaml"
RATE = 60.0
"""An hour of scenario time per real minute: a scenario minute per real second."""


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def timed() -> CompiledScenario:
    loaded = load_scenario(TIMED)
    return compile_scenario(loaded.scenario, loaded.content_hash)


@pytest.fixture
def begun(timed: CompiledScenario, tmp_path: Path) -> JournaledSession:
    exercise = JournaledSession.create(timed, 1, tmp_path / "timed.jsonl", wall=fixed_wall)
    exercise.execute(c.Begin())
    return exercise


def records(exercise: JournaledSession) -> list[Event]:
    return read_journal(exercise.journal.path).records


def delivered(exercise: JournaledSession) -> list[tuple[str, int]]:
    return [(r["inject"], r["clock"]) for r in records(exercise) if r["type"] == "inject_delivered"]


def app_on(exercise: JournaledSession, clock: FakeClock, rate: float | None = RATE) -> ConsoleApp:
    return ConsoleApp(exercise, clock=clock, wall=fixed_wall, rate=rate)


async def run_for(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    """Let real time pass on the fake clock, one tick a second, as the panel's timer would."""
    panel = pilot.app.screen.query_one(ClockPanel)
    for _ in range(int(seconds)):
        clock.now += 1
        panel.tick()
        await pilot.pause()


def test_the_running_clock_releases_each_inject_at_its_own_scenario_time(
    begun: JournaledSession,
) -> None:
    clock = FakeClock()
    app = app_on(begun, clock)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await pilot.pause()
        await run_for(pilot, clock, 89)  # 08:00 → 09:29
        assert [name for name, _ in delivered(begun)] == ["briefing"]
        await run_for(pilot, clock, 1)
        await run_for(pilot, clock, 45)

    drive(app, steps)
    assert delivered(begun) == [("briefing", 480), ("alarm", 570), ("call", 615)]
    types = [r["type"] for r in records(begun)]
    assert "clock_started" in types
    assert begun.session.state.clock_rate == RATE
    begun.close()


def test_s_stops_the_clock_where_it_stands_and_starts_it_again(begun: JournaledSession) -> None:
    clock = FakeClock()
    app = app_on(begun, clock)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await run_for(pilot, clock, 20)
        await pilot.press("s")
        await pilot.pause()
        assert begun.session.state.clock == 500  # 08:20, journaled when it stopped
        assert begun.session.state.clock_rate is None
        clock.now += 3600  # an hour of real time with the clock stopped moves nothing
        app.screen.query_one(ClockPanel).tick()
        await pilot.pause()
        assert begun.session.state.clock == 500
        await pilot.press("s")
        await run_for(pilot, clock, 70)  # 08:20 → 09:30
        assert [name for name, _ in delivered(begun)] == ["briefing", "alarm"]

    drive(app, steps)
    begun.close()


def test_pausing_stops_the_clock_and_the_turn_timer(begun: JournaledSession) -> None:
    clock = FakeClock()
    app = app_on(begun, clock)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await run_for(pilot, clock, 10)
        await pilot.press("p")
        await pilot.pause()
        timer = app.screen.query_one(TurnTimer)
        assert begun.session.state.phase is Phase.PAUSED
        assert begun.session.state.clock_rate is None
        assert begun.session.state.clock == 490
        held = timer.elapsed()
        clock.now += 600
        await pilot.pause()
        assert timer.elapsed() == held
        await pilot.press("p")
        await pilot.pause()
        clock.now += 5
        assert timer.elapsed() == held + 5

    drive(app, steps)
    begun.close()


def test_the_clock_stops_at_the_turns_end_and_nothing_of_the_next_turn_comes_out(
    begun: JournaledSession,
) -> None:
    clock = FakeClock()
    app = app_on(begun, clock, rate=1440)  # a day per real minute

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        for _ in range(60):
            await run_for(pilot, clock, 1)
            if begun.session.state.status_of("noon_check") is InjectStatus.AWAITING:
                await pilot.press("d")  # one key confirms the inject that waits
        await pilot.pause()

    drive(app, steps)
    state = begun.session.state
    assert state.clock == 18 * 60
    assert state.clock_rate is None
    stopped = records(begun)[-1]
    assert stopped["type"] == "clock_stopped" and stopped["reason"] == "turn end"
    assert [name for name, _ in delivered(begun)] == [
        "briefing",
        "alarm",
        "call",
        "press",
        "noon_check",
        "leak",
    ]
    begun.close()


def test_a_killed_console_resumes_with_the_clock_stopped_and_nothing_released_twice(
    begun: JournaledSession,
) -> None:
    clock = FakeClock()
    app = app_on(begun, clock)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await run_for(pilot, clock, 100)  # the alarm is out; the kill comes at 09:40

    drive(app, steps)
    path = begun.journal.path
    begun.close()  # what a kill leaves: the journal, with the clock still running in it
    opened = open_resumed(path, wall=fixed_wall)
    resumed = opened.exercise
    assert resumed.session.state.clock_rate is None
    assert resumed.session.state.clock == 570
    assert any("it stands at 2018-01-27 09:30" in message for message, _ in opened.notices)
    clock2 = FakeClock()
    app2 = app_on(resumed, clock2)

    async def more(pilot: Pilot[None]) -> None:
        await run_for(pilot, clock2, 30)  # stopped: nothing bursts out
        assert [name for name, _ in delivered(resumed)] == ["briefing", "alarm"]
        await pilot.press("s")
        await run_for(pilot, clock2, 45)

    drive(app2, more)
    assert delivered(resumed) == [("briefing", 480), ("alarm", 570), ("call", 615)]
    resumed.close()


def test_the_panel_shows_the_next_inject_with_a_countdown_in_scenario_and_real_time(
    begun: JournaledSession,
) -> None:
    clock = FakeClock()
    app = app_on(begun, clock)

    async def steps(pilot: Pilot[None]) -> None:
        panel = app.screen.query_one(ClockPanel)
        assert str(panel.render()) == (
            "■ clock stopped · s runs it ×60\nNext: The alarm at 2018-01-27 09:30, in 1h30m"
        )
        await pilot.press("s")
        await run_for(pilot, clock, 30)
        assert str(panel.render()) == (
            "▶ 2018-01-27 08:30 · running ×60\n"
            "Next: The alarm at 2018-01-27 09:30, in 1h (real 01:00)"
        )

    drive(app, steps)
    begun.close()


def test_without_a_rate_the_clock_key_says_how_to_get_one(begun: JournaledSession) -> None:
    app = app_on(begun, FakeClock(), rate=None)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await pilot.pause()

    drive(app, steps)
    assert begun.session.state.clock_rate is None
    assert messages(app)[-1].startswith("The clock moves by hand (+)")
    begun.close()


def test_a_rate_outside_what_a_clock_can_run_at_is_refused_cleanly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from players.cli import main

    assert main(["run", str(TIMED), "--rate", "0"]) == 1
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith("--rate takes scenario minutes per real minute, above 0 and at most 1440 (got 0)")
    )


def test_the_time_in_a_turn_leaves_out_the_pauses_and_stops_at_the_end() -> None:
    from datetime import UTC, datetime

    from players.console.widgets.turn_timer import time_in_turn

    def at(minute: int) -> str:
        return datetime(2026, 11, 23, 10, minute, tzinfo=UTC).isoformat()

    class Events:
        def __init__(self, *events: dict[str, object]) -> None:
            self.events = list(events)

    turn = {"type": "turn_started", "wall": at(0)}
    paused = {"type": "phase_changed", "phase": "paused", "wall": at(5)}
    resumed = {"type": "phase_changed", "phase": "deliberation", "wall": at(15)}
    ended = {"type": "phase_changed", "phase": "hotwash", "wall": at(20)}
    now = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
    assert time_in_turn(Events(turn, paused), now) == 5 * 60  # type: ignore[arg-type]
    assert time_in_turn(Events(turn, paused, resumed), now) == 20 * 60  # type: ignore[arg-type]
    assert time_in_turn(Events(turn, paused, resumed, ended), now) == 10 * 60  # type: ignore[arg-type]


def test_the_clock_keeps_releasing_while_a_dialog_is_open_and_keys_still_work(
    begun: JournaledSession,
) -> None:
    from players.console.screens.main import MainScreen

    clock = FakeClock()
    app = app_on(begun, clock)

    async def steps(pilot: Pilot[None]) -> None:
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("s", "m")  # the clock runs; the note dialog opens over it
        await pilot.pause()
        assert not isinstance(app.screen, MainScreen)
        panel = main.query_one(ClockPanel)
        for _ in range(90):
            clock.now += 1
            panel.tick()
            await pilot.pause()
        assert [name for name, _ in delivered(begun)] == ["briefing", "alarm"]
        await pilot.press("escape", "plus")  # a key between two ticks is handled at once
        await pilot.pause()
        assert begun.session.state.clock == 570 + 30

    drive(app, steps)
    begun.close()
