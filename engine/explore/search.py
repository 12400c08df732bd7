"""The model checker: every state a scenario can reach, and what is wrong with any of them.

From the start, a breadth-first search tries every move: every available option of every
pending choice, the next phase when it is legal, and every outcome of every adjudication roll
(the die is replaced by one that lands on each outcome with a positive chance in turn). States
are memoised on `ExerciseState.key()`, so the graph is as small as the story's real branching.
Facilitator moves (releasing a contingency inject, holding an inject) are searched too, but
only after normal play is exhausted, and what they reach is reported apart.

Two reductions keep the graph small without losing any reachable state:
- choices are made in the decisions phase only: in delivery and deliberation nothing else can
  happen between a choice and the next phase, so making it earlier reaches the same states;
- in a decision, the cells choose in the order the decision lists them: choices of one
  decision only take effect together, so their order never matters.
Holds are offered in the decisions phase only (a held inject and a not-yet-due one behave the
same until it falls due, and nothing falls due in delivery or deliberation); releases in the
decisions, adjudication and turn-end phases (each sees a different moment of the turn).
Choices of decisions open at once are reduced further (`engine.explore.reduction`), and states
are told apart by a 16-byte key of what can still matter (`engine.explore.state_key`).

Two bounds stop the search early, both with what it found so far: `budget` (states) and
`max_memory` (the process's resident set, `engine.explore.memory`).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from engine.collector import collector_paused
from engine.errors import CommandRefused
from engine.explore import memory
from engine.explore.findings import ExploreResult, findings_of
from engine.explore.independence import Independence
from engine.explore.memory import CHECK_EVERY, DEFAULT_MAX_MEMORY, SEARCH_SHARE, MemoryGauge
from engine.explore.reduction import Choice, SleepSets, reduce_moves
from engine.explore.state_graph import Move, StateGraph
from engine.explore.state_key import StateKeys
from engine.play import commands as c
from engine.play.clock import awaiting_confirmation, next_scheduled
from engine.play.compiled import CompiledOption, CompiledScenario
from engine.play.phase import FINISHED, Phase
from engine.play.rules import outcome_shares
from engine.play.session import Session
from engine.play.state import ExerciseState, InjectStatus

_RELEASE_PHASES = (Phase.DECISIONS, Phase.ADJUDICATION, Phase.TURN_END)
FACILITATOR_MOVES = 2
"""The most facilitator moves on one searched path (what needs more is reported unreachable)."""


def clone_session(session: Session) -> Session:
    """A new session in the same state as `session`, to branch from (no undo history)."""
    state = session.state.copy()
    return Session(session.compiled, session.seed, state=state, roller=session.roller)


class Brancher:
    """Runs a command from a stored state on one reusable session, once per roll outcome.

    After each result `run` yields, `chance` is that result's probability under the tables'
    own chances (1.0 when nothing was rolled).
    """

    def __init__(self, compiled: CompiledScenario, seed: int) -> None:
        self.compiled = compiled
        self.seed = seed
        self.session = Session(compiled, seed, roller=self._roll)
        self._tables: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self._prefix: list[int] = []
        self._arity: list[int] = []
        self._picked: list[int] = []
        self._labels: list[str] = []
        self.chance = 1.0

    def load(self, state: ExerciseState) -> Session:
        """The reusable session, now holding a copy of `state`."""
        self.session.stand_at(state.copy())
        return self.session

    def _roll(self, decision: str, cell: str, seed: int) -> int:
        option_id = self.session.state.open_decisions[decision].choices[cell]
        table = self._tables.get((decision, option_id))
        if table is None:
            option = self.compiled.decisions[decision].options[option_id]
            table = _landing_rolls(option, self.session.state)
            if all(outcome.chance_of is None for outcome in option.outcomes):
                self._tables[(decision, option_id)] = table  # the same in every state
        step = len(self._picked)
        pick = self._prefix[step] if step < len(self._prefix) else 0
        self._arity.append(len(table))
        self._picked.append(pick)
        roll, outcome = table[pick]
        self.chance *= (roll - (table[pick - 1][0] if pick else 0)) / table[-1][0]
        self._labels.append(f"{decision}/{cell} rolled {outcome}")
        return roll

    def run(
        self, state: ExerciseState, command: c.Command
    ) -> Iterator[tuple[ExerciseState, tuple[str, ...]]]:
        """Every state the command can lead to from `state` (one per combination of outcomes).

        Raises:
            CommandRefused: the command is not legal in `state` (raised before any result).
        """
        self._prefix = []
        while True:
            self._arity, self._picked, self._labels = [], [], []
            self.chance = 1.0
            session = self.load(state)
            session.execute(command)
            yield session.state, tuple(self._labels)
            # The next combination: bump the last roll that has an outcome left (an odometer).
            step = len(self._picked) - 1
            while step >= 0 and self._picked[step] + 1 >= self._arity[step]:
                step -= 1
            if step < 0:
                return
            self._prefix = [*self._picked[:step], self._picked[step] + 1]


def _landing_rolls(option: CompiledOption, state: ExerciseState) -> list[tuple[int, str]]:
    """For each outcome with a share of the die in `state`, a d100 roll that lands on it."""
    found: list[tuple[int, str]] = []
    total = 0
    for outcome, share in zip(option.outcomes, outcome_shares(option.outcomes, state), strict=True):
        total += share
        if share > 0:
            found.append((total, outcome.id))
    return found


def _moves(
    compiled: CompiledScenario, state: ExerciseState, facilitator: bool, reduce: bool
) -> list[Move]:
    """The moves to try from a state (normal ones first)."""
    phase = state.phase
    found: list[Move] = []
    if phase is Phase.SETUP:
        return [Move(c.OpenBriefing(), (), False)]
    if phase is Phase.BRIEFING:
        return [Move(c.Begin(), (), False)]
    if phase is Phase.PAUSED:
        return [Move(c.Resume(), (), False)]
    if phase in FINISHED:
        return []
    awaiting = awaiting_confirmation(compiled, state)
    if awaiting is not None:  # confirmed at once, as bots do: never a branch
        return [Move(c.ReleaseInject(awaiting), (), False)]
    stop: int | None = None
    if phase is Phase.DECISIONS:
        for open_decision in state.open_decisions.values():
            decision = compiled.decisions[open_decision.id]
            cell = next((x for x in decision.cells if x not in open_decision.choices), None)
            if cell is None:
                continue
            for option in decision.options.values():
                if option.when is None or option.when(state):
                    found.append(Move(c.RecordChoice(decision.id, cell, option.id), (), False))
        stop = next_scheduled(compiled, state)
    if stop is None:
        found.append(Move(c.NextPhase(), (), False))
    elif not found:  # the clock moves on only once the cells have chosen
        found.append(Move(c.AdvanceClock(stop - state.clock), (), False))
    if facilitator:
        injects = compiled.injects
        for inject_id, inject in injects.items():
            status = state.status.get(inject_id)
            if not inject.automatic and status is None and phase in _RELEASE_PHASES:
                found.append(Move(c.ReleaseInject(inject_id), (), True))
            elif (
                inject.automatic
                and phase is Phase.DECISIONS
                and (status is None or status is InjectStatus.SCHEDULED)
            ):
                found.append(Move(c.HoldInject(inject_id), (), True))
    if reduce and phase is Phase.DECISIONS:
        return reduce_moves(compiled, state, found)
    return found


def _dead_end_reason(session: Session, refusal: str) -> str:
    waiting = [
        f"{cell} on {decision!r}"
        for decision, cell in session.pending_choices()
        if not any(available for _, available in session.options(decision))
    ]
    if waiting:
        return f"no option is available for {', '.join(waiting)} and {refusal}"
    return refusal


@dataclass(frozen=True)
class Limits:
    """How far a search may go, and how it searches."""

    budget: int = 200_000
    """The most states to visit."""
    max_memory: int | None = DEFAULT_MAX_MEMORY
    """The most bytes the process may hold (its resident set); None: no bound."""
    gauge: MemoryGauge | None = None
    """How the process's memory is read (None: `memory.resident_memory`)."""
    reduce: bool = True
    """Partial-order reduction of simultaneous choices (`engine.explore.reduction`) and keys
    of what can still matter (`engine.explore.state_key`)."""
    progress: Callable[[int, int | None], None] | None = None
    """Told `(states so far, None)` every `CHECK_EVERY` states (None: the total is not known
    before the search ends); `wargame explore` draws it as a bar."""


