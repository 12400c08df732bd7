"""Headless play: policies decide for every cell and the exercise moves on by itself.

The same loop serves `wargame play` (with a journal), `wargame simulate` (many in parallel)
and the benchmarks, so what they measure is what authors run. Time moves by the engine's one
rule (`engine.play.clock`): an inject waiting for confirmation is confirmed at once; the cells
make every choice they can; in the decisions phase the clock then moves to the next moment
something falls due in the turn; with nothing more due, the exercise moves to the next phase.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine.errors import CommandRefused
from engine.play.clock import awaiting_confirmation, next_scheduled
from engine.play.commands import (
    AdvanceClock,
    Begin,
    Command,
    NextPhase,
    RecordChoice,
    ReleaseInject,
)
from engine.play.compiled import CompiledOption
from engine.play.events import Event
from engine.play.lifecycle import CHOOSING, Phase
from engine.play.session import Session
from players.policies import Policy

Execute = Callable[[Command], list[Event]]


class DeadEnd(Exception):
    """The exercise cannot go on: a decision waits for a cell that has no available option."""


@dataclass(frozen=True)
class PlayResult:
    """How a headless playthrough ended."""

    ending: str | None
    turns: int
    choices: int
    steps: int
    stopped: str
    """`ending`, `choice limit` or `turns exhausted`."""


def play(
    session: Session,
    policies: Mapping[str, Policy],
    *,
    execute: Execute | None = None,
    max_choices: int | None = None,
) -> PlayResult:
    """Play from wherever the session is until it ends (or `max_choices` choices were made).

    `execute` runs a command (default: the session's own; pass a journaled session's to
    write a journal). `policies` maps each cell id to its policy.

    Raises:
        DeadEnd: no cell can make a choice the exercise waits for.
    """
    run = execute or session.execute
    choices = steps = 0
    if session.state.phase is Phase.BRIEFING:
        run(Begin())
        steps += 1
    while not session.finished:
        if max_choices is not None and choices >= max_choices:
            return PlayResult(None, session.state.turn, choices, steps, "choice limit")
        state = session.state
        awaiting = awaiting_confirmation(session.compiled, state)
        if awaiting is not None:
            run(ReleaseInject(awaiting))
        elif (pending := _next_choice(session) if state.phase in CHOOSING else None) is not None:
            decision, cell, options = pending
            choice = policies[cell].choose(session, decision, cell, options)
            run(RecordChoice(decision, cell, choice.option, choice.rationale))
            choices += 1
        elif state.phase is Phase.DECISIONS and (
            stop := next_scheduled(session.compiled, state)
        ) is not None:
            run(AdvanceClock(stop - state.clock))
        else:
            try:
                run(NextPhase())
            except CommandRefused as refused:
                raise DeadEnd(str(refused)) from None
        steps += 1
    stopped = "ending" if session.state.ending else "turns exhausted"
    return PlayResult(session.state.ending, session.state.turn, choices, steps, stopped)


def _next_choice(session: Session) -> tuple[str, str, list[CompiledOption]] | None:
    """The first pending choice a cell can make, with the options it may take."""
    for decision, cell in session.pending_choices():
        options = session.available_options(decision)
        if options:
            return decision, cell, options
    return None
