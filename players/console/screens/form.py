"""The base of the console's form dialogs: Escape cancels, Ctrl+S saves."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList

T = TypeVar("T")


class FormScreen(ModalScreen[T | None]):
    """A dialog that returns a command (or None when cancelled) through `dismiss`.

    Enter in a list moves on to the next field; Enter in the last input saves.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def build(self) -> T | None:
        """The command the form describes, or None (after saying why) when incomplete."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)

    def action_save(self) -> None:
        """Close with the command, if the form is complete."""
        result = self.build()
        if result is not None:
            self.dismiss(result)

    @on(OptionList.OptionSelected)
    def _next_field(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.focus_next()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.has_class("last"):
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