def explore(
    compiled: CompiledScenario,
    *,
    budget: int = 200_000,
    start: Session | None = None,
    facilitator: bool = True,
    facilitator_moves: int = FACILITATOR_MOVES,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    gauge: MemoryGauge | None = None,
    reduce: bool = True,
    progress: Callable[[int, int | None], None] | None = None,
) -> ExploreResult:
    """Search every state reachable from the start (a new session's briefing by default).

    Normal play is searched first, to the end. Then, only if some ending or inject was not
    reached, paths with up to `facilitator_moves` facilitator moves are searched (those with
    fewer first) until every missing one is found or there is nothing left to search.

    Args:
        compiled: the scenario.
        budget: the most states to visit; the result says whether the search was complete.
        start: a session to search from (its state is copied; it is not changed).
        facilitator: also search facilitator moves (releases and holds).
        facilitator_moves: the most facilitator moves on one path.
        max_memory: stop (incomplete, with what was found) once the process holds
            `SEARCH_SHARE` of this many bytes; None: no bound.
        gauge: how the process's memory is read (None: its resident set).
        reduce: partial-order reduction of simultaneous choices and state keys of only what
            can still matter (the same findings, fewer states and moves); False: every order,
            and states told apart by all they hold.
        progress: told `(states so far, None)` as the search goes (`Limits.progress`).
    """
    limits = Limits(budget, max_memory, gauge, reduce, progress)
    # The search keeps every state's key and edges alive and makes next to no cycles: with the
    # collector running, its passes over the growing heap took more than half the time.
    with collector_paused():
        return _explore(compiled, limits, start, facilitator, facilitator_moves)


