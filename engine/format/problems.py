"""Problems found in a user's input: where they are, what is wrong, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """An error stops the scenario from loading; a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a file; line and column count from 1."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, in the author's words."""

    message: str
    file: str
    line: int | None = None
    column: int | None = None
    severity: Severity = Severity.ERROR
    suggestion: str | None = None

    @classmethod
    def at(
        cls,
        position: Position | None,
        message: str,
        *,
        file: str = "",
        severity: Severity = Severity.ERROR,
        suggestion: str | None = None,
    ) -> Problem:
        """A problem at a position, or at the file alone when the position is unknown."""
        if position is None:
            return cls(message, file, severity=severity, suggestion=suggestion)
        return cls(
            message,
            position.file,
            position.line,
            position.column,
            severity=severity,
            suggestion=suggestion,
        )

    @property
    def place(self) -> str:
        """`file:line:column`, or as much of it as is known (never a made-up number)."""
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        text = f"{self.place}: {self.severity.value}: {self.message}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text

    def to_dict(self) -> dict[str, object]:
        """The problem as plain data for `--format json`."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def has_errors(problems: list[Problem]) -> bool:
    """Whether any of the problems is an error rather than a warning."""
    return any(problem.severity is Severity.ERROR for problem in problems)
