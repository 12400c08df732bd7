"""The exercise session: takes commands, returns events. No clock, no files, no terminal.

The rules of each command live in `engine.handlers`; this module keeps the events, the undo
bookkeeping, the queries and the mechanics the rules share.

Every command becomes a *group* of events: a `command` event recording what was asked, then
what followed from it. Each event is folded into the state the moment it is emitted
(`engine.fold`), so replaying the events of a journal rebuilds exactly the state that was
live. Undo appends an `undone` event and rebuilds the state without the undone group; redo
re-applies that group's events exactly as they were, dice rolls included.

Order of effects when a decision resolves (documented in docs/architecture.md): cells in the
order the decision lists them; for each, the option's effects, its releases, its cancels, then
its adjudication roll and the outcome's effects, releases and cancels; an ending stops the
rest. Decisions resolved in the adjudication phase go in the order they were opened.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from typing import Any

from engine import commands as c
from engine.compiled import (
    CompiledDecision,
    CompiledInject,
    CompiledOption,
    CompiledOutcome,
    CompiledScenario,
)
from engine.errors import CommandRefused
from engine.expressions import Effect
from engine.fold import APPLIERS, Event
from engine.handlers import CAPABILITY_ELEMENTS, HANDLERS, NOTE_KINDS, RATINGS
from engine.lifecycle import RUNNING, Lifecycle, Phase
from engine.model import Resolve
from engine.state import ExerciseState, InjectStatus

_NO_SWEEP = c.RECORD_ONLY | {"undo", "redo"}
"""Commands after which no inject can have become due (undo and redo restore a past state)."""

_BOOKKEEPING = frozenset({"command", "undone", "redone", "outcome_overridden"})
"""Events that change the list of groups, not only the state."""

_FINISHED = (Phase.HOTWASH, Phase.ENDED)

Roller = Callable[[str, str, int], int]
"""Given a decision id, a cell id and the seed, the d100 roll (1..100)."""


def seeded_roll(decision: str, cell: str, seed: int) -> int:
    """The engine's own die: the same seed, decision and cell always give the same roll."""
    return random.Random(f"{seed}:{decision}:{cell}").randint(1, 100)


def pick_outcome(outcomes: tuple[CompiledOutcome, ...], roll: int) -> CompiledOutcome:
    """The outcome a d100 roll lands on: chances are stacked in the order listed."""
    total = 0
    for outcome in outcomes:
        total += outcome.chance
        if roll <= total:
            return outcome
    return outcomes[-1]