def _explore(
    compiled: CompiledScenario,
    limits: Limits,
    start: Session | None,
    facilitator: bool,
    facilitator_moves: int,
) -> ExploreResult:
    started = time.perf_counter()
    if start is None:
        opening = Session.start(compiled, 0)
        root, seed = opening.state.copy(), 0
    else:
        root, seed = start.state.copy(), start.seed
    keys = StateKeys(compiled.scenario, exact=not limits.reduce)
    graph, edges, stopped = _search(compiled, keys, root, seed, limits, 0, set())
    missing = _missing(compiled, graph) if stopped is None and facilitator else set()
    if missing and facilitator_moves > 0:
        # Again, with facilitator moves: normal play is searched the same way first, so the
        # numbers and example paths of normal play do not change.
        del graph  # let the first graph go before the second grows
        graph, edges, stopped = _search(
            compiled, keys, root, seed, limits, facilitator_moves, missing
        )
    graph.pending = []  # the states still waiting: the findings need only the graph
    return findings_of(
        compiled,
        graph,
        edges,
        stopped,
        limits.budget,
        limits.max_memory,
        time.perf_counter() - started,
    )


def _search(
    compiled: CompiledScenario,
    keys: StateKeys,
    root: ExerciseState,
    seed: int,
    limits: Limits,
    most: int,
    missing: set[str],
) -> tuple[StateGraph, int, str | None]:
    """Breadth-first, level by level (level = facilitator moves on the path so far).

    Levels above 0 stop as soon as nothing in `missing` is left to find. Returns the graph,
    the number of edges, and what stopped the search early (`budget`, `memory` or None).
    """
    search = _Search(compiled, keys, seed, limits, most, missing)
    search.graph.add(root, 0)
    if search.sleep is not None:
        search.sleep.arrive(0, True, frozenset(), False)
    stopped = search.run()
    return search.graph, search.edges, stopped


