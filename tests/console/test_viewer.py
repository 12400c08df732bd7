"""The players' view follows the journal read-only and shows only what its audience may see."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from engine.errors import UserError
from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from players.console.viewer import ViewerApp
from players.console.widgets.inject_view import InjectView


def _look(journal: Path, cell: str | None, then: JournaledSession | None = None) -> list[str]:
    """What the view shows: [current inject, situation text], after `then` adds an inject."""
    app = ViewerApp(journal, cell=cell, poll=0.1)
    seen: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            if then is not None:
                then.execute(c.AddInject("Flash: the account is gone", "Removed.", "bugle"))
                await pilot.pause(0.5)
            seen.append(str(app.query_one(InjectView).inject))
            table = app.query_one("#situation-variables", Static).content
            console = Console(width=80)
            with console.capture() as capture:
                console.print(table)
            seen.append(capture.get())

    asyncio.run(main())
    return seen


def test_the_rooms_view_never_shows_an_inject_meant_for_one_cell(
    exercise: JournaledSession, journal_path: Path
) -> None:
    exercise.execute(c.Begin())  # delivers i_post, i_news (room) and i_tasking (red only)
    current, _ = _look(journal_path, None)
    assert current == "i_news"


def test_a_cells_view_shows_the_injects_addressed_to_it(
    exercise: JournaledSession, journal_path: Path
) -> None:
    exercise.execute(c.Begin())
    assert _look(journal_path, "red")[0] == "i_tasking"
    assert _look(journal_path, "blue")[0] == "i_news"


def test_the_view_shows_public_variables_only(
    exercise: JournaledSession, journal_path: Path
) -> None:
    exercise.execute(c.Begin())
    _, situation = _look(journal_path, None)
    assert "Public trust" in situation
    assert "Personnel exposure" not in situation


def test_the_view_follows_the_journal_as_it_is_written(
    exercise: JournaledSession, journal_path: Path
) -> None:
    exercise.execute(c.Begin())
    current, _ = _look(journal_path, None, then=exercise)
    assert current == "adhoc_1"


def test_an_unknown_cell_is_a_user_error(exercise: JournaledSession, journal_path: Path) -> None:
    with pytest.raises(UserError, match="no cell 'green'"):
        ViewerApp(journal_path, cell="green")