class Session:
    """One exercise: its state, its lifecycle and every event it produced."""

    def __init__(self, compiled: CompiledScenario, seed: int) -> None:
        self.compiled = compiled
        self.seed = seed
        self.roller: Roller = seeded_roll
        self.events: list[Event] = []
        self.state = self._initial_state()
        self.lifecycle = Lifecycle()
        self._groups: dict[int, list[Event]] = {}
        self._commands: dict[int, c.Command] = {}
        self._effective: list[int] = []
        self._redo: list[int] = []
        self._group = -1
        self._out: list[Event] = []
        self._seq = 0
        """The number the next emitted event gets (set by `execute`, counted by `_emit`)."""

    # ----------------------------------------------------------------- creation
    @classmethod
    def start(cls, compiled: CompiledScenario, seed: int) -> Session:
        """A new session, in the briefing, with its opening events in `events`."""
        session = cls(compiled, seed)
        session.execute(c.OpenBriefing())
        return session

    @classmethod
    def replay(cls, compiled: CompiledScenario, seed: int, events: Iterable[Event]) -> Session:
        """Rebuild a session from its journaled events (no command is run again)."""
        session = cls(compiled, seed)
        for event in events:
            session._ingest(event)
            session.events.append(event)
        session._out = []
        return session

    def _initial_state(self) -> ExerciseState:
        return ExerciseState(
            phase=Phase.SETUP,
            turn=0,
            clock=self.compiled.start_clock,
            values=dict(self.compiled.initial_values),
        )

    # ----------------------------------------------------------------- commands
    def execute(self, command: c.Command) -> list[Event]:
        """Carry out a command and return the events it produced (already applied).

        Raises:
            CommandRefused: the command is not possible now; nothing changed.
        """
        handler = HANDLERS.get(type(command))
        if handler is None:
            raise CommandRefused(f"unknown command {command!r}")
        handler(self, command, True)
        self._out = []
        self._seq = len(self.events)
        self._group += 1
        self._commands[self._group] = command
        try:
            self._emit("command", command=command.to_dict())
            handler(self, command, False)
            if self.state.phase in RUNNING and command.name not in _NO_SWEEP:
                self._sweep()
        except BaseException:
            self._forget_group(self._group)
            raise
        out, self._out = self._out, []
        self.events.extend(out)
        return out

    def _forget_group(self, group: int) -> None:
        """Take back a half-executed group (a bug surfaced mid-command): state as before it."""
        self._out = []
        self._groups.pop(group, None)
        self._commands.pop(group, None)
        if group in self._effective:
            self._effective.remove(group)
        self._group = group - 1
        self._rebuild()

    def _emit(self, event_type: str, /, **data: Any) -> Event:
        state = self.state
        event: Event = {
            "seq": self._seq,
            "group": self._group,
            "type": event_type,
            "turn": state.turn,
            "clock": state.clock,
            **data,
        }
        self._seq += 1
        if event_type in _BOOKKEEPING:
            self._ingest(event)
        else:  # what `_ingest` does for most events, without the call (the hottest path)
            self._groups[self._group].append(event)
            APPLIERS[event_type](state, event)
            if event_type == "phase_changed":
                self._follow_phase()
        self._out.append(event)
        return event

    def _ingest(self, event: Event) -> None:
        """Fold an event into the state, keeping the undo bookkeeping (live and in replay)."""
        group = event["group"]
        kind = event["type"]
        if kind not in _BOOKKEEPING:  # most events: fold into the state, keep in the group
            self._groups[group].append(event)
            APPLIERS[kind](self.state, event)
            if kind == "phase_changed":
                self._follow_phase()
            return
        if kind == "command":
            self._group = group
            command = self._commands.get(group)  # set by `execute`; parsed only in replay
            if command is None:
                command = self._commands[group] = c.command_from_dict(event["command"])
            if command.name in ("undo", "redo"):
                return
            self._groups[group] = [event]
            self._effective.append(group)
            if command.name not in c.RECORD_ONLY:
                self._redo.clear()
            return
        if kind == "undone":
            self._effective.remove(event["target"])
            self._redo.append(event["target"])
            self._rebuild()
            return
        if kind == "redone":
            self._redo.remove(event["target"])
            self._effective.append(event["target"])
            for redone in self._groups[event["target"]]:
                self._apply(redone)
            return
        # outcome_overridden: the overridden group is replayed with the new outcome
        self._effective.remove(event["target"])
        self._rebuild()
        self._groups[group].append(event)
        self._apply(event)

    def _apply(self, event: Event) -> None:
        kind = event["type"]
        APPLIERS[kind](self.state, event)
        if kind == "phase_changed":
            self._follow_phase()

    def _follow_phase(self) -> None:
        """Put the lifecycle where a folded `phase_changed` event put the state."""
        self.lifecycle.jump(self.state.phase)
        self.lifecycle.paused_from = self.state.paused_from

    def _rebuild(self) -> None:
        self.state = self._initial_state()
        self.lifecycle.jump(Phase.SETUP)
        for group in self._effective:
            for event in self._groups[group]:
                self._apply(event)

    # ----------------------------------------------------------------- queries
    @property
    def phase(self) -> Phase:
        """The current phase."""
        return self.state.phase

    @property
    def finished(self) -> bool:
        """Whether the exercise has reached the hotwash or ended."""
        return self.state.phase in _FINISHED

    def option_available(self, option: CompiledOption) -> bool:
        """Whether an option's condition holds now."""
        return option.when is None or bool(option.when(self.state))

    def options(self, decision: str) -> list[tuple[CompiledOption, bool]]:
        """A decision's options in order, each with whether it is available now."""
        compiled = self.compiled.decisions[decision]
        return [(option, self.option_available(option)) for option in compiled.options.values()]

    def available_options(self, decision: str) -> list[CompiledOption]:
        """The options of a decision a cell may take now, in the order the scenario lists them."""
        state = self.state
        return [
            option
            for option in self.compiled.decisions[decision].options.values()
            if option.when is None or option.when(state)
        ]

    def pending_choices(self) -> list[tuple[str, str]]:
        """The (decision, cell) pairs still waiting for a choice, in the order opened."""
        return [
            (decision.id, cell)
            for decision in self.state.open_decisions.values()
            for cell in self.compiled.decisions[decision.id].cells
            if cell not in decision.choices
        ]

    def undoable(self, before: int | None = None) -> int | None:
        """The group an undo would take back (among groups numbered below `before`), if any."""
        for group in reversed(self._effective):
            name = self._commands[group].name
            if 0 < group < (before if before is not None else group + 1) and (
                name not in c.RECORD_ONLY
            ):
                return group
        return None

    def can_redo(self) -> bool:
        """Whether there is an undone action to apply again."""
        return bool(self._redo)

    def command_of(self, group: int) -> c.Command:
        """The command that produced a group of events."""
        return self._commands[group]

    # ----------------------------------------------------------------- rules
    def _require(self, condition: bool, message: str) -> None:
        if not condition:
            raise CommandRefused(message)

    def _require_running(self, what: str) -> None:
        self._require(
            self.state.phase in RUNNING,
            f"cannot {what} during {self.state.phase.value.replace('_', ' ')}",
        )

    def _require_inject(self, inject: str) -> CompiledInject | None:
        if inject in self.compiled.injects:
            return self.compiled.injects[inject]
        self._require(inject in self.state.adhoc, f"no inject {inject!r} in this scenario")
        return None

    def _move(self, trigger: str, *, dry_run: bool) -> None:
        if dry_run:
            self._require(
                self.lifecycle.can(trigger),
                f"cannot {trigger.replace('_', ' ')} during "
                f"{self.state.phase.value.replace('_', ' ')}",
            )
            return
        phase = self.lifecycle.move(trigger)
        paused_from = self.state.paused_from if phase is Phase.PAUSED else None
        self._emit(
            "phase_changed",
            phase=phase.value,
            paused_from=paused_from.value if paused_from else None,
        )

    def _set_values(self, changes: dict[str, Any], cause: str) -> None:
        changed = {key: value for key, value in changes.items() if self.state.values[key] != value}
        if changed:
            self._emit("variables_changed", changes=changed, cause=cause)

    def _run_effects(self, effects: tuple[Effect, ...], cause: str) -> None:
        if not effects:
            return
        changes: dict[str, Any] = {}
        values = self.state.values
        for effect in effects:
            new = effect.compute(self.state)
            changes[effect.target] = new
            values[effect.target] = new  # later effects of the same list see earlier ones
        self._emit("variables_changed", changes=changes, cause=cause)

    def _deliver(self, inject: CompiledInject) -> None:
        self._emit(
            "inject_delivered",
            inject=inject.id,
            title=inject.title.render(self.state.values),
            body=inject.body.render(self.state.values),
        )
        self._run_effects(inject.effects, f"inject:{inject.id}")
        if inject.decision is not None:
            self._open(self.compiled.decisions[inject.decision])

    def _open(self, decision: CompiledDecision) -> None:
        if decision.id in self.state.open_decisions or decision.id in self.state.resolved:
            return
        deadline = (
            self.state.clock + decision.time_limit if decision.time_limit is not None else None
        )
        self._emit("decision_opened", decision=decision.id, deadline=deadline)

    def _is_due(self, inject: CompiledInject, scheduled: bool) -> bool:
        state = self.state
        if inject.turn is not None and inject.turn > state.turn:
            return False
        if inject.time is not None and inject.time > state.clock:
            return False
        if scheduled:
            return True
        if inject.after is not None:
            at = state.delivered_at.get(inject.after)
            if at is None or state.clock < at + inject.delay:
                return False
        return inject.when is None or bool(inject.when(state))

    def _sweep(self) -> None:
        """Deliver every inject whose triggers now hold, until nothing more is due."""
        injects = self.compiled.injects
        status = self.state.status
        progress = True
        while progress and self.state.phase in RUNNING:
            progress = False
            for inject_id in self.compiled.watched:
                current = status.get(inject_id)
                if current is None and self._is_due(injects[inject_id], scheduled=False):
                    self._deliver(injects[inject_id])
                    progress = True
            for inject_id in list(self.state.scheduled):
                if self._is_due(injects[inject_id], scheduled=True):
                    self._deliver(injects[inject_id])
                    progress = True

    def _release(self, inject_id: str) -> None:
        current = self.state.status.get(inject_id)
        if current is not None:
            return  # delivered, held or cancelled: a release changes nothing
        inject = self.compiled.injects[inject_id]
        if self._is_due(inject, scheduled=True):
            self._deliver(inject)
        else:
            self._emit("inject_status_changed", inject=inject_id, status="scheduled")

    def _cancel(self, inject_id: str) -> None:
        if self.state.status.get(inject_id) in (None, InjectStatus.SCHEDULED, InjectStatus.HELD):
            self._emit("inject_status_changed", inject=inject_id, status="cancelled")

    def _consequences(
        self,
        effects: tuple[Effect, ...],
        releases: tuple[str, ...],
        cancels: tuple[str, ...],
        ending: str | None,
        cause: str,
    ) -> bool:
        """Apply one option's or outcome's consequences; True when they end the exercise."""
        self._run_effects(effects, cause)
        for inject_id in releases:
            self._release(inject_id)
        for inject_id in cancels:
            self._cancel(inject_id)
        if ending is not None:
            self._end(ending)
            return True
        return False

    def _resolve(self, decision: CompiledDecision) -> None:
        """Apply every cell's choice, in the decision's cell order, then close it."""
        choices = self.state.open_decisions[decision.id].choices
        for cell in decision.cells:
            option = decision.options[choices[cell]]
            self._emit("option_resolved", decision=decision.id, cell=cell, option=option.id)
            cause = f"option:{decision.id}.{option.id}"
            if self._consequences(
                option.effects, option.releases, option.cancels, option.ending, cause
            ):
                break
            if option.outcomes and self._roll(decision, cell, option):
                break
        if decision.id in self.state.open_decisions:
            self._emit("decision_closed", decision=decision.id)

    def _roll(self, decision: CompiledDecision, cell: str, option: CompiledOption) -> bool:
        roll = self.roller(decision.id, cell, self.seed)
        forced = self.state.overrides.get((decision.id, cell))
        outcome = pick_outcome(option.outcomes, roll)
        if forced is not None:
            outcome = next(row for row in option.outcomes if row.id == forced)
        self._emit(
            "roll_made",
            decision=decision.id,
            cell=cell,
            option=option.id,
            roll=roll,
            outcome=outcome.id,
            overridden=forced is not None,
        )
        return self._consequences(
            outcome.effects,
            outcome.releases,
            outcome.cancels,
            outcome.ending,
            f"outcome:{decision.id}.{outcome.id}",
        )

    def _end(self, ending: str | None) -> None:
        if self.state.phase in _FINISHED:
            return
        self._emit("ending_reached", ending=ending)
        self._move("finish", dry_run=False)

    def _start_turn(self, turn: int) -> None:
        compiled = self.compiled
        clock = max(self.state.clock, compiled.start_clock + (turn - 1) * compiled.turn_length)
        self._emit("turn_started", turn=turn, clock=clock)
        self._sweep()
        for decision in compiled.turn_decisions:
            if decision.turn == turn and (decision.when is None or decision.when(self.state)):
                self._open(decision)

    def _check_endings(self) -> None:
        for ending in self.compiled.endings:
            if ending.condition is not None and ending.condition(self.state):
                self._end(ending.id)
                return
        if self.state.turn >= self.compiled.turn_count:
            self._emit("turns_exhausted")
            self._end(None)

    def _missing_choices(self) -> list[str]:
        missing = []
        for open_decision in self.state.open_decisions.values():
            decision = self.compiled.decisions[open_decision.id]
            if decision.resolve is not Resolve.AT_ADJUDICATION:
                continue
            waiting = [cell for cell in decision.cells if cell not in open_decision.choices]
            if waiting and decision.default is None:
                missing.append(f"decision {decision.id!r} is waiting for {', '.join(waiting)}")
        return missing

    def _fill_defaults(self, decision: CompiledDecision) -> None:
        open_decision = self.state.open_decisions[decision.id]
        for cell in decision.cells:
            if cell not in open_decision.choices and decision.default is not None:
                self._emit(
                    "choice_recorded",
                    decision=decision.id,
                    cell=cell,
                    option=decision.default,
                    rationale="",
                    defaulted=True,
                )

    def _expire(self, decision: CompiledDecision) -> None:
        self._fill_defaults(decision)
        if decision.resolve is not Resolve.AT_ADJUDICATION:
            self._resolve(decision)


__all__ = [
    "CAPABILITY_ELEMENTS",
    "NOTE_KINDS",
    "RATINGS",
    "Roller",
    "Session",
    "pick_outcome",
    "seeded_roll",
]
