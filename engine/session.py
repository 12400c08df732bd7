"""The exercise session: takes commands, returns events. No clock, no files, no terminal.

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
from engine.lifecycle import CHOOSING, RUNNING, Lifecycle, Phase
from engine.model import Resolve
from engine.state import ExerciseState, InjectStatus

RATINGS = {
    "P": "Performed without Challenges",
    "S": "Performed with Some Challenges",
    "M": "Performed with Major Challenges",
    "U": "Unable to be Performed",
}
NOTE_KINDS = ("observation", "strength", "improvement", "action", "hotwash")
CAPABILITY_ELEMENTS = ("", "planning", "organisation", "equipment", "training", "exercise")

_NO_SWEEP = c.RECORD_ONLY | {"undo", "redo"}
"""Commands after which no inject can have become due (undo and redo restore a past state)."""

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

    # ----------------------------------------------------------------- creation
    @classmethod
    def start(cls, compiled: CompiledScenario, seed: int) -> Session:
        """A new session, in the briefing, with its opening events in `events`."""
        session = cls(compiled, seed)
        session.execute(c.OpenBriefing())
        return session

    @classmethod
    def replay(
        cls, compiled: CompiledScenario, seed: int, events: Iterable[Event]
    ) -> Session:
        """Rebuild a session from its journaled events (no command is run again)."""
        session = cls(compiled, seed)
        for event in events:
            session._ingest(event)
            session.events.append(event)
        session._out = []
        return session

    def close(self) -> None:
        """Release the session's place in the shared lifecycle machine."""
        self.lifecycle.detach()

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
        handler = _HANDLERS.get(type(command))
        if handler is None:
            raise CommandRefused(f"unknown command {command!r}")
        handler(self, command, True)
        self._out = []
        self._group += 1
        self._commands[self._group] = command
        try:
            self._emit("command", command=command.to_dict())
            handler(self, command, False)
            if self.lifecycle.phase in RUNNING and command.name not in _NO_SWEEP:
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
        event: Event = {
            "seq": len(self.events) + len(self._out),
            "group": self._group,
            "type": event_type,
            "turn": self.state.turn,
            "clock": self.state.clock,
            **data,
        }
        self._ingest(event)
        self._out.append(event)
        return event

    def _ingest(self, event: Event) -> None:
        """Fold an event into the state, keeping the undo bookkeeping (live and in replay)."""
        group = event["group"]
        kind = event["type"]
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
        if kind == "outcome_overridden":
            self._effective.remove(event["target"])
            self._rebuild()
        self._groups[group].append(event)
        self._apply(event)

    def _apply(self, event: Event) -> None:
        kind = event["type"]
        APPLIERS[kind](self.state, event)
        if kind == "phase_changed":
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
        return self.state.phase in (Phase.HOTWASH, Phase.ENDED)

    def option_available(self, option: CompiledOption) -> bool:
        """Whether an option's condition holds now."""
        return option.when is None or bool(option.when(self.state))

    def options(self, decision: str) -> list[tuple[CompiledOption, bool]]:
        """A decision's options in order, each with whether it is available now."""
        compiled = self.compiled.decisions[decision]
        return [(option, self.option_available(option)) for option in compiled.options.values()]

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
            for inject_id, current in list(status.items()):
                if current is InjectStatus.SCHEDULED and self._is_due(
                    injects[inject_id], scheduled=True
                ):
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
        if self.state.phase in (Phase.HOTWASH, Phase.ENDED):
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


# --------------------------------------------------------------------- command handlers
# Each handler checks first (raising CommandRefused) and returns early on a dry run, so a
# refused command leaves no trace; then it acts by emitting events through the session.

Handler = Callable[[Session, Any, bool], None]


def _open_briefing(session: Session, command: c.OpenBriefing, dry_run: bool) -> None:
    session._move("open_briefing", dry_run=dry_run)
    if not dry_run:
        session._emit(
            "session_started",
            scenario=session.compiled.scenario.id,
            content_hash=session.compiled.content_hash,
            seed=session.seed,
        )


def _begin(session: Session, command: c.Begin, dry_run: bool) -> None:
    session._move("begin", dry_run=dry_run)
    if not dry_run:
        session._start_turn(1)


