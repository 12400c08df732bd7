"""The console's side of the room: answering submissions, and the Seats screen (Pilot)."""

from __future__ import annotations

import asyncio
import contextvars

import pytest
from notices import messages
from rich.console import Group
from rich.text import Text

from engine.play import commands as c
from engine.play.state import SubmissionStatus
from players.cli import main
from players.console.app import ConsoleApp
from players.console.screens.seats import SeatsScreen
from players.console.widgets.objectives import ObjectivesPanel
from players.web.desk import ExerciseDesk
from players.web.hub import Hub
from players.web.serve import OpenRoom, follow
from players.web.tokens import SeatBook


def test_the_facilitator_sends_a_submission_back_with_a_word(desk: ExerciseDesk) -> None:
    desk.execute(c.SubmitChoice("k1", "d_respond", "blue", "rebut", "Fast."), "cell:blue")
    app = ConsoleApp(desk)

    async def play() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("w")
            await pilot.pause()
            await pilot.click("#reason")
            await pilot.press(*"Who signs?")
            await pilot.click("#send-back")
            await pilot.pause()

    asyncio.run(play())
    returned = desk.session.state.submissions["k1"]
    assert (returned.status, returned.reason) == (SubmissionStatus.RETURNED, "Who signs?")


def test_answers_with_nothing_waiting_says_so(desk: ExerciseDesk) -> None:
    app = ConsoleApp(desk)
    notes: list[str] = []

    async def play() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("w")
            await pilot.press("l")
            await pilot.pause()
            notes.extend(messages(app))

    asyncio.run(play())
    assert "No choice sent from the seats is waiting." in notes
    assert "The room is not open: start the console with --serve PORT." in notes


def test_the_seats_screen_reissues_a_link(desk: ExerciseDesk, seats: SeatBook) -> None:
    room = OpenRoom(seats, Hub(), "http://10.0.0.5:8000")
    app = ConsoleApp(desk, room=room)
    before = dict(room.links())

    async def play() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("l")
            await pilot.pause()
            assert isinstance(app.screen, SeatsScreen)
            await pilot.press("down", "down", "R")
            await pilot.pause()

    asyncio.run(play())
    after = dict(room.links())
    assert [seat for seat in before if before[seat] != after[seat]] == ["cell:blue"]
    assert after["cell:blue"].startswith("http://10.0.0.5:8000/join/")


def test_url_needs_serve(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--url", "http://10.0.0.5:8000"]) == 1
    assert capsys.readouterr().err == "wargame: error: --url only makes sense with --serve\n"


def test_a_choice_from_a_seat_tells_the_facilitator_the_key_that_answers_it(
    desk: ExerciseDesk,
) -> None:
    app = ConsoleApp(desk)
    notes: list[str] = []

    async def play() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            follow(app, desk, Hub())
            desk.execute(c.SubmitChoice("k1", "d_respond", "blue", "rebut", "Fast."), "cell:blue")
            await pilot.pause()
            notes.extend(messages(app))

    asyncio.run(play())
    assert "Public affairs sent a choice. Press w to answer." in notes


def test_a_seats_command_from_a_request_task_outside_the_consoles_context_reaches_it(
    desk: ExerciseDesk,
) -> None:
    """The server's request tasks do not run in the console's context (Textual's active app is
    not set there, as under `wargame run --serve`, whose server task starts before the app):
    the console must still redraw the panel the command changed, and tell the facilitator."""
    app = ConsoleApp(desk)
    notes: list[str] = []
    drawn: list[str] = []

    async def seat_sends() -> None:  # an evaluator's rating, then a cell's choice, from seats
        rating = c.RateTask("obj_info", "answer_press", "S", "Late.", evaluator="Dana Reyes")
        desk.execute(rating, "evaluator:dana-reyes")
        desk.execute(c.SubmitChoice("k1", "d_respond", "blue", "rebut", "Fast."), "cell:blue")

    async def play() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            follow(app, desk, Hub())
            loop = asyncio.get_running_loop()
            await loop.create_task(seat_sends(), context=contextvars.Context())
            await pilot.pause()
            notes.extend(messages(app))
            shown = app.screen.query_one(ObjectivesPanel).content
            assert isinstance(shown, Group)
            drawn.extend(part.plain for part in shown.renderables if isinstance(part, Text))

    asyncio.run(play())
    assert "Dana Reyes rated a task S. Press E to compare." in notes
    assert "Public affairs sent a choice. Press w to answer." in notes
    assert any("Dana Reyes S" in line for line in drawn)
