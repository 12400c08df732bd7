"""The room in a real headless Chromium, with the console driven by Pilot on the same loop.

Two cells open their seats, each submits a decision, the facilitator accepts both in the
console, and the projector and both seats show the next inject without a reload; a wrong
token is refused and a reload keeps a seat's state. Selenium's calls block, so each runs in a
thread (`asyncio.to_thread`) and the server keeps serving on the loop meanwhile.

With WARGAME_SCREENSHOTS=1 the screenshots for the guide are written to docs/img/.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fixtures import browser
from fixtures.room import SEED, mini

from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.play.state import SubmissionStatus
from players.console.app import ConsoleApp
from players.console.screens.seats import SeatsScreen
from players.web.desk import ExerciseDesk
from players.web.hub import Hub
from players.web.serve import OpenRoom, base_url, bind, follow, server_for
from players.web.tokens import SeatBook

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
SPARE = "Contingency: platform removes the account"


def _driver() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser.chromium()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--disable-background-networking",
        "--no-first-run",
    ):
        options.add_argument(flag)  # fmt: skip
    return webdriver.Chrome(options=options, service=Service(browser.chromedriver()))


class Browser:
    """One Chromium with a tab per seat; every call runs in a thread."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.tabs: dict[str, str] = {}

    async def call(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(function, *args)

    async def open(self, seat: str, url: str) -> None:
        def go() -> None:
            if self.tabs:
                self.driver.switch_to.new_window("tab")
            self.tabs[seat] = self.driver.current_window_handle
            self.driver.get(url)

        await self.call(go)

    async def text(self, seat: str) -> str:
        def read() -> str:
            self.driver.switch_to.window(self.tabs[seat])
            return str(self.driver.find_element("tag name", "body").text)

        return str(await self.call(read))

    async def wait_for(self, seat: str, text: str, timeout: float = 15.0) -> str:
        """The seat's page text once it shows `text` (it must arrive without a reload)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            shown = await self.text(seat)
            if text in shown:
                return shown
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{seat} never showed {text!r}; it shows:\n{shown}")
            await asyncio.sleep(0.1)

    async def submit(self, seat: str, option: str, rationale: str) -> None:
        def send() -> None:
            self.driver.switch_to.window(self.tabs[seat])
            form = self.driver.find_element("css selector", "form.decision")
            form.find_element("css selector", f"input[value='{option}']").click()
            form.find_element("name", "rationale").send_keys(rationale)
            form.find_element("css selector", "button[type=submit]").click()

        await self.call(send)

    async def screenshot(self, seat: str, name: str, width: int, height: int) -> None:
        if not os.environ.get("WARGAME_SCREENSHOTS"):
            return

        def shoot() -> None:
            self.driver.switch_to.window(self.tabs[seat])
            self.driver.set_window_size(width, height)
            self.driver.save_screenshot(str(DOCS_IMG / name))
            self.driver.set_window_size(1280, 900)

        await self.call(shoot)


@pytest.fixture
def driver() -> Any:
    browser.chromium()
    browser.chromedriver()
    driver = _driver()
    yield driver
    driver.quit()


def test_two_cells_submit_from_browsers_and_the_console_accepts_them(
    driver: Any, tmp_path: Path
) -> None:
    journal = tmp_path / "room.jsonl"
    exercise = JournaledSession.create(mini(), SEED, journal)
    desk = ExerciseDesk(exercise)
    for command in (c.Begin(), c.NextPhase()):
        desk.execute(command)
    seats = SeatBook.open(journal, desk.session.compiled.scenario)
    hub = Hub()
    sock = bind("127.0.0.1", 0)
    base = base_url(sock, "127.0.0.1")
    room = OpenRoom(seats, hub, base)
    app = ConsoleApp(desk, room=room)
    follow(app, desk, hub)
    links = dict(room.links())
    seen = Browser(driver)

    async def play() -> None:
        server = server_for(desk, seats, hub)
        task = asyncio.create_task(server.serve(sockets=[sock]))
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await run(pilot)
        finally:
            server.should_exit = True
            await task

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

    try:
        asyncio.run(play())
    finally:
        sock.close()
        exercise.close()
