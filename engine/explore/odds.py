"""Decision support: the share of endings each option of an open decision leads to.

From a session's current state, for one cell's pending choice, `decision_odds` says for each
option what fraction of the playthroughs that start with that choice end at each ending, when
every later choice is made by uniform random bots (each cell picks uniformly among the options
available to it, in the order `players.autoplay` takes them) and every adjudication roll falls
as its table says. Facilitator moves (releases, holds, overrides) are never made.

**Exact** when it can be: the playthroughs form a graph of states (memoised on
`ExerciseState.key`, as the model checker does), and a state's odds are the chance-weighted sum
of its successors' odds, computed once per state. When the graph has more than `budget`
states, or a cycle (a loop in the story, where the sum would need solving), it gives up and
**samples** instead: `samples` seeded playthroughs per option, rolls drawn from the tables'
chances. The result says which it did and how many playthroughs a sample holds.

Both are bounded by an `Allowance`: the most commands the computation may run in all (the
exact walk's expansions and every sampled playthrough's steps). A long scenario (a thousand
injects, a playthrough of thousands of steps) runs out of it instead of running for minutes:
`TooCostly` says so, and the caller shows "not computed". Several computations may share one
allowance (the report's whole branch analysis does).

The engine's die is not consulted: the real exercise's rolls are fixed by its seed, but odds
that knew them would tell the facilitator the future instead of the risks.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from engine.collector import collector_paused
from engine.errors import CommandRefused
from engine.explore.memory import resident_memory
from engine.explore.search import Brancher, clone_session
from engine.play import commands as c
from engine.play.compiled import CompiledScenario
from engine.play.phase import CHOOSING, FINISHED, Phase
from engine.play.session import Session
from engine.play.state import ExerciseState
from engine.play.triggers import After

Method = Literal["exact", "sample"]

DEFAULT_BUDGET = 60_000
"""The most states the exact computation visits before it falls back to a sample."""
DEFAULT_SAMPLES = 400
"""Playthroughs per option in a sample."""
MAX_STEPS = 5_000
"""The most commands one sampled playthrough runs (more counts as stuck)."""
DEFAULT_ALLOWANCE = 1_000_000
"""The most commands one computation runs in all, by default (about 20 s of play)."""
MEMORY_MARGIN = 512 * 1024**2
"""How far the exact walk may grow the process's memory before it samples instead: the
walk holds whole states, and a long scenario's states are large."""
_MEMORY_EVERY = 256
"""Expansions between two looks at the process's memory."""

_STUCK = "\x00stuck"
"""The internal key of playthroughs that reach a dead end (no id can start with NUL)."""

Odds = dict[str | None, float]


@dataclass(frozen=True, slots=True)
class OptionOdds:
    """Where one option leads."""

    option: str
    available: bool
    """Whether the cell may take the option now (an unavailable one has no odds)."""
    endings: Mapping[str | None, float]
    """Each ending's share of the playthroughs, from 0 to 1, only those above 0; the key
    `None` is for playthroughs that end with no ending (the turns ran out)."""
    stuck: float = 0.0
    """The share that reaches a dead end (a decision no cell can answer)."""


@dataclass(frozen=True, slots=True)
class DecisionOdds:
    """The odds of every option of one cell's pending choice."""

    decision: str
    cell: str
    options: tuple[OptionOdds, ...]
    method: Method
    """`exact` (over every playthrough) or `sample` (seeded playthroughs)."""
    states: int
    """States the exact computation visited (when it gave up: how far it got)."""
    samples: int
    """Playthroughs per option in a sample; 0 when exact."""


class _GaveUp(Exception):
    """The exact computation cannot finish within its budget (or met a cycle)."""


class TooCostly(Exception):
    """The computation ran every command its allowance had and was stopped."""

    def __init__(self, steps: int) -> None:
        super().__init__(f"more than {steps:,} commands to compute")
        self.steps = steps


class Allowance:
    """The most commands one or several odds computations may still run, and how much memory
    the process may reach while they run (from its size when the allowance was made)."""

    __slots__ = ("left", "memory_ceiling", "steps")

    def __init__(self, steps: int = DEFAULT_ALLOWANCE, memory: int = MEMORY_MARGIN) -> None:
        self.steps = steps
        self.left = steps
        self.memory_ceiling = resident_memory() + memory

    def spend(self, count: int = 1) -> None:
        """Count `count` commands run; `TooCostly` once the allowance is overdrawn."""
        self.left -= count
        if self.left < 0:
            raise TooCostly(self.steps)


