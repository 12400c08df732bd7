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
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from engine import commands as c
from engine.collector import collector_paused
from engine.compiled import CompiledOption, CompiledScenario
from engine.errors import CommandRefused
from engine.lifecycle import Lifecycle, Phase
from engine.session import Session
from engine.state import ExerciseState, InjectStatus

PATHS_CAP = 10**18
"""Path counts above this are reported as the cap (they only say "very many")."""
_TERMINAL = (Phase.HOTWASH, Phase.ENDED)
_RELEASE_PHASES = (Phase.DECISIONS, Phase.ADJUDICATION, Phase.TURN_END)
FACILITATOR_MOVES = 2
"""The most facilitator moves on one searched path (what needs more is reported unreachable)."""


def clone_session(session: Session) -> Session:
    """A new session in the same state as `session`, to branch from (no undo history)."""
    clone = Session.__new__(Session)
    _rebind(clone, session.compiled, session.seed, session.state.copy(), Lifecycle())
    clone.roller = session.roller
    clone.lifecycle.paused_from = session.lifecycle.paused_from
    return clone


def _rebind(
    session: Session,
    compiled: CompiledScenario,
    seed: int,
    state: ExerciseState,
    lifecycle: Lifecycle,
) -> None:
    """Point a session object at a state, with empty history (the search's cheap clone)."""
    session.compiled = compiled
    session.seed = seed
    session.events = []
    session.state = state
    session.lifecycle = lifecycle
    lifecycle.jump(state.phase)
    lifecycle.paused_from = state.paused_from
    session._groups = {}
    session._commands = {}
    session._effective = []
    session._redo = []
    session._group = 0
    session._out = []


@dataclass(frozen=True, slots=True)
class Move:
    """One edge of the graph: a command, the outcomes its rolls landed on, and who made it."""

    command: c.Command
    rolls: tuple[str, ...]
    facilitator: bool

    def describe(self) -> str:
        """The move in a few words, for example paths."""
        command = self.command
        if isinstance(command, c.RecordChoice):
            text = f"{command.cell}: {command.decision}={command.option}"
        elif isinstance(command, c.ReleaseInject | c.HoldInject):
            text = f"{command.name.split('_')[0]} {command.inject} (facilitator)"
        else:
            text = command.name.replace("_", " ")
        return f"{text} [{', '.join(self.rolls)}]" if self.rolls else text


class _Brancher:
    """Runs a command from a stored state on one reusable session, once per roll outcome."""

    def __init__(self, compiled: CompiledScenario, seed: int) -> None:
        self.compiled = compiled
        self.seed = seed
        self.session = Session.__new__(Session)
        self.lifecycle = Lifecycle()
        _rebind(self.session, compiled, seed, ExerciseState(Phase.SETUP, 0, 0, {}), self.lifecycle)
        self.session.roller = self._roll
        self._tables: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self._prefix: list[int] = []
        self._arity: list[int] = []
        self._picked: list[int] = []
        self._labels: list[str] = []

    def load(self, state: ExerciseState) -> Session:
        """The reusable session, now holding a copy of `state`."""
        _rebind(self.session, self.compiled, self.seed, state.copy(), self.lifecycle)
        return self.session

    def _roll(self, decision: str, cell: str, seed: int) -> int:
        option_id = self.session.state.open_decisions[decision].choices[cell]
        table = self._tables.get((decision, option_id))
        if table is None:
            option = self.compiled.decisions[decision].options[option_id]
            table = self._tables[(decision, option_id)] = _landing_rolls(option)
        step = len(self._picked)
        pick = self._prefix[step] if step < len(self._prefix) else 0
        self._arity.append(len(table))
        self._picked.append(pick)
        roll, outcome = table[pick]
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


def _landing_rolls(option: CompiledOption) -> list[tuple[int, str]]:
    """For each outcome with a chance, a d100 roll that lands on it (its cumulative chance)."""
    found, total = [], 0
    for outcome in option.outcomes:
        total += outcome.chance
        if outcome.chance > 0:
            found.append((total, outcome.id))
    return found


@dataclass
class Finding:
    """A problem the search found, with a short example path that shows it."""

    kind: str
    """`unreachable_inject`, `unreachable_ending`, `dead_end`, `no_ending` or `loop`."""
    id: str | None
    message: str
    path: list[str] = field(default_factory=list)


