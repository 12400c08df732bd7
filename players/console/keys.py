"""Every key of the console in one table: the screens' bindings, the help and the palette."""

from __future__ import annotations

from textual.binding import Binding

MAIN_KEYS: list[Binding] = [
    Binding("n", "next_phase", "Next phase", tooltip="Move to the next phase or turn"),
    Binding("c", "record_choice", "Choice", tooltip="Record a cell's choice with its rationale"),
    Binding(
        "i",
        "present_next",
        "Next inject",
        tooltip="Present the next delivered inject to the room",
        show=False,  # the inject panel's subtitle names it whenever one waits
    ),
    Binding(
        "o", "override_roll", "Override", tooltip="Replace the latest roll's outcome", show=False
    ),
    Binding("r", "release_inject", "Release", tooltip="Deliver an inject now", show=False),
    Binding(
        "h",
        "hold_inject",
        "Hold",
        tooltip="Hold a pending inject, or unhold a held one",
        show=False,
    ),
    Binding(
        "x",
        "cancel_inject",
        "Cancel inj.",
        tooltip="Make sure an inject is never delivered",
        show=False,
    ),
    Binding("a", "add_inject", "Ad hoc", tooltip="Write and deliver an ad-hoc inject", show=False),
    Binding("v", "set_variable", "Set var", tooltip="Set a variable, giving a reason", show=False),
    Binding(
        "plus", "advance_clock", "+30 min", tooltip="Move the scenario clock 30 minutes", show=False
    ),
    Binding("s", "toggle_clock", "Clock", tooltip="Start or stop the running clock", show=False),
    Binding(
        "d",
        "confirm_inject",
        "Confirm",
        tooltip="Deliver the inject waiting for confirmation",
        show=False,
    ),
    Binding("t", "rate_task", "Rate", tooltip="Rate a critical task P, S, M or U"),
    Binding("m", "add_note", "Note", tooltip="Add a note tagged to the current inject"),
    Binding(
        "g",
        "show_notes",
        "Notes log",
        tooltip="Review every note and rating, by inject, objective or cell",
        show=False,
    ),
    Binding("u", "undo", "Undo", tooltip="Take back the last exercise action"),
    Binding("y,ctrl+r", "redo", "Redo", tooltip="Apply again the action last undone", show=False),
    Binding("p", "toggle_pause", "Pause", tooltip="Pause or resume the exercise", show=False),
    Binding(
        "e", "end_exercise", "End", tooltip="End the exercise (or close the hotwash)", show=False
    ),
    Binding(
        "w",
        "answer_submissions",
        "Answers",
        tooltip="Accept or send back the choices sent from the seats",
        show=False,
    ),
    Binding(
        "l",
        "show_seats",
        "Seats",
        tooltip="The room's links as QR codes, who is connected",
        show=False,
    ),
    # the feed (issue 17): the cells' posts
    Binding(
        "k",
        "answer_posts",
        "Posts",
        tooltip="Release (edited if need be) or send back the posts written at the seats",
        show=False,
    ),
]
"""The main screen's keys, in the order the help lists them. The footer shows the ones a
facilitator needs every minute (`show=False` hides the rest there, not from the help or the
command palette), so that they fit in 80 columns next to Help and Quit."""

MAIN_KEYS += [  # the evaluation team and the roster (issue 17)
    Binding(
        "T",
        "rate_capability",
        "Rate capability",
        tooltip="Rate an objective's core capability overall, P, S, M or U",
        show=False,
    ),
    Binding(
        "E",
        "settle_ratings",
        "Settle",
        tooltip="The evaluators' ratings side by side; settle the one that counts",
        show=False,
    ),
    Binding(
        "P",
        "show_roster",
        "Roster",
        tooltip="Who takes part; evaluators' seats and their access to the control notes",
        show=False,
    ),
]


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


def key_for(action: str) -> str:
    """The key of a main-screen action, for messages that tell the facilitator what to press."""
    binding = next(binding for binding in MAIN_KEYS if binding.action == action)
    return key_label(binding)
