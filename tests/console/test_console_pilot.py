"""The console driven by keys alone, checked against the journal it writes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from console_support import SEED, compile_data, console, drive, fixed_wall
from notices import told
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey
from textual.widgets.data_table import ColumnKey

from engine.errors import JournalError
from engine.journal.journaled_session import JournaledSession
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.events import Event
from engine.play.lifecycle import Phase
from players.console.app import ConsoleApp
from players.console.keys import MAIN_KEYS
from players.console.screens.help import HelpScreen
from players.console.screens.main import MainScreen
from players.console.widgets.inject_view import InjectView
from players.console.widgets.msel import MselTable
from players.console.widgets.objectives import ObjectivesPanel
from players.console.widgets.situation import SituationPanel


def _phase(exercise: JournaledSession) -> Phase:
    """The phase, read afresh: mypy keeps the narrowing of an `is` check across a key press
    and would call the next check impossible."""
    return exercise.session.phase


def _records(path: Path) -> list[Event]:
    return read_journal(path).records


def _types(path: Path) -> list[str]:
    return [record["type"] for record in _records(path)]


def _messages(app: ConsoleApp) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in told(app)]


def test_a_whole_exercise_can_be_played_from_briefing_to_ending_by_keys_alone(
    exercise: JournaledSession, journal_path: Path
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")  # begin
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("c", "down", "enter", *"fast answer", "enter")  # rebut, rolled
        await pilot.press("m", *"PA answered fast", "enter")  # a note
        await pilot.press("t", "enter", "down", "enter", *"cleared late", "enter")  # rate S
        await pilot.press("u")  # undo the choice...
        await pilot.pause()
        await pilot.press("y")  # ...confirmed
        await pilot.press("y")  # redo it
        await pilot.press("c", "enter", *"push it", "enter")  # red amplifies
        for _ in range(9):
            await pilot.press("n")
        await pilot.pause()
        assert exercise.session.state.phase is Phase.HOTWASH
        await pilot.press("e", "y")  # close the hotwash
        await pilot.pause()

    drive(app, steps)
    records = _records(journal_path)
    kinds = [record["type"] for record in records]
    choices = [r for r in records if r["type"] == "choice_recorded"]
    assert [(r["option"], r["rationale"]) for r in choices] == [
        ("rebut", "fast answer"),
        ("amplify", "push it"),
    ]
    note = next(r for r in records if r["type"] == "note_added")
    assert (note["text"], note["kind"], note["inject"]) == (
        "PA answered fast",
        "observation",
        "i_post",  # the first of turn 1's injects, presented when they arrived
    )
    rating = next(r for r in records if r["type"] == "task_rated")
    assert (rating["task"], rating["rating"], rating["observation"]) == (
        "answer_press",
        "S",
        "cleared late",
    )
    undone = next(r for r in records if r["type"] == "undone")
    assert undone["command"] == "record_choice"
    assert "redone" in kinds
    assert next(r for r in records if r["type"] == "ending_reached")["ending"] == "held"
    assert records[-1]["type"] == "phase_changed" and records[-1]["phase"] == "ended"


def test_the_latest_roll_can_be_overridden_with_a_reason(
    exercise: JournaledSession, journal_path: Path
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("c", "down", "enter", *"fast", "enter")
        await pilot.press("o", "enter", *"white cell ruling", "enter")
        await pilot.pause()

    drive(app, steps)
    override = next(r for r in _records(journal_path) if r["type"] == "outcome_overridden")
    assert (override["outcome"], override["reason"]) == ("backfires", "white cell ruling")


def test_the_inject_keys_hold_release_cancel_and_add_injects(
    exercise: JournaledSession, journal_path: Path
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("h", "enter")  # hold i_mail (first open inject)
        await pilot.press("r", "enter")  # release it now
        await pilot.press("x", "enter", "y")  # cancel the contingency
        await pilot.press("a", *"Flash: account removed", "ctrl+s")
        await pilot.press("v", "enter", *"40", "enter", *"room mood", "enter")
        await pilot.press("plus", "p")
        await pilot.pause()
        assert exercise.session.state.phase is Phase.PAUSED
        await pilot.press("p")
        await pilot.pause()

    drive(app, steps)
    records = _records(journal_path)
    statuses = [(r["inject"], r["status"]) for r in records if r["type"] == "inject_status_changed"]
    assert ("i_mail", "held") in statuses
    assert ("i_spare", "cancelled") in statuses
    delivered = [r for r in records if r["type"] == "inject_delivered"]
    assert "i_mail" in [r["inject"] for r in delivered]
    assert delivered[-1]["title"] == "Flash: account removed" and delivered[-1]["adhoc"]
    changes = [r["changes"] for r in records if r["type"] == "variables_changed"]
    assert {"trust": 40} in changes
    assert exercise.session.state.clock == 8 * 60 + 30
    assert exercise.session.state.phase is Phase.DELIVERY


def test_a_refused_command_is_a_warning_and_changes_nothing(
    exercise: JournaledSession, journal_path: Path
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        before = len(_records(journal_path))
        await pilot.press("y")  # redo with nothing undone
        await pilot.pause()
        assert len(_records(journal_path)) == before
        assert ("nothing to redo", "warning") in _messages(app)

    drive(app, steps)


def test_a_journal_that_cannot_be_written_is_an_error_and_the_console_stays_up(
    exercise: JournaledSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = console(exercise)
    real_append = exercise.journal.append

    def full_disk(records: Any) -> None:
        raise JournalError("No space left on device")

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        monkeypatch.setattr(exercise.journal, "append", full_disk)
        await pilot.press("n")
        await pilot.pause()
        assert any(sev == "error" and "No space" in msg for msg, sev in _messages(app))
        phases = [exercise.session.state.phase]  # rebuilt from the journal
        assert isinstance(app.screen, MainScreen)
        monkeypatch.setattr(exercise.journal, "append", real_append)
        await pilot.press("n")
        await pilot.pause()
        phases.append(exercise.session.state.phase)
        assert phases == [Phase.DELIVERY, Phase.DELIBERATION]

    drive(app, steps)


def test_empty_sections_show_placeholders_instead_of_failing(tmp_path: Path) -> None:
    compiled = compile_data(
        {
            "format": 1,
            "id": "bare",
            "title": "Bare",
            "turns": {"count": 1},
            "cells": [{"id": "blue", "name": "Blue", "side": "blue"}],
            "channels": [{"id": "news", "kind": "news", "name": "News"}],
            "endings": [{"id": "done", "title": "Done"}],
        }
    )
    exercise = JournaledSession.create(compiled, SEED, tmp_path / "j.jsonl", wall=fixed_wall)
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert "no objectives" in str(screen.query_one(ObjectivesPanel).content).lower()
        variables = screen.query_one(SituationPanel).query_one("#situation-variables", Static)
        assert "No variables" in str(variables.content)
        assert screen.query_one(InjectView).inject is None
        await pilot.press("t", "v", "c", "o", "r")  # nothing to act on: warnings only
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)

    drive(app, steps)


def test_a_very_long_inject_body_scrolls(tmp_path: Path) -> None:
    body = "\n\n".join(f"Paragraph {n} of a very long situation report." for n in range(200))
    compiled = compile_data(
        {
            "format": 1,
            "id": "long",
            "title": "Long",
            "turns": {"count": 1},
            "cells": [{"id": "blue", "name": "Blue", "side": "blue"}],
            "channels": [{"id": "s2", "kind": "intel", "name": "S2"}],
            "injects": [
                {
                    "id": "sitrep",
                    "title": "SITREP",
                    "channel": "s2",
                    "turn": 1,
                    "body": body,
                    "fictional": True,
                }
            ],
            "endings": [{"id": "done", "title": "Done"}],
        }
    )
    exercise = JournaledSession.create(compiled, SEED, tmp_path / "j.jsonl", wall=fixed_wall)
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(InjectView)
        assert view.inject == "sitrep"
        assert view.max_scroll_y > 100
        view.scroll_end(animate=False)
        await pilot.pause()
        assert view.scroll_y > 0

    drive(app, steps)


def test_the_msel_fits_its_width_so_no_title_is_scrolled_out_of_sight(
    exercise: JournaledSession,
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        msel = app.screen.query_one(MselTable)
        titles, widths = [], []
        for size in ((120, 40), (160, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            widths.append(msel.scrollable_content_region.width)
            assert msel.virtual_size.width <= widths[-1], size
            titles.append(msel.columns[ColumnKey("title")].width)
        assert widths[1] > widths[0]
        assert titles[1] - titles[0] == widths[1] - widths[0]  # the title takes all it gains

    drive(app, steps)


def test_the_footer_shows_its_keys_whole_at_80_columns(exercise: JournaledSession) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))  # Textual's footer keys (not public API)
        palette = next(key for key in keys if key.has_class("-command-palette"))
        shown = [key for key in keys if key is not palette]
        assert [key.key for key in shown] == ["n", "c", "t", "m", "u", "question_mark", "q"]
        assert all(key.region.right <= palette.region.x for key in shown)

    drive(app, steps, size=(80, 24))


def test_the_layout_follows_a_resize_from_wide_to_narrow(exercise: JournaledSession) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        msel = app.screen.query_one("#msel")
        assert app.screen.has_class("-wide") and msel.display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.has_class("-narrow") and not msel.display
        await pilot.press("n")
        await pilot.pause()
        assert exercise.session.state.phase is Phase.DELIBERATION

    drive(app, steps)


def test_every_main_key_is_in_the_command_palette_and_the_help(
    exercise: JournaledSession,
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {binding.description for binding in MAIN_KEYS} <= titles
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)

    drive(app, steps)


def test_quitting_asks_first_and_loses_nothing(
    exercise: JournaledSession, journal_path: Path
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("q", "n")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("q", "y")
        await pilot.pause()

    drive(app, steps)
    assert app.return_code == 0 or app.return_code is None
    assert _types(journal_path).count("command") == 3  # open briefing, begin, present i_post
    exercise.close()
    resumed = JournaledSession.resume(journal_path)
    assert resumed.exercise.session.state.phase is Phase.DELIVERY
    resumed.exercise.close()


def test_a_resumed_console_times_the_turn_from_its_journaled_start(
    exercise: JournaledSession, journal_path: Path
) -> None:
    exercise.execute(c.Begin())  # turn 1 starts at the fixed wall time, 09:00
    exercise.close()
    resumed = JournaledSession.resume(journal_path).exercise
    app = ConsoleApp(
        resumed, clock=lambda: 1000.0, wall=lambda: fixed_wall() + timedelta(minutes=7, seconds=5)
    )

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()
        timer = app.screen.query_one("#turn-timer", Static)
        assert str(timer.render()) == "⏱ 07:05 / 20:00"
        await pilot.press("n", "n", "n", "n", "n")  # to turn 2, started in this process
        await pilot.pause()
        assert resumed.session.state.turn == 2
        assert str(timer.render()) == "⏱ 00:00 / 20:00"

    drive(app, steps)
    resumed.close()


def test_an_internal_error_is_shown_and_logged_and_the_exercise_goes_on(
    exercise: JournaledSession, journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.play import handlers

    log = tmp_path / "exercise.jsonl.errors.log"
    app = ConsoleApp(exercise, clock=lambda: 0.0, wall=fixed_wall, error_log=log)
    real = handlers.RULES[c.NextPhase]

    def broken_apply(session: Any, command: Any, checked: Any) -> None:
        real.apply(session, command, checked)
        raise RuntimeError("a bug in the engine")

    broken = handlers.CommandRules(real.check, broken_apply)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        before = len(_records(journal_path))
        monkeypatch.setitem(handlers.RULES, c.NextPhase, broken)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert exercise.session.state.phase is Phase.DELIVERY  # the half-done move was undone
        assert len(_records(journal_path)) == before
        message, severity = _messages(app)[-1]
        assert severity == "error" and "RuntimeError: a bug in the engine" in message
        assert str(log) in message
        monkeypatch.setitem(handlers.RULES, c.NextPhase, real)
        await pilot.press("n")
        await pilot.pause()
        assert _phase(exercise) is Phase.DELIBERATION

    drive(app, steps)
    logged = log.read_text(encoding="utf-8")
    assert "'name': 'next_phase'" in logged and "RuntimeError: a bug in the engine" in logged
    assert "Traceback (most recent call last)" in logged


def test_a_command_runs_through_the_journal_before_the_screen_redraws(
    exercise: JournaledSession, journal_path: Path
) -> None:
    app = console(exercise)
    seen: list[int] = []
    original = MainScreen.show_state

    def spy(screen: MainScreen) -> None:
        seen.append(len(_records(journal_path)))
        original(screen)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        MainScreen.show_state = spy  # type: ignore[method-assign,assignment]
        try:
            app.execute(c.AdvanceClock(30))
        finally:
            MainScreen.show_state = original  # type: ignore[method-assign]
        assert seen and seen[-1] == len(_records(journal_path))
        assert _records(journal_path)[-1]["type"] == "clock_set"

    drive(app, steps)
