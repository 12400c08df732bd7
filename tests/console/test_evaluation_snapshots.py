"""What the evaluation team's dialogs look like (update with `--snapshot-update`, after looking)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from console_support import MINI, SEED, compile_file, console, fixed_wall
from textual.pilot import Pilot

from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c

Compare = Callable[..., bool]


def test_the_ratings_side_by_side_at_120_by_40(snap_compare: Compare, tmp_path: Path) -> None:
    """The Settle dialog over the main screen: the first task 'Answer the journalist with a
    cleared statement.' in bold with 'Dana Reyes S · Lee Park M → M NOT SETTLED' under it
    (the verdict in red), the second task 'not rated yet'; the four ratings; the 'Settled by'
    and 'Why' fields and the hint. Behind it the ratings panel shows the same line."""
    exercise = JournaledSession.create(
        compile_file(MINI), SEED, tmp_path / "j.jsonl", wall=fixed_wall
    )
    exercise.execute(c.Begin())
    exercise.execute(c.AddParticipant("Dana Reyes", role="evaluator"))
    exercise.execute(c.AddParticipant("Lee Park", role="evaluator"))
    exercise.execute(c.RateTask("obj_info", "answer_press", "S", "late", evaluator="Dana Reyes"))
    exercise.execute(c.RateTask("obj_info", "answer_press", "M", "", evaluator="Lee Park"))

    async def settle(pilot: Pilot[None]) -> None:
        await pilot.press("E")
        await pilot.pause()

    assert snap_compare(console(exercise), terminal_size=(120, 40), run_before=settle)


def test_the_roster_dialog_at_120_by_40(snap_compare: Compare, tmp_path: Path) -> None:
    """The Roster dialog: 'The roster (3 people)', then 'Dana Reyes · evaluator · FEMA Region 4
    · sees the control notes', 'Lee Park · evaluator · State EMA' and 'Sam Okafor · player ·
    County EOC · Public affairs'; the Remove and 'Grant / withdraw notes' buttons; the form to
    add a person (name, organisation, role 'player', 'No cell'); Add and Close."""
    exercise = JournaledSession.create(
        compile_file(MINI), SEED, tmp_path / "j.jsonl", wall=fixed_wall
    )
    exercise.execute(c.Begin())
    people = (
        {"name": "Dana Reyes", "organisation": "FEMA Region 4", "role": "evaluator"},
        {"name": "Lee Park", "organisation": "State EMA", "role": "evaluator"},
        {"name": "Sam Okafor", "organisation": "County EOC", "cell": "blue"},
    )
    exercise.execute(c.SetRoster(people, source="roster.yaml"))
    exercise.execute(c.GrantEvaluator("Dana Reyes"))

    async def roster(pilot: Pilot[None]) -> None:
        await pilot.press("P")
        await pilot.pause()

    assert snap_compare(console(exercise), terminal_size=(120, 40), run_before=roster)
