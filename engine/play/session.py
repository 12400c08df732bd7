"""The exercise session: takes commands, returns events. No clock, no files, no terminal.

The rules of each command live in `engine.play.handlers`, and the mechanics they share (delivering,
resolving, rolling, ending) in `engine.play.rules`; this module keeps the events, the undo
bookkeeping and the queries.

Every command becomes a *group* of events: a `command` event recording what was asked, then
what followed from it. Each event is folded into the state the moment it is emitted
(`engine.play.fold`), so replaying the events of a journal rebuilds exactly the state that was
live. Undo appends an `undone` event and rebuilds the state without the undone group; redo
re-applies that group's events exactly as they were, dice rolls included.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine.errors import CommandRefused
from engine.play import commands as c
from engine.play import rules
from engine.play.compiled import CompiledOption, CompiledScenario
from engine.play.fold import APPLIERS, Event
from engine.play.handlers import CAPABILITY_ELEMENTS, HANDLERS, NOTE_KINDS, RATINGS
from engine.play.lifecycle import FINISHED, RUNNING, Lifecycle, Phase
from engine.play.rules import Roller, seeded_roll
from engine.play.state import ExerciseState

_NO_SWEEP = c.UNDO_PASSES_OVER | {"undo", "redo"}
"""Commands after which no inject can have become due (undo and redo restore a past state)."""

_BOOKKEEPING = frozenset({"command", "undone", "redone", "outcome_overridden"})
"""Events that change the list of groups, not only the state."""


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
        self.check(command)
        handler = HANDLERS[type(command)]
        self._out = []
        self._seq = len(self.events)
        self._group += 1
        self._commands[self._group] = command
        try:
            self._emit("command", command=command.to_dict())
            handler(self, command, False)
            if self.state.phase in RUNNING and command.name not in _NO_SWEEP:
                rules.sweep(self)
        except BaseException:
            self._forget_group(self._group)
            raise
        out, self._out = self._out, []
        self.events.extend(out)
        return out

    def check(self, command: c.Command) -> None:
        """Whether `command` would be carried out now: nothing changes, nothing is emitted.

        Raises:
            CommandRefused: the command is not possible now, in the words `execute` would use.
        """
        handler = HANDLERS.get(type(command))
        if handler is None:
            raise CommandRefused(f"unknown command {command!r}")
        handler(self, command, True)

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
            self._apply(event)
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
            if command.name not in c.UNDO_PASSES_OVER:
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
        return self.state.phase in FINISHED

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
                name not in c.UNDO_PASSES_OVER
            ):
                return group
        return None

    def can_redo(self) -> bool:
        """Whether there is an undone action to apply again."""
        return bool(self._redo)

    def command_of(self, group: int) -> c.Command:
        """The command that produced a group of events."""
        return self._commands[group]


__all__ = [
    "CAPABILITY_ELEMENTS",
    "NOTE_KINDS",
    "RATINGS",
    "Roller",
    "Session",
    "seeded_roll",
]
