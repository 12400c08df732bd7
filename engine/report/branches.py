"""Branches: at each decision on the path, every option, and the endings each could lead to.

The odds come from the engine's decision support (`engine.explore.odds.all_decision_odds`,
the same function the console's odds panel uses): from the state replayed up to the
decision's opening, for the first cell to choose, each option's share of the endings when
every later choice is made by uniform random bots and every roll falls as its table says —
exact over the state graph, or a seeded sample when the graph is too big; each decision says
which. Decisions that open in the same state share one computation; the cost is bounded by
the exact computation's state budget, by `max_points`, the most decisions analysed
(spread over the exercise: all of them in every bundled scenario), and by one allowance of
commands shared by the whole analysis (`DEFAULT_STEPS`): a journal of a very long scenario
gets "not computed" for the decisions past it instead of a report that takes minutes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from engine.format.scenario_time import format_clock
from engine.play.compiled import CompiledScenario
from engine.play.events import Record
from engine.play.session import Session
from engine.play.state import ExerciseState
from engine.report.model import BranchOption, BranchPoint, EndingShare
from engine.report.names import Names
from engine.report.replay import session_in
from engine.report.walk import Walk

if TYPE_CHECKING:
    from engine.explore.odds import DecisionOdds

Explorer = Callable[[Session, list[tuple[str, str]], int], "list[DecisionOdds] | None"]
"""Given a session, the pending (decision, cell) choices and a state budget: the odds of each
choice's options (None: not computed, including when the analysis's allowance ran out)."""

DEFAULT_BUDGET = 60_000
"""States the exact computation may visit per analysed state before it samples instead."""
DEFAULT_MAX_POINTS = 40
"""Decisions analysed at most; the others say `not computed (cap)`."""
DEFAULT_STEPS = 200_000
"""Commands the whole branch analysis of one report may run (a few seconds of play)."""


def default_explorer() -> Explorer | None:
    """The engine's decision support, if this build has it."""
    try:
        module = importlib.import_module("engine.explore.odds")
    except ImportError:
        return None
    found: Any = getattr(module, "all_decision_odds", None)
    if not callable(found):
        return None
    allowance = module.Allowance(DEFAULT_STEPS)

    def odds(session: Session, choices: list[tuple[str, str]], budget: int) -> Any:
        if allowance.left <= 0:
            return None
        try:
            return found(session, list(choices), budget=budget, allowance=allowance)
        except module.TooCostly:
            return None

    return cast(Explorer, odds)


def _opened(walk: Walk) -> list[Record]:
    return [event for event in walk.effective if event["type"] == "decision_opened"]


def needed_states(walk: Walk, max_points: int) -> set[int]:
    """The journal prefixes (record counts) whose states the branch analysis will ask for."""
    opened = _opened(walk)
    chosen = _analysed(len(opened), max_points)
    return {walk.group_end[e["group"]] for i, e in enumerate(opened) if i in chosen}


