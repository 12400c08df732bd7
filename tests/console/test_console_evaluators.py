"""The console's keys for the evaluation team: the roster, ratings side by side and settled,
a capability rated, the evaluator's name in the rating dialog, the finding's fields in notes."""

from __future__ import annotations

from pathlib import Path

from console_support import MINI, SEED, compile_file, console, drive, fixed_wall
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Select

from engine.journal.journaled_session import JournaledSession
from engine.journal.store import read_journal
from engine.play import commands as c
from players.console.screens.evaluations import EvaluationsScreen
from players.console.widgets.objectives import objectives_renderable


def _panel(exercise: JournaledSession) -> str:
    console_ = Console(width=200, record=True)
    console_.print(objectives_renderable(exercise.session))
    return console_.export_text()


def _exercise(tmp_path: Path) -> JournaledSession:
    return JournaledSession.create(compile_file(MINI), SEED, tmp_path / "j.jsonl", wall=fixed_wall)


def _two_evaluators_rated(exercise: JournaledSession) -> None:
    exercise.execute(c.Begin())
    exercise.execute(c.AddParticipant("Dana Reyes", "FEMA Region 4", role="evaluator"))
    exercise.execute(c.AddParticipant("Lee Park", "State EMA", role="evaluator"))
    exercise.execute(c.RateTask("obj_info", "answer_press", "S", "late", evaluator="Dana Reyes"))
    exercise.execute(
        c.RateTask("obj_info", "answer_press", "M", "no clearance", evaluator="Lee Park")
    )


def test_the_ratings_panel_shows_each_evaluators_rating_by_name_and_the_lower_until_settled(
    tmp_path: Path,
) -> None:
    exercise = _exercise(tmp_path)
    _two_evaluators_rated(exercise)
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()
        assert "Dana Reyes S · Lee Park M → M NOT SETTLED" in _panel(exercise)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, EvaluationsScreen)
        await pilot.press("enter", "down", "enter", *"Dana Reyes", "enter", *"agreed at hotwash")
        await pilot.press("enter")
        await pilot.pause()
        assert "Dana Reyes S · Lee Park M → S settled by Dana Reyes" in _panel(exercise)

    drive(app, steps)
    settled = [
        r for r in read_journal(tmp_path / "j.jsonl").records if r["type"] == "rating_settled"
    ]
    assert [(r["task"], r["rating"], r["settled_by"], r["reason"]) for r in settled] == [
        ("answer_press", "S", "Dana Reyes", "agreed at hotwash")
    ]
    assert exercise.session.state.evaluator_ratings[("obj_info", "answer_press")].keys() == {
        "Dana Reyes",
        "Lee Park",
    }


def test_the_roster_dialog_adds_an_evaluator_and_grants_them_the_control_notes(
    tmp_path: Path,
) -> None:
    exercise = _exercise(tmp_path)
    exercise.execute(c.Begin())
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("P")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#name", Input).value = "Dana Reyes"
        screen.query_one("#organisation", Input).value = "FEMA Region 4"
        screen.query_one("#role", Select).value = "evaluator"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        await pilot.click("#grant")
        await pilot.pause()

    drive(app, steps)
    state = exercise.session.state
    assert state.roster["Dana Reyes"] == {
        "name": "Dana Reyes",
        "organisation": "FEMA Region 4",
        "cell": "",
        "role": "evaluator",
    }
    assert state.granted == {"Dana Reyes"}


def test_the_rating_dialog_names_the_evaluator_and_the_capability_key_rates_overall(
    tmp_path: Path,
) -> None:
    exercise = _exercise(tmp_path)
    exercise.execute(c.Begin())
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("t", "enter", "down", "enter", *"late", "tab", *"Lee Park", "enter")
        await pilot.pause()
        await pilot.press("T", "enter", "down", "down", "enter", *"Lee Park", "enter")
        await pilot.press(*"two tasks late", "enter")
        await pilot.pause()

    drive(app, steps)
    state = exercise.session.state
    rated = state.evaluator_ratings[("obj_info", "answer_press")]["Lee Park"]
    assert (rated["rating"], rated["observation"]) == ("S", "late")
    capability = state.capability_ratings["obj_info"]
    assert (capability["rating"], capability["evaluator"], capability["reason"]) == (
        "M",
        "Lee Park",
        "two tasks late",
    )


def test_the_note_dialog_gathers_the_findings_reference_analysis_and_recommendation(
    tmp_path: Path,
) -> None:
    exercise = _exercise(tmp_path)
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")  # begin: the first inject is presented, the note is about it
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        for field, text in (
            ("reference", "PA plan 4.2"),
            ("analysis", "No one owned the platform report"),
            ("recommendation", "Name an owner"),
        ):
            screen.query_one(f"#{field}", Input).value = text
        screen.query_one("#text", Input).value = "Nobody flagged the account"
        await pilot.press("ctrl+s")
        await pilot.pause()

    drive(app, steps)
    note = exercise.session.state.notes[-1]
    assert (
        note["text"],
        note.get("reference"),
        note.get("analysis"),
        note.get("recommendation"),
    ) == (
        "Nobody flagged the account",
        "PA plan 4.2",
        "No one owned the platform report",
        "Name an owner",
    )


def test_the_notes_log_names_each_evaluators_rating_and_who_settled(tmp_path: Path) -> None:
    from players.console.screens.notes import NotesScreen

    exercise = _exercise(tmp_path)
    _two_evaluators_rated(exercise)
    exercise.execute(c.SettleRating("obj_info", "answer_press", "S", settled_by="Dana Reyes"))
    lines = NotesScreen(exercise.session).entries()
    task = "Answer the journalist with a cleared statement."
    assert [line.split(" · ", 1)[1] for line in lines] == [
        f"Dana Reyes rated S (Performed with Some Challenges): {task} — late",
        f"Lee Park rated M (Performed with Major Challenges): {task} — no clearance",
        f"settled by Dana Reyes on S (Performed with Some Challenges): {task}",
    ]