def decision_odds(
    session: Session,
    decision: str,
    cell: str | None = None,
    *,
    budget: int = DEFAULT_BUDGET,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    allowance: Allowance | None = None,
) -> DecisionOdds:
    """The ending odds of each option of `decision` for `cell`, from the session's state.

    The session is not changed. The same session state, arguments and scenario always give the
    same result.

    Args:
        session: the exercise, with `decision` open.
        decision: the decision's id.
        cell: the cell whose choice it is; the first cell still to choose when left out.
        budget: the most states the exact computation may visit (0: always sample).
        samples: playthroughs per option when sampling.
        seed: the sample's seed.
        allowance: the most commands the computation may run (default: a fresh
            `DEFAULT_ALLOWANCE`).

    Raises:
        CommandRefused: the decision is not open, or the cell has nothing left to choose.
        TooCostly: the allowance ran out before the odds were known.
    """
    return all_decision_odds(
        session,
        [(decision, cell)],
        budget=budget,
        samples=samples,
        seed=seed,
        allowance=allowance,
    )[0]


def all_decision_odds(
    session: Session,
    choices: Iterable[tuple[str, str | None]] | None = None,
    *,
    budget: int = DEFAULT_BUDGET,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    allowance: Allowance | None = None,
) -> list[DecisionOdds]:
    """`decision_odds` for several pending choices (every one by default), sharing the work.

    The exact computation's memo and budget are shared: states two choices both lead to are
    counted and computed once; so is the allowance.

    Raises:
        CommandRefused: a decision is not open, or its cell has nothing left to choose.
        TooCostly: the allowance ran out before the odds were known.
    """
    allowance = allowance if allowance is not None else Allowance()
    wanted = [
        _pending(session, decision, cell)
        for decision, cell in (session.pending_choices() if choices is None else choices)
    ]
    with collector_paused():
        walk = _Exact(session.compiled, session.seed, budget, allowance)
        try:
            return [walk.decision(session, decision, cell) for decision, cell in wanted]
        except _GaveUp:
            visited = len(walk.memo)
        return [
            _sampled(session, decision, cell, samples, seed, visited, allowance)
            for decision, cell in wanted
        ]


def _pending(session: Session, decision: str, cell: str | None) -> tuple[str, str]:
    open_decision = session.state.open_decisions.get(decision)
    if open_decision is None:
        raise CommandRefused(f"decision {decision!r} is not open")
    cells = session.compiled.decisions[decision].cells
    waiting = [x for x in cells if x not in open_decision.choices]
    if cell is None and waiting:
        cell = waiting[0]
    if cell is None or cell not in waiting:
        raise CommandRefused(f"no choice is waiting for cell {cell!r} on decision {decision!r}")
    return decision, cell


def _bot_commands(compiled: CompiledScenario, state: ExerciseState) -> list[c.Command]:
    """The commands uniform random bots pick among from a state (each equally likely).

    The same order of play as `players.autoplay`: in a phase where cells choose, the first
    pending choice with an available option; otherwise the next phase.
    """
    phase = state.phase
    if phase is Phase.SETUP:
        return [c.OpenBriefing()]
    if phase is Phase.BRIEFING:
        return [c.Begin()]
    if phase is Phase.PAUSED:
        return [c.Resume()]
    if phase in CHOOSING:
        for open_decision in state.open_decisions.values():
            compiled_decision = compiled.decisions[open_decision.id]
            options = [
                option.id
                for option in compiled_decision.options.values()
                if option.when is None or option.when(state)
            ]
            for cell in compiled_decision.cells:
                if cell not in open_decision.choices and options:
                    return [c.RecordChoice(open_decision.id, cell, o) for o in options]
    return [c.NextPhase()]


def _option_ids(session: Session, decision: str) -> list[tuple[str, bool]]:
    return [(option.id, available) for option, available in session.options(decision)]


