"""A scenario compiled for play: every expression turned into a closure, every id indexed.

The session works on this form only; the pydantic `Scenario` stays the source of truth for
names, texts and the journal's copy of the scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from engine.expressions import (
    Condition,
    Effect,
    ExpressionState,
    SymbolTable,
    Template,
    compile_condition,
    compile_effect,
    compile_number,
    compile_template,
)
from engine.format.model import Combine, Decision, Inject, Outcome, Resolve, Scenario, VariableType
from engine.format.scenario_time import calendar_date, format_clock, parse_clock, parse_duration
from engine.play.engagement import EngagementTable
from engine.play.triggers import Compiling, Trigger


@dataclass(frozen=True, slots=True)
class CompiledOutcome:
    """One row of an adjudication table, ready to apply."""

    id: str
    chance: int
    """The chance in percent (0 when `chance_of` reads it from the state)."""
    effects: tuple[Effect, ...]
    releases: tuple[str, ...]
    cancels: tuple[str, ...]
    ending: str | None
    chance_of: Callable[[ExpressionState], int] | None = None
    """For a chance written as an expression: computes it from the state."""

    def chance_in(self, state: ExpressionState) -> int:
        """The chance in percent in `state`, held within 0..100."""
        if self.chance_of is None:
            return self.chance
        return max(0, min(100, self.chance_of(state)))


@dataclass(frozen=True, slots=True)
class CompiledOption:
    """An option with its availability and consequences compiled."""

    id: str
    label: str
    when: Condition | None
    effects: tuple[Effect, ...]
    releases: tuple[str, ...]
    cancels: tuple[str, ...]
    ending: str | None
    outcomes: tuple[CompiledOutcome, ...]


@dataclass(frozen=True, slots=True)
class CompiledDecision:
    """A decision point with its options compiled."""

    id: str
    cells: tuple[str, ...]
    options: dict[str, CompiledOption]
    resolve: Resolve
    turn: int | None
    when: Condition | None
    time_limit: int | None
    default: str | None
    inject: str | None
    source: Decision
    combine: Combine = Combine.EACH
    """Whose choices take effect when several cells share the decision."""


@dataclass(frozen=True, slots=True)
class CompiledInject:
    """An inject with its trigger, effects and body compiled."""

    id: str
    trigger: Trigger
    """When it falls due (`engine.play.triggers`): all of its turn, time, after, when, on_post."""
    confirm: bool
    """When due, it waits for the facilitator's confirmation instead of going out."""
    effects: tuple[Effect, ...]
    body: Template
    title: Template
    decision: str | None
    source: Inject

    @property
    def automatic(self) -> bool:
        """Whether anything but a release can make it due."""
        return self.trigger.automatic


@dataclass(frozen=True, slots=True)
class CompiledEnding:
    """An ending with its condition compiled."""

    id: str
    condition: Condition | None


class DecisionTable(Mapping[str, CompiledDecision]):
    """Decisions by id, each compiled the first time it is looked up.

    A resume or a short session touches few of a large scenario's decisions, and their
    options hold most of its expressions; the loader has already compiled every one once to
    check it, so nothing can fail here that did not fail there.
    """

    def __init__(self, scenario: Scenario, symbols: SymbolTable) -> None:
        self._symbols = symbols
        self._sources: dict[str, tuple[Decision, str | None]] = {
            inject.decision.id: (inject.decision, inject.id)
            for inject in scenario.injects
            if inject.decision is not None
        }
        self._sources.update((decision.id, (decision, None)) for decision in scenario.decisions)
        self._compiled: dict[str, CompiledDecision] = {}

    def option_ids(self, decision_id: str) -> frozenset[str]:
        """The ids of a decision's options, without compiling it.

        Raises:
            KeyError: there is no such decision.
        """
        return frozenset(option.id for option in self._sources[decision_id][0].options)

    def add(self, decision: CompiledDecision) -> None:
        """Put an already compiled decision in the table."""
        self._compiled[decision.id] = decision

    def __getitem__(self, decision_id: str) -> CompiledDecision:
        compiled = self._compiled.get(decision_id)
        if compiled is None:
            source, inject = self._sources[decision_id]
            compiled = self._compiled[decision_id] = _decision(source, self._symbols, inject)
        return compiled

    def get(  # type: ignore[override]  # Mapping.get's overloads, in one signature
        self, decision_id: str, default: CompiledDecision | None = None
    ) -> CompiledDecision | None:
        """The decision, or `default` when there is none (one call, not `Mapping.get`'s two)."""
        compiled = self._compiled.get(decision_id)
        if compiled is None and decision_id in self._sources:
            compiled = self[decision_id]
        return default if compiled is None else compiled

    def __contains__(self, decision_id: object) -> bool:
        return decision_id in self._sources

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


