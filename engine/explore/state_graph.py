"""The graph the model checker builds: states, the moves between them, and algorithms over it.

`engine.explore.search` fills it; `engine.explore.findings` reads it. States are numbered in
the order found; edges carry the number of their move, so a path can be told back as moves.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Hashable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TypeVar

from engine.explore.state_key import StateKeys
from engine.play import commands as c
from engine.play.phase import FINISHED
from engine.play.state import ExerciseState

_Item = TypeVar("_Item", bound=Hashable)

PATHS_CAP = 10**18
"""Path counts above this are reported as the cap (they only say "very many")."""


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


class StateGraph:
    """The states found so far, their edges, and what each state says about the story.

    Storage per state is small and fixed: a 16-byte key in the visited set, a few bytes of
    flags, and its edges in two flat arrays (each state's edges are added together, while it
    is expanded, so a state only records where its run of edges starts and how long it is).
    A state itself is kept only until it is expanded.
    """

    def __init__(self, keys: StateKeys) -> None:
        self.keys = keys
        self.index: dict[Hashable, int] = {}
        self.pending: list[ExerciseState | None] = []
        self.level = bytearray()
        """The fewest facilitator moves found on a path to each state (0: normal play)."""
        self.expanded = bytearray()
        self.first_edge = array("q")
        self.edge_count = array("l")
        self.edge_target = array("q")
        self.edge_move = array("l")
        self._open = -1
        """The state being expanded: its edges go to the flat arrays."""
        self.extra_edges: dict[int, list[tuple[int, int]]] = {}
        """Edges added after a state's run of edges (a state woken up: see `reduction`)."""
        self.moves: list[Move] = []
        self._move_ids: dict[Move, int] = {}
        self.ending: dict[int, str | None] = {}
        self.delivered = array("l")
        self._delivered_sets: dict[frozenset[str], int] = {}
        self.delivered_sets: list[frozenset[str]] = []
        self.dead: dict[int, str] = {}
        self.opened: dict[str, tuple[int, int]] = {}
        """Each decision seen open: the fewest facilitator moves on a path to a state where it
        is open, and that state's number."""
        self.chosen: dict[tuple[str, str], tuple[int, int]] = {}
        """Each (decision, option) seen chosen (defaults included), the same way."""
        self._normal_opened: set[str] = set()
        self._normal_chosen: set[tuple[str, str]] = set()
        """What `opened` and `chosen` hold that normal play reached (level 0)."""

    @property
    def size(self) -> int:
        """How many states were found."""
        return len(self.level)

    def move_id(self, move: Move) -> int:
        """The number of `move`: the next free one the first time it is seen."""
        found = self._move_ids.get(move)
        if found is None:
            found = self._move_ids[move] = len(self.moves)
            self.moves.append(move)
        return found

    def add(
        self, state: ExerciseState, level: int, source: ExerciseState | None = None
    ) -> tuple[int, bool]:
        """The state's number, and whether it is new (its open decisions and choices are
        recorded either way: a state merged with one found before may have chosen otherwise).

        `source` is the state the move left: choices only grow along a move, so when it has
        as many, there is nothing new to record (the fast way: hashing them all is not free).
        """
        key = self.keys.key(state)
        found = self.index.get(key)
        number = len(self.level) if found is None else found
        chose = source is None or len(state.chosen) != len(source.chosen)
        if level == 0:  # only what normal play has not shown before, in C
            opened = state.open_decisions.keys()
            if opened and not opened <= self._normal_opened:
                _first_seen(self.opened, self._normal_opened, opened, number)
            if chose:
                _first_seen(self.chosen, self._normal_chosen, state.chosen, number)
        else:
            self._seen(self.opened, state.open_decisions, level, number)
            if chose:
                self._seen(self.chosen, state.chosen, level, number)
        if found is not None:
            return found, False
        self.index[key] = number
        self.pending.append(state)
        self.level.append(level)
        self.expanded.append(False)
        self.first_edge.append(0)
        self.edge_count.append(0)
        delivered = frozenset(state.delivered)
        set_id = self._delivered_sets.get(delivered)
        if set_id is None:
            set_id = self._delivered_sets[delivered] = len(self.delivered_sets)
            self.delivered_sets.append(delivered)
        self.delivered.append(set_id)
        if state.phase in FINISHED:
            self.ending[number] = state.ending
        return number, True

    @staticmethod
    def _seen(
        seen: dict[_Item, tuple[int, int]], items: Iterable[_Item], level: int, number: int
    ) -> None:
        for item in items:
            before = seen.get(item)
            if before is None or level < before[0]:
                seen[item] = (level, number)

    def start_edges(self, number: int) -> None:
        """The edges added from now on leave state `number` (called as it is expanded)."""
        self.first_edge[number] = len(self.edge_target)
        self._open = number

    def add_edge(self, source: int, target: int, move: int) -> None:
        """An edge from a state (the one being expanded, or one expanded before)."""
        if source != self._open:
            self.extra_edges.setdefault(source, []).append((target, move))
            return
        self.edge_target.append(target)
        self.edge_move.append(move)
        self.edge_count[source] += 1

    def succ(self, number: int) -> Iterator[tuple[int, int]]:
        """The edges leaving a state, as (target, move)."""
        start = self.first_edge[number]
        stop = start + self.edge_count[number]
        yield from zip(self.edge_target[start:stop], self.edge_move[start:stop], strict=True)
        yield from self.extra_edges.get(number, ())


def _first_seen(
    seen: dict[_Item, tuple[int, int]],
    normal: set[_Item],
    items: AbstractSet[_Item],
    number: int,
) -> None:
    """Record what normal play shows in state `number` that it had not shown before."""
    new = items - normal
    if new:
        normal |= new
        for item in new:
            seen[item] = (0, number)


def shortest_parents(graph: StateGraph, moves_ok: list[bool]) -> list[tuple[int, int]]:
    """Shortest-path parents from the start over the edges whose move is allowed."""
    parent = [(-1, -1)] * graph.size
    parent[0] = (0, -1)
    queue = deque([0])
    while queue:
        source = queue.popleft()
        for target, move in graph.succ(source):
            if moves_ok[move] and parent[target][0] < 0:
                parent[target] = (source, move)
                queue.append(target)
    return parent


def path_to(graph: StateGraph, parent: list[tuple[int, int]], number: int) -> list[str]:
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


def normal_edges(graph: StateGraph, normal_move: list[bool]) -> list[list[int]]:
    """Each state's edges by normal play (none from a state reached only by facilitator moves)."""
    return [
        [target for target, move in graph.succ(number) if normal_move[move]]
        if graph.level[number] == 0
        else []
        for number in range(graph.size)
    ]


def cycles(succ: list[list[int]], nodes: list[int]) -> list[list[int]]:
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


def count_paths(graph: StateGraph, succ: list[list[int]]) -> tuple[int, bool]:
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


def can_finish(graph: StateGraph, succ: list[list[int]], normal: list[int]) -> set[int]:
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