class _Exact:
    """Odds of every state met, each computed once from its successors' (post-order)."""

    def __init__(
        self, compiled: CompiledScenario, seed: int, budget: int, allowance: Allowance
    ) -> None:
        self.compiled = compiled
        self.budget = budget
        self.allowance = allowance
        self.brancher = Brancher(compiled, seed)
        self.timed = frozenset(
            after.inject
            for inject in compiled.injects.values()
            if (after := inject.trigger.part(After)) is not None
        )
        self.memo: dict[object, dict[str, float]] = {}
        self.expansions = 0

    def decision(self, session: Session, decision: str, cell: str) -> DecisionOdds:
        options = []
        for option, available in _option_ids(session, decision):
            if not available:
                options.append(OptionOdds(option, False, {}))
                continue
            odds: dict[str, float] = {}
            command = c.RecordChoice(decision, cell, option)
            for chance, target in self._successors(session.state, [command]):
                _add(odds, self._solve(target), chance)
            options.append(_public(option, odds))
        return DecisionOdds(decision, cell, tuple(options), "exact", len(self.memo), 0)

    def _successors(
        self, state: ExerciseState, commands: list[c.Command]
    ) -> list[tuple[float, ExerciseState]]:
        """Each state the commands lead to, with its chance (commands equally likely)."""
        found: list[tuple[float, ExerciseState]] = []
        share = 1.0 / len(commands)
        self.allowance.spend(len(commands))
        for command in commands:
            for target, _ in self.brancher.run(state, command):
                found.append((share * self.brancher.chance, target))
        return found

    def _too_big(self) -> bool:
        return resident_memory() > self.allowance.memory_ceiling

    def _terminal(self, state: ExerciseState) -> dict[str, float] | None:
        if state.phase in FINISHED:
            return {state.ending or "": 1.0}
        return None

    def _solve(self, root: ExerciseState) -> dict[str, float]:
        """The odds of one state, by an explicit-stack post-order walk (no recursion limit)."""
        memo = self.memo
        root_key = root.key(self.timed)
        stack: list[tuple[object, ExerciseState, list[tuple[float, object]] | None]] = [
            (root_key, root, None)
        ]
        on_path: set[object] = set()
        while stack:
            key, state, children = stack[-1]
            if children is None:
                if key in memo:
                    stack.pop()
                    continue
                terminal = self._terminal(state)
                if terminal is not None:
                    memo[key] = terminal
                    stack.pop()
                    continue
                if len(memo) + len(on_path) >= self.budget:
                    raise _GaveUp
                self.expansions += 1
                if self.expansions % _MEMORY_EVERY == 0 and self._too_big():
                    raise _GaveUp
                try:
                    targets = self._successors(state, _bot_commands(self.compiled, state))
                except CommandRefused:
                    memo[key] = {_STUCK: 1.0}
                    stack.pop()
                    continue
                keyed = [(chance, target.key(self.timed), target) for chance, target in targets]
                stack[-1] = (key, state, [(chance, k) for chance, k, _ in keyed])
                on_path.add(key)
                for _, target_key, target in keyed:
                    if target_key in on_path:
                        raise _GaveUp  # a loop in the story: the odds would need solving
                    if target_key not in memo:
                        stack.append((target_key, target, None))
                continue
            odds: dict[str, float] = {}
            for chance, child in children:
                _add(odds, memo[child], chance)
            memo[key] = odds
            on_path.discard(key)
            stack.pop()
        return memo[root_key]


def _add(into: dict[str, float], odds: Mapping[str, float], chance: float) -> None:
    for ending, share in odds.items():
        into[ending] = into.get(ending, 0.0) + share * chance


def _public(option: str, odds: Mapping[str, float]) -> OptionOdds:
    endings: Odds = {
        (ending or None): share for ending, share in odds.items() if ending != _STUCK and share > 0
    }
    return OptionOdds(option, True, endings, odds.get(_STUCK, 0.0))


def _sampled(
    session: Session,
    decision: str,
    cell: str,
    samples: int,
    seed: int,
    visited: int,
    allowance: Allowance,
) -> DecisionOdds:
    options = []
    for option, available in _option_ids(session, decision):
        if not available:
            options.append(OptionOdds(option, False, {}))
            continue
        rng = random.Random(f"{seed}:{decision}:{cell}:{option}")
        counts: dict[str, float] = {}
        for _ in range(samples):
            ending = _playthrough(session, c.RecordChoice(decision, cell, option), rng, allowance)
            counts[ending] = counts.get(ending, 0.0) + 1.0 / samples
        options.append(_public(option, counts))
    return DecisionOdds(decision, cell, tuple(options), "sample", visited, samples)


def _playthrough(
    session: Session, first: c.Command, rng: random.Random, allowance: Allowance
) -> str:
    """One random playthrough from the session's state after `first`: its ending key."""
    clone = clone_session(session)
    clone.roller = lambda _decision, _cell, _seed: rng.randint(1, 100)
    command = first
    for _ in range(MAX_STEPS):
        allowance.spend()
        try:
            clone.execute(command)
        except CommandRefused:
            return _STUCK
        if clone.state.phase in FINISHED:
            return clone.state.ending or ""
        command = rng.choice(_bot_commands(clone.compiled, clone.state))
    return _STUCK
