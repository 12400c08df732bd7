"""Every key of the console in one table: the screens' bindings, the help and the palette."""

from __future__ import annotations

from textual.binding import Binding

MAIN_KEYS: list[Binding] = [
    Binding("n", "next_phase", "Next phase", tooltip="Move to the next phase or turn"),
    Binding("c", "record_choice", "Choice", tooltip="Record a cell's choice with its rationale"),
    Binding("o", "override_roll", "Override", tooltip="Replace the latest roll's outcome"),
    Binding("r", "release_inject", "Release", tooltip="Deliver an inject now"),
    Binding("h", "hold_inject", "Hold", tooltip="Hold a pending inject, or unhold a held one"),
    Binding("x", "cancel_inject", "Cancel inj.", tooltip="Make sure an inject is never delivered"),
    Binding("a", "add_inject", "Ad hoc", tooltip="Write and deliver an ad-hoc inject"),
    Binding("v", "set_variable", "Set var", tooltip="Set a variable, giving a reason"),
    Binding("plus", "advance_clock", "+30 min", tooltip="Move the scenario clock 30 minutes"),
    Binding("t", "rate_task", "Rate", tooltip="Rate a critical task P, S, M or U"),
    Binding("m", "add_note", "Note", tooltip="Add a note tagged to the current inject"),
    Binding("u", "undo", "Undo", tooltip="Take back the last exercise action"),
    Binding("y,ctrl+r", "redo", "Redo", tooltip="Apply again the action last undone"),
    Binding("p", "toggle_pause", "Pause", tooltip="Pause or resume the exercise"),
    Binding("e", "end_exercise", "End", tooltip="End the exercise (or close the hotwash)"),
]
"""The main screen's keys, in the order the help lists them."""

APP_KEYS: list[Binding] = [
    Binding("question_mark,f1", "show_help", "Help", tooltip="List every key"),
    Binding("q", "quit_console", "Quit", tooltip="Leave the console (the journal keeps all)"),
]
"""Keys that work on every screen."""

BRIEFING_KEYS: list[Binding] = [
    Binding("enter,b", "begin", "Begin exercise", tooltip="Start turn 1"),
]


def key_label(binding: Binding) -> str:
    """`y / ctrl+r` for a binding's keys, readable."""
    names = {"plus": "+", "question_mark": "?", "enter": "Enter"}
    return " / ".join(names.get(key, key) for key in binding.key.split(","))
