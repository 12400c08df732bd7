"""The MSEL sheet's columns, in HSEEP's order: one registry for export, import and the docs.

A column either holds an inject field (exported, read back) or is worked out from the
scenario for the reader (the event number, the trigger in words, the delivery method, the core
capability): those are written on export and ignored when a sheet is read back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.format.model import Inject, Scenario
from engine.play.triggers import Trigger


@dataclass(frozen=True)
class Column:
    """One MSEL column: its header, the inject field it holds (or how it is worked out)."""

    header: str
    field: str | None
    """The inject field (its YAML key), or None for a column worked out on export."""
    derive: Callable[[Scenario, Inject, int], str | int | None] | None = None
    help: str = ""


def _trigger(scenario: Scenario, inject: Inject, _: int) -> str:
    parts = Trigger.of(inject).words()
    if inject.contingency:
        parts.append("contingency (released by control or an option)")
    if not parts:
        releasing = [
            f"{decision.id}.{option.id}"
            for decision in scenario.all_decisions()
            for option in decision.options
            if inject.id in option.releases
        ]
        parts.append(f"released by {', '.join(releasing)}" if releasing else "")
    return "; ".join(part for part in parts if part)


def _delivery(scenario: Scenario, inject: Inject, _: int) -> str:
    channel = next((c for c in scenario.channels if c.id == inject.channel), None)
    return "" if channel is None else f"{channel.kind.value}: {channel.name}"


def _capability(scenario: Scenario, inject: Inject, _: int) -> str:
    by_id = {objective.id: objective for objective in scenario.objectives}
    return "\n".join(by_id[o].capability for o in inject.objectives if o in by_id)


MSEL_COLUMNS: tuple[Column, ...] = (
    Column("No.", None, lambda _s, _i, number: number, "the event number, in MSEL order"),
    Column("Turn", "turn"),
    Column("Time", "time", help="scenario time, `D+1 08:00`"),
    Column("Trigger", None, _trigger, "when the inject goes out, in words"),
    Column("Inject ID", "id"),
    Column("Event synopsis", "title"),
    Column("From", "from", help="the simulated actor (an actor id)"),
    Column("To", "to", help="cells or actors, one a line; blank for the whole room"),
    Column("Channel", "channel"),
    Column("Delivery method", None, _delivery, "the channel's kind and name"),
    Column("Expected action", "expected_actions", help="one a line"),
    Column("Objectives", "objectives", help="objective ids, one a line"),
    Column("Core capability", None, _capability, "of the objectives"),
    Column("Facilitator notes", "notes"),
    Column("Discussion questions", "questions"),
    Column("Source", "source"),
    Column("Body", "body", help="the text the players see (after the HSEEP columns: long)"),
)
"""The MSEL columns first, in this order; every other inject field follows under its own key."""

DERIVED = frozenset(c.header for c in MSEL_COLUMNS if c.field is None)
PRINTED = [c.header for c in MSEL_COLUMNS].index("Facilitator notes") + 1
"""A printed MSEL shows the columns up to the facilitator's notes: HSEEP's, on one page width."""
