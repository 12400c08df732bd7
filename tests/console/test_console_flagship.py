"""The flagship, Portrait, played in the console from briefing to an ending by keys alone."""

from __future__ import annotations

from pathlib import Path

from console_support import console, drive, fixed_wall
from textual.pilot import Pilot

from engine.format.loader import load_scenario
from engine.journal.journaled_session import JournaledSession
from engine.journal.store import read_journal
from engine.play.compiled import compile_scenario
from engine.play.lifecycle import Phase
from players.console.screens.main import MainScreen

FLAGSHIP = Path(__file__).resolve().parents[2] / "scenarios" / "portrait"


def test_the_flagship_is_played_to_an_ending_by_keys_with_notes_and_a_rating(
    tmp_path: Path,
) -> None:
    loaded = load_scenario(FLAGSHIP)
    compiled = compile_scenario(loaded.scenario, loaded.content_hash)
    journal = tmp_path / "portrait.jsonl"
    exercise = JournaledSession.create(compiled, 11, journal, wall=fixed_wall)
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("m", *"Room debated the premise", "enter")
        await pilot.press("t", "enter", "enter", *"fused quickly", "enter")
        for _ in range(200):
            session = exercise.session
            if session.finished:
                break
            waiting = [
                pair
                for pair in session.pending_choices()
                if any(ok for _, ok in session.options(pair[0]))
            ]
            if waiting and session.phase in (Phase.DELIVERY, Phase.DELIBERATION, Phase.DECISIONS):
                await pilot.press("c", "enter", *"by keys", "enter")
            else:
                await pilot.press("n")
            await pilot.pause()
        assert exercise.session.finished

    drive(app, steps)
    exercise.close()
    records = read_journal(journal).records
    kinds = [record["type"] for record in records]
    assert kinds.count("choice_recorded") >= 4
    assert all(r["rationale"] == "by keys" for r in records if r["type"] == "choice_recorded")
    assert "ending_reached" in kinds
    note = next(r for r in records if r["type"] == "note_added")
    assert note["text"] == "Room debated the premise"
    assert note["inject"] is not None
    rating = next(r for r in records if r["type"] == "task_rated")
    assert (rating["objective"], rating["rating"], rating["observation"]) == (
        "obj_intel",
        "P",
        "fused quickly",
    )
