"""The journals committed under `tests/fixtures/journals/`, and how each was made.

Each fixture is a bundled scenario (its frozen 0.1.0 copy under `fixtures/journals/scenarios/`)
played with the engine's commands and a fixed wall clock: bots with seeds for every bundled
scenario, and one console-style session (notes, ratings,
feedback, an override, undo and redo, an ad-hoc inject, holds, a variable set by hand, a
pause). `tests/test_journal_fixtures.py` makes them again with the code of the day and
compares them with the committed files, so a change of the engine that changes a journal
fails; and it resumes, forks, views and reports the committed ones, so journals written by
version 0.1.0 stay readable. Regenerate (only when a journal change is intended) with
`.venv/bin/python -m tests.journal_fixtures`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.errors import CommandRefused
from engine.format.loader import load_scenario
from engine.journal.journaled_session import JournaledSession, scenario_from_header
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.lifecycle import Phase
from players.autoplay import play
from players.policies import GreedyPolicy, LeastUsedPolicy, RandomPolicy

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "journals"
SCENARIOS = FIXTURES / "scenarios"
"""The bundled scenarios as they were when the journals were written (0.1.0), frozen here so
that editing `scenarios/` (wording, sources, effects) does not move the fixtures."""


class FixedWall:
    """A wall clock that ticks one second per reading, from a fixed instant."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


SOURCE: dict[str, Path] = {}
"""While the test makes a fixture again: the committed journal whose scenario it plays."""


def compiled(scenario: str) -> CompiledScenario:
    """The scenario a fixture plays: the committed journal's own copy (so later edits of the
    bundled scenarios do not change what the engine is asked), else its frozen copy."""
    committed = SOURCE.get(scenario)
    if committed is not None:
        return scenario_from_header(read_journal(committed).header, committed)
    loaded = load_scenario(SCENARIOS / scenario, use_cache=False)
    return compile_scenario(loaded.scenario, loaded.content_hash)


def make_again(name: str, path: Path) -> None:
    """Make fixture `name` at `path` with today's code, from the committed journal's scenario."""
    SOURCE[SCENARIO_OF[name]] = FIXTURES / name
    try:
        MAKERS[name](path)
    finally:
        SOURCE.clear()


def _bots(scenario: str, seed: int, kind: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        ready = compiled(scenario)
        exercise = JournaledSession.create(ready, seed, path, wall=FixedWall())
        cells = [cell.id for cell in ready.scenario.cells]
        if kind == "random":
            policies: dict[str, Any] = {cell: RandomPolicy(seed) for cell in cells}
        elif kind == "greedy":
            policies = {cell: GreedyPolicy(seed) for cell in cells}
        else:
            shared: Counter[tuple[str, str]] = Counter()
            policies = {cell: LeastUsedPolicy(seed, shared) for cell in cells}
        with exercise:
            play(exercise.session, policies, execute=exercise.execute)

    return make


def _console(path: Path) -> None:
    """A facilitator's session on the flagship, built from the console's commands."""
    ready = compiled("portrait")
    scenario = ready.scenario
    objective = scenario.objectives[0]
    exercise = JournaledSession.create(ready, 11, path, wall=FixedWall())
    session = exercise.session
    run = exercise.execute
    with exercise:
        run(c.AddNote("The room is set up; all four cells present.", kind="observation"))
        run(c.Begin())
        run(c.AddNote("Blue command hesitates on the first report.", cell=scenario.cells[0].id))
        run(c.AddInject("Press call", body="A reporter asks about the leak.", channel="", to=()))
        pending = [
            i.id for i in scenario.injects if session.state.status_of(i.id).value == "pending"
        ]
        run(c.HoldInject(pending[-1]))
        run(c.UnholdInject(pending[-1]))
        run(c.Pause())
        run(c.Resume())
        variable = scenario.variables[0]
        value = session.state.values[variable.id]
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                run(c.SetVariable(variable.id, value + 1, "the white cell's ruling"))
            except CommandRefused:
                run(c.SetVariable(variable.id, value - 1, "the white cell's ruling"))
        run(c.AdvanceClock(15))
        _until_a_roll(session, run)
        roll = next(e for e in reversed(session.events) if e["type"] == "roll_made")
        option = ready.decisions[roll["decision"]].options[roll["option"]]
        other = next(o.id for o in option.outcomes if o.id != roll["outcome"])
        run(c.OverrideOutcome(roll["decision"], roll["cell"], other, "the dice were unkind"))
        run(c.Undo())
        run(c.Redo())
        run(c.Undo())
        run(c.RateTask(objective.id, objective.critical_tasks[0].id, "S", "Slow but sound."))
        run(
            c.AddNote(
                "Designate one spokesperson.",
                kind="action",
                objective=objective.id,
                corrective_action="Name a lead in the plan",
                capability_element="planning",
                responsible="PA office",
            )
        )
        run(c.AdvanceClock(5))
        run(c.Undo())
        run(c.Redo())
        run(c.RecordFeedback("Good pace, too few injects for press.", participant="P1"))
        run(c.EndExercise(None, "time is up"))
        run(c.AddNote("Hotwash: the cells wanted more time.", kind="hotwash"))
        run(c.CloseExercise())
        assert session.state.phase is Phase.ENDED


def _until_a_roll(session: Any, run: Callable[[c.Command], Any]) -> None:
    """Advance, choosing each cell's first available option, until a die has been rolled."""
    for _ in range(200):
        if any(e["type"] == "roll_made" for e in session.events):
            return
        pending = session.pending_choices()
        if pending and session.state.phase is Phase.DECISIONS:
            decision, cell = pending[0]
            options = [o for o in session.available_options(decision) if o.outcomes] or (
                session.available_options(decision)
            )
            run(c.RecordChoice(decision, cell, options[0].id, "first thoughts"))
        else:
            run(c.NextPhase())
    raise AssertionError("no roll in 200 steps")


MAKERS: dict[str, Callable[[Path], None]] = {
    "portrait-random-3.jsonl": _bots("portrait", 3, "random"),
    "portrait-greedy-5.jsonl": _bots("portrait", 5, "greedy"),
    "blueleaks-random-7.jsonl": _bots("blueleaks.yaml", 7, "random"),
    "gray_zone-least-used-2.jsonl": _bots("gray_zone.yaml", 2, "least-used"),
    "invisible_accounts-random-9.jsonl": _bots("invisible_accounts.yaml", 9, "random"),
    "portrait-console.jsonl": _console,
}
"""Each committed journal's file name and what makes it."""

SCENARIO_OF = {
    "portrait-random-3.jsonl": "portrait",
    "portrait-greedy-5.jsonl": "portrait",
    "blueleaks-random-7.jsonl": "blueleaks.yaml",
    "gray_zone-least-used-2.jsonl": "gray_zone.yaml",
    "invisible_accounts-random-9.jsonl": "invisible_accounts.yaml",
    "portrait-console.jsonl": "portrait",
}


def main() -> None:
    """Write every fixture journal afresh."""
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, make in MAKERS.items():
        target = FIXTURES / name
        target.unlink(missing_ok=True)
        make(target)
        print(target)


if __name__ == "__main__":
    main()
