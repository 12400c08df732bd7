"""Partial-order reduction: which of the simultaneous choices the search needs to try first.

When several decisions are open at once, trying every order of the cells' choices makes the
search grow with the product of the orders, though most orders lead to the same states. A
choice in a decision resolved at adjudication only writes down the option: nothing reads it
until the adjudication phase resolves the decisions, in the order they were opened, whatever
the order of the choices. So such choices commute with every other move of the decisions
phase, and the search can take the decisions resolved at adjudication one at a time, in the
order they were opened: the first such decision with a cell still to choose (its *lead*)
goes before the others.

How far the lead goes first depends on what could change its options:

- **The lead's options have no `when`.** Nothing can make one of them unavailable, so every
  playthrough that chooses later can choose first and reach the same states: only the lead's
  choices are tried. A playthrough that ends before the lead chooses (an ending of a choice
  resolved on the spot) reaches the same ending, and the same injects, when the lead has
  chosen first: in the hotwash a state is only its ending and its injects
  (`engine.explore.state_key`). One that moves on while the lead waits for its default reaches
  the same adjudication as choosing the default first (the default has no `when` either).
- **Some have a `when`.** A choice resolved on the spot, or a facilitator move, could change
  which of them are available, so those are still tried in every order with the lead's;
  only the other decisions resolved at adjudication wait for the lead. This needs the lead's
  cell to have an option available now (otherwise the state may be a dead end, and what is
  tried there must stay what it was so the finding reads the same), and a default, if the
  decision has one, that has no `when` (moving on fills it in; choosing it must be possible).
- Otherwise every move is tried.

Choices in decisions resolved on choice are never held back: each resolves on the spot, and
moving on to the adjudication (legal while only they wait) leaves the others open, so every
subset of them is a state of its own that some playthrough reaches and leaves.

The reduction keeps every ending, every delivered inject, every decision opened, every option
chosen and every dead end (with the same message) of the full search; it relies on normal play
having no cycles (each move records a choice or moves the phase on), and
`tests/test_explore_reduction.py` checks the whole claim on every bundled scenario and on
generated ones. `explore(reduce=False)` (`wargame explore --no-reduction`) searches every
order, with states told apart by everything they hold.
"""

from __future__ import annotations

from engine.explore.independence import Independence
from engine.explore.state_graph import Move
from engine.format.model import Resolve
from engine.play import commands as c
from engine.play.compiled import CompiledDecision, CompiledScenario
from engine.play.state import ExerciseState


def lead_decision(
    compiled: CompiledScenario, state: ExerciseState
) -> tuple[CompiledDecision, str] | None:
    """The first open decision resolved at adjudication with a cell to choose, and that cell."""
    for open_decision in state.open_decisions.values():
        decision = compiled.decisions[open_decision.id]
        if decision.resolve is not Resolve.AT_ADJUDICATION:
            continue
        cell = next((x for x in decision.cells if x not in open_decision.choices), None)
        if cell is not None:
            return decision, cell
    return None


def reduce_moves(compiled: CompiledScenario, state: ExerciseState, moves: list[Move]) -> list[Move]:
    """The moves of the decisions phase that need trying now (see the module's docstring)."""
    lead = lead_decision(compiled, state)
    if lead is None:
        return moves
    decision, cell = lead
    options = decision.options.values()
    if all(option.when is None for option in options):
        return [move for move in moves if _is_choice_of(move, decision.id, cell)]
    default = decision.options.get(decision.default) if decision.default is not None else None
    if default is not None and default.when is not None:
        return moves
    if not any(_is_choice_of(move, decision.id, cell) for move in moves):
        return moves
    return [
        move
        for move in moves
        if not isinstance(move.command, c.RecordChoice)
        or move.command.decision == decision.id
        or compiled.decisions[move.command.decision].resolve is not Resolve.AT_ADJUDICATION
    ]


def _is_choice_of(move: Move, decision: str, cell: str) -> bool:
    command = move.command
    return (
        isinstance(command, c.RecordChoice)
        and command.decision == decision
        and command.cell == cell
    )


Choice = tuple[str, str, str]
"""A choice as (decision, cell, option): what sleep sets hold (a plain tuple hashes fast)."""


class SleepSets:
    """Sleep sets over choices: a choice tried from a state is not tried again from the states
    its independent siblings lead to (both orders reach the same state; Godefroid's sleep sets
    with state caching: every state is still visited, only the moves between them are fewer).

    Each state keeps the choices asleep in it (interned: few distinct sets). A state reached
    again with fewer choices asleep than it was expanded with has the difference tried then.
    """

    def __init__(self, independence: Independence) -> None:
        self.independence = independence
        self.asleep: list[frozenset[Choice]] = []
        self._interned: dict[frozenset[Choice], frozenset[Choice]] = {}

    def child(
        self, asleep: frozenset[Choice], tried: list[Choice], choice: Choice | None
    ) -> frozenset[Choice]:
        """What is asleep after a move (`choice`, or None for a move that is not a choice), in a
        state where `asleep` was and `tried` were tried before it: the choices it commutes with.
        """
        if choice is None or not (asleep or tried):
            return _AWAKE
        commute = self.independence.commute
        move = (choice[0], choice[2])
        kept = {x for x in asleep if commute((x[0], x[2]), move)}
        kept.update(x for x in tried if commute((x[0], x[2]), move))
        return self._intern(frozenset(kept))

    def arrive(
        self, number: int, new: bool, asleep: frozenset[Choice], expanded: bool
    ) -> frozenset[Choice]:
        """Record an arrival; returns the choices to try now (an expanded state woken up)."""
        if new:
            self.asleep.append(asleep)
            return _AWAKE
        before = self.asleep[number]
        if before <= asleep:
            return _AWAKE
        self.asleep[number] = self._intern(before & asleep)
        return before - asleep if expanded else _AWAKE

    def _intern(self, asleep: frozenset[Choice]) -> frozenset[Choice]:
        return self._interned.setdefault(asleep, asleep)


_AWAKE: frozenset[Choice] = frozenset()
