"""Decision support in the console: each open decision's odds, from a worker process."""

from __future__ import annotations

import time

from console_support import console, drive, plain
from textual.pilot import Pilot

from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from players.console.viewer import ViewerApp
from players.console.widgets.odds import OddsPanel


async def _answered(pilot: Pilot[None], panel: OddsPanel, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while panel.answered is None:
        assert time.monotonic() < deadline, "no odds came"
        await pilot.pause(0.1)


def test_an_open_decision_shows_each_options_share_of_endings_and_how_it_was_computed(
    exercise: JournaledSession,
) -> None:
    app = console(exercise, decision_support=True)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        panel = app.screen.query_one(OddsPanel)
        await _answered(pilot, panel)
        answered = panel.answered
        assert answered is not None
        assert {(o.decision, o.cell) for o in answered} == set(exercise.session.pending_choices())
        assert all(o.method == "exact" for o in answered)
        text = plain(panel)
        assert "How does public affairs respond to the post? (Public affairs)" in text
        assert "Rebut it publicly: " in text
        assert "bots choosing at random" in text
        assert panel.border_title == "Odds (facilitator only)"

    drive(app, steps)


def test_a_change_of_state_asks_again_and_never_shows_the_old_states_odds(
    exercise: JournaledSession,
) -> None:
    app = console(exercise, decision_support=True)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        panel = app.screen.query_one(OddsPanel)
        await _answered(pilot, panel)
        before = panel.answered
        assert before is not None and len(before) == 2
        await pilot.press("c", "enter", *"why", "enter")  # one of the two choices made
        await pilot.pause()
        assert panel.answered is None or len(panel.answered) == 1  # never the old state's
        await _answered(pilot, panel)
        assert len(panel.answered or []) == 1

    drive(app, steps)


def test_with_no_decision_open_the_panel_is_hidden(exercise: JournaledSession) -> None:
    exercise.execute(c.Begin())
    for decision, cell in exercise.session.pending_choices():
        option = exercise.session.available_options(decision)[0].id
        exercise.execute(c.RecordChoice(decision, cell, option))
    app = console(exercise, decision_support=True)

    async def steps(pilot: Pilot[None]) -> None:
        panel = app.screen.query_one(OddsPanel)
        assert not panel.display
        assert panel.worker is not None and not panel.worker.busy

    drive(app, steps)


def test_the_players_view_has_no_decision_support(exercise: JournaledSession) -> None:
    exercise.execute(c.Begin())
    viewer = ViewerApp(exercise.journal.path)

    async def steps(pilot: Pilot[None]) -> None:
        assert not viewer.screen.query(OddsPanel)
        assert "Decision support" not in str(viewer.screen.query("*"))

    drive(viewer, steps)  # type: ignore[arg-type]
