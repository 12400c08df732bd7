"""A session bound to its journal: resume exactly, refuse a changed scenario, fork a branch."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from engine.errors import JournalError
from engine.format.canonical import content_hash
from engine.format.model import Scenario
from engine.journal.journaled_session import JournaledSession, fork
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.compiled import CompiledScenario, compile_scenario
from players.autoplay import play
from players.policies import RandomPolicy

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "blueleaks.yaml"


def _compiled(path: Path = SCENARIO) -> CompiledScenario:
    scenario = Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    return compile_scenario(scenario, content_hash(scenario))


def _fixed_wall() -> datetime:
    return datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _played(path: Path, seed: int = 7) -> JournaledSession:
    compiled = _compiled()
    exercise = JournaledSession.create(compiled, seed, path, wall=_fixed_wall)
    policies = {cell.id: RandomPolicy(seed) for cell in compiled.scenario.cells}
    play(exercise.session, policies, execute=exercise.execute)
    return exercise


def test_a_resumed_session_has_the_state_and_events_of_the_live_one(tmp_path: Path) -> None:
    exercise = _played(tmp_path / "j.jsonl")
    live_key, live_events = exercise.session.state.key(), exercise.session.events
    exercise.close()
    resumed = JournaledSession.resume(tmp_path / "j.jsonl").exercise
    assert resumed.session.state.key() == live_key
    replayed = [
        {key: value for key, value in event.items() if key not in ("wall", "size")}
        for event in resumed.session.events
    ]
    assert replayed == live_events
    resumed.close()


def test_the_same_seed_and_choices_write_the_same_journal_but_for_wall_times(
    tmp_path: Path,
) -> None:
    _played(tmp_path / "a.jsonl").close()
    _played(tmp_path / "b.jsonl").close()
    a, b = read_journal(tmp_path / "a.jsonl"), read_journal(tmp_path / "b.jsonl")
    assert a.records == b.records
    assert len(a.records) > 50


def test_resuming_against_a_changed_scenario_is_refused_unless_forced(tmp_path: Path) -> None:
    _played(tmp_path / "j.jsonl").close()
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    data["summary"] = "A different summary."
    edited = Scenario.model_validate(data)
    expected = compile_scenario(edited, content_hash(edited))
    assert _compiled().content_hash != expected.content_hash
    with pytest.raises(JournalError, match="the scenario has changed since this journal was"):
        JournaledSession.resume(tmp_path / "j.jsonl", expected=expected)
    forced = JournaledSession.resume(tmp_path / "j.jsonl", expected=expected, force=True)
    assert forced.exercise.session.compiled.scenario.summary != "A different summary."
    forced.exercise.close()


def test_a_fork_replays_up_to_its_step_and_records_where_it_came_from(tmp_path: Path) -> None:
    exercise = _played(tmp_path / "source.jsonl")
    choice = next(e for e in exercise.session.events if e["type"] == "choice_recorded")
    exercise.close()
    step = choice["group"] - 1  # just before the first choice
    branch = fork(tmp_path / "source.jsonl", step, tmp_path / "branch.jsonl", wall=_fixed_wall)
    header = read_journal(tmp_path / "branch.jsonl").header
    assert header["forked_from"]["step"] == step
    assert header["forked_from"]["journal"].endswith("source.jsonl")
    assert max(e["group"] for e in branch.session.events) == step
    pending = branch.session.pending_choices()
    assert (choice["decision"], choice["cell"]) in pending
    options = branch.session.options(choice["decision"])
    other = next(o.id for o, ok in options if ok and o.id != choice["option"])
    events = branch.execute(c.RecordChoice(choice["decision"], choice["cell"], other, "what if"))
    recorded = events[1]
    assert recorded["type"] == "choice_recorded" and recorded["option"] == other
    branch.close()
    assert read_journal(tmp_path / "branch.jsonl").records[-1]["group"] == step + 1


def test_a_fork_at_a_step_the_journal_does_not_have_is_refused(tmp_path: Path) -> None:
    _played(tmp_path / "source.jsonl").close()
    with pytest.raises(JournalError, match="no step 99999; steps run from 0 to"):
        fork(tmp_path / "source.jsonl", 99999, tmp_path / "branch.jsonl")
    assert not (tmp_path / "branch.jsonl").exists()


def test_a_journal_is_never_overwritten(tmp_path: Path) -> None:
    _played(tmp_path / "j.jsonl").close()
    with pytest.raises(JournalError, match="already exists"):
        JournaledSession.create(_compiled(), 1, tmp_path / "j.jsonl")
