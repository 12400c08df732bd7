"""Check, then apply: a command's check decides alone, changes nothing, and runs once."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from journal_fixtures import FIXTURES

from engine.errors import CommandRefused
from engine.journal.journaled_session import scenario_from_header
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play import handlers
from engine.play.session import Session

CONSOLE = FIXTURES / "portrait-console.jsonl"


def _sessions() -> list[Session]:
    """The console fixture's session after each of a dozen of its groups."""
    contents = read_journal(CONSOLE)
    compiled = scenario_from_header(contents.header, Path("console"))
    records = contents.records
    ends = sorted({i for i, r in enumerate(records) if r["type"] == "command"} | {len(records)})
    return [Session.replay(compiled, 11, records[:end]) for end in ends[1::3]]


def _commands(session: Session) -> list[c.Command]:
    scenario = session.compiled.scenario
    decision = next(iter(session.compiled.decisions.values()))
    option = next(iter(decision.options))
    inject = scenario.injects[-1].id
    objective = scenario.objectives[0]
    return [
        c.OpenBriefing(),
        c.Begin(),
        c.NextPhase(),
        c.Pause(),
        c.Resume(),
        c.RecordChoice(decision.id, decision.cells[0], option),
        c.ExpireDecision(decision.id),
        c.OverrideOutcome(decision.id, decision.cells[0], "x", "why"),
        c.ReleaseInject(inject),
        c.HoldInject(inject),
        c.UnholdInject(inject),
        c.CancelInject(inject),
        c.AddInject("A call"),
        c.SetVariable(scenario.variables[0].id, 1, "why"),
        c.AdvanceClock(5),
        c.AddNote("a note"),
        c.RateTask(objective.id, objective.critical_tasks[0].id, "P"),
        c.RecordFeedback("fine"),
        c.Undo(),
        c.Redo(),
        c.EndExercise(None),
        c.CloseExercise(),
    ]


def test_every_command_has_a_check_and_an_apply() -> None:
    assert set(handlers.RULES) == set(c.COMMANDS.values())


@pytest.mark.parametrize("session", _sessions(), ids=lambda s: f"after {len(s.events)}")
def test_a_check_never_emits_and_never_changes_the_state(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(fields: Any) -> None:
        raise AssertionError(f"a check emitted {fields['type']}")

    monkeypatch.setattr(session, "emit", refuse)
    before = session.state.key(), session.state.phase, session.state.paused_from
    for command in _commands(session):
        with contextlib.suppress(CommandRefused):
            handlers.RULES[type(command)].check(session, command)
        after = session.state.key(), session.state.phase, session.state.paused_from
        assert after == before, command


def test_execute_checks_a_command_once_before_its_group_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = _sessions()[0]
    real = handlers.RULES[c.AddNote]
    seen: list[int] = []

    def counting(context: Any, command: Any) -> Any:
        seen.append(len(session.events))
        return real.check(context, command)

    monkeypatch.setitem(handlers.RULES, c.AddNote, handlers.CommandRules(counting, real.apply))
    before = len(session.events)
    session.execute(c.AddNote("noted"))
    assert seen == [before]