def _next_phase(session: Session, command: c.NextPhase, dry_run: bool) -> None:
    phase = session.state.phase
    if phase is Phase.TURN_END:
        session._move("next_turn", dry_run=dry_run)
        if not dry_run:
            session._start_turn(session.state.turn + 1)
        return
    if phase is Phase.DECISIONS:
        missing = session._missing_choices()
        session._require(not missing, "cannot adjudicate yet: " + "; ".join(missing))
    session._move("advance", dry_run=dry_run)
    if dry_run:
        return
    if session.state.phase is Phase.ADJUDICATION:
        for open_decision in list(session.state.open_decisions.values()):
            decision = session.compiled.decisions[open_decision.id]
            if decision.resolve is Resolve.AT_ADJUDICATION and not session.finished:
                session._fill_defaults(decision)
                session._resolve(decision)
    elif session.state.phase is Phase.TURN_END:
        session._check_endings()


def _pause(session: Session, command: c.Pause, dry_run: bool) -> None:
    session._require(session.state.phase in RUNNING, "only a running exercise can be paused")
    if not dry_run:
        session.lifecycle.paused_from = session.state.phase
        session.state.paused_from = session.state.phase
    session._move("pause", dry_run=dry_run)


def _resume(session: Session, command: c.Resume, dry_run: bool) -> None:
    session._move("resume", dry_run=dry_run)


def _record_choice(session: Session, command: c.RecordChoice, dry_run: bool) -> None:
    # The hottest handler (every bot step): messages are built only when a check fails.
    state = session.state
    if state.phase not in CHOOSING:
        raise CommandRefused(
            f"choices are recorded during delivery, deliberation or decisions, not during "
            f"{state.phase.value.replace('_', ' ')}"
        )
    decision = session.compiled.decisions.get(command.decision)
    if decision is None:
        raise CommandRefused(f"no decision {command.decision!r} in this scenario")
    open_decision = state.open_decisions.get(decision.id)
    if open_decision is None:
        raise CommandRefused(f"decision {decision.id!r} is not open")
    if command.cell not in decision.cells:
        raise CommandRefused(
            f"cell {command.cell!r} does not take part in decision {decision.id!r}"
        )
    option = decision.options.get(command.option)
    if option is None:
        raise CommandRefused(f"decision {decision.id!r} has no option {command.option!r}")
    if dry_run:
        if not session.option_available(option):
            raise CommandRefused(f"option {option.id!r} is not available now")
        return
    session._emit(
        "choice_recorded",
        decision=decision.id,
        cell=command.cell,
        option=option.id,
        rationale=command.rationale,
    )
    everyone = all(cell in open_decision.choices for cell in decision.cells)
    if everyone and decision.resolve is Resolve.ON_CHOICE:
        session._resolve(decision)


def _expire_decision(session: Session, command: c.ExpireDecision, dry_run: bool) -> None:
    session._require_running("expire a decision")
    decision = session.compiled.decisions.get(command.decision)
    session._require(
        decision is not None and decision.id in session.state.open_decisions,
        f"decision {command.decision!r} is not open",
    )
    assert decision is not None
    session._require(
        decision.default is not None, f"decision {decision.id!r} has no default option"
    )
    if not dry_run:
        session._expire(decision)


def _override_outcome(session: Session, command: c.OverrideOutcome, dry_run: bool) -> None:
    decision = session.compiled.decisions.get(command.decision)
    session._require(decision is not None, f"no decision {command.decision!r} in this scenario")
    assert decision is not None
    target = None
    for group in reversed(session._effective):
        events = session._groups[group]
        if any(
            event["type"] == "roll_made"
            and event["decision"] == command.decision
            and event["cell"] == command.cell
            for event in events
        ):
            target = group
            break
    session._require(target is not None, f"no roll for {command.cell} on {command.decision!r}")
    assert target is not None
    current = session._group if not dry_run else None  # the override's own group is live
    session._require(
        target == session.undoable(before=current),
        "only the latest action's roll can be overridden; undo back to it first",
    )
    roll = next(
        event
        for event in session._groups[target]
        if event["type"] == "roll_made" and event["cell"] == command.cell
    )
    option = decision.options[roll["option"]]
    session._require(
        any(outcome.id == command.outcome for outcome in option.outcomes),
        f"option {option.id!r} has no outcome {command.outcome!r}",
    )
    session._require(bool(command.reason.strip()), "an override needs a reason")
    if dry_run:
        return
    original = session._commands[target]
    origin = target
    while isinstance(original, c.OverrideOutcome):  # overriding an override: re-run the action
        origin = next(
            event["target"]
            for event in session._groups[origin]
            if event["type"] == "outcome_overridden"
        )
        original = session._commands[origin]
    session._emit(
        "outcome_overridden",
        target=target,
        decision=command.decision,
        cell=command.cell,
        outcome=command.outcome,
        rolled=roll["outcome"],
        roll=roll["roll"],
        reason=command.reason,
    )
    _HANDLERS[type(original)](session, original, False)


