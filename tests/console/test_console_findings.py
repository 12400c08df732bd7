"""The dry run's findings in the console (issue 15), each pinned by the behaviour it fixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from console_support import console, drive, fixed_wall, frozen_clock, plain
from fixtures.room import SEED, feed
from notices import messages
from textual.pilot import Pilot
from textual.widgets import Static

from engine.errors import CommandRefused
from engine.journal.journaled_session import JournaledSession
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.events import Event
from players.console.app import ConsoleApp
from players.console.screens.choice import ChoiceScreen
from players.console.screens.confirm import ConfirmScreen
from players.console.screens.main import MainScreen
from players.console.widgets.decisions import DecisionPanel
from players.console.widgets.inject_view import InjectView
from players.web.desk import ExerciseDesk


def _records(path: Path) -> list[Event]:
    return read_journal(path).records


def _messages(app: ConsoleApp) -> list[str]:
    return messages(app)


# 2 ----------------------------------------------------------------------------------------
def test_the_choice_key_while_paused_refuses_before_the_dialog_opens(
    exercise: JournaledSession,
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "p")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceScreen)
        assert isinstance(app.screen, MainScreen)
        assert _messages(app)[-1] == (
            "choices are recorded during delivery, deliberation or decisions, not during paused"
        )

    drive(app, steps)


# 5 ----------------------------------------------------------------------------------------
def test_up_in_the_override_list_stops_at_the_top_instead_of_wrapping_to_the_rolled_outcome(
    exercise: JournaledSession, journal_path: Path
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("c", "down", "enter", *"fast", "enter")  # rebut: rolls 'works'
        await pilot.press("o", "up", "enter", *"white cell ruling", "enter")
        await pilot.pause()

    drive(app, steps)
    override = next(r for r in _records(journal_path) if r["type"] == "outcome_overridden")
    assert (override["rolled"], override["outcome"]) == ("works", "backfires")


def test_an_override_to_the_outcome_already_rolled_is_refused(
    exercise: JournaledSession,
) -> None:
    exercise.execute(c.Begin())
    exercise.execute(c.RecordChoice("d_respond", "blue", "rebut", "fast"))
    with pytest.raises(CommandRefused) as refused:
        exercise.execute(c.OverrideOutcome("d_respond", "blue", "works", "same again"))
    assert str(refused.value) == (
        "the roll already landed on 'works': an override picks another outcome"
    )


# 6 ----------------------------------------------------------------------------------------
def test_an_unavailable_option_says_what_it_needs_in_words(exercise: JournaledSession) -> None:
    exercise.execute(c.Begin())
    exercise.execute(c.SetVariable("story", False, "not yet"))
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        text = plain(app.screen.query_one(DecisionPanel))
        assert "✗ Sue the account (only once the story is out) needs: Story published" in text
        await pilot.press("c")
        await pilot.pause()
        options = app.screen.query_one("#options")
        labels = [str(o.prompt) for o in options.options]  # type: ignore[attr-defined]
        assert "Sue the account (only once the story is out)  ✗ needs: Story published" in labels

    drive(app, steps)


# 8 ----------------------------------------------------------------------------------------
def test_the_undo_confirmation_names_things_instead_of_ids(exercise: JournaledSession) -> None:
    exercise.execute(c.Begin())
    exercise.execute(c.RecordChoice("d_respond", "blue", "ignore", "no"))
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = plain(app.screen.query_one(".question", Static))
        assert (
            "Undo step 2: record choice: “How does public affairs respond to the post?”, "
            "Public affairs, Ignore it?"
        ) in question
        assert "d_respond" not in question

    drive(app, steps)


def test_the_inject_panel_lists_objectives_by_their_text(exercise: JournaledSession) -> None:
    exercise.execute(c.Begin())
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.query_one(InjectView).show(exercise.session, "i_post")
        await pilot.pause()
        text = plain(screen.query_one("#inject-body", Static), width=120)
        assert "Objectives: Public affairs answers the press within one turn." in text
        assert "obj_info" not in text

    drive(app, steps)


# 7 ----------------------------------------------------------------------------------------
def test_at_the_ending_the_inject_panel_shows_its_title_summary_and_the_report_command(
    exercise: JournaledSession, journal_path: Path
) -> None:
    exercise.execute(c.Begin())
    exercise.execute(c.EndExercise("held", "time"))
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        text = plain(app.screen.query_one("#inject-body", Static), width=300)
        assert "The line holds" in text
        assert "The unit kept its people's trust." in text
        assert f"wargame report {journal_path} -o aar.html" in text

    drive(app, steps)


def test_under_serve_the_ending_shows_the_report_command_with_the_journal_not_a_placeholder(
    exercise: JournaledSession, journal_path: Path
) -> None:
    exercise.execute(c.Begin())
    exercise.execute(c.EndExercise("held", "time"))
    # the console as `wargame run --serve` opens it: on the room's desk
    app = ConsoleApp(ExerciseDesk(exercise), clock=frozen_clock, wall=fixed_wall)

    async def steps(pilot: Pilot[None]) -> None:
        text = plain(app.screen.query_one("#inject-body", Static), width=300)
        assert f"wargame report {journal_path} -o aar.html" in text
        assert "JOURNAL" not in text

    drive(app, steps)


# 9 ----------------------------------------------------------------------------------------
def test_the_hidden_mark_survives_a_long_variable_label(exercise: JournaledSession) -> None:
    exercise.execute(c.Begin())
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        text = plain(app.screen.query_one("#situation-variables", Static), width=30)
        [row] = [line for line in text.splitlines() if line.startswith("Personnel")]
        assert "◌" in row

    drive(app, steps, size=(80, 24))


# 1 ----------------------------------------------------------------------------------------
def test_injects_delivered_together_are_queued_and_presented_one_by_one(
    exercise: JournaledSession, journal_path: Path
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")  # turn 1 delivers i_post, i_news and i_tasking at once
        await pilot.pause()
        panel = app.screen.query_one(InjectView)
        assert panel.inject == "i_post"
        assert panel.border_title == "Inject · presented to the room"
        assert panel.border_subtitle == "2 more delivered · i: present the next"
        await pilot.press("i")
        await pilot.pause()
        assert panel.inject == "i_news"
        assert panel.border_subtitle == "1 more delivered · i: present the next"
        await pilot.press("i")
        await pilot.pause()
        assert panel.inject == "i_tasking"
        assert panel.border_subtitle == ""
        # i_tasking is for the troll cell only: the projector keeps showing i_news
        assert panel.border_title == (
            "Inject · presented to its cells only (the projector keeps the last public one)"
        )

    drive(app, steps)
    presented = [r["inject"] for r in _records(journal_path) if r["type"] == "inject_presented"]
    assert presented == ["i_post", "i_news", "i_tasking"]


def test_the_players_view_shows_the_inject_the_console_presents(
    exercise: JournaledSession, journal_path: Path
) -> None:
    from players.console.viewer import ViewerApp

    exercise.execute(c.Begin())
    exercise.execute(c.PresentInject("i_post"))
    exercise.execute(c.PresentInject("i_news"))
    viewer = ViewerApp(journal_path, poll=0.05)

    async def steps(pilot: Pilot[None]) -> None:
        view = viewer.screen.query_one(InjectView)
        assert view.inject == "i_news"  # not i_tasking, the last delivered
        exercise.execute(c.PresentInject("i_post"))
        for _ in range(40):
            await pilot.pause(0.05)
            if view.inject == "i_post":
                break
        assert view.inject == "i_post"

    drive(viewer, steps)  # type: ignore[arg-type]


def test_a_resume_presents_the_inject_that_was_presented(
    exercise: JournaledSession, journal_path: Path
) -> None:
    exercise.execute(c.Begin())
    exercise.execute(c.PresentInject("i_news"))
    exercise.close()
    resumed = JournaledSession.resume(journal_path).exercise
    app = console(resumed)

    async def steps(pilot: Pilot[None]) -> None:
        panel = app.screen.query_one(InjectView)
        assert panel.inject == "i_news"
        assert panel.border_subtitle == "2 more delivered · i: present the next"

    drive(app, steps)
    resumed.close()


def test_presenting_an_inject_not_delivered_is_refused_and_changes_nothing(
    exercise: JournaledSession,
) -> None:
    exercise.execute(c.Begin())
    before = exercise.session.state.key()
    with pytest.raises(CommandRefused, match="inject 'i_mail' has not been delivered"):
        exercise.execute(c.PresentInject("i_mail"))
    exercise.execute(c.PresentInject("i_news"))
    assert exercise.session.state.key() == before
    assert exercise.session.undoable() == 1  # undo passes over the presentation


# 3 ----------------------------------------------------------------------------------------
def test_a_saved_note_and_rating_are_confirmed_and_listed_in_the_notes_log(
    exercise: JournaledSession,
) -> None:
    from players.console.screens.notes import NotesScreen

    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("m", *"PA answered fast", "enter")
        await pilot.pause()
        assert _messages(app)[-1] == (
            "Note saved (observation, about “Who are these soldiers? Tag them!”)."
        )
        await pilot.press("t", "enter", "down", "enter", *"cleared late", "enter")
        await pilot.pause()
        assert _messages(app)[-1] == (
            "Rating saved: S (Performed with Some Challenges) for "
            "“Answer the journalist with a cleared statement.”."
        )
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        assert [line.split(" · ", 1)[1] for line in screen.entries()] == [
            "observation: PA answered fast  [Who are these soldiers? Tag them!]",
            "rated S (Performed with Some Challenges): Answer the journalist with a cleared "
            "statement. — cleared late",
        ]
        assert screen.entries("inject|i_news") == []
        assert len(screen.entries("inject|i_post")) == 1
        assert len(screen.entries("objective|obj_info")) == 1  # the rating
        await pilot.press("escape")

    drive(app, steps)


# 4 ----------------------------------------------------------------------------------------
def test_a_note_is_tagged_to_the_presented_inject_not_to_an_undelivered_msel_row(
    exercise: JournaledSession, journal_path: Path
) -> None:
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(3):  # to the MSEL's T2 row: the press query, not delivered
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(InjectView).inject == "i_mail"
        await pilot.press("m", *"seen", "enter")
        await pilot.pause()

    drive(app, steps)
    note = next(r for r in _records(journal_path) if r["type"] == "note_added")
    assert note["inject"] == "i_post"


def test_the_note_dialog_lets_the_facilitator_tag_another_delivered_inject(
    exercise: JournaledSession, journal_path: Path
) -> None:
    from textual.widgets import Select

    from players.console.screens.note import NoteScreen

    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        tags = screen.query_one("#inject", Select)
        assert tags.value == "i_post"
        assert "i_mail" not in [value for _, value in tags._options]  # not delivered
        tags.value = "i_news"
        await pilot.press(*"about the story", "enter")
        await pilot.pause()

    drive(app, steps)
    note = next(r for r in _records(journal_path) if r["type"] == "note_added")
    assert note["inject"] == "i_news"


# 10 ---------------------------------------------------------------------------------------
def test_an_adhoc_inject_has_an_author_and_the_room_sees_no_ad_hoc_badge(
    exercise: JournaledSession, journal_path: Path
) -> None:
    from textual.widgets import Select

    from players.console.content import content_of
    from players.console.rendering import render_inject
    from players.console.screens.adhoc import AdhocScreen

    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a", *"Account removed", "enter", *"The platform acted.")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdhocScreen)
        screen.query_one("#channel", Select).value = "app"
        screen.query_one("#sender", Select).value = "troll"
        await pilot.press("ctrl+s")
        await pilot.pause()

    drive(app, steps)
    [record] = [
        r for r in _records(journal_path) if r["type"] == "inject_delivered" and r.get("adhoc")
    ]
    assert (record["title"], record["body"]) == ("Account removed", "The platform acted.")
    assert record["adhoc"]["from"] == "troll"
    content = content_of(exercise.session, record["inject"])
    assert (content.sender, content.sender_handle) == ("Freedom Frontline", "@freedom_frontline")
    from rich.console import Console as RichConsole

    out = RichConsole(width=100, record=True, file=__import__("io").StringIO())
    out.print(render_inject(content, facilitator=False))
    room = out.export_text()
    assert "AD HOC" not in room and "Freedom Frontline" in room


POST = "Facts, fast: the training site is public."


@pytest.mark.parametrize(
    ("commands", "asked"),
    [
        (
            [c.SubmitChoice("k1", "d_respond", "blue", "ignore"), c.AcceptSubmission("k1")],
            "Undo step 4: accept submission: Public affairs, "
            "“How does public affairs respond to the post?”, Ignore it?",
        ),
        (
            [
                c.SubmitPost("k2", "app", "blue", "pao", POST),
                c.ReleasePost("k2"),
            ],
            "Undo step 4: release post: Public affairs, “Facts, fast: the training site is…”?",
        ),
    ],
)
def test_the_undo_confirmation_of_a_seats_submission_or_post_says_what_it_was_not_its_key(
    tmp_path: Path, commands: list[c.Command], asked: str
) -> None:
    exercise = JournaledSession.create(feed(), SEED, tmp_path / "feed.jsonl", wall=fixed_wall)
    for command in [c.Begin(), c.NextPhase(), *commands]:
        exercise.execute(command)
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = plain(app.screen.query_one(".question", Static), width=200)
        assert asked in question
        assert "key" not in question

    drive(app, steps)
    exercise.close()
