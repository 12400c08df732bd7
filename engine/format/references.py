"""Checks across a validated scenario: unique ids, references to declared ids, expressions.

Each problem sits at the value that is wrong (`SourceMap` paths use the file's keys, so
`from`, not `from_`) and suggests the closest declared id when one is near.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from engine.expressions import (
    Effect,
    ExpressionError,
    SymbolTable,
    compile_condition,
    compile_effect,
    compile_number,
    compile_template,
    suggest,
)
from engine.format.model import (
    Citation,
    Decision,
    Engagement,
    Inject,
    Option,
    Outcome,
    Scenario,
)
from engine.format.problems import Position, Problem
from engine.format.source_map import SourceMap
from engine.format.yaml_loader import Loc
from engine.play.engagement import COUNTS, compile_count
from engine.play.triggers import After, OnPost, Trigger


@dataclass(frozen=True, slots=True)
class Declared:
    """An id and where it is declared (the path of the item that carries it)."""

    id: str
    loc: Loc


def decisions_with_locs(scenario: Scenario) -> Iterator[tuple[Decision, Loc]]:
    """Every decision with its path: those on injects, then those of turns."""
    for index, inject in enumerate(scenario.injects):
        if inject.decision is not None:
            yield inject.decision, ("injects", index, "decision")
    for index, decision in enumerate(scenario.decisions):
        yield decision, ("decisions", index)


def citations_with_locs(inject: Inject, loc: Loc) -> Iterator[tuple[Citation, Loc]]:
    """Every citation of an inject at path `loc`, with its own path: `source`, then `sources`."""
    if inject.source is not None:
        yield inject.source, (*loc, "source")
    for index, citation in enumerate(inject.sources):
        yield citation, (*loc, "sources", index)


def check_references(
    scenario: Scenario, positions: SourceMap, unparsed: frozenset[str] = frozenset()
) -> list[Problem]:
    """Duplicate ids, and references to ids that are not declared (an id in `unparsed`, of an
    item that did not parse, is declared: its item's problem is already reported)."""
    checker = _References(scenario, positions, unparsed)
    checker.duplicates()
    checker.dangling()
    return checker.problems


class _References:
    def __init__(self, scenario: Scenario, positions: SourceMap, unparsed: frozenset[str]) -> None:
        self.scenario = scenario
        self.positions = positions
        self.unparsed = unparsed
        self.problems: list[Problem] = []
        self.ids: dict[str, set[str]] = {}
        for section in ("injects", "cells", "actors", "variables", "channels", "objectives"):
            self.ids[section] = {item.id for item in getattr(scenario, section)}
        self.ids["sources"] = {source.id for source in scenario.sources}
        self.ids["endings"] = {ending.id for ending in scenario.endings}
        self.ids["decisions"] = {decision.id for decision in scenario.all_decisions()}

    def error(
        self, loc: Loc, message: str, suggestion: str | None = None, *, at_key: bool = False
    ) -> None:
        if not self.positions.is_flagged(loc):
            find = self.positions.key_position_of if at_key else self.positions.position_of
            at = find(loc)
            self.problems.append(Problem.at(at, message, suggestion=suggestion))

    # --- unique ids --------------------------------------------------------------------------

    def duplicates(self) -> None:
        s = self.scenario
        for section, kind in (
            ("sources", "source"),
            ("objectives", "objective"),
            ("cells", "cell"),
            ("actors", "actor"),
            ("variables", "variable"),
            ("channels", "channel"),
            ("injects", "inject"),
            ("endings", "ending"),
        ):
            items = getattr(s, section)
            self.unique(kind, [Declared(item.id, (section, i)) for i, item in enumerate(items)])
        seen: dict[str, int] = {}
        for index, term in enumerate(s.glossary):
            first = seen.setdefault(term.term.casefold(), index)
            if first != index:
                there = self.positions.position_of(("glossary", first, "term"))
                self.error(
                    ("glossary", index, "term"),
                    f"'{term.term}' is already in the glossary",
                    f"first at line {there.line}" if there else None,
                )
        for index, objective in enumerate(s.objectives):
            self.unique(
                "critical task",
                [
                    Declared(task.id, ("objectives", index, "critical_tasks", t))
                    for t, task in enumerate(objective.critical_tasks)
                ],
            )
        decisions = list(decisions_with_locs(s))
        self.unique("decision", [Declared(d.id, loc) for d, loc in decisions])
        for decision, loc in decisions:
            self.unique(
                "option",
                [Declared(o.id, (*loc, "options", i)) for i, o in enumerate(decision.options)],
            )
            for i, option in enumerate(decision.options):
                if option.adjudication is not None:
                    where = (*loc, "options", i, "adjudication", "outcomes")
                    outcomes = option.adjudication.outcomes
                    self.unique(
                        "outcome", [Declared(o.id, (*where, k)) for k, o in enumerate(outcomes)]
                    )

    def unique(self, kind: str, declared: list[Declared]) -> None:
        first: dict[str, Declared] = {}
        for item in declared:
            if item.id not in first:
                first[item.id] = item
                continue
            self.error(
                (*item.loc, "id"),
                f"duplicate {kind} id '{item.id}'",
                self.first_at(first[item.id].loc, item.loc),
            )

    def first_at(self, first: Loc, duplicate: Loc) -> str | None:
        there = self.positions.position_of((*first, "id"))
        here = self.positions.position_of((*duplicate, "id"))
        if there is None:
            return None
        if here is not None and here.file == there.file:
            if here.line == there.line:
                return f"first at line {there.line}, column {there.column}"
            return f"first at line {there.line}"
        return f"first at {there.file}:{there.line}"

    # --- references --------------------------------------------------------------------------

    def ref(self, loc: Loc, value: str | None, section: str, kind: str) -> None:
        if value is None or value in self.ids[section] or value in self.unparsed:
            return
        hint = _HINTS.get(section)
        self.error(
            loc,
            f"unknown {kind} '{value}'",
            suggest(value, self.ids[section])
            or (hint(self.scenario, value) if hint else None)
            or _declared(kind, self.ids[section]),
        )

    def refs(self, loc: Loc, values: Iterable[str], section: str, kind: str) -> None:
        for index, value in enumerate(values):
            self.ref((*loc, index), value, section, kind)

    def turn(self, loc: Loc, turn: int | None) -> None:
        count = self.scenario.turns.count
        if turn is not None and turn > count:
            self.error(loc, f"turn {turn} is past the last turn (turns: count is {count})")

    def dangling(self) -> None:
        s = self.scenario
        triggers = [Trigger.of(inject) for inject in s.injects]
        for index, actor in enumerate(s.actors):
            self.ref(("actors", index, "cell"), actor.cell, "cells", "cell")
        for index, variable in enumerate(s.variables):
            self.refs(("variables", index, "cells"), variable.cells, "cells", "cell")
        for index, cell in enumerate(s.cells):
            for g, goal in enumerate(cell.goals):
                goal_at: Loc = ("cells", index, "goals", g, "variable")
                self.ref(goal_at, goal.variable, "variables", "variable")
        for index, objective in enumerate(s.objectives):
            for t, task in enumerate(objective.critical_tasks):
                task_at: Loc = ("objectives", index, "critical_tasks", t)
                self.refs((*task_at, "injects"), task.injects, "injects", "inject")
                self.refs((*task_at, "decisions"), task.decisions, "decisions", "decision")
        people = self.ids["actors"] | self.ids["cells"]
        for index, inject in enumerate(s.injects):
            loc: Loc = ("injects", index)
            self.ref((*loc, "channel"), inject.channel, "channels", "channel")
            for key, values in (("from", (inject.from_,)), ("to", inject.to)):
                for i, value in enumerate(values):
                    if value is not None and value not in people | self.unparsed:
                        where: Loc = (*loc, key) if key == "from" else (*loc, key, i)
                        self.error(
                            where, f"unknown actor or cell '{value}'", suggest(value, people)
                        )
            self.refs((*loc, "objectives"), inject.objectives, "objectives", "objective")
            for citation, where in citations_with_locs(inject, loc):
                self.ref((*where, "document"), citation.document, "sources", "source")
            self.refs((*loc, "based_on"), inject.based_on, "sources", "source")
            if inject.fictional and inject.citations():
                self.error(
                    (*loc, "fictional"),
                    f"inject '{inject.id}' cites a source, so it cannot be `fictional: true`",
                    "to draw on a source while inventing the details, write"
                    " `based_on: [source_id]` instead of citing it",
                    at_key=True,
                )
            trigger = triggers[index]
            after = trigger.part(After)
            if after is not None and after.inject == inject.id:
                self.error((*loc, "after"), f"inject '{inject.id}' cannot come after itself")
            for named in trigger.references():
                self.ref((*loc, *named.path), named.id, named.table, named.noun)
            self.turn((*loc, "turn"), inject.turn)
        for decision, loc in decisions_with_locs(s):
            self.decision(decision, loc)
        self.posting(triggers)

    # --- the feed's posts (issue 17) ----------------------------------------------------------
    def posting(self, triggers: list[Trigger]) -> None:
        """Who may post where (cells, actors), and `on_post` triggers a post can fire."""
        s = self.scenario
        for index, channel in enumerate(s.channels):
            for k, right in enumerate(channel.posting):
                at: Loc = ("channels", index, "posting", k)
                self.ref((*at, "cell"), right.cell, "cells", "cell")
                self.refs((*at, "actors"), right.actors, "actors", "actor")
        channels = {channel.id: channel for channel in s.channels}
        for index, whole in enumerate(triggers):
            trigger = whole.part(OnPost)
            if trigger is None:
                continue
            loc: Loc = ("injects", index, "on_post")
            target = channels.get(trigger.channel)
            if target is None or trigger.cell not in (None, *self.ids["cells"]):
                continue
            posters = {right.cell for right in target.posting} & self.ids["cells"]
            if not posters:
                self.error(
                    (*loc, "channel"),
                    f"no cell may post on channel '{target.id}', so this inject never comes",
                    f"give channel '{target.id}' a `posting:` list: the cells that post, as whom",
                )
            elif trigger.cell is not None and trigger.cell not in posters:
                self.error(
                    (*loc, "cell"),
                    f"cell '{trigger.cell}' may not post on channel '{target.id}'",
                    suggest(trigger.cell, posters)
                    or f"the cells that may post there: {', '.join(sorted(posters))}",
                )

    def decision(self, decision: Decision, loc: Loc) -> None:
        self.refs((*loc, "cells"), decision.cells, "cells", "cell")
        self.turn((*loc, "turn"), decision.turn)
        options = {option.id for option in decision.options}
        if decision.default is not None and decision.default not in options:
            self.error(
                (*loc, "default"),
                f"'{decision.default}' is not an option of decision '{decision.id}'",
                suggest(decision.default, options),
            )
        for i, option in enumerate(decision.options):
            where: Loc = (*loc, "options", i)
            consequences: list[tuple[Loc, Option | Outcome]] = [(where, option)]
            if option.adjudication is not None:
                outcomes = option.adjudication.outcomes
                consequences += [
                    ((*where, "adjudication", "outcomes", k), outcome)
                    for k, outcome in enumerate(outcomes)
                ]
            for at, item in consequences:
                self.refs((*at, "releases"), item.releases, "injects", "inject")
                self.refs((*at, "cancels"), item.cancels, "injects", "inject")
                self.ref((*at, "ending"), item.ending, "endings", "ending")


def _declared(kind: str, ids: set[str]) -> str:
    """The hint when no declared id is close: what is declared (the first few)."""
    kinds = kind.replace(" or ", "s or ") + "s"
    if not ids:
        return f"the scenario declares no {kinds}"
    names = sorted(ids)
    shown = ", ".join(f"'{name}'" for name in names[:_SHOWN])
    more = f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
    return f"the {kinds} declared: {shown}{more}"


_SHOWN = 10
"""The most declared ids a hint lists."""


def _channel_by_kind(scenario: Scenario, value: str) -> str | None:
    """`channel: news` names a kind of channel: the channels of that (or the closest) kind."""
    kinds: dict[str, list[str]] = {}
    for channel in scenario.channels:
        kinds.setdefault(channel.kind.value, []).append(channel.id)
    close = difflib.get_close_matches(value, list(kinds), n=1)
    if not close:
        return None
    ids = kinds[close[0]]
    named = (
        f"'{ids[0]}', the {close[0]} channel"
        if len(ids) == 1
        else f"one of the {close[0]} channels: {', '.join(repr(i) for i in ids)}"
    )
    return f"did you mean {named}? `channel:` takes a channel's id, not its kind"


_HINTS: dict[str, Callable[[Scenario, str], str | None]] = {"channels": _channel_by_kind}
"""Per section, a hint for an unknown reference that no declared id is close to."""


# --- expressions ------------------------------------------------------------------------------


def expressions_with_locs(scenario: Scenario) -> Iterator[tuple[str, str, Loc]]:
    """Every expression as (kind, text, path); kind is condition, effect, template or number."""
    for index, inject in enumerate(scenario.injects):
        loc: Loc = ("injects", index)
        yield "template", inject.title, (*loc, "title")
        if inject.body:
            yield "template", inject.body, (*loc, "body")
        if inject.when is not None:
            yield "condition", inject.when, (*loc, "when")
        for k, text in enumerate(inject.effects):
            yield "effect", text, (*loc, "effects", k)
    for decision, loc in decisions_with_locs(scenario):
        if decision.when is not None:
            yield "condition", decision.when, (*loc, "when")
        for i, option in enumerate(decision.options):
            where: Loc = (*loc, "options", i)
            if option.when is not None:
                yield "condition", option.when, (*where, "when")
            for k, text in enumerate(option.effects):
                yield "effect", text, (*where, "effects", k)
            if option.adjudication is not None:
                for m, outcome in enumerate(option.adjudication.outcomes):
                    if isinstance(outcome.chance, str):
                        at: Loc = (*where, "adjudication", "outcomes", m, "chance")
                        yield "number", outcome.chance, at
                    for k, text in enumerate(outcome.effects):
                        yield "effect", text, (*where, "adjudication", "outcomes", m, "effects", k)
    for index, ending in enumerate(scenario.endings):
        if ending.condition is not None:
            yield "condition", ending.condition, ("endings", index, "condition")
    yield from _engagement_with_locs(scenario)


def _engagement_with_locs(scenario: Scenario) -> Iterator[tuple[str, str, Loc]]:
    """The feed's engagement counts (issue 17), on channels and on injects."""
    owners: list[tuple[Loc, Engagement | None]] = [
        (("channels", i, "engagement"), channel.engagement)
        for i, channel in enumerate(scenario.channels)
    ]
    owners += [
        (("injects", i, "engagement"), inject.engagement)
        for i, inject in enumerate(scenario.injects)
    ]
    for loc, engagement in owners:
        for name in COUNTS if engagement is not None else ():
            text = getattr(engagement, name)
            if text:
                yield "count", text, (*loc, name)


_COMPILERS = {
    "condition": compile_condition,
    "effect": compile_effect,
    "template": compile_template,
    "number": compile_number,
    "count": compile_count,
}


@dataclass(frozen=True)
class CheckedExpressions:
    """The problems of a scenario's expressions, and its effects compiled (by text)."""

    problems: list[Problem]
    effects: dict[str, Effect]
    """Every effect that compiled, so later checks need not compile it again."""


def check_expressions(
    scenario: Scenario, positions: SourceMap, skip: Callable[[str], bool] | None = None
) -> CheckedExpressions:
    """Compile every condition, effect and template; one problem per one that fails (except
    for a text `skip` says to pass over).

    A text met again (`trust -= 10` on many options) is compiled once: compiling depends only
    on the text and the scenario's names.
    """
    symbols = SymbolTable.from_scenario(scenario)
    problems: list[Problem] = []
    results: dict[tuple[str, str], object] = {}
    effects: dict[str, Effect] = {}
    for kind, text, loc in expressions_with_locs(scenario):
        result = results.get((kind, text))
        if result is None:
            try:
                result = _COMPILERS[kind](text, symbols)
            except ExpressionError as error:
                result = error
            results[kind, text] = result
            if isinstance(result, Effect):
                effects[text] = result
        if isinstance(result, ExpressionError) and not (skip is not None and skip(text)):
            at: Position | None = positions.text_position(loc, result.offset, text)
            problems.append(Problem.at(at, result.message, suggestion=result.suggestion))
    return CheckedExpressions(problems, effects)
