"""Undo, redo and override bookkeeping: which groups of events are in effect, in one place.

Every command becomes a group of events that starts with its `command` event. Undo and redo
start no group of their own that stays in effect: `undone` takes its target group out (and
onto the redo stack), `redone` puts it back at the end, and `outcome_overridden` takes its
target out and keeps itself in the override's group, which runs the command again with the new
outcome. A new exercise action clears the redo stack; notes, ratings and feedback do not.

The live session, its replay from a journal and the report's passes over a journal all follow
these rules through this one class. `ingest` says what folding an event needs (`Fold`), so a
caller can rebuild its state at once (the session) or only when a state is next asked for
(the report, whose journals may hold many undos).
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

from engine.play.commands import UNDO_PASSES_OVER
from engine.play.events import Event, RollMade


class Fold(Enum):
    """What a caller must do to its state after `History.ingest`."""

    EVENT = "event"
    """Fold this event."""
    NOTHING = "nothing"
    """Nothing (a group begun, or undo's and redo's own command)."""
    REDONE = "redone"
    """Fold the redone group's events again, exactly as they were."""
    REBUILD = "rebuild"
    """Fold every group still in effect from the initial state."""
    REBUILD_THEN_EVENT = "rebuild then event"
    """An override: rebuild without its target, then fold this event."""


_STARTS_NO_GROUP = frozenset({"undo", "redo"})


class History:
    """The groups of one exercise, which of them are in effect, and what undo and redo would do."""

    __slots__ = ("current", "effective", "groups", "names", "redo_stack", "taken_back")

    def __init__(self) -> None:
        self.groups: dict[int, list[Event]] = {}
        """Every group that started (not undo's or redo's), with its events so far."""
        self.names: dict[int, str] = {}
        """Each group's command name (undo and redo included)."""
        self.effective: list[int] = []
        """The groups in effect, in the order the state is folded from."""
        self.redo_stack: list[int] = []
        """Undone groups, the next to redo last."""
        self.taken_back: dict[int, str] = {}
        """Groups taken out of effect and why: `undone` or `overridden` (a redo puts one back)."""
        self.current: list[Event] = []
        """The events of the group being followed; a session appends the events that change no
        bookkeeping to it directly (the hot path), everything else goes through `ingest`."""

    # ------------------------------------------------------------------ following events
    def ingest(self, event: Event) -> Fold:
        """Take one event into the bookkeeping; what the caller must fold because of it."""
        if event["type"] == "command":
            group, name = event["group"], event["command"]["name"]
            self.names[group] = name
            if name in _STARTS_NO_GROUP:
                self.current = []
                return Fold.NOTHING
            self.current = self.groups[group] = [event]
            self.effective.append(group)
            if name not in UNDO_PASSES_OVER:
                self.redo_stack.clear()
            return Fold.NOTHING
        if event["type"] == "undone":
            self._take_out(event["target"], "undone")
            self.redo_stack.append(event["target"])
            return Fold.REBUILD
        if event["type"] == "redone":
            target = event["target"]
            if target in self.redo_stack:
                self.redo_stack.remove(target)
            self.effective.append(target)
            self.taken_back.pop(target, None)
            return Fold.REDONE
        self.current.append(event)
        if event["type"] == "outcome_overridden":
            self._take_out(event["target"], "overridden")
            return Fold.REBUILD_THEN_EVENT
        return Fold.EVENT

    def forget(self, group: int) -> None:
        """Take back a group that never finished (a bug surfaced mid-command)."""
        self.groups.pop(group, None)
        self.names.pop(group, None)
        if group in self.effective:
            self.effective.remove(group)

    def _take_out(self, group: int, why: str) -> None:
        self.effective.remove(group)  # ValueError for a group not in effect: a bad journal
        self.taken_back[group] = why

    # ------------------------------------------------------------------ queries
    def in_effect(self) -> Iterator[Event]:
        """Every event still in effect, in the order the state is folded from."""
        for group in self.effective:
            yield from self.groups[group]

    def undoable(self, before: int | None = None) -> int | None:
        """The group an undo would take back (among groups numbered below `before`), if any."""
        for group in reversed(self.effective):
            below = before is None or group < before
            if group > 0 and below and self.names[group] not in UNDO_PASSES_OVER:
                return group
        return None

    def redo_target(self) -> int | None:
        """The group a redo would apply again, if any."""
        return self.redo_stack[-1] if self.redo_stack else None

    def latest_roll(self, decision: str, cell: str) -> tuple[int, RollMade] | None:
        """The latest group in effect that rolled for a cell on a decision, with the roll."""
        for group in reversed(self.effective):
            for event in self.groups[group]:
                if (
                    event["type"] == "roll_made"
                    and event["decision"] == decision
                    and event["cell"] == cell
                ):
                    return group, event
        return None

    def overridden_by(self, group: int) -> int | None:
        """The group an override group replaced (None: the group is no override)."""
        for event in self.groups.get(group, ()):
            if event["type"] == "outcome_overridden":
                return event["target"]
        return None
