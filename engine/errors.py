"""User errors: bad input that ends in a clean message and exit code 1, never a traceback.

Anything else that escapes is an internal error (a bug) and keeps its traceback.
"""

from __future__ import annotations

from engine.format.problems import Problem


class UserError(Exception):
    """Bad input from the user: a bad file, flag, command or journal."""

    exit_code = 1


class ScenarioInvalid(UserError):
    """A scenario failed to load; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class CommandRefused(UserError):
    """A command the exercise cannot take now (wrong phase, unknown id, unavailable option)."""


class JournalError(UserError):
    """A journal that cannot be read, resumed or written."""
