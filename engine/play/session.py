"""The exercise session: takes commands, returns events. No clock, no files, no terminal.

The rules of each command live in `engine.play.handlers`, and the mechanics they share (delivering,
resolving, rolling, ending) in `engine.play.rules`; both see the session only through
`engine.play.context.Context`. This module keeps the events and the queries; the undo and redo
bookkeeping is `engine.play.history.History`.

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
from engine.play import lifecycle, rules
from engine.play.compiled import CompiledOption, CompiledScenario
from engine.play.context import Roller
from engine.play.events import Event, Fields
from engine.play.fold import APPLIERS
from engine.play.handlers import CAPABILITY_ELEMENTS, NOTE_KINDS, RATINGS, RULES, CommandRules
from engine.play.history import Fold, History
from engine.play.phase import FINISHED, RUNNING, Phase
from engine.play.rules import seeded_roll
from engine.play.state import ExerciseState

_NO_SWEEP = c.UNDO_PASSES_OVER | {"undo", "redo"}
"""Commands after which no inject can have become due (undo and redo restore a past state)."""

_BOOKKEEPING = frozenset({"command", "undone", "redone", "outcome_overridden"})
"""Events that change the list of groups, not only the state."""


class Session:
    """One exercise: its state (the phase included), its history and every event it produced."""

    def __init__(
        self,
        compiled: CompiledScenario,
        seed: int,
        *,
        state: ExerciseState | None = None,
        roller: Roller = seeded_roll,
    ) -> None:
        """A session at the very start, or (with `state`) standing in that state, no history.

        A session at a state is what the model checker branches from and what a report asks
        questions of (which options are available there); its events start afresh.
        """
        self.compiled = compiled
        self.seed = seed
        self.roller: Roller = roller
        self.events: list[Event] = []
        self.state = self._initial_state()
        self.history = History()
        self._commands: dict[int, c.Command] = {}
        self._group = -1
        self._out: list[Event] = []
        self._seq = 0
        """The number the next emitted event gets (set by `execute`, counted by `emit`)."""
        if state is not None:
            self.stand_at(state)

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

    def stand_at(self, state: ExerciseState) -> None:
        """Put the session in `state` (which it now owns), forgetting its history and events."""
        self.state = state
        self.history = History()
        self.events = []
        self._commands = {}
        self._group = -1
        self._out = []

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
        command_rules = self._rules_of(command)
        checked = command_rules.check(self, command)
        self._out = []
        self._seq = len(self.events)
        self._group += 1
        self._commands[self._group] = command
        try:
            self.emit({"type": "command", "command": command.to_dict()})
            command_rules.apply(self, command, checked)
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
        command_rules = self._rules_of(command)
        command_rules.check(self, command)

    @staticmethod
    def _rules_of(command: c.Command) -> CommandRules[Any]:
        command_rules = RULES.get(type(command))
        if command_rules is None:
            raise CommandRefused(f"unknown command {command!r}")
        return command_rules

    def _forget_group(self, group: int) -> None:
        """Take back a half-executed group (a bug surfaced mid-command): state as before it."""
        self._out = []
        self.history.forget(group)
        self._commands.pop(group, None)
        self._group = group - 1
        self._rebuild()

    @property
    def group(self) -> int:
        """The number of the latest group (the one being emitted during `execute`)."""
        return self._group

    def move(self, trigger: str, *args: object) -> Phase:
        """Make a lifecycle move now (`engine.play.lifecycle.fire`); the rules end with it."""
        return lifecycle.fire(self, trigger, *args)

    def emit(self, fields: Fields) -> Event:
        """Stamp an event, fold it into the state at once, and add it to the current group."""
        state = self.state
        # The fields' own dict becomes the event, stamped in place (the hottest path: no
        # second dict, no call that is not needed); `turn_started` and `clock_set` carry their
        # own turn and clock.
        event: Event = fields  # type: ignore[assignment]  # complete once stamped below
        event["seq"] = self._seq
        event["group"] = self._group
        if "turn" not in event:
            event["turn"] = state.turn
        if "clock" not in event:
            event["clock"] = state.clock
        event_type = event["type"]
        self._seq += 1
        if event_type in _BOOKKEEPING:
            self._ingest(event)
        else:  # what `_ingest` does for most events, without the calls (the hottest path)
            self.history.current.append(event)
            APPLIERS[event_type](state, event)
        self._out.append(event)
        return event

    def _ingest(self, event: Event) -> None:
        """Fold an event into the state, keeping the history (live and in replay)."""
        fold = self.history.ingest(event)
        if fold is Fold.EVENT:
            self._apply(event)
        elif fold is Fold.NOTHING:
            if event["type"] == "command":
                self._group = event["group"]
        elif fold is Fold.REDONE:
            assert event["type"] == "redone"
            for redone in self.history.groups[event["target"]]:
                self._apply(redone)
        elif fold is Fold.REBUILD:
            self._rebuild()
        else:
            self._rebuild()
            self._apply(event)

    def _apply(self, event: Event) -> None:
        APPLIERS[event["type"]](self.state, event)

    def _rebuild(self) -> None:
        self.state = self._initial_state()
        for event in self.history.in_effect():
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
        available = []  # a loop, not a comprehension: one call fewer a step on Python 3.11
        for option in self.compiled.decisions[decision].options.values():
            if option.when is None or option.when(state):
                available.append(option)
        return available

    def pending_choices(self) -> list[tuple[str, str]]:
        """The (decision, cell) pairs still waiting for a choice, in the order opened."""
        pending = []  # asked every bot step: a loop, as in `available_options`
        decisions = self.compiled.decisions
        for decision in self.state.open_decisions.values():
            for cell in decisions[decision.id].cells:
                if cell not in decision.choices:
                    pending.append((decision.id, cell))
        return pending

    def undoable(self, before: int | None = None) -> int | None:
        """The group an undo would take back (among groups numbered below `before`), if any."""
        return self.history.undoable(before)

    def can_redo(self) -> bool:
        """Whether there is an undone action to apply again."""
        return self.history.redo_target() is not None

    def command_of(self, group: int) -> c.Command:
        """The command that produced a group of events (parsed from its event when replayed)."""
        command = self._commands.get(group)
        if command is None:
            event = self.history.groups[group][0]
            assert event["type"] == "command"
            command = self._commands[group] = c.command_from_dict(event["command"])
        return command


__all__ = [
    "CAPABILITY_ELEMENTS",
    "NOTE_KINDS",
    "RATINGS",
    "Roller",
    "Session",
    "seeded_roll",
]
