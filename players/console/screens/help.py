"""The help screen: every key of the console, with what it does, and the scenario's glossary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from engine.format.model import Term
from players.console.keys import APP_KEYS, BRIEFING_KEYS, MAIN_KEYS, key_label


def keys_table() -> Table:
    """Every key, grouped by where it works."""
    table = Table(expand=True, title="Keys", title_style="bold")
    table.add_column("Key", style="bold cyan", no_wrap=True)
    table.add_column("Action", style="bold", no_wrap=True)
    table.add_column("What it does")
    groups = (("Main screen", MAIN_KEYS), ("Briefing", BRIEFING_KEYS), ("Anywhere", APP_KEYS))
    for title, bindings in groups:
        table.add_section()
        table.add_row(f"[dim]{title}[/]", "", "")
        for binding in bindings:
            table.add_row(key_label(binding), binding.description, binding.tooltip)
    table.add_section()
    table.add_row("ctrl+p", "Command palette", "Every action above, by name")
    table.add_row("Esc / ctrl+s", "In a dialog", "Cancel / save")
    return table


def glossary_table(glossary: Sequence[Term]) -> Table:
    """The scenario's acronyms and terms, sorted."""
    table = Table(expand=True, title="Glossary", title_style="bold")
    table.add_column("Term", style="bold cyan", no_wrap=True)
    table.add_column("Meaning")
    for term in sorted(glossary, key=lambda t: t.term.casefold()):
        table.add_row(Text(term.term), Text(term.meaning))  # Text: no Rich markup from YAML
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key, then the scenario's glossary; Escape, `q` or `?` closes it."""

    def __init__(self, glossary: Sequence[Term] = ()) -> None:
        super().__init__()
        self._glossary = tuple(glossary)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        """The keys, and the scenario's glossary when it has one."""
        with VerticalScroll(classes="dialog help"):
            yield Static(keys_table())
            if self._glossary:
                yield Static(glossary_table(self._glossary), id="glossary")

    def action_close(self) -> None:
        """Back to where the help was opened."""
        self.dismiss(None)
