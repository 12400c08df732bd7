"""The feed in a real headless Chromium, with the console driven by Pilot on the same loop.

Blue writes a post at its seat; the facilitator releases it in the console (k, then Ctrl+S);
Red's seat and the projector show it without a reload, and the inject gated on Blue's post
(`on_post`) follows. The room, the console and the browser come from `room_harness`.

With WARGAME_SCREENSHOTS=1 the feed's screenshots for the guide are written to docs/img/.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fixtures.room import FEED, feed
from room_harness import DOCS_IMG, Browser, browser_room

from engine.play import commands as c
from engine.play.state import PostStatus
from players.console.screens.posts import PostsScreen

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
    commands = (c.Begin(), c.NextPhase())
    with browser_room(driver, feed(), tmp_path / "feed.jsonl", commands, FEED.parent) as room:
        desk, app, links, seen = room.desk, room.app, room.links, room.seen

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

        room.play(run)
    assert GATED in [
        str(e.get("title")) for e in desk.session.events if e["type"] == "inject_delivered"
    ]
