"""Commands in a facilitator's words, for the undo confirmation and the notifications."""

from __future__ import annotations

from engine.play.commands import Command

_SKIP = {"name", "rationale", "reason", "body", "notes", "observation"}


def describe(command: Command) -> str:
    """`record choice (decision d_respond, cell blue, option rebut)` and the like."""
    fields = {
        key: value
        for key, value in command.to_dict().items()
        if key not in _SKIP and value not in (None, "", ())
    }
    words = command.name.replace("_", " ")
    if not fields:
        return words
    details = ", ".join(f"{key} {value}" for key, value in fields.items())
    return f"{words} ({details})"
