"""Who may see an inject: the room, or only some cells (pure, no Textual).

An inject with no `to` is for the whole room. Otherwise each addressee is a cell or an actor;
an actor counts for the cell that plays it. Green actors (played by no cell) mark no cell.
An inject whose addressees belong to only some cells shows only in those cells' views and
never on the room's screen; one addressed to every cell, or only to green actors, is the
room's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from engine.format.model import Scenario


class Addressed(Protocol):
    """Anything with addressees: a scenario inject, or an ad-hoc inject's fields."""

    @property
    def to(self) -> tuple[str, ...]: ...


def addressed_cells(to: Iterable[str], scenario: Scenario) -> frozenset[str]:
    """The cells an inject is restricted to; empty when it is for the whole room."""
    cells = {cell.id for cell in scenario.cells}
    actors = {actor.id: actor.cell for actor in scenario.actors}
    named: set[str] = set()
    for name in to:
        if name in cells:
            named.add(name)
        elif actors.get(name) is not None:
            named.add(str(actors[name]))
    if named == cells:
        return frozenset()
    return frozenset(named)


def visible_to_addressees(to: Iterable[str], scenario: Scenario, cell: str | None) -> bool:
    """Whether an inject sent to `to` shows in `cell`'s view (None: the room's view)."""
    restricted = addressed_cells(to, scenario)
    if not restricted:
        return True
    return cell is not None and cell in restricted


def visible_to(inject: Addressed, scenario: Scenario, cell: str | None) -> bool:
    """Whether `inject` shows in the view of `cell` (None: the room's shared screen)."""
    return visible_to_addressees(inject.to, scenario, cell)