@dataclass
class ExploreResult:
    """What the search found (see `findings` for the problems)."""

    states: int
    edges: int
    complete: bool
    """False when the budget ran out before every state was seen."""
    budget: int
    elapsed: float
    paths: int | None
    """Distinct complete playthroughs in normal play (None when a loop makes them endless or
    the search is incomplete)."""
    paths_capped: bool
    endings: dict[str, list[str]]
    """Endings reached in normal play, each with an example path."""
    endings_facilitator_only: dict[str, list[str]]
    endings_unreachable: list[str]
    injects: list[str]
    """Injects delivered in some normal playthrough."""
    injects_facilitator_only: dict[str, list[str]]
    injects_unreachable: list[str]
    findings: list[Finding]

    @property
    def states_per_second(self) -> float:
        """Search speed."""
        return self.states / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def clean(self) -> bool:
        """Complete and without any finding."""
        return self.complete and not self.findings


class _Graph:
    """The states found so far, their edges, and what each state says about the story."""

    def __init__(self, timed: frozenset[str]) -> None:
        self.timed = timed
        self.index: dict[object, int] = {}
        self.pending: list[ExerciseState | None] = []
        self.level = bytearray()
        """The fewest facilitator moves found on a path to each state (0: normal play)."""
        self.expanded = bytearray()
        self.succ: list[list[tuple[int, int]]] = []
        self.moves: list[Move] = []
        self._move_ids: dict[Move, int] = {}
        self.ending: dict[int, str | None] = {}
        self.delivered: list[int] = []
        self._delivered_sets: dict[frozenset[str], int] = {}
        self.delivered_sets: list[frozenset[str]] = []
        self.dead: dict[int, str] = {}

    def move_id(self, move: Move) -> int:
        found = self._move_ids.get(move)
        if found is None:
            found = self._move_ids[move] = len(self.moves)
            self.moves.append(move)
        return found

    def add(self, state: ExerciseState, level: int) -> tuple[int, bool]:
        """The state's number, and whether it is new."""
        key = state.key(self.timed)
        found = self.index.get(key)
        if found is not None:
            return found, False
        number = self.index[key] = len(self.pending)
        self.pending.append(state)
        self.level.append(level)
        self.expanded.append(False)
        self.succ.append([])
        delivered = frozenset(state.delivered)
        set_id = self._delivered_sets.get(delivered)
        if set_id is None:
            set_id = self._delivered_sets[delivered] = len(self.delivered_sets)
            self.delivered_sets.append(delivered)
        self.delivered.append(set_id)
        if state.phase in _TERMINAL:
            self.ending[number] = state.ending
        return number, True


def _moves(compiled: CompiledScenario, state: ExerciseState, facilitator: bool) -> list[Move]:
    """The moves to try from a state (normal ones first)."""
    phase = state.phase
    found: list[Move] = []
    if phase is Phase.SETUP:
        return [Move(c.OpenBriefing(), (), False)]
    if phase is Phase.BRIEFING:
        return [Move(c.Begin(), (), False)]
    if phase is Phase.PAUSED:
        return [Move(c.Resume(), (), False)]
    if phase in _TERMINAL:
        return []
    if phase is Phase.DECISIONS:
        for open_decision in state.open_decisions.values():
            decision = compiled.decisions[open_decision.id]
            cell = next((x for x in decision.cells if x not in open_decision.choices), None)
            if cell is None:
                continue
            for option in decision.options.values():
                if option.when is None or option.when(state):
                    found.append(Move(c.RecordChoice(decision.id, cell, option.id), (), False))
    found.append(Move(c.NextPhase(), (), False))
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


