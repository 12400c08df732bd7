"""The room in a real headless Chromium, with the console driven by Pilot on the same loop.

Two cells open their seats, each submits a decision, the facilitator accepts both in the
console, and the projector and both seats show the next inject without a reload; a wrong
token is refused and a reload keeps a seat's state. The room, the console and the browser
come from `room_harness`.

With WARGAME_SCREENSHOTS=1 the screenshots for the guide are written to docs/img/.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fixtures.room import mini
from room_harness import DOCS_IMG, browser_room

from engine.play import commands as c
from engine.play.state import SubmissionStatus
from players.console.screens.seats import SeatsScreen

SPARE = "Contingency: platform removes the account"


def test_two_cells_submit_from_browsers_and_the_console_accepts_them(
    driver: Any, tmp_path: Path
) -> None:
    commands = (c.Begin(), c.NextPhase())
    with browser_room(driver, mini(), tmp_path / "room.jsonl", commands) as room:
        desk, app, base, links, seen = room.desk, room.app, room.base, room.links, room.seen

        async def run(pilot: Any) -> None:
            await seen.open("wrong", f"{base}/join/{'x' * 43}")
            assert await seen.text("wrong") == "Forbidden"
            await seen.open("room", links["room"])
            await seen.open("blue", links["cell:blue"])
            await seen.open("red", links["cell:red"])
            await seen.wait_for("room", "Soldiers' videos give away training site")
            await seen.wait_for("blue", "How does public affairs respond to the post?")
            await seen.wait_for("red", "Does the troll farm amplify the post?")
            await seen.submit("blue", "rebut", "Facts, fast, from the PAO.")
            await seen.wait_for("blue", "waiting for the facilitator")
            await seen.submit("red", "amplify", "Drown the rebuttal.")
            await seen.wait_for("red", "waiting for the facilitator")
            await seen.screenshot("blue", "room-seat-laptop.png", 1280, 900)
            await seen.screenshot("blue", "room-seat-phone.png", 390, 844)
            state = desk.session.state.submissions
            assert [item.status for item in state.values()] == [SubmissionStatus.WAITING] * 2

            for _ in range(2):  # the facilitator accepts each in the console
                await pilot.press("w")
                await pilot.pause()
                await pilot.press("ctrl+s")
                await pilot.pause()
            assert [item.status for item in state.values()] == [SubmissionStatus.ACCEPTED] * 2
            await seen.wait_for("blue", "Rebut it publicly")
            await seen.wait_for("red", "Amplify with bot accounts")

            assert app.execute(c.ReleaseInject("i_spare"))  # the next inject, for everyone
            assert app.execute(c.PresentInject("i_spare"))  # the projector shows what is presented
            for seat in ("room", "blue", "red"):
                await seen.wait_for(seat, SPARE)
            await seen.screenshot("room", "room-projector.png", 1280, 800)

            await seen.call(driver.switch_to.window, seen.tabs["blue"])
            await seen.call(driver.refresh)
            page = await seen.wait_for("blue", SPARE)
            assert "Your past decisions" in page and "Rebut it publicly" in page

            await pilot.press("l")
            await pilot.pause()
            assert isinstance(app.screen, SeatsScreen)
            if os.environ.get("WARGAME_SCREENSHOTS"):
                app.save_screenshot("room-seats-screen.svg", str(DOCS_IMG))
            await pilot.press("escape")

        room.play(run)
