"""The console's side of the room: answering submissions, and the Seats screen (Pilot)."""

from __future__ import annotations

import asyncio

import pytest
from notices import messages

from engine.play import commands as c
from engine.play.state import SubmissionStatus
from players.cli import main
from players.console.app import ConsoleApp
from players.console.screens.seats import SeatsScreen
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