def explore(
    compiled: CompiledScenario,
    *,
    budget: int = 200_000,
    start: Session | None = None,
    facilitator: bool = True,
    facilitator_moves: int = FACILITATOR_MOVES,
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
    """
    # The search keeps every state's key and edges alive and makes next to no cycles: with the
    # collector running, its passes over the growing heap took more than half the time.
    with collector_paused():
        return _explore(compiled, budget, start, facilitator, facilitator_moves)


def _explore(
    compiled: CompiledScenario,
    budget: int,
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
    graph, edges, complete = _search(compiled, root, seed, budget, 0, set())
    missing = _missing(compiled, graph) if complete and facilitator else set()
    if missing and facilitator_moves > 0:
        # Again, with facilitator moves: normal play is searched the same way first, so the
        # numbers and example paths of normal play do not change.
        graph, more, complete = _search(compiled, root, seed, budget, facilitator_moves, missing)
        edges = more
    return _report(compiled, graph, edges, complete, budget, time.perf_counter() - started)


def _search(
    compiled: CompiledScenario,
    root: ExerciseState,
    seed: int,
    budget: int,
    most: int,
    missing: set[str],
) -> tuple[_Graph, int, bool]:
    """Breadth-first, level by level (level = facilitator moves on the path so far).

    Levels above 0 stop as soon as nothing in `missing` is left to find.
    """
    brancher = _Brancher(compiled, seed)
    graph = _Graph(frozenset(i.after for i in compiled.injects.values() if i.after is not None))
    graph.add(root, 0)
    queues: list[deque[int]] = [deque([0]), *(deque() for _ in range(most))]
    edges = 0
    for level, queue in enumerate(queues):
        while queue and (level == 0 or missing):
            number = queue.popleft()
            if graph.expanded[number]:
                continue
            if len(graph.index) > budget:
                return graph, edges, False
            edges += _expand(graph, brancher, number, level, level < most, queues, missing)
    return graph, edges, True


def _missing(compiled: CompiledScenario, graph: _Graph) -> set[str]:
    """Endings (`ending:ID`) and injects (`inject:ID`) normal play never reached."""
    missing = {f"ending:{ending.id}" for ending in compiled.scenario.endings}
    missing -= {f"ending:{ending}" for ending in graph.ending.values() if ending is not None}
    delivered: set[str] = set()
    for set_id in set(graph.delivered):
        delivered |= graph.delivered_sets[set_id]
    return missing | {f"inject:{i}" for i in compiled.injects if i not in delivered}


def _expand(
    graph: _Graph,
    brancher: _Brancher,
    number: int,
    level: int,
    facilitator: bool,
    queues: list[deque[int]],
    missing: set[str],
) -> int:
    """Try every move from one state; returns the number of edges added."""
    graph.expanded[number] = True
    state = graph.pending[number]
    graph.pending[number] = None
    assert state is not None
    refusal = ""
    edges = normal_moves = 0
    for move in _moves(brancher.compiled, state, facilitator):
        try:
            for target_state, rolls in brancher.run(state, move.command):
                edge = Move(move.command, rolls, move.facilitator)
                target_level = level + edge.facilitator
                target, new = graph.add(target_state, target_level)
                graph.succ[number].append((target, graph.move_id(edge)))
                edges += 1
                normal_moves += not edge.facilitator
                if new or target_level < graph.level[target]:
                    graph.level[target] = target_level
                    queues[target_level].append(target)
                if new and target_level > 0 and missing:
                    missing.discard(f"ending:{target_state.ending}")
                    missing.difference_update(f"inject:{i}" for i in target_state.delivered)
        except CommandRefused as refused:
            refusal = str(refused)
    if not normal_moves and state.phase not in _TERMINAL:
        graph.dead[number] = _dead_end_reason(brancher.load(state), refusal)
    return edges


def reachable_endings(session: Session, budget: int) -> set[str] | None:
    """The endings normal play can still reach from the session's state (None: budget ran out)."""
    result = explore(session.compiled, budget=budget, start=session, facilitator=False)
    if not result.complete:
        return None
    return set(result.endings)


def _bfs(graph: _Graph, moves_ok: list[bool]) -> list[tuple[int, int]]:
    """Shortest-path parents from the start over the edges whose move is allowed."""
    parent = [(-1, -1)] * len(graph.succ)
    parent[0] = (0, -1)
    queue = deque([0])
    while queue:
        source = queue.popleft()
        for target, move in graph.succ[source]:
            if moves_ok[move] and parent[target][0] < 0:
                parent[target] = (source, move)
                queue.append(target)
    return parent


def _path(graph: _Graph, parent: list[tuple[int, int]], number: int) -> list[str]:
    """The moves from the start to a state, runs of `next phase` counted (`next phase ×3`)."""
    steps: list[str] = []
    while number != 0:
        source, move = parent[number]
        steps.append(graph.moves[move].describe())
        number = source
    steps.reverse()
    merged: list[str] = []
    run = 0
    for step in [*steps, ""]:
        if step == "next phase":
            run += 1
            continue
        if run:
            merged.append("next phase" if run == 1 else f"next phase ×{run}")
            run = 0
        if step:
            merged.append(step)
    return merged


def _normal_edges(graph: _Graph, normal_move: list[bool]) -> list[list[int]]:
    return [
        [target for target, move in graph.succ[number] if normal_move[move]]
        if graph.level[number] == 0
        else []
        for number in range(len(graph.succ))
    ]


def _strongly_connected(succ: list[list[int]], nodes: list[int]) -> list[list[int]]:
    """Tarjan's algorithm without recursion; the components with a cycle."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            for position in range(child, len(succ[node])):
                target = succ[node][position]
                if target not in index:
                    work.append((node, position + 1))
                    work.append((target, 0))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in succ[node]:
                        found.append(component)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return found


def _count_paths(graph: _Graph, succ: list[list[int]]) -> tuple[int, bool]:
    """Complete playthroughs from the start (DAG only): a post-order sum, capped."""
    count: dict[int, int] = {}
    work = [(0, False)]
    while work:
        node, done = work.pop()
        if done:
            total = 1 if node in graph.ending else sum(count[t] for t in succ[node])
            count[node] = min(total, PATHS_CAP + 1)
            continue
        if node in count:
            continue
        work.append((node, True))
        work.extend((target, False) for target in succ[node] if target not in count)
    total = count.get(0, 0)
    return min(total, PATHS_CAP), total > PATHS_CAP


def _report(
    compiled: CompiledScenario,
    graph: _Graph,
    edges: int,
    complete: bool,
    budget: int,
    elapsed: float,
) -> ExploreResult:
    normal_move = [not move.facilitator for move in graph.moves]
    normal_parent = _bfs(graph, normal_move)
    any_parent = _bfs(graph, [True] * len(graph.moves))
    normal = [n for n in range(len(graph.succ)) if graph.level[n] == 0]
    findings: list[Finding] = []

    endings: dict[str, list[str]] = {}
    facilitator_endings: dict[str, list[str]] = {}
    exhausted: int | None = None
    for number, ending in sorted(graph.ending.items()):
        if graph.level[number] == 0:
            if ending is None:
                exhausted = number if exhausted is None else exhausted
            elif ending not in endings:
                endings[ending] = _path(graph, normal_parent, number)
    for number, ending in sorted(graph.ending.items()):
        if ending is not None and ending not in endings and ending not in facilitator_endings:
            facilitator_endings[ending] = _path(graph, any_parent, number)
    if exhausted is not None:
        findings.append(
            Finding(
                "no_ending",
                None,
                "the last turn can end with no ending's condition true",
                _path(graph, normal_parent, exhausted),
            )
        )

    delivered_normal: set[str] = set()
    for set_id in {graph.delivered[n] for n in normal}:
        delivered_normal |= graph.delivered_sets[set_id]
    facilitator_injects: dict[str, list[str]] = {}
    for number in range(len(graph.succ)):
        extra = graph.delivered_sets[graph.delivered[number]] - delivered_normal
        for inject in sorted(extra - facilitator_injects.keys()):
            facilitator_injects[inject] = _path(graph, any_parent, number)

    seen_reasons: set[str] = set()
    for number, reason in sorted(graph.dead.items()):
        if graph.level[number] == 0 and reason not in seen_reasons:
            seen_reasons.add(reason)
            findings.append(
                Finding(
                    "dead_end", None, f"dead end: {reason}", _path(graph, normal_parent, number)
                )
            )

    succ = _normal_edges(graph, normal_move)
    loops = _strongly_connected(succ, normal) if complete else []
    if complete:
        finishing = _can_finish(graph, succ, normal)
        for component in loops:
            if not finishing & set(component):
                entry = min(component)
                findings.append(
                    Finding(
                        "loop",
                        None,
                        f"a loop of {len(component)} states never reaches an ending",
                        _path(graph, normal_parent, entry),
                    )
                )
    paths, capped = (None, False) if loops or not complete else _count_paths(graph, succ)

    ending_ids = [ending.id for ending in compiled.scenario.endings]
    unreachable_endings = [
        e for e in ending_ids if e not in endings and e not in facilitator_endings
    ]
    unreachable_injects = [
        i for i in compiled.injects if i not in delivered_normal and i not in facilitator_injects
    ]
    if complete:
        findings += [
            Finding("unreachable_ending", e, f"ending {e!r} is unreachable")
            for e in unreachable_endings
        ]
        findings += [
            Finding("unreachable_inject", i, f"inject {i!r} is never delivered")
            for i in unreachable_injects
        ]
    return ExploreResult(
        states=len(graph.succ),
        edges=edges,
        complete=complete,
        budget=budget,
        elapsed=elapsed,
        paths=paths,
        paths_capped=capped,
        endings=endings,
        endings_facilitator_only=facilitator_endings,
        endings_unreachable=unreachable_endings,
        injects=[i for i in compiled.injects if i in delivered_normal],
        injects_facilitator_only=facilitator_injects,
        injects_unreachable=unreachable_injects,
        findings=findings,
    )


def _can_finish(graph: _Graph, succ: list[list[int]], normal: list[int]) -> set[int]:
    """The normal states from which some path reaches the hotwash."""
    back: dict[int, list[int]] = {}
    for source in normal:
        for target in succ[source]:
            back.setdefault(target, []).append(source)
    finishing = {n for n in normal if n in graph.ending}
    queue = deque(finishing)
    while queue:
        for source in back.get(queue.popleft(), ()):
            if source not in finishing:
                finishing.add(source)
                queue.append(source)
    return finishing
