"""What the console looks like. Each snapshot's docstring says what a reviewer should see.

Deterministic: the journal's wall clock is fixed, the turn timer's clock stands still, the
journal lives in a tmp folder and is never shown. Update with `--snapshot-update`, after
looking at the SVGs.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from console_support import MINI, SEED, compile_file, console, fixed_wall
from textual.pilot import Pilot
from textual.widgets import Input

from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from players.console.viewer import ViewerApp

Compare = Callable[..., bool]


def _exercise(tmp_path: Path) -> JournaledSession:
    return JournaledSession.create(compile_file(MINI), SEED, tmp_path / "j.jsonl", wall=fixed_wall)


async def _begin(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await pilot.pause()


def test_the_briefing(snap_compare: Compare, tmp_path: Path) -> None:
    """A green UNCLASSIFIED banner on top; the title, mission area, threat, turns (2 × 12h),
    the summary, one objective and a table of the two cells with the actors each plays;
    the footer offers Enter to begin."""
    assert snap_compare(console(_exercise(tmp_path)), terminal_size=(120, 40))


def test_the_main_screen_at_120_by_40(snap_compare: Compare, tmp_path: Path) -> None:
    """Banner; MSEL with three T1 injects delivered (green), T2 pending and the contingency
    'release'; the first of them, the TikTok post, 'presented to the room', with its
    facilitator box (objectives by their text) and '2 more delivered · i: present the next' on
    the panel's bottom edge; situation with Turn 1/2 · delivery · D+0 08:00, the timer at
    00:00 / 20:00 and three variables (exposure marked ◌ in its own column, facilitator only);
    both open decisions, 'Sue' available
    because the story is out; the ratings panel with two unrated tasks; the footer."""
    assert snap_compare(console(_exercise(tmp_path)), terminal_size=(120, 40), run_before=_begin)


def test_the_main_screen_at_80_by_24(snap_compare: Compare, tmp_path: Path) -> None:
    """The narrow layout: no MSEL and no ratings panel; the presented inject on the left with
    '2 more delivered · i: present the next' under it, situation (the ◌ of exposure not cut off
    by its label) and decisions on the right, nothing cut off mid-word at the panel edges; the
    footer shows n, c, t, m, u, ? and q whole, then ^p palette."""
    assert snap_compare(console(_exercise(tmp_path)), terminal_size=(80, 24), run_before=_begin)


def test_a_social_post_inject(snap_compare: Compare, tmp_path: Path) -> None:
    """The TikTok post as a card: 'Freedom Frontline @freedom_frontline · D+0 08:00', the
    bold title, the text, '#militarytiktok #army', then ♥ 12.4K ⇄ 3.1K ✉ 870 ▶ 1.1M views;
    below it the yellow 'facilitator only' box with the note, question and expected action."""

    async def show_post(pilot: Pilot[None]) -> None:
        await _begin(pilot)
        await pilot.press("enter")  # the MSEL's first row
        await pilot.pause()

    assert snap_compare(console(_exercise(tmp_path)), terminal_size=(120, 40), run_before=show_post)


def test_a_news_inject(snap_compare: Compare, tmp_path: Path) -> None:
    """The Daily Bugle story: the outlet in capitals over a rule, the headline in reverse
    video, 'D+0 08:00 · Alex Chen', then the article text; no facilitator box (it has none)."""

    async def show_news(pilot: Pilot[None]) -> None:
        await _begin(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()

    assert snap_compare(console(_exercise(tmp_path)), terminal_size=(120, 40), run_before=show_news)


def test_the_help_screen(snap_compare: Compare, tmp_path: Path) -> None:
    """A dialog over the main screen listing every key by group (main screen, briefing,
    anywhere) with its action and what it does, then ctrl+p and the dialog keys."""

    async def open_help(pilot: Pilot[None]) -> None:
        await _begin(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(console(_exercise(tmp_path)), terminal_size=(120, 40), run_before=open_help)


def test_the_players_view(snap_compare: Compare, tmp_path: Path) -> None:
    """The room's view: banner; a status line with the title, Turn 1/2 · delivery and
    'view: the room'; the news story as the current inject (the red tasking is not shown);
    only the public variables (trust and story, not exposure); earlier: the TikTok post.
    No facilitator note anywhere."""
    exercise = _exercise(tmp_path)
    exercise.execute(c.Begin())
    exercise.close()
    # A fixed file name: the journal's path is never drawn, but keep it out of the tmp name.
    journal = tmp_path / "view.jsonl"
    shutil.copy(tmp_path / "j.jsonl", journal)
    assert snap_compare(ViewerApp(journal), terminal_size=(120, 40))


def test_the_note_dialog_with_the_improvement_plan_at_80_by_24(
    snap_compare: Compare, tmp_path: Path
) -> None:
    """The note dialog, kind 'Improvement action', scrolled to the improvement plan: every
    field under its own label ('Corrective action', 'Capability element', 'Responsible
    organisation'...), the corrective action filled in ('Train the PA cell') and its label
    still above it; the dropdowns stay inside the dialog."""

    async def plan(pilot: Pilot[None]) -> None:
        await _begin(pilot)
        await pilot.press("m", *"Slow to flag", "tab", "down", "down", "down")
        await pilot.pause()
        app = pilot.app
        field = app.screen.query_one("#corrective_action", Input)
        field.value = "Train the PA cell"
        field.focus()  # scrolled into view: the plan's fields fill the dialog
        await pilot.pause()

    assert snap_compare(console(_exercise(tmp_path)), terminal_size=(80, 24), run_before=plan)


def test_the_adhoc_dialog_at_120_by_40(snap_compare: Compare, tmp_path: Path) -> None:
    """The ad-hoc dialog: Title, Text, Channel and author (a 'From' dropdown), To, the whole
    'Known:' list of cells and actors with their names, wrapped inside the dialog, and the
    facilitator notes, each field under its label."""

    async def adhoc(pilot: Pilot[None]) -> None:
        await _begin(pilot)
        await pilot.press("a", *"Account removed")
        await pilot.pause()

    assert snap_compare(console(_exercise(tmp_path)), terminal_size=(120, 40), run_before=adhoc)
