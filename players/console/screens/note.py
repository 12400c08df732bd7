"""Add a facilitator note: text, kind, optional objective; improvement-plan fields for actions.

The note is tagged to the inject on screen automatically.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from engine.play.commands import AddNote
from engine.play.session import CAPABILITY_ELEMENTS, NOTE_KINDS, Session
from players.console.screens.form import FormScreen

KIND_LABELS = {
    "observation": "Observation",
    "strength": "Strength",
    "improvement": "Area for improvement",
    "action": "Improvement action (improvement plan)",
    "hotwash": "Hotwash comment",
}


class NoteScreen(FormScreen[AddNote]):
    """Returns an `AddNote`. Enter in the text saves a plain observation at once."""

    def __init__(self, session: Session, inject: str | None) -> None:
        super().__init__()
        self._session = session
        self._inject = inject

    def compose(self) -> ComposeResult:
        scenario = self._session.compiled.scenario
        tag = f"tagged to inject {self._inject}" if self._inject else "not tagged to an inject"
        with VerticalScroll(classes="dialog"):
            yield Label(f"Add a note ({tag})", classes="title")
            yield Input(placeholder="What did you see?", id="text", classes="last")
            yield OptionList(
                *(Option(KIND_LABELS[kind], id=kind) for kind in NOTE_KINDS), id="kind"
            )
            yield Select(
                [(Text(f"{o.capability}: {o.id}"), o.id) for o in scenario.objectives],
                prompt="Objective (optional)",
                id="objective",
            )
            with Vertical(id="plan"):
                yield Label("Improvement plan", classes="title")
                yield Input(placeholder="Corrective action", id="corrective_action")
                yield Select(
                    [(element, element) for element in CAPABILITY_ELEMENTS if element],
                    prompt="Capability element",
                    id="capability_element",
                )
                yield Input(placeholder="Responsible organisation", id="responsible")
                yield Input(placeholder="Point of contact", id="contact")
                yield Input(placeholder="Start date", id="start")
                yield Input(placeholder="Completion date", id="completion")
            yield Label(
                "Enter in text or ctrl+s: save · Tab: more fields · Esc: cancel", classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one("#kind", OptionList).highlighted = 0
        self.query_one("#plan").display = False
        self.query_one("#text", Input).focus()

    @on(OptionList.OptionHighlighted, "#kind")
    def _kind_changed(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#plan").display = event.option.id == "action"

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def build(self) -> AddNote | None:
        text = self._value("text")
        if not text:
            self.notify("A note needs some text.", severity="warning")
            return None
        kinds = self.query_one("#kind", OptionList)
        kind = NOTE_KINDS[kinds.highlighted or 0]
        objective = self.query_one("#objective", Select).value
        element = self.query_one("#capability_element", Select).value
        plan = kind == "action"
        return AddNote(
            text=text,
            kind=kind,
            inject=self._inject,
            objective=objective if isinstance(objective, str) else None,
            corrective_action=self._value("corrective_action") if plan else "",
            capability_element=element if plan and isinstance(element, str) else "",
            responsible=self._value("responsible") if plan else "",
            contact=self._value("contact") if plan else "",
            start=self._value("start") if plan else "",
            completion=self._value("completion") if plan else "",
        )
