"""The room on a real socket beside the console, and a headless Chromium to open its seats.

What the three real-browser tests share (`test_browser.py`, `test_browser_feed.py`,
`test_evaluators_browser.py`): a journaled exercise on a desk, its seats (an evaluator added to
the roster gets one, as in `wargame run --serve`), the live channel, a bound socket, the
console followed by the seats, and `BrowserRoom.play`, which serves the room on the console's
loop while a test drives the console with Pilot and the seats with `Browser`. Selenium's calls
block, so each runs in a thread (`asyncio.to_thread`) and the server keeps serving meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fixtures import browser
from fixtures.room import SEED
from textual.pilot import Pilot

from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.play.compiled import CompiledScenario
from players.console.app import ConsoleApp
from players.web.desk import ExerciseDesk
from players.web.evaluator import keep_evaluator_seats
from players.web.hub import Hub
from players.web.serve import OpenRoom, base_url, bind, follow, server_for
from players.web.tokens import SeatBook

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
"""Where the guide's screenshots go (written only with WARGAME_SCREENSHOTS=1)."""


def chromium_driver() -> Any:
    """A headless Chromium under Selenium, 1280 × 900 (skips or fails with no Chromium)."""
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
        """`function(*args)` in a thread, so the loop keeps serving the room."""
        return await asyncio.to_thread(function, *args)

    async def open(self, seat: str, url: str) -> None:
        """Open `url` in a new tab, known as `seat` from then on."""

        def go() -> None:
            if self.tabs:
                self.driver.switch_to.new_window("tab")
            self.tabs[seat] = self.driver.current_window_handle
            self.driver.get(url)

        await self.call(go)

    async def text(self, seat: str) -> str:
        """The text the seat's page shows now."""

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
        """Choose `option` in the seat's decision form, with a rationale, and send it."""

        def send() -> None:
            self.driver.switch_to.window(self.tabs[seat])
            form = self.driver.find_element("css selector", "form.decision")
            form.find_element("css selector", f"input[value='{option}']").click()
            form.find_element("name", "rationale").send_keys(rationale)
            form.find_element("css selector", "button[type=submit]").click()

        await self.call(send)

    async def screenshot(self, seat: str, name: str, width: int, height: int) -> None:
        """With WARGAME_SCREENSHOTS=1, the seat's page at a window size, into docs/img/."""
        if not os.environ.get("WARGAME_SCREENSHOTS"):
            return

        def shoot() -> None:
            self.driver.switch_to.window(self.tabs[seat])
            self.driver.set_window_size(width, height)
            self.driver.save_screenshot(str(DOCS_IMG / name))
            self.driver.set_window_size(1280, 900)

        await self.call(shoot)


@dataclass
class BrowserRoom:
    """An exercise with its room open on a socket, the console and a browser to see it."""

    desk: ExerciseDesk
    seats: SeatBook
    hub: Hub
    sock: socket.socket
    base: str
    """The room's address (`http://127.0.0.1:PORT`)."""
    app: ConsoleApp
    links: dict[str, str]
    """Each seat's link, by seat."""
    seen: Browser
    folder: Path | None
    """The scenario's folder, for the injects' attachments."""

    def play(self, run: Callable[[Pilot[None]], Awaitable[None]]) -> None:
        """Serve the room and run the console (120 × 40) while `run` drives both."""

        async def play() -> None:
            server = server_for(self.desk, self.seats, self.hub, self.folder)
            task = asyncio.create_task(server.serve(sockets=[self.sock]))
            try:
                async with self.app.run_test(size=(120, 40)) as pilot:
                    await run(pilot)
            finally:
                server.should_exit = True
                await task

        asyncio.run(play())


@contextmanager
def browser_room(
    driver: Any,
    scenario: CompiledScenario,
    journal: Path,
    commands: Sequence[c.Command],
    folder: Path | None = None,
) -> Iterator[BrowserRoom]:
    """`scenario` journaled at `journal` after `commands`, its room bound on a free port.

    The socket and the journal are closed on leaving; the desk's session stays readable.
    """
    exercise = JournaledSession.create(scenario, SEED, journal)
    try:
        desk = ExerciseDesk(exercise)
        seats = SeatBook.open(journal, desk.session.compiled.scenario)
        keep_evaluator_seats(desk, seats)
        for command in commands:
            desk.execute(command)
        hub = Hub()
        sock = bind("127.0.0.1", 0)
        try:
            base = base_url(sock, "127.0.0.1")
            room = OpenRoom(seats, hub, base)
            app = ConsoleApp(desk, room=room)
            follow(app, desk, hub)
            links = dict(room.links())
            yield BrowserRoom(desk, seats, hub, sock, base, app, links, Browser(driver), folder)
        finally:
            sock.close()
    finally:
        exercise.close()
