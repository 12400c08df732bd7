"""Review what was noted and rated: every note and rating, filtered by inject, objective or cell.

Read-only; notes and ratings are never taken back (they record what was observed), so this is
where a facilitator checks what the report will draw on.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Static

from engine.format.scenario_time import format_clock
from engine.play.events import Record
from engine.play.session import RATINGS, Session
from players.console.names import Names

ALL = "all"


class NotesScreen(ModalScreen[None]):
    """Every note and rating so far; Escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session
        self._names = Names(session.compiled.scenario)

    def compose(self) -> ComposeResult:
        """A filter (everything, an inject, an objective or a cell) over the notes and ratings."""
        names = self._names
        scenario = self._session.compiled.scenario
        state = self._session.state
        tagged = sorted({str(n["inject"]) for n in state.notes if n.get("inject")})
        filters = [
            ("Everything", ALL),
            *((f"Inject: {names.of('inject', i)}", f"inject|{i}") for i in tagged),
            *((f"Objective: {o.capability}", f"objective|{o.id}") for o in scenario.objectives),
            *((f"Cell: {cell.name}", f"cell|{cell.id}") for cell in scenario.cells),
        ]
        with Vertical(classes="dialog help"):
            yield Label("Notes and ratings", classes="title")
            yield Select(filters, value=ALL, allow_blank=False, id="filter")
            with VerticalScroll():
                yield Static(id="entries")
            yield Label("Esc: close", classes="hint")

    def on_mount(self) -> None:
        """Show everything."""
        self._show(ALL)

    @on(Select.Changed, "#filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        self._show(str(event.value))

    def action_close(self) -> None:
        """Close the panel."""
        self.dismiss(None)

    def entries(self, wanted: str = ALL) -> list[str]:
        """The lines shown for a filter (`all`, `inject|ID`, `objective|ID`, `cell|ID`)."""
        kind, _, value = wanted.partition("|")
        names = self._names
        state = self._session.state
        lines: list[str] = []
        for note in state.notes:
            if kind != ALL and note.get(kind) != value:
                continue
            who = f" ({note['evaluator']})" if note.get("evaluator") else ""
            lines.append(f"{_when(note)} · {note['kind']}{who}: {note['text']}{self._tags(note)}")
        named = [r for by_task in state.evaluator_ratings.values() for r in by_task.values()]
        settled = list(state.settled.values())  # who settled a task, and on what
        rated: list[Record] = sorted(
            [*state.ratings.values(), *named, *settled], key=lambda r: int(r["seq"])
        )
        for rating in rated:
            objective = rating["objective"]
            if kind == "inject" or kind == "cell" or (kind == "objective" and objective != value):
                continue
            word = RATINGS.get(str(rating["rating"]), "")
            task = names.of("task", str(rating["task"]))
            observation = f" — {rating['observation']}" if rating.get("observation") else ""
            how = "rated"
            if rating.get("evaluator"):
                how = f"{rating['evaluator']} rated"
            elif rating["type"] == "rating_settled":
                how = f"settled by {rating['settled_by'] or 'the facilitator'} on"
            lines.append(
                f"{_when(rating)} · {how} {rating['rating']} ({word}): {task}{observation}"
            )
        return lines

    def _tags(self, note: Record) -> str:
        names = self._names
        tags = [
            names.of(kind, str(note[kind]))
            for kind in ("inject", "objective", "cell")
            if note.get(kind)
        ]
        return f"  [{'; '.join(tags)}]" if tags else ""

    def _show(self, wanted: str) -> None:
        lines = self.entries(wanted)
        parts: list[RenderableType] = [Text(line) for line in lines] or [
            Text("Nothing noted or rated here yet.", style="dim italic")
        ]
        self.query_one("#entries", Static).update(Group(*parts))


def _when(event: Record) -> str:
    return f"T{event.get('turn', 0)} {format_clock(int(event.get('clock', 0)))}"
