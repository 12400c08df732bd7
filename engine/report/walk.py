"""One pass over a journal's records: which groups are still in effect, and what each changed.

The report needs the undo bookkeeping in the open (which timeline entries an undo took back,
the path actually taken, a variable's value before each change); the walk follows it with the
same `engine.play.history.History` the session uses, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from engine.play.events import Event, Record
from engine.play.history import History

Value = int | bool | str


@dataclass
class Walk:
    """What a journal's records add up to."""

    records: Sequence[Record]
    effective: Sequence[Record]
    """The events still in effect, in the order the final state was folded from."""
    taken_back: dict[int, str]
    """Groups no longer in effect, and why: `undone`, or `overridden` (the override's group
    re-ran the command with the new outcome)."""
    commands: dict[int, dict[str, Any]]
    """Each group's command (name and fields)."""
    before: dict[int, dict[str, Value | None]] = field(default_factory=dict)
    """For each effective `variables_changed` (by seq): the changed variables' values before."""
    group_end: dict[int, int] = field(default_factory=dict)
    """For each group: the index in `records` just past its last record."""
    delivered: dict[str, Record] = field(default_factory=dict)
    """Each inject's effective delivery."""
    opened: dict[str, Record] = field(default_factory=dict)
    """Each decision's effective opening."""
    choices: dict[str, list[Record]] = field(default_factory=dict)
    """Each decision's effective choices."""
    reruns: dict[int, Record] = field(default_factory=dict)
    """A choice an override re-ran (by seq) → the choice as first recorded."""

    @cached_property
    def rolls(self) -> dict[tuple[int, str], Record]:
        """Each group's `roll_made` per cell (the first, as rolled), by (group, cell)."""
        found: dict[tuple[int, str], Record] = {}
        for event in self.records:
            if event["type"] == "roll_made":
                found.setdefault((int(event["group"]), str(event["cell"])), event)
        return found

    @cached_property
    def overrides(self) -> dict[tuple[int, str, str], Record]:
        """Each `outcome_overridden`, by (its own group, decision, cell)."""
        return {
            (int(e["group"]), str(e.get("decision")), str(e.get("cell"))): e
            for e in self.records
            if e["type"] == "outcome_overridden"
        }

    def original(self, event: Record) -> Record:
        """The event as the room first saw it (a re-run choice → its first recording)."""
        return self.reruns.get(int(event["seq"]), event)


def walk(records: Sequence[Event], initial: dict[str, Value]) -> Walk:
    """Follow the records the way a replay does (`engine.play.history.History`)."""
    history = History()
    commands: dict[int, dict[str, Any]] = {}
    group_end: dict[int, int] = {}
    overrides: dict[int, int] = {}
    for index, record in enumerate(records):
        group = record["group"]
        group_end[group] = index + 1
        if record["type"] == "command":
            commands[group] = record["command"]
        elif record["type"] == "outcome_overridden":
            overrides[group] = record["target"]
        history.ingest(record)
    effective = list(history.in_effect())
    gone = {group: history.taken_back.get(group, "undone") for group in history.groups}
    for group in history.effective:
        gone.pop(group, None)
    _undone_with_their_overrides(gone, overrides)
    result = Walk(records, effective, gone, commands, group_end=group_end)
    result.reruns = _reruns(history.groups, overrides)
    _follow(result, initial)
    return result


def _undone_with_their_overrides(gone: dict[int, str], overrides: dict[int, int]) -> None:
    """A group whose override is itself undone (and not overridden again) stays out of effect,
    undone with it: nothing replaced it in the final state, so it reads `undone`."""
    overrider = {target: group for group, target in overrides.items()}
    for group, why in list(gone.items()):
        replacing = group
        while why == "overridden" and replacing in overrider:
            replacing = overrider[replacing]
            why = gone.get(replacing, "in effect")
        if why == "undone":
            gone[group] = "undone"


def _reruns(
    groups: Mapping[int, Sequence[Record]], overrides: dict[int, int]
) -> dict[int, Record]:
    """Each choice an override re-ran → the same cell's choice in the group it replaced."""
    found: dict[int, Record] = {}
    for group in sorted(overrides):
        earlier = {
            (event["decision"], event["cell"]): event
            for event in groups.get(overrides[group], [])
            if event["type"] == "choice_recorded"
        }
        for event in groups.get(group, []):
            first = earlier.get((event.get("decision"), event.get("cell")))
            if event["type"] == "choice_recorded" and first is not None:
                found[int(event["seq"])] = found.get(int(first["seq"]), first)
    return found


def _follow(result: Walk, initial: dict[str, Value]) -> None:
    values = dict(initial)
    for event in result.effective:
        kind = event["type"]
        if kind == "variables_changed":
            changes = event.get("changes") or {}
            result.before[event["seq"]] = {name: values.get(name) for name in changes}
            values.update(changes)
        elif kind == "inject_delivered":
            result.delivered[event["inject"]] = event
        elif kind == "decision_opened":
            result.opened[event["decision"]] = event
            result.choices[event["decision"]] = []
        elif kind == "choice_recorded":
            result.choices.setdefault(event["decision"], []).append(event)


def wall_time(event: Record) -> datetime | None:
    """An event's wall time, if it has a readable one."""
    text = event.get("wall")
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