def _release_inject(session: Session, command: c.ReleaseInject, dry_run: bool) -> None:
    session._require_running("release an inject")
    inject = session._require_inject(command.inject)
    status = session.state.status_of(command.inject)
    session._require(
        status not in (InjectStatus.DELIVERED, InjectStatus.CANCELLED),
        f"inject {command.inject!r} is already {status.value}",
    )
    if not dry_run and inject is not None:
        session._deliver(inject)


def _hold_inject(session: Session, command: c.HoldInject, dry_run: bool) -> None:
    session._require_running("hold an inject")
    session._require_inject(command.inject)
    status = session.state.status_of(command.inject)
    session._require(
        status in (InjectStatus.PENDING, InjectStatus.SCHEDULED),
        f"inject {command.inject!r} is {status.value}; only a pending inject can be held",
    )
    if not dry_run:
        session._emit("inject_status_changed", inject=command.inject, status="held")


def _unhold_inject(session: Session, command: c.UnholdInject, dry_run: bool) -> None:
    session._require_running("unhold an inject")
    session._require_inject(command.inject)
    status = session.state.status_of(command.inject)
    session._require(status is InjectStatus.HELD, f"inject {command.inject!r} is not held")
    if not dry_run:
        session._emit("inject_status_changed", inject=command.inject, status="pending")


def _cancel_inject(session: Session, command: c.CancelInject, dry_run: bool) -> None:
    session._require_running("cancel an inject")
    session._require_inject(command.inject)
    status = session.state.status_of(command.inject)
    session._require(
        status not in (InjectStatus.DELIVERED, InjectStatus.CANCELLED),
        f"inject {command.inject!r} is already {status.value}",
    )
    if not dry_run:
        session._emit("inject_status_changed", inject=command.inject, status="cancelled")


def _add_inject(session: Session, command: c.AddInject, dry_run: bool) -> None:
    session._require_running("add an inject")
    session._require(bool(command.title.strip()), "an ad-hoc inject needs a title")
    channels = {channel.id for channel in session.compiled.scenario.channels}
    session._require(
        not command.channel or command.channel in channels,
        f"no channel {command.channel!r} in this scenario",
    )
    if dry_run:
        return
    inject_id = f"adhoc_{len(session.state.adhoc) + 1}"
    session._emit(
        "inject_delivered",
        inject=inject_id,
        title=command.title,
        body=command.body,
        adhoc={
            "title": command.title,
            "body": command.body,
            "channel": command.channel,
            "to": list(command.to),
            "notes": command.notes,
        },
    )


def _set_variable(session: Session, command: c.SetVariable, dry_run: bool) -> None:
    session._require_running("set a variable")
    spec = session.compiled.symbols.variables.get(command.variable)
    session._require(spec is not None, f"no variable {command.variable!r} in this scenario")
    assert spec is not None
    value = command.value
    if spec.type == "int":
        session._require(
            isinstance(value, int) and not isinstance(value, bool),
            f"{command.variable} takes a whole number",
        )
        assert isinstance(value, int)
        low, high = spec.minimum, spec.maximum
        session._require(
            (low is None or value >= low) and (high is None or value <= high),
            f"{command.variable} must stay within {low}..{high}",
        )
    elif spec.type == "bool":
        session._require(isinstance(value, bool), f"{command.variable} takes true or false")
    elif spec.type == "enum":
        session._require(
            value in spec.values, f"{command.variable} takes one of {', '.join(spec.values)}"
        )
    else:
        session._require(isinstance(value, str), f"{command.variable} takes text")
    session._require(bool(command.reason.strip()), "setting a variable needs a reason")
    if not dry_run:
        session._set_values({command.variable: value}, f"facilitator:{command.reason}")


def _advance_clock(session: Session, command: c.AdvanceClock, dry_run: bool) -> None:
    session._require_running("move the clock")
    session._require(command.minutes > 0, "the clock only moves forward")
    if dry_run:
        return
    session._emit("clock_set", clock=session.state.clock + command.minutes)
    for open_decision in list(session.state.open_decisions.values()):
        deadline = open_decision.deadline
        if deadline is not None and deadline <= session.state.clock and not session.finished:
            session._expire(session.compiled.decisions[open_decision.id])


