"""Add a facilitator note: text, kind, optional objective; improvement-plan fields for actions.

The note is tagged to the inject presented to the room by default (never to an inject that
has not been delivered); the facilitator can pick another delivered one, or none.
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
from players.console.content import content_of
from players.console.presenting import delivered_in_order
from players.console.screens.form import FormScreen
from players.console.widgets.option_list import StoppingOptionList

KIND_LABELS = {
    "observation": "Observation",
    "strength": "Strength",
    "improvement": "Area for improvement",
    "action": "Improvement action (improvement plan)",
    "hotwash": "Hotwash comment",
}


_PLAN_FIELDS = (
    ("corrective_action", "Corrective action"),
    ("capability_element", "Capability element"),
    ("responsible", "Responsible organisation"),
    ("contact", "Point of contact"),
    ("start", "Start date"),
    ("completion", "Completion date"),
)
"""The improvement plan's fields, each with a label that stays when the field is filled."""


_FINDING_FIELDS = (
    ("reference", "Reference (the plan, policy or doctrine it is measured against)"),
    ("analysis", "Analysis (why it happened: the root cause)"),
    ("recommendation", "Recommendation (what to do about it)"),
)
"""An HSEEP finding's parts besides the observation (the note's text)."""


def _short(text: str, width: int = 60) -> str:
    """One line that fits a dialog's dropdown (it would spill out of the dialog otherwise)."""
    return text if len(text) <= width else text[: width - 1] + "…"


class NoteScreen(FormScreen[AddNote]):
    """Returns an `AddNote`. Enter in the text saves a plain observation at once."""

    def __init__(self, session: Session, inject: str | None) -> None:
        super().__init__()
        self._session = session
        delivered = delivered_in_order(session)
        self._inject = inject if inject in delivered else None
        self._delivered = [(content_of(session, item).title, item) for item in reversed(delivered)]

    def compose(self) -> ComposeResult:
        """The note's text, kind and tags, and the improvement-plan fields."""
        scenario = self._session.compiled.scenario
        with VerticalScroll(classes="dialog"):
            yield Label("Add a note", classes="title")
            yield Input(placeholder="What did you see? (observation)", id="text", classes="last")
            yield StoppingOptionList(
                *(Option(KIND_LABELS[kind], id=kind) for kind in NOTE_KINDS), id="kind"
            )
            yield Label("About the inject (delivered ones; blank: none)")
            yield Select(
                [(Text(title), item) for title, item in self._delivered],
                value=self._inject if self._inject is not None else Select.BLANK,
                prompt="No inject",
                id="inject",
            )
            yield Label("Objective (optional)")
            yield Select(
                [(Text(_short(f"{o.capability}: {o.text}")), o.id) for o in scenario.objectives],
                prompt="No objective",
                id="objective",
            )
            for field, label in _FINDING_FIELDS:
                yield Input(placeholder=label, id=field)
            with Vertical(id="plan"):
                yield Label("Improvement plan", classes="title")
                for field, label in _PLAN_FIELDS:
                    yield Label(label)
                    if field == "capability_element":
                        yield Select(
                            [(element, element) for element in CAPABILITY_ELEMENTS if element],
                            prompt="Capability element",
                            id="capability_element",
                        )
                    else:
                        yield Input(placeholder=label, id=field)
            yield Label(
                "Enter in text or ctrl+s: save · Tab: more fields · Esc: cancel", classes="hint"
            )

    def on_mount(self) -> None:
        """Highlight the first kind, hide the improvement-plan fields, start in the text."""
        self.query_one("#kind", OptionList).highlighted = 0
        self.query_one("#plan").display = False
        self.query_one("#text", Input).focus()

    @on(OptionList.OptionHighlighted, "#kind")
    def _kind_changed(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#plan").display = event.option.id == "action"

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def build(self) -> AddNote | None:
        """The `AddNote` the form describes; None (with a warning) while it has no text."""
        text = self._value("text")
        if not text:
            self.notify("A note needs some text.", severity="warning")
            return None
        kinds = self.query_one("#kind", OptionList)
        kind = NOTE_KINDS[kinds.highlighted or 0]
        objective = self.query_one("#objective", Select).value
        inject = self.query_one("#inject", Select).value
        element = self.query_one("#capability_element", Select).value
        plan = kind == "action"
        return AddNote(
            text=text,
            kind=kind,
            inject=inject if isinstance(inject, str) else None,
            objective=objective if isinstance(objective, str) else None,
            corrective_action=self._value("corrective_action") if plan else "",
            capability_element=element if plan and isinstance(element, str) else "",
            responsible=self._value("responsible") if plan else "",
            contact=self._value("contact") if plan else "",
            start=self._value("start") if plan else "",
            completion=self._value("completion") if plan else "",
            reference=self._value("reference"),
            analysis=self._value("analysis"),
            recommendation=self._value("recommendation"),
        )