@dataclass(slots=True)
class CompiledScenario:
    """Everything the session needs, indexed by id."""

    scenario: Scenario
    content_hash: str
    symbols: SymbolTable
    initial_values: dict[str, int | bool | str]
    bounds: dict[str, tuple[int | None, int | None]]
    injects: dict[str, CompiledInject]
    decisions: DecisionTable
    turn_decisions: tuple[CompiledDecision, ...]
    endings: tuple[CompiledEnding, ...]
    turn_count: int
    turn_length: int
    start_clock: int
    watched: tuple[str, ...] = field(default=())
    """Injects with an automatic trigger, in scenario order: the ones a sweep looks at."""
    turn_starts: tuple[int, ...] = field(default=())
    """When each turn starts, and last when the last turn ends (`turn_count + 1` readings)."""
    calendar: date | None = None
    """The date of D+0 when `turns.start` is a calendar reading (times are shown as dates)."""
    confirming: tuple[str, ...] = field(default=())
    """Injects marked `confirm`, in scenario order: the ones that can wait for confirmation."""
    engagement: EngagementTable = field(default_factory=EngagementTable.empty)
    """The feed's engagement expressions, compiled (issue 17)."""

    def turn_start(self, turn: int) -> int:
        """The scenario minute a turn (1..turn_count) starts at."""
        return self.turn_starts[max(0, min(turn, self.turn_count) - 1)]

    def turn_end(self, turn: int) -> int:
        """The scenario minute a turn ends at (the next one's start); the clock stops there."""
        return self.turn_starts[max(1, min(turn, self.turn_count))]

    def time_label(self, minutes: int) -> str:
        """A scenario time as the console and the report show it (a date on a calendar)."""
        return format_clock(minutes, self.calendar)


def _outcome(outcome: Outcome, symbols: SymbolTable) -> CompiledOutcome:
    chance = outcome.chance
    return CompiledOutcome(
        id=outcome.id,
        chance=0 if isinstance(chance, str) else chance,
        chance_of=compile_number(chance, symbols) if isinstance(chance, str) else None,
        effects=tuple(compile_effect(text, symbols) for text in outcome.effects),
        releases=outcome.releases,
        cancels=outcome.cancels,
        ending=outcome.ending,
    )


def _decision(decision: Decision, symbols: SymbolTable, inject: str | None) -> CompiledDecision:
    options = {
        option.id: CompiledOption(
            id=option.id,
            label=option.label,
            when=compile_condition(option.when, symbols) if option.when else None,
            effects=tuple(compile_effect(text, symbols) for text in option.effects),
            releases=option.releases,
            cancels=option.cancels,
            ending=option.ending,
            outcomes=tuple(_outcome(row, symbols) for row in option.adjudication.outcomes)
            if option.adjudication
            else (),
        )
        for option in decision.options
    }
    default_resolve = Resolve.ON_CHOICE if inject is not None else Resolve.AT_ADJUDICATION
    return CompiledDecision(
        id=decision.id,
        cells=decision.cells,
        options=options,
        resolve=decision.resolve or default_resolve,
        combine=decision.combine,
        turn=decision.turn,
        when=compile_condition(decision.when, symbols) if decision.when else None,
        time_limit=parse_duration(decision.time_limit) if decision.time_limit else None,
        default=decision.default,
        inject=inject,
        source=decision,
    )


def _inject(inject: Inject, symbols: SymbolTable, calendar: date | None) -> CompiledInject:
    return CompiledInject(
        id=inject.id,
        trigger=Trigger.of(inject, Compiling(symbols, calendar)),
        confirm=inject.confirm,
        effects=tuple(compile_effect(text, symbols) for text in inject.effects),
        body=compile_template(inject.body, symbols),
        title=compile_template(inject.title, symbols),
        decision=inject.decision.id if inject.decision else None,
        source=inject,
    )


def compile_scenario(scenario: Scenario, content_hash: str) -> CompiledScenario:
    """Compile a validated scenario (the loader has already checked every name in it).

    Raises:
        engine.expressions.ExpressionError: an expression does not compile (only possible
            for a scenario that did not come through the loader).
    """
    symbols = SymbolTable.from_scenario(scenario)
    calendar = calendar_date(scenario.turns.start)
    injects = {inject.id: _inject(inject, symbols, calendar) for inject in scenario.injects}
    decisions = DecisionTable(scenario, symbols)
    turn_decisions = tuple(_decision(d, symbols, None) for d in scenario.decisions)
    for decision in turn_decisions:
        decisions.add(decision)
    return CompiledScenario(
        scenario=scenario,
        content_hash=content_hash,
        symbols=symbols,
        initial_values={variable.id: variable.initial for variable in scenario.variables},
        bounds={
            variable.id: (variable.min, variable.max)
            for variable in scenario.variables
            if variable.type is VariableType.INT
        },
        injects=injects,
        decisions=decisions,
        turn_decisions=turn_decisions,
        endings=tuple(
            CompiledEnding(
                ending.id,
                compile_condition(ending.condition, symbols) if ending.condition else None,
            )
            for ending in scenario.endings
        ),
        turn_count=scenario.turns.count,
        turn_length=parse_duration(scenario.turns.length),
        start_clock=parse_clock(scenario.turns.start),
        watched=tuple(inject.id for inject in injects.values() if inject.automatic),
        turn_starts=scenario.turns.starts(),
        calendar=calendar,
        confirming=tuple(inject.id for inject in injects.values() if inject.confirm),
        engagement=EngagementTable.of(scenario, symbols),
    )

