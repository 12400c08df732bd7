"""What the model checker reports: endings, injects, decisions and options reached, and the
problems it found.

Everything here reads a finished `StateGraph`: example paths are shortest paths from the start,
in normal play where one exists, and loops are the cycles of normal play that never reach
the hotwash.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TypeVar

from engine.explore.state_graph import (
    StateGraph,
    can_finish,
    count_paths,
    cycles,
    normal_edges,
    path_to,
    shortest_parents,
)
from engine.play.compiled import CompiledScenario

_Item = TypeVar("_Item", bound=Hashable)


@dataclass
class Finding:
    """A problem the search found, with a short example path that shows it."""

    kind: str
    """`unreachable_inject`, `unreachable_ending`, `unreachable_decision`, `unreachable_option`,
    `dead_end`, `no_ending` or `loop`."""
    id: str | None
    message: str
    path: list[str] = field(default_factory=list)


@dataclass
class ExploreResult:
    """What the search found (see `findings` for the problems)."""

    states: int
    edges: int
    complete: bool
    """False when the budget or the memory bound stopped the search before every state was
    seen: what was found is real, what was not found may still be reachable."""
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
    stopped_by: str | None = None
    """What stopped an incomplete search: `budget` or `memory` (None when complete)."""
    max_memory: int | None = None
    """The memory bound the search ran under, in bytes (None: none)."""
    injects_on_posts: list[str] = field(default_factory=list)
    """Injects never delivered that wait for a cell's post (`on_post`): bots never post, so
    the search cannot reach them, and they are not reported as unreachable."""
    decisions_facilitator_only: dict[str, list[str]] = field(default_factory=dict)
    """Decisions open only after facilitator moves, each with an example path."""
    decisions_unreachable: list[str] = field(default_factory=list)
    """Decisions never open in any state searched (those of an inject never delivered are left
    to the inject's line)."""
    options_facilitator_only: dict[str, list[str]] = field(default_factory=dict)
    """Options (`DECISION.OPTION`) chosen only after facilitator moves, with an example path."""
    options_unreachable: list[str] = field(default_factory=list)
    """Options (`DECISION.OPTION`) never chosen, a default included, in any state searched
    (those of a decision never open are left to the decision's line)."""

    @property
    def states_per_second(self) -> float:
        """Search speed."""
        return self.states / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def clean(self) -> bool:
        """Complete and without any finding: every ending, inject, decision and option reached."""
        return self.complete and not self.findings


def findings_of(
    compiled: CompiledScenario,
    graph: StateGraph,
    edges: int,
    stopped_by: str | None,
    budget: int,
    max_memory: int | None,
    elapsed: float,
) -> ExploreResult:
    """The search's result, read from the finished graph: findings, figures, what stopped it."""
    complete = stopped_by is None
    normal_move = [not move.facilitator for move in graph.moves]
    normal_parent = shortest_parents(graph, normal_move)
    any_parent = shortest_parents(graph, [True] * len(graph.moves))
    normal = [n for n in range(graph.size) if graph.level[n] == 0]
    findings: list[Finding] = []

    endings: dict[str, list[str]] = {}
    facilitator_endings: dict[str, list[str]] = {}
    exhausted: int | None = None
    for number, ending in sorted(graph.ending.items()):
        if graph.level[number] == 0:
            if ending is None:
                exhausted = number if exhausted is None else exhausted
            elif ending not in endings:
                endings[ending] = path_to(graph, normal_parent, number)
    for number, ending in sorted(graph.ending.items()):
        if ending is not None and ending not in endings and ending not in facilitator_endings:
            facilitator_endings[ending] = path_to(graph, any_parent, number)
    if exhausted is not None:
        findings.append(
            Finding(
                "no_ending",
                None,
                "the last turn can end with no ending's condition true",
                path_to(graph, normal_parent, exhausted),
            )
        )

    delivered_normal: set[str] = set()
    for set_id in {graph.delivered[n] for n in normal}:
        delivered_normal |= graph.delivered_sets[set_id]
    facilitator_injects: dict[str, list[str]] = {}
    for number in range(graph.size):
        extra = graph.delivered_sets[graph.delivered[number]] - delivered_normal
        for inject in sorted(extra - facilitator_injects.keys()):
            facilitator_injects[inject] = path_to(graph, any_parent, number)

    seen_reasons: set[str] = set()
    for number, reason in sorted(graph.dead.items()):
        if graph.level[number] == 0 and reason not in seen_reasons:
            seen_reasons.add(reason)
            findings.append(
                Finding(
                    "dead_end", None, f"dead end: {reason}", path_to(graph, normal_parent, number)
                )
            )

    succ = normal_edges(graph, normal_move)
    loops = cycles(succ, normal) if complete else []
    if complete:
        finishing = can_finish(graph, succ, normal)
        for component in loops:
            if not finishing & set(component):
                entry = min(component)
                findings.append(
                    Finding(
                        "loop",
                        None,
                        f"a loop of {len(component)} states never reaches an ending",
                        path_to(graph, normal_parent, entry),
                    )
                )
    paths, capped = (None, False) if loops or not complete else count_paths(graph, succ)

    ending_ids = [ending.id for ending in compiled.scenario.endings]
    unreachable_endings = [
        e for e in ending_ids if e not in endings and e not in facilitator_endings
    ]
    unreachable_injects = [
        i for i in compiled.injects if i not in delivered_normal and i not in facilitator_injects
    ]
    # the feed (issue 17): bots never post, so an `on_post` inject waits for the room
    on_posts = [i for i in unreachable_injects if not compiled.injects[i].trigger.bots_fire]
    unreachable_injects = [i for i in unreachable_injects if i not in on_posts]
    not_delivered = {*unreachable_injects, *on_posts}
    decisions = _reached(
        graph,
        any_parent,
        graph.opened,
        [d for d, x in compiled.decisions.items() if x.inject not in not_delivered],
    )
    unopened = {
        *decisions[1],
        *(d for d, x in compiled.decisions.items() if x.inject in not_delivered),
    }
    options = _reached(
        graph,
        any_parent,
        graph.chosen,
        [(d, o) for d, x in compiled.decisions.items() if d not in unopened for o in x.options],
    )
    if complete:
        findings += [
            Finding("unreachable_ending", e, f"ending {e!r} is unreachable")
            for e in unreachable_endings
        ]
        findings += [
            Finding("unreachable_inject", i, f"inject {i!r} is never delivered")
            for i in unreachable_injects
        ]
        findings += [
            Finding("unreachable_decision", d, f"decision {d!r} never opens") for d in decisions[1]
        ]
        findings += [
            Finding("unreachable_option", f"{d}.{o}", f"option '{d}.{o}' is never chosen")
            for d, o in options[1]
        ]
    return ExploreResult(
        states=graph.size,
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
        stopped_by=stopped_by,
        max_memory=max_memory,
        injects_on_posts=on_posts,
        decisions_facilitator_only=decisions[0],
        decisions_unreachable=decisions[1],
        options_facilitator_only={f"{d}.{o}": path for (d, o), path in options[0].items()},
        options_unreachable=[f"{d}.{o}" for d, o in options[1]],
    )


def _reached(
    graph: StateGraph,
    parent: list[tuple[int, int]],
    seen: dict[_Item, tuple[int, int]],
    items: list[_Item],
) -> tuple[dict[_Item, list[str]], list[_Item]]:
    """Of `items`, those seen only after facilitator moves (with a path) and those never seen."""
    facilitator: dict[_Item, list[str]] = {}
    never: list[_Item] = []
    for item in items:
        found = seen.get(item)
        if found is None:
            never.append(item)
        elif found[0] > 0:
            facilitator[item] = path_to(graph, parent, found[1])
    return facilitator, never