class _Search:
    """One breadth-first search: the graph it fills and the queues of states to expand."""

    def __init__(
        self,
        compiled: CompiledScenario,
        keys: StateKeys,
        seed: int,
        limits: Limits,
        most: int,
        missing: set[str],
    ) -> None:
        self.compiled = compiled
        self.brancher = Brancher(compiled, seed)
        self.graph = StateGraph(keys)
        self.limits = limits
        self.most = most
        self.missing = missing
        self.queues: list[deque[int]] = [deque([0]), *(deque() for _ in range(most))]
        self.again: deque[tuple[int, ExerciseState, frozenset[Choice]]] = deque()
        """States woken up after they were expanded, with the choices still to try there."""
        # Sleep sets only where no facilitator move is searched: levels need no waking up.
        reduce = limits.reduce and most == 0
        self.sleep = SleepSets(Independence(compiled)) if reduce else None
        self.edges = 0

    def run(self) -> str | None:
        """Expand until done; returns what stopped the search early (None: nothing did)."""
        graph, limits = self.graph, self.limits
        memory_bound = (
            int(limits.max_memory * SEARCH_SHARE) if limits.max_memory is not None else None
        )
        next_check = CHECK_EVERY
        gauge = limits.gauge or memory.resident_memory
        for level, queue in enumerate(self.queues):
            while queue and (level == 0 or self.missing):
                number = queue.popleft()
                if graph.expanded[number]:
                    continue
                if graph.size > limits.budget:
                    return "budget"
                if graph.size >= next_check:
                    next_check = graph.size + CHECK_EVERY
                    if limits.progress is not None:
                        limits.progress(graph.size, None)
                    if memory_bound is not None and gauge() > memory_bound:
                        return "memory"
                graph.expanded[number] = True
                state = graph.pending[number]
                graph.pending[number] = None
                assert state is not None
                graph.start_edges(number)
                self.expand(number, state, level, None)
                while self.again:
                    woken, woken_state, choices = self.again.popleft()
                    self.expand(woken, woken_state, 0, choices)
        return None

    def expand(
        self,
        number: int,
        state: ExerciseState,
        level: int,
        only: frozenset[Choice] | None,
    ) -> None:
        """Try the moves from one state (`only` those choices: a state woken up)."""
        graph, brancher, sleep = self.graph, self.brancher, self.sleep
        asleep = sleep.asleep[number] if sleep is not None else frozenset()
        tried: list[Choice] = []
        refusal = ""
        normal_moves = 0
        facilitator = level < self.most
        for move in _moves(self.compiled, state, facilitator, self.limits.reduce):
            command = move.command
            choice = (
                (command.decision, command.cell, command.option)
                if isinstance(command, c.RecordChoice)
                else None
            )
            if only is not None and choice not in only:
                continue
            if asleep and choice in asleep:
                normal_moves += 1  # tried from a state before this one, to the same effect
                continue
            child = sleep.child(asleep, tried, choice) if sleep is not None else asleep
            try:
                for target_state, rolls in brancher.run(state, command):
                    edge = Move(command, rolls, move.facilitator)
                    target_level = level + edge.facilitator
                    target, new = graph.add(target_state, target_level, state)
                    graph.add_edge(number, target, graph.move_id(edge))
                    self.edges += 1
                    normal_moves += not edge.facilitator
                    if sleep is not None:
                        wake = sleep.arrive(target, new, child, bool(graph.expanded[target]))
                        if wake:
                            self.again.append((target, target_state, wake))
                    if new or target_level < graph.level[target]:
                        graph.level[target] = target_level
                        self.queues[target_level].append(target)
                    if new and target_level > 0 and self.missing:
                        self.missing.discard(f"ending:{target_state.ending}")
                        self.missing.difference_update(
                            f"inject:{i}" for i in target_state.delivered
                        )
                        self.missing.difference_update(
                            f"decision:{d}" for d in target_state.open_decisions
                        )
                        self.missing.difference_update(
                            f"option:{d}.{o}" for d, o in target_state.chosen
                        )
            except CommandRefused as refused:
                refusal = str(refused)
                continue
            if sleep is not None and choice is not None:
                tried.append(choice)
        if only is None and not normal_moves and state.phase not in FINISHED:
            graph.dead[number] = _dead_end_reason(brancher.load(state), refusal)


def _missing(compiled: CompiledScenario, graph: StateGraph) -> set[str]:
    """What normal play never reached: endings (`ending:ID`), injects (`inject:ID`), decisions
    never open (`decision:ID`) and options never chosen (`option:DECISION.OPTION`)."""
    missing = {f"ending:{ending.id}" for ending in compiled.scenario.endings}
    missing -= {f"ending:{ending}" for ending in graph.ending.values() if ending is not None}
    delivered: set[str] = set()
    for set_id in set(graph.delivered):
        delivered |= graph.delivered_sets[set_id]
    missing |= {f"inject:{i}" for i in compiled.injects if i not in delivered}
    normal = {item for item, (level, _) in graph.opened.items() if level == 0}
    missing |= {f"decision:{d}" for d in compiled.decisions if d not in normal}
    chosen = {item for item, (level, _) in graph.chosen.items() if level == 0}
    return missing | {
        f"option:{d}.{o}"
        for d, decision in compiled.decisions.items()
        for o in decision.options
        if (d, o) not in chosen
    }


def reachable_endings(session: Session, budget: int) -> set[str] | None:
    """The endings normal play can still reach from the session's state (None: budget ran out)."""
    result = explore(
        session.compiled, budget=budget, start=session, facilitator=False, max_memory=None
    )
    if not result.complete:
        return None
    return set(result.endings)
