"""The feed in a real headless Chromium, with the console driven by Pilot on the same loop.

Blue writes a post at its seat; the facilitator releases it in the console (k, then Ctrl+S);
Red's seat and the projector show it without a reload, and the inject gated on Blue's post
(`on_post`) follows. Same fixture as the room's browser test (tests/web/test_browser.py).

With WARGAME_SCREENSHOTS=1 the feed's screenshots for the guide are written to docs/img/.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from fixtures.room import FEED, SEED, feed
from test_browser import DOCS_IMG, Browser, driver

from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.play.state import PostStatus
from players.console.app import ConsoleApp
from players.console.screens.posts import PostsScreen
from players.web.desk import ExerciseDesk
from players.web.hub import Hub
from players.web.serve import OpenRoom, base_url, bind, follow, server_for
from players.web.tokens import SeatBook

__all__ = ["driver"]  # the room's browser fixture, shared

POST = "Our soldiers train in the open; we ask everyone not to tag them. #opsec"
GATED = "Reporter asks public affairs to go on record"


async def write_post(seen: Browser, seat: str, text: str) -> None:
    def send() -> None:
        seen.driver.switch_to.window(seen.tabs[seat])
        form = seen.driver.find_element("css selector", "form.compose")
        form.find_element("name", "text").send_keys(text)
        form.find_element("css selector", "button[type=submit]").click()

    await seen.call(send)


async def screenshot(
    seen: Browser, seat: str, name: str, size: tuple[int, int], at: str | None = None
) -> None:
    """A screenshot for the guide at a window size, scrolled to `at` (a CSS selector)."""
    if not os.environ.get("WARGAME_SCREENSHOTS"):
        return

    def shoot() -> None:
        seen.driver.switch_to.window(seen.tabs[seat])
        seen.driver.set_window_size(*size)
        if at is not None:
            element = seen.driver.find_element("css selector", at)
            seen.driver.execute_script("arguments[0].scrollIntoView(true);", element)
        seen.driver.save_screenshot(str(DOCS_IMG / name))
        seen.driver.set_window_size(1280, 900)

    await seen.call(shoot)


def test_a_cell_posts_the_console_releases_it_and_the_other_cells_feed_shows_it(
    driver: Any, tmp_path: Path
) -> None:
    journal = tmp_path / "feed.jsonl"
    exercise = JournaledSession.create(feed(), SEED, journal)
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
        server = server_for(desk, seats, hub, FEED.parent)
        task = asyncio.create_task(server.serve(sockets=[sock]))
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await run(pilot)
        finally:
            server.should_exit = True
            await task

    async def run(pilot: Any) -> None:
        await seen.open("room", links["room"])
        await seen.open("blue", links["cell:blue"])
        await seen.open("red", links["cell:red"])
        await seen.wait_for("red", "Who are these soldiers? Tag them!")
        await write_post(seen, "blue", POST)
        await seen.wait_for("blue", "Waiting for the facilitator")
        await screenshot(seen, "blue", "feed-post-waiting.png", (1280, 900), ".feed")
        assert [p.status for p in desk.session.state.posts.values()] == [PostStatus.WAITING]
        assert POST not in await seen.text("red")

        await pilot.press("k")  # the console's key for the seats' posts
        await pilot.pause()
        assert isinstance(app.screen, PostsScreen)
        if os.environ.get("WARGAME_SCREENSHOTS"):
            app.save_screenshot("feed-release.svg", str(DOCS_IMG))
        await pilot.press("ctrl+s")  # release it as written
        await pilot.pause()
        assert [p.status for p in desk.session.state.posts.values()] == [PostStatus.RELEASED]

        for seat in ("red", "room", "blue"):
            await seen.wait_for(seat, POST.removesuffix(" #opsec"))
        await seen.wait_for("red", GATED)  # the inject gated on Blue's post follows
        await seen.wait_for("room", "#opsec")
        await screenshot(seen, "red", "feed-laptop.png", (1280, 900), ".feed")
        await screenshot(seen, "red", "feed-phone.png", (390, 844), "#feed-app")
        await screenshot(seen, "red", "feed-news.png", (1280, 900), "#feed-bugle")
        await screenshot(seen, "room", "feed-projector.png", (1280, 800))

    try:
        asyncio.run(play())
    finally:
        sock.close()
        exercise.close()
    assert GATED in [
        str(e.get("title")) for e in desk.session.events if e["type"] == "inject_delivered"
    ]
