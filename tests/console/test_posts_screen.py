"""The console's `k`: release a cell's post as written or edited, or send it back (issue 17)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fixtures.room import SEED, feed
from notices import messages
from textual.widgets import Input, TextArea

from engine.journal.journaled_session import JournaledSession
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.state import PostStatus
from players.console.app import ConsoleApp
from players.console.screens.posts import PostsScreen

TEXT = "We are looking into the video."


def console(tmp_path: Path) -> tuple[ConsoleApp, JournaledSession]:
    exercise = JournaledSession.create(feed(), SEED, tmp_path / "posts.jsonl")
    for command in (
        c.Begin(),
        c.NextPhase(),
        c.SubmitPost("p1", "app", "blue", "pao", TEXT),
        c.SubmitPost("r1", "app", "red", "troll", "Tag them all!"),
    ):
        exercise.execute(command)
    return ConsoleApp(exercise), exercise


def test_k_releases_the_highlighted_post_with_the_facilitators_edit(tmp_path: Path) -> None:
    app, exercise = console(tmp_path)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("k")
            await pilot.pause()
            assert isinstance(app.screen, PostsScreen)
            editor = app.screen.query_one("#post-text", TextArea)
            assert editor.text == TEXT
            editor.text = "We are looking into the video, and we ask you not to share it."
            await pilot.press("ctrl+s")
            await pilot.pause()

    asyncio.run(run())
    posts = exercise.session.state.posts
    assert (posts["p1"].status, posts["p1"].edited) == (PostStatus.RELEASED, True)
    assert posts["r1"].status is PostStatus.WAITING
    assert "i_reply" in exercise.session.state.delivered  # gated on Blue's post
    exercise.close()
    released = [r for r in read_journal(tmp_path / "posts.jsonl").records
                if r["type"] == "post_released"]  # fmt: skip
    assert [(r["cell"], r["actor"], r["edited"]) for r in released] == [("blue", "pao", True)]


def test_send_back_returns_the_highlighted_post_with_the_word_typed(tmp_path: Path) -> None:
    app, exercise = console(tmp_path)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("k")
            await pilot.pause()
            await pilot.press("down")  # Red's post
            await pilot.pause()
            assert app.screen.query_one("#post-text", TextArea).text == "Tag them all!"
            app.screen.query_one("#reason", Input).value = "Not in this turn"
            await pilot.click("#send-back")
            await pilot.pause()

    asyncio.run(run())
    posts = exercise.session.state.posts
    assert (posts["r1"].status, posts["r1"].reason) == (PostStatus.RETURNED, "Not in this turn")
    assert posts["p1"].status is PostStatus.WAITING
    exercise.close()


def test_k_with_no_post_waiting_says_so(tmp_path: Path) -> None:
    exercise = JournaledSession.create(feed(), SEED, tmp_path / "none.jsonl")
    exercise.execute(c.Begin())
    app = ConsoleApp(exercise)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("k")
            await pilot.pause()
            assert not isinstance(app.screen, PostsScreen)
            assert "No post written at the seats is waiting." in messages(app)

    asyncio.run(run())
    exercise.close()
