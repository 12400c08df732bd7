"""Scenario time that moves: the one rule of time, the running clock, bots and explore.

The fixture (tests/fixtures/engine/timed.yaml) schedules a day of injects in turn 1
(08:00-18:00) and two more in turn 2 (18:00-22:00).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fixtures.engine import HERE
from fixtures.engine import compiled as load_fixture

from engine.errors import CommandRefused
from engine.explore.search import explore
from engine.format.scenario_time import parse_clock
from engine.play import commands as c
from engine.play.clock import next_scheduled
from engine.play.compiled import CompiledScenario
from engine.play.events import Event
from engine.play.lifecycle import Phase
from engine.play.session import Session
from engine.play.state import InjectStatus
from players.autoplay import play
from players.policies import RandomPolicy

TIMED = HERE / "timed.yaml"
SCHEDULE = [
    ("briefing", 1, "D+0 08:00"),
    ("alarm", 1, "D+0 09:30"),
    ("call", 1, "D+0 10:15"),
    ("press", 1, "D+0 11:00"),
    ("noon_check", 1, "D+0 12:00"),
    ("leak", 1, "D+0 12:15"),
    ("evening", 2, "D+0 19:00"),
    ("late", 2, "D+0 20:30"),
]
"""Each inject, the turn it belongs to and its scenario time, in time order."""


@pytest.fixture(scope="module")
def timed() -> CompiledScenario:
    return load_fixture(TIMED)


def deliveries(events: list[Event]) -> list[tuple[str, int, str]]:
    return [
        (event["inject"], event["turn"], clock_text(event["clock"]))
        for event in events
        if event["type"] == "inject_delivered"
    ]


def clock_text(minutes: int) -> str:
    day, rest = divmod(minutes, 24 * 60)
    return f"D+{day} {rest // 60:02d}:{rest % 60:02d}"


def begun(timed: CompiledScenario) -> Session:
    session = Session.start(timed, 1)
    session.execute(c.Begin())
    return session


def test_bots_deliver_a_turns_timed_injects_in_the_turn_and_at_the_times_of_the_schedule(
    timed: CompiledScenario,
) -> None:
    session = Session.start(timed, 1)
    play(session, {"blue": RandomPolicy(1)})
    assert deliveries(session.events) == SCHEDULE


def test_the_console_moving_the_clock_by_hand_delivers_the_same_injects_at_the_same_times(
    timed: CompiledScenario,
) -> None:
    session = begun(timed)
    session.execute(c.AdvanceClock(4 * 60))  # 08:00 → 12:00 in one press, past four stops
    session.execute(c.ReleaseInject("noon_check"))
    session.execute(c.AdvanceClock(6 * 60))  # to the turn's end
    for _ in range(4):
        session.execute(c.NextPhase())
    session.execute(c.NextPhase())  # turn 2
    session.execute(c.AdvanceClock(4 * 60))
    assert deliveries(session.events) == SCHEDULE


def test_a_deadline_expires_at_its_own_time_when_the_clock_passes_it(
    timed: CompiledScenario,
) -> None:
    session = begun(timed)
    events = session.execute(c.AdvanceClock(5 * 60))
    defaulted = next(e for e in events if e["type"] == "choice_recorded")
    assert defaulted["defaulted"] is True
    assert clock_text(defaulted["clock"]) == "D+0 12:00"
    assert session.state.values["calm"] == 40


def test_an_inject_marked_confirm_waits_for_the_facilitator_when_it_falls_due(
    timed: CompiledScenario,
) -> None:
    session = begun(timed)
    session.execute(c.AdvanceClock(4 * 60 + 30))
    assert session.state.status_of("noon_check") is InjectStatus.AWAITING
    assert "noon_check" not in session.state.delivered
    events = session.execute(c.ReleaseInject("noon_check"))
    assert deliveries(events) == [("noon_check", 1, "D+0 12:30")]


def test_the_next_stop_is_the_earliest_due_moment_before_the_turns_end(
    timed: CompiledScenario,
) -> None:
    session = begun(timed)
    stops = []
    while (stop := next_scheduled(timed, session.state)) is not None:
        stops.append(clock_text(stop))
        session.execute(c.AdvanceClock(stop - session.state.clock))
        if session.state.status_of("noon_check") is InjectStatus.AWAITING:
            session.execute(c.ReleaseInject("noon_check"))
    assert stops == ["D+0 09:30", "D+0 10:15", "D+0 11:00", "D+0 12:00", "D+0 12:15"]


# ------------------------------------------------------------------ the running clock
def test_the_running_clock_is_journaled_started_and_stopped(timed: CompiledScenario) -> None:
    session = begun(timed)
    started = session.execute(c.StartClock(10))
    assert [e["type"] for e in started] == ["command", "clock_started"]
    clock_started = started[1]
    assert clock_started["type"] == "clock_started" and clock_started["rate"] == 10
    assert session.state.clock_rate == 10
    stopped = session.execute(c.StopClock())
    assert stopped[1]["type"] == "clock_stopped"
    assert stopped[1]["reason"] == "facilitator"
    assert session.state.clock_rate is None


def test_the_running_clock_stops_at_the_turns_end_and_releases_nothing_of_the_next_turn(
    timed: CompiledScenario,
) -> None:
    session = begun(timed)
    session.execute(c.StartClock(60))
    session.execute(c.AdvanceClock(24 * 60))
    assert clock_text(session.state.clock) == "D+0 18:00"
    assert session.state.clock_rate is None
    assert "evening" not in session.state.delivered
    assert session.events[-1]["type"] == "clock_stopped"
    assert session.events[-1]["reason"] == "turn end"
    with pytest.raises(CommandRefused, match=r"turn 1's time ran out at 2018-01-27 18:00"):
        session.execute(c.StartClock(60))


def test_pausing_the_exercise_stops_the_clock(timed: CompiledScenario) -> None:
    session = begun(timed)
    session.execute(c.StartClock(10))
    events = session.execute(c.Pause())
    assert [e["type"] for e in events] == ["command", "clock_stopped", "phase_changed"]
    assert session.state.clock_rate is None


def test_starting_a_running_clock_or_stopping_a_stopped_one_is_refused(
    timed: CompiledScenario,
) -> None:
    session = begun(timed)
    with pytest.raises(CommandRefused, match=r"^the clock is not running$"):
        session.execute(c.StopClock())
    session.execute(c.StartClock(5))
    with pytest.raises(CommandRefused, match=r"^the clock is already running$"):
        session.execute(c.StartClock(5))


def test_undo_passes_over_starting_and_stopping_the_clock(timed: CompiledScenario) -> None:
    session = begun(timed)
    session.execute(c.AdvanceClock(90))
    session.execute(c.StartClock(5))
    session.execute(c.Undo())
    assert "alarm" not in session.state.delivered
    assert session.state.clock_rate == 5


def test_a_journal_from_before_the_clock_replays_unchanged(timed: CompiledScenario) -> None:
    session = begun(timed)
    session.execute(c.AdvanceClock(90))
    replayed = Session.replay(timed, 1, session.events)
    assert replayed.state.key() == session.state.key()
    assert replayed.state.clock_rate is None


# ------------------------------------------------------------------ explore
def test_explore_branches_on_choices_never_on_timing(timed: CompiledScenario) -> None:
    result = explore(timed)
    assert result.complete
    assert result.paths == 2  # speak or say nothing: the clock adds no branch
    assert sorted(result.injects) == sorted(inject for inject, _, _ in SCHEDULE)


# ------------------------------------------------------------------ calendar and lengths
def test_a_calendar_start_shows_times_as_dates_and_turns_may_differ_in_length(
    timed: CompiledScenario,
) -> None:
    assert timed.calendar == date(2018, 1, 27)
    assert timed.time_label(timed.turn_start(1)) == "2018-01-27 08:00"
    assert timed.time_label(timed.turn_end(1)) == "2018-01-27 18:00"
    assert timed.time_label(timed.turn_end(2)) == "2018-01-27 22:00"
    assert timed.time_label(parse_clock("D+1 07:05")) == "2018-01-28 07:05"


def test_a_calendar_time_counts_from_the_calendars_first_day() -> None:
    assert parse_clock("2018-01-28 10:00", date(2018, 1, 27)) == 24 * 60 + 600
    with pytest.raises(ValueError, match=r"'2018-02-30 10:00' names no real date"):
        parse_clock("2018-02-30 10:00")


def test_bots_start_each_turn_at_its_own_start_when_turns_differ_in_length(
    timed: CompiledScenario,
) -> None:
    session = Session.start(timed, 1)
    play(session, {"blue": RandomPolicy(1)})
    starts = [e["clock"] for e in session.events if e["type"] == "turn_started"]
    assert [clock_text(at) for at in starts] == ["D+0 08:00", "D+0 18:00"]
    assert session.phase is Phase.HOTWASH


def test_the_report_shows_scenario_times_as_dates_on_a_calendar(
    timed: CompiledScenario, tmp_path: Path
) -> None:
    from engine.journal.journaled_session import JournaledSession
    from engine.journal.store import read_journal
    from engine.report import build_report

    with JournaledSession.create(timed, 1, tmp_path / "timed.jsonl") as exercise:
        play(exercise.session, {"blue": RandomPolicy(1)}, execute=exercise.execute)
    report = build_report(read_journal(tmp_path / "timed.jsonl"), budget=50)
    alarm = next(entry for entry in report.timeline if entry.title.endswith("The alarm"))
    assert alarm.clock == "2018-01-27 09:30"
    assert "scenario time 2018-01-27 08:00 to 2018-01-27 20:30" in report.summary.paragraphs[0]


def test_the_same_commands_with_the_running_clock_give_the_same_journal(
    timed: CompiledScenario,
) -> None:
    script = [
        c.Begin(),
        c.StartClock(30),
        c.AdvanceClock(90),
        c.AdvanceClock(45),
        c.StopClock(),
        c.AdvanceClock(200),
        c.ReleaseInject("noon_check"),
        c.Pause(),
        c.Resume(),
    ]

    def journal() -> list[Event]:
        session = Session.start(timed, 5)
        for command in script:
            session.execute(command)
        return session.events

    assert journal() == journal()
    kinds = [event["type"] for event in journal()]
    assert kinds.count("clock_started") == 1 and kinds.count("clock_stopped") == 1


def test_moving_on_to_the_next_turn_sends_what_the_turn_still_had_at_its_own_times(
    timed: CompiledScenario,
) -> None:
    session = begun(timed)
    for _ in range(4):
        session.execute(c.NextPhase())  # to the turn's end without running the clock
    events = session.execute(c.NextPhase())
    assert deliveries(events) == [
        ("alarm", 1, "D+0 09:30"),
        ("call", 1, "D+0 10:15"),
        ("press", 1, "D+0 11:00"),
        ("leak", 1, "D+0 12:15"),
    ]
    assert session.state.status_of("noon_check") is InjectStatus.AWAITING
    defaulted = next(e for e in events if e["type"] == "choice_recorded")
    assert (defaulted["defaulted"], clock_text(defaulted["clock"])) == (True, "D+0 12:00")
    started = next(e for e in events if e["type"] == "turn_started")
    assert (started["turn"], clock_text(started["clock"])) == (2, "D+0 18:00")
