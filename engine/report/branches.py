"""Branches: at each decision on the path, the options taken and not, and the endings in reach.

Reachability comes from the model checker (`engine.explore.search.reachable_endings`), run on the
state replayed up to the decision's opening and up to its last choice. That search is the
expensive part, so it is bounded three ways: at most `max_points` decisions are analysed
(spread over the exercise), each search gets a small state budget, and results are cached
by the state's key (a journal that loops back through undo asks the same question twice).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import cast

from engine.format.scenario_time import format_clock
from engine.play.compiled import CompiledScenario
from engine.play.fold import Event
from engine.play.session import Session
from engine.play.state import ExerciseState
from engine.report.model import BranchOption, BranchPoint
from engine.report.names import Names
from engine.report.replay import session_in
from engine.report.walk import Walk

Explorer = Callable[[Session, int], "set[str] | None"]
"""Given a session and a budget, the ids of the endings still reachable (None: gave up)."""

DEFAULT_BUDGET = 300
"""States the explorer may visit per analysed point."""
DEFAULT_MAX_POINTS = 8
"""Decisions analysed at most; the others say `not computed (cap)`."""


def default_explorer() -> Explorer | None:
    """The engine's model checker, if this build has one."""
    try:
        module = importlib.import_module("engine.explore.search")
    except ImportError:
        return None
    found = getattr(module, "reachable_endings", None)
    return cast(Explorer, found) if callable(found) else None


def _points(walk: Walk, max_points: int) -> list[tuple[Event, int, int | None]]:
    """The decisions to analyse: (opening event, records up to its opening, up to its choice)."""
    opened = [event for event in walk.effective if event["type"] == "decision_opened"]
    chosen = _analysed(len(opened), max_points)
    points = []
    for index, event in enumerate(opened):
        if index not in chosen:
            continue
        choices = walk.choices.get(str(event["decision"]), [])
        after = walk.group_end[choices[-1]["group"]] if choices else None
        points.append((event, walk.group_end[event["group"]], after))
    return points


def needed_states(walk: Walk, max_points: int) -> set[int]:
    """The journal prefixes (record counts) whose states the branch analysis will ask for."""
    ends: set[int] = set()
    for _, before, after in _points(walk, max_points):
        ends.add(before)
        if after is not None:
            ends.add(after)
    return ends


class _Reach:
    """Asks the explorer about the state at a journal prefix, caching by state."""

    def __init__(
        self,
        compiled: CompiledScenario,
        seed: int,
        states: dict[int, ExerciseState],
        explorer: Explorer,
        budget: int,
    ) -> None:
        self.compiled = compiled
        self.seed = seed
        self.states = states
        self.explorer = explorer
        self.budget = budget
        self._by_key: dict[object, set[str] | None] = {}

    def at(self, end: int, decision: str | None = None) -> tuple[set[str] | None, dict[str, bool]]:
        """Reachable endings after `end` records, and the decision's options' availability."""
        session = session_in(self.compiled, self.seed, self.states[end].copy())
        available: dict[str, bool] = {}
        if decision is not None and decision in self.compiled.decisions:
            available = {option.id: ok for option, ok in session.options(decision)}
        key = session.state.key()
        if key not in self._by_key:
            self._by_key[key] = self.explorer(session, self.budget)
        return self._by_key[key], available


def build_branches(
    walk: Walk,
    names: Names,
    compiled: CompiledScenario,
    seed: int,
    states: dict[int, ExerciseState],
    *,
    explorer: Explorer | None,
    budget: int,
    max_points: int,
) -> tuple[list[BranchPoint], str]:
    """The branch points on the path taken, and a note on how far reachability was computed.

    `states` holds the state at every prefix `needed_states` named.
    """
    opened = [event for event in walk.effective if event["type"] == "decision_opened"]
    analysed = {
        int(event["seq"]): (before, after) for event, before, after in _points(walk, max_points)
    }
    reach = _Reach(compiled, seed, states, explorer, budget) if explorer is not None else None
    points = []
    for event in opened:
        decision = str(event["decision"])
        choices = walk.choices.get(decision, [])
        before = after = None
        available: dict[str, bool] = {}
        note = ""
        ends = analysed.get(int(event["seq"]))
        if reach is None:
            note = "not computed (no model checker in this build)"
        elif ends is None:
            note = f"not computed (cap: {max_points} decisions analysed)"
        else:
            found, available = reach.at(ends[0], decision)
            before = _titles(found, names)
            if ends[1] is not None:
                after = _titles(reach.at(ends[1])[0], names)
            if before is None or (ends[1] is not None and after is None):
                note = "not computed (budget)"
        points.append(
            BranchPoint(
                decision=decision,
                prompt=names.prompt(decision),
                turn=int(event.get("turn", 0)),
                clock=format_clock(int(event.get("clock", 0))),
                seq=int(event["seq"]),
                options=_options(decision, choices, names, available),
                reachable_before=before,
                reachable_after=after,
                note=note,
            )
        )
    if reach is None:
        summary = "Reachable endings were not computed: this build has no model checker."
    else:
        summary = (
            f"Reachable endings computed for {min(len(opened), max_points)} of {len(opened)} "
            f"decisions, with a budget of {budget} states each."
        )
    return points, summary


def _analysed(count: int, cap: int) -> set[int]:
    """Which of `count` decisions to analyse: all, or `cap` spread evenly (first and last in)."""
    if count <= cap:
        return set(range(count))
    if cap <= 0:
        return set()
    if cap == 1:
        return {0}
    return {round(i * (count - 1) / (cap - 1)) for i in range(cap)}


def _titles(found: set[str] | None, names: Names) -> list[str] | None:
    if found is None:
        return None
    order = {ending.id: i for i, ending in enumerate(names.scenario.endings)}
    return [names.ending(ending) for ending in sorted(found, key=lambda e: (order.get(e, 99), e))]


def _options(
    decision: str, choices: list[Event], names: Names, available: dict[str, bool]
) -> list[BranchOption]:
    found = names.decisions.get(decision)
    if found is None:
        return []
    return [
        BranchOption(
            id=option.id,
            label=option.label,
            chosen_by=[names.cell(c["cell"]) for c in choices if c["option"] == option.id],
            available=available.get(option.id),
            leads_to=names.ending(option.ending) if option.ending else None,
        )
        for option in found.options
    ]