def _first_cell(compiled: CompiledScenario, state: ExerciseState, decision: str) -> str | None:
    found = state.open_decisions.get(decision)
    if found is None or decision not in compiled.decisions:
        return None
    return next((x for x in compiled.decisions[decision].cells if x not in found.choices), None)


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
    """The branch points on the path taken, and a note on how far the odds were computed.

    `states` holds the state at every prefix `needed_states` named.
    """
    opened = _opened(walk)
    chosen = _analysed(len(opened), max_points) if explorer is not None else set()
    # One computation per state: the decisions that open together are asked together.
    asked: dict[int, list[tuple[str, str]]] = {}
    for index, event in enumerate(opened):
        end = walk.group_end[event["group"]]
        decision = str(event["decision"])
        cell = _first_cell(compiled, states[end], decision) if index in chosen else None
        if cell is not None:
            asked.setdefault(end, []).append((decision, cell))
    answers: dict[tuple[int, str], DecisionOdds] = {}
    available: dict[tuple[int, str], dict[str, bool]] = {}
    unfinished: set[tuple[int, str]] = set()
    for end, choices in asked.items():
        session = session_in(compiled, seed, states[end].copy())
        for decision, _ in choices:
            available[(end, decision)] = {o.id: ok for o, ok in session.options(decision)}
        assert explorer is not None
        found = explorer(session, choices, budget)
        if found is None:
            unfinished.update((end, decision) for decision, _ in choices)
        for (decision, _), answer in zip(choices, found or (), strict=False):
            answers[(end, decision)] = answer
    points = []
    computed = 0
    for index, event in enumerate(opened):
        decision = str(event["decision"])
        end = walk.group_end[event["group"]]
        odds: DecisionOdds | None = answers.get((end, decision))
        note = ""
        if explorer is None:
            note = "not computed (no decision support in this build)"
        elif index not in chosen:
            note = f"not computed (cap: {max_points} decisions analysed)"
        elif (end, decision) in unfinished:
            note = f"not computed (past the analysis's {DEFAULT_STEPS:,} commands)"
        elif odds is None:
            note = "not computed (no cell was left to choose when it opened)"
        else:
            computed += 1
            note = _method(odds)
        made = walk.choices.get(decision, [])
        options = _options(decision, made, names, available.get((end, decision), {}), odds)
        taken = next((o for o in options if odds and o.id in _chosen_by(made, odds.cell)), None)
        points.append(
            BranchPoint(
                decision=decision,
                prompt=names.prompt(decision),
                turn=int(event.get("turn", 0)),
                clock=format_clock(int(event.get("clock", 0))),
                seq=int(event["seq"]),
                options=options,
                reachable_before=_union(options) if odds is not None else None,
                reachable_after=[s.ending for s in taken.leads_to] if taken else None,
                note=note,
                cell=names.cell(odds.cell) if odds is not None else "",
            )
        )
    if explorer is None:
        summary = "Ending odds were not computed: this build has no decision support."
    elif not opened:
        summary = "No decision was opened."
    else:
        summary = (
            f"Ending odds computed for {computed} of {len(opened)} decisions, from the state "
            "when each opened, with every later choice made by uniform random bots and every "
            "roll falling as its table says (facilitator moves never made)."
        )
    return points, summary


def _method(odds: DecisionOdds) -> str:
    if odds.method == "exact":
        return f"exact, over {odds.states:,} states"
    return f"a seeded sample of {odds.samples:,} playthroughs per option"


def _chosen_by(choices: list[Record], cell: str) -> set[str]:
    return {str(c["option"]) for c in choices if c["cell"] == cell}


def _union(options: list[BranchOption]) -> list[str]:
    seen: dict[str, None] = {}
    for option in options:
        for share in option.leads_to:
            seen.setdefault(share.ending)
    return list(seen)


def _analysed(count: int, cap: int) -> set[int]:
    """Which of `count` decisions to analyse: all, or `cap` spread evenly (first and last in)."""
    if count <= cap:
        return set(range(count))
    if cap <= 0:
        return set()
    if cap == 1:
        return {0}
    return {round(i * (count - 1) / (cap - 1)) for i in range(cap)}


def _shares(odds: DecisionOdds | None, option: str, names: Names) -> list[EndingShare]:
    if odds is None:
        return []
    found = next((o for o in odds.options if o.option == option), None)
    if found is None or not found.available:
        return []
    order = {ending.id: i for i, ending in enumerate(names.scenario.endings)}
    shares = [
        EndingShare(names.ending(ending) if ending else "no ending (the turns ran out)", share)
        for ending, share in sorted(
            found.endings.items(), key=lambda item: (-item[1], order.get(item[0] or "", 99))
        )
    ]
    if found.stuck:
        shares.append(EndingShare("a dead end (no cell can answer a decision)", found.stuck))
    return shares


def _options(
    decision: str,
    choices: list[Record],
    names: Names,
    available: dict[str, bool],
    odds: DecisionOdds | None,
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
            ends_in=names.ending(option.ending) if option.ending else None,
            leads_to=_shares(odds, option.id, names),
        )
        for option in found.options
    ]