def _require_recording(session: Session) -> None:
    session._require(
        session.state.phase is not Phase.SETUP, "nothing can be recorded before the briefing"
    )


def _add_note(session: Session, command: c.AddNote, dry_run: bool) -> None:
    _require_recording(session)
    scenario = session.compiled.scenario
    session._require(bool(command.text.strip()), "a note needs some text")
    session._require(
        command.kind in NOTE_KINDS, f"a note's kind is one of {', '.join(NOTE_KINDS)}"
    )
    session._require(
        command.capability_element in CAPABILITY_ELEMENTS,
        f"capability element is one of {', '.join(CAPABILITY_ELEMENTS[1:])}",
    )
    if command.inject is not None:
        session._require_inject(command.inject)
    tags = (
        (command.decision, session.compiled.decisions, "decision"),
        (command.objective, {o.id for o in scenario.objectives}, "objective"),
        (command.cell, {cell.id for cell in scenario.cells}, "cell"),
    )
    for value, known, what in tags:
        session._require(value is None or value in known, f"no {what} {value!r} in this scenario")
    if not dry_run:
        session._emit("note_added", **{k: v for k, v in command.to_dict().items() if k != "name"})


def _rate_task(session: Session, command: c.RateTask, dry_run: bool) -> None:
    _require_recording(session)
    objective = next(
        (o for o in session.compiled.scenario.objectives if o.id == command.objective), None
    )
    session._require(objective is not None, f"no objective {command.objective!r}")
    assert objective is not None
    session._require(
        any(task.id == command.task for task in objective.critical_tasks),
        f"objective {objective.id!r} has no critical task {command.task!r}",
    )
    session._require(command.rating in RATINGS, "a rating is P, S, M or U")
    if not dry_run:
        session._emit(
            "task_rated",
            objective=command.objective,
            task=command.task,
            rating=command.rating,
            observation=command.observation,
        )


def _record_feedback(session: Session, command: c.RecordFeedback, dry_run: bool) -> None:
    _require_recording(session)
    session._require(bool(command.text.strip()), "feedback needs some text")
    cells = {cell.id for cell in session.compiled.scenario.cells}
    session._require(command.cell is None or command.cell in cells, f"no cell {command.cell!r}")
    if not dry_run:
        session._emit(
            "feedback_recorded",
            text=command.text,
            participant=command.participant,
            cell=command.cell,
        )


def _undo(session: Session, command: c.Undo, dry_run: bool) -> None:
    target = session.undoable()
    session._require(target is not None, "nothing to undo")
    if not dry_run and target is not None:
        session._emit("undone", target=target, command=session._commands[target].name)


def _redo(session: Session, command: c.Redo, dry_run: bool) -> None:
    session._require(session.can_redo(), "nothing to redo")
    if not dry_run:
        target = session._redo[-1]
        session._emit("redone", target=target, command=session._commands[target].name)


def _end_exercise(session: Session, command: c.EndExercise, dry_run: bool) -> None:
    endings = {ending.id for ending in session.compiled.scenario.endings}
    session._require(
        command.ending is None or command.ending in endings, f"no ending {command.ending!r}"
    )
    session._move("finish", dry_run=True)
    if not dry_run:
        session._end(command.ending)


def _close_exercise(session: Session, command: c.CloseExercise, dry_run: bool) -> None:
    session._move("close", dry_run=dry_run)


_HANDLERS: dict[type[c.Command], Handler] = {
    c.OpenBriefing: _open_briefing,
    c.Begin: _begin,
    c.NextPhase: _next_phase,
    c.Pause: _pause,
    c.Resume: _resume,
    c.RecordChoice: _record_choice,
    c.ExpireDecision: _expire_decision,
    c.OverrideOutcome: _override_outcome,
    c.ReleaseInject: _release_inject,
    c.HoldInject: _hold_inject,
    c.UnholdInject: _unhold_inject,
    c.CancelInject: _cancel_inject,
    c.AddInject: _add_inject,
    c.SetVariable: _set_variable,
    c.AdvanceClock: _advance_clock,
    c.AddNote: _add_note,
    c.RateTask: _rate_task,
    c.RecordFeedback: _record_feedback,
    c.Undo: _undo,
    c.Redo: _redo,
    c.EndExercise: _end_exercise,
    c.CloseExercise: _close_exercise,
}
